package dev.tacit;

/** The active catalog (tacit_catalog_info_t). */
public final class CatalogInfo {
  public final long version;
  public final long issuedAtMs;
  public final long expiresAtMs;
  public final long itemCount;
  public final long topicCount;
  public final long metricCount;

  /** Called by the native glue. */
  CatalogInfo(long version, long issuedAtMs, long expiresAtMs, long itemCount, long topicCount, long metricCount) {
    this.version = version;
    this.issuedAtMs = issuedAtMs;
    this.expiresAtMs = expiresAtMs;
    this.itemCount = itemCount;
    this.topicCount = topicCount;
    this.metricCount = metricCount;
  }
}
