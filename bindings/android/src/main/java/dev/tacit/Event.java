package dev.tacit;

/**
 * An interaction event (tacit_event_t). Immutable, so safe to share between threads. Nothing is checked
 * here: {@link Tacit#recordEvents(java.util.List)} validates the event when it is recorded.
 */
public final class Event {
  /** The kind of interaction (tacit_event_type). */
  public enum Type {
    /** Shown and looked at. */
    VIEW(1),
    /** Opened, clicked or started playing. */
    OPEN(2),
    /** Read to the end or listened through. */
    COMPLETE(3),
    /** Liked. */
    LIKE(4),
    /** Shared. */
    SHARE(5),
    /** Swiped away: lowers the weight of what the item is about. */
    DISMISS(6),
    /** A purchase or sign-up; {@link Event#value()} is the amount. */
    CONVERSION(7),
    /** Skipped (voice surfaces). */
    SKIP(8);

    /** The C API's value (TACIT_EVENT_*). */
    public final int code;

    Type(int code) { this.code = code; }
  }

  // Read by the native glue through cached field ids: keep names and types in step with tacit_jni.cc.
  final int type;
  final String itemId;
  final String[] topicIds;
  final long timestampMs;
  final double value;

  /**
   * An event with no topics and value 1.0.
   *
   * @param type what the user did
   * @param itemId the item it concerns: 1..128 bytes of UTF-8, no control characters; a catalog need not
   *     hold it yet
   * @param timestampMs when it happened, Unix ms: from 2000-01-01 to at most 24 h after the clock's now
   * @throws NullPointerException if {@code type} is null
   */
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

  /**
   * The event type's code.
   *
   * @return a {@link Type#code}, or a newer code this binding does not name (events read back)
   */
  public int type() { return type; }

  /**
   * The item the event concerns.
   *
   * @return the item id
   */
  public String itemId() { return itemId; }

  /**
   * The topic ids the host attached.
   *
   * @return a copy; empty when none
   */
  public String[] topicIds() { return topicIds.clone(); }

  /**
   * When it happened.
   *
   * @return Unix ms
   */
  public long timestampMs() { return timestampMs; }

  /**
   * The amount a conversion carries.
   *
   * @return the value; 1.0 for an event that carries none
   */
  public double value() { return value; }

  /**
   * A copy with these topic ids.
   *
   * @param topicIds 0..16 topic ids, each 1..128 bytes of UTF-8; copied
   * @return a new event; this one is unchanged
   * @throws NullPointerException if {@code topicIds} is null
   */
  public Event withTopics(String... topicIds) {
    return new Event(type, itemId, topicIds.clone(), timestampMs, value);
  }

  /**
   * A copy with this value.
   *
   * @param value the amount (for conversions): finite, |value| at most 1e9
   * @return a new event; this one is unchanged
   */
  public Event withValue(double value) {
    return new Event(type, itemId, topicIds, timestampMs, value);
  }
}
