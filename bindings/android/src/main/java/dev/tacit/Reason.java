package dev.tacit;

/**
 * Why an item was ranked where it is: one part of its score, with words for a screen and a voice.
 * Immutable, so safe to share between threads.
 */
public final class Reason {
  /** What the reason rests on (tacit_reason_kind). */
  public enum Kind {
    /** The user said they like the topic. */
    DECLARED(1),
    /** What the user did (needs personalisation consent). */
    INFERRED(2),
    /** The brand's popularity prior. */
    POPULAR(3),
    /** Exploration: something new. */
    EXPLORING(4),
    /** Recently published. */
    FRESH(5),
    /** Like an item the user enjoyed. */
    SIMILAR(6),
    /** A kind newer than this binding. */
    UNKNOWN(0);

    /** The C API's value (TACIT_REASON_*); 0 for {@link #UNKNOWN}. */
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

  /**
   * What the reason rests on.
   *
   * @return the kind; {@link Kind#UNKNOWN} for a kind newer than this binding
   */
  public Kind kind() { return kind; }

  /**
   * The topic or item the reason refers to (see {@link #refIsItem()}).
   *
   * @return the topic or item id; "" for none
   */
  public String refId() { return refId; }

  /**
   * Whether {@link #refId()} names an item.
   *
   * @return true for an item id, false for a topic id (or none)
   */
  public boolean refIsItem() { return refIsItem; }

  /**
   * This reason's part of the item's score.
   *
   * @return the contribution
   */
  public double contribution() { return contribution; }

  /**
   * A sentence for a screen.
   *
   * @return for example "Because you said you like hiking"
   */
  public String text() { return text; }

  /**
   * A short spoken form, for voice surfaces.
   *
   * @return for example "You said you like hiking."
   */
  public String spoken() { return spoken; }

  /**
   * For logs and tests.
   *
   * @return the kind, reference, contribution and text
   */
  @Override
  public String toString() { return kind + "(" + refId + ", " + contribution + "): " + text; }
}
