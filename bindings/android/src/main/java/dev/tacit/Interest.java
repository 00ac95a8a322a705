package dev.tacit;

/** A declared interest: what the user said they like. */
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

  public String topicId() { return topicId; }
  public double weight() { return weight; }
  public long declaredAtMs() { return declaredAtMs; }
}
