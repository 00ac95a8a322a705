package dev.tacit;

/**
 * The active catalog, as {@link Tacit#catalogInfo()} read it (tacit_catalog_info_t). An immutable snapshot:
 * safe to share between threads, and unchanged by a later {@link Tacit#loadCatalog(byte[])}.
 */
public final class CatalogInfo {
  /** The catalog's version; a lower one than the highest ever loaded is refused (unsigned 64-bit in C). */
  public final long version;
  /** When the brand issued it, Unix ms. */
  public final long issuedAtMs;
  /** When it expires, Unix ms. An expired catalog keeps serving until a newer one is loaded. */
  public final long expiresAtMs;
  /** The number of items it holds. */
  public final long itemCount;
  /** The number of topics it holds. */
  public final long topicCount;
  /** The metrics of the measurement plan given at open (0 without one): catalogs hold none. */
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
