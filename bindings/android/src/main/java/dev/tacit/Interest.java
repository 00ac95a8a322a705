package dev.tacit;

/**
 * A declared interest: a topic the user said they like ({@link Tacit#declareInterest(String, double)}).
 * Immutable, so safe to share between threads.
 */
public final class Interest {
  private final String topicId;
  private final double weight;
  private final long declaredAtMs;

  /** Called by the native glue. */
  Interest(String topicId, double weight, long declaredAtMs) {
    this.topicId = topicId;
    this.weight = weight;
    this.declaredAtMs = declaredAtMs;
  }

  /**
   * The topic declared.
   *
   * @return the topic id
   */
  public String topicId() { return topicId; }

  /**
   * How much the user likes it.
   *
   * @return the weight, in (0, 1]
   */
  public double weight() { return weight; }

  /**
   * When it was last declared.
   *
   * @return Unix ms, by the clock of the handle that declared it
   */
  public long declaredAtMs() { return declaredAtMs; }
}
