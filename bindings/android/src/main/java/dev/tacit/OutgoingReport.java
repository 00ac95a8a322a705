package dev.tacit;

/**
 * A sealed report waiting in the outbox. Send {@link #bytes()} with the host's transport, then
 * {@link Tacit#outboxAck(byte[])} its {@link #reportId()}. It stays queued until acknowledged.
 *
 * <p>A {@link #TRANSPORT_DAP} report is a DAP-09 Report: HTTP PUT the bytes to {@link #uploadUrl()} with
 * Content-Type {@link #mediaType()}; any 2xx answer is success. A {@link #TRANSPORT_LDP_REPORT} report goes to
 * the brand's collector endpoint, which the app knows.
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

  public static final int TRANSPORT_LDP_REPORT = 1;
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

  public byte[] bytes() { return bytes.clone(); }
  /** 16 bytes; the collector dedupes by it. */
  public byte[] reportId() { return reportId.clone(); }
  public String metricId() { return metricId; }
  /** Index of the period: floor(time / period length). Unsigned 64-bit in C. */
  public long period() { return period; }
  /** The epsilon this report spent (every report spends its metric's epsilon). */
  public double epsilon() { return epsilon; }
  /** {@link #TRANSPORT_LDP_REPORT} or {@link #TRANSPORT_DAP}. */
  public int transport() { return transport; }
  /** DAP: the Leader's upload URL ({leader}/tasks/{task-id}/reports); null for a local-DP report. */
  public String uploadUrl() { return uploadUrl; }
  /** DAP: "application/dap-report"; null for a local-DP report. */
  public String mediaType() { return mediaType; }
}
