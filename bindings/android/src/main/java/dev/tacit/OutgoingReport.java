package dev.tacit;

/**
 * A sealed report waiting in the outbox. Send {@link #bytes()} with the host's transport, then
 * {@link Tacit#outboxAck(byte[])} its {@link #reportId()}. It stays queued until acknowledged.
 */
public final class OutgoingReport {
  private final byte[] bytes;
  private final byte[] reportId;
  private final String metricId;
  private final long period;
  private final double epsilon;

  /** Called by the native glue. */
  OutgoingReport(byte[] bytes, byte[] reportId, String metricId, long period, double epsilon) {
    this.bytes = bytes;
    this.reportId = reportId;
    this.metricId = metricId;
    this.period = period;
    this.epsilon = epsilon;
  }

  public byte[] bytes() { return bytes.clone(); }
  /** 16 bytes; the collector dedupes by it. */
  public byte[] reportId() { return reportId.clone(); }
  public String metricId() { return metricId; }
  /** Index of the period: floor(time / period length). Unsigned 64-bit in C. */
  public long period() { return period; }
  /** The epsilon this report spent (0 when it repeats a memoised answer). */
  public double epsilon() { return epsilon; }
}
