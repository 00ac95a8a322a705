package dev.tacit;

/** Why an item was ranked where it is: one part of its score, with words for a screen and a voice. */
public final class Reason {
  /** tacit_reason_kind. */
  public enum Kind {
    DECLARED(1), INFERRED(2), POPULAR(3), EXPLORING(4), FRESH(5), SIMILAR(6), UNKNOWN(0);

    public final int code;

    Kind(int code) { this.code = code; }

    static Kind of(int code) {
      for (Kind k : values()) {
        if (k.code == code) return k;
      }
      return UNKNOWN;
    }
  }

  private final Kind kind;
  private final String refId;
  private final boolean refIsItem;
  private final double contribution;
  private final String text;
  private final String spoken;

  /** Called by the native glue. */
  Reason(int kind, String refId, boolean refIsItem, double contribution, String text, String spoken) {
    this.kind = Kind.of(kind);
    this.refId = refId;
    this.refIsItem = refIsItem;
    this.contribution = contribution;
    this.text = text;
    this.spoken = spoken;
  }

  public Kind kind() { return kind; }
  /** The topic or item id it refers to; "" for none. */
  public String refId() { return refId; }
  public boolean refIsItem() { return refIsItem; }
  public double contribution() { return contribution; }
  /** "Because you said you like hiking". */
  public String text() { return text; }
  /** "You said you like hiking." */
  public String spoken() { return spoken; }

  @Override
  public String toString() { return kind + "(" + refId + ", " + contribution + "): " + text; }
}
