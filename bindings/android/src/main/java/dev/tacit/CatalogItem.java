package dev.tacit;

/**
 * One item of the active catalog, as {@link Tacit#catalogItems(long, int)} read it (tacit_catalog_item_t).
 * An immutable snapshot: safe to share between threads, and unchanged by a later
 * {@link Tacit#loadCatalog(byte[])}.
 */
public final class CatalogItem {
  private final String id;
  private final String title;
  private final String[] topicIds;
  private final double[] topicWeights;
  private final String campaignId;
  private final long publishedAtMs;
  private final String locale;

  /** Called by the native glue. */
  CatalogItem(String id, String title, String[] topicIds, double[] topicWeights, String campaignId,
      long publishedAtMs, String locale) {
    this.id = id;
    this.title = title;
    this.topicIds = topicIds;
    this.topicWeights = topicWeights;
    this.campaignId = campaignId;
    this.publishedAtMs = publishedAtMs;
    this.locale = locale;
  }

  /**
   * The item's id, as events, ranking and "not interested" name it.
   *
   * @return the item id
   */
  public String id() { return id; }

  /**
   * The item's title.
   *
   * @return the catalog's title; "" when the catalog has none
   */
  public String title() { return title; }

  /**
   * What the item is about, in catalog order; {@link #topicWeights()} holds the weight of each.
   *
   * @return a copy of the 1..16 topic ids
   */
  public String[] topicIds() { return topicIds.clone(); }

  /**
   * How much the item is about each of its topics.
   *
   * @return a copy: one weight in (0, 1] per entry of {@link #topicIds()}, at the same index
   */
  public double[] topicWeights() { return topicWeights.clone(); }

  /**
   * The brand's campaign the item belongs to.
   *
   * @return the campaign id; "" for none
   */
  public String campaignId() { return campaignId; }

  /**
   * When the item was published.
   *
   * @return Unix ms; 0 when unknown
   */
  public long publishedAtMs() { return publishedAtMs; }

  /**
   * The language the item is in.
   *
   * @return a BCP 47 tag ("en-GB"); "" for any
   */
  public String locale() { return locale; }

  /**
   * For logs and tests.
   *
   * @return the id and title
   */
  @Override
  public String toString() { return id + " \"" + title + "\""; }
}
