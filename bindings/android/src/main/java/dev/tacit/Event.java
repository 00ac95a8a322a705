package dev.tacit;

/** An interaction event (tacit_event_t). Immutable. */
public final class Event {
  /** tacit_event_type. */
  public enum Type {
    VIEW(1), OPEN(2), COMPLETE(3), LIKE(4), SHARE(5), DISMISS(6), CONVERSION(7), SKIP(8);

    public final int code;

    Type(int code) { this.code = code; }
  }

  // Read by the native glue through cached field ids: keep names and types in step with tacit_jni.cc.
  final int type;
  final String itemId;
  final String[] topicIds;
  final long timestampMs;
  final double value;

  /** An event at {@code timestampMs} (Unix ms) with no topics and value 1.0. */
  public Event(Type type, String itemId, long timestampMs) {
    this(type.code, itemId, new String[0], timestampMs, 1.0);
  }

  private Event(int type, String itemId, String[] topicIds, long timestampMs, double value) {
    this.type = type;
    this.itemId = itemId;
    this.topicIds = topicIds;
    this.timestampMs = timestampMs;
    this.value = value;
  }

  /** The event type's code (see {@link Type}). */
  public int type() { return type; }
  public String itemId() { return itemId; }
  /** The topic ids the host attached (a copy; empty when none). */
  public String[] topicIds() { return topicIds.clone(); }
  public long timestampMs() { return timestampMs; }
  public double value() { return value; }

  /** A copy with these topic ids (0..16). */
  public Event withTopics(String... topicIds) {
    return new Event(type, itemId, topicIds.clone(), timestampMs, value);
  }

  /** A copy with this value (an amount for conversions). */
  public Event withValue(double value) {
    return new Event(type, itemId, topicIds, timestampMs, value);
  }
}
