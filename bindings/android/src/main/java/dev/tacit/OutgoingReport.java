package dev.tacit;

/**
 * A sealed report waiting in the outbox. Send {@link #bytes()} with the host's transport, then
 * {@link Tacit#outboxAck(byte[])} its {@link #reportId()}. It stays queued until acknowledged.
 *
 * <p>A {@link #TRANSPORT_DAP} report is a DAP-09 Report: HTTP PUT the bytes to {@link #uploadUrl()} with
 * Content-Type {@link #mediaType()}; any 2xx answer is success. A {@link #TRANSPORT_LDP_REPORT} report goes to
 * the brand's collector endpoint, which the app knows.
 *
 * <p>Immutable (the getters return copies), so safe to share between threads.
 */
public final class OutgoingReport {
  private final byte[] bytes;
  private final byte[] reportId;
  private final String metricId;
  private final long period;
  private final double epsilon;
  private final int transport;
  private final String uploadUrl;
  private final String mediaType;

  /** A sealed local-DP report for the brand's collector (TACIT_TRANSPORT_LDP_REPORT). */
  public static final int TRANSPORT_LDP_REPORT = 1;
  /** A DAP-09 Report for the task's Leader (TACIT_TRANSPORT_DAP). */
  public static final int TRANSPORT_DAP = 2;

  /** Called by the native glue. */
  OutgoingReport(byte[] bytes, byte[] reportId, String metricId, long period, double epsilon, int transport,
                 String uploadUrl, String mediaType) {
    this.bytes = bytes;
    this.reportId = reportId;
    this.metricId = metricId;
    this.period = period;
    this.epsilon = epsilon;
    this.transport = transport;
    this.uploadUrl = uploadUrl;
    this.mediaType = mediaType;
  }

  /**
   * The sealed report: what the host sends, unchanged.
   *
   * @return a copy of the bytes
   */
  public byte[] bytes() { return bytes.clone(); }

  /**
   * The report's id, to pass to {@link Tacit#outboxAck(byte[])}; the collector dedupes by it.
   *
   * @return a copy of the 16-byte id
   */
  public byte[] reportId() { return reportId.clone(); }

  /**
   * The plan metric the report measures.
   *
   * @return the metric id
   */
  public String metricId() { return metricId; }

  /**
   * The period the report covers.
   *
   * @return its index, floor(time / period length); unsigned 64-bit in C
   */
  public long period() { return period; }

  /**
   * The privacy cost of this report.
   *
   * @return the epsilon it spent (every report spends its metric's epsilon)
   */
  public double epsilon() { return epsilon; }

  /**
   * How the report travels.
   *
   * @return {@link #TRANSPORT_LDP_REPORT} or {@link #TRANSPORT_DAP}
   */
  public int transport() { return transport; }

  /**
   * Where a DAP report goes.
   *
   * @return the Leader's upload URL ({leader}/tasks/{task-id}/reports); null for a local-DP report
   */
  public String uploadUrl() { return uploadUrl; }

  /**
   * The Content-Type of a DAP upload.
   *
   * @return "application/dap-report"; null for a local-DP report
   */
  public String mediaType() { return mediaType; }
}
