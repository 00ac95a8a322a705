package dev.tacit;

/**
 * One topic of the active catalog, as {@link Tacit#catalogTopics()} read it (tacit_topic_t). An immutable
 * snapshot: safe to share between threads, and unchanged by a later {@link Tacit#loadCatalog(byte[])}.
 */
public final class CatalogTopic {
  /** Not a special category (TACIT_SENSITIVITY_NONE). */
  public static final int SENSITIVITY_NONE = 0;
  /** Health. */
  public static final int SENSITIVITY_HEALTH = 1;
  /** Religion or belief. */
  public static final int SENSITIVITY_RELIGION = 2;
  /** Political opinion. */
  public static final int SENSITIVITY_POLITICS = 3;
  /** Sex life or sexual orientation. */
  public static final int SENSITIVITY_SEXUALITY = 4;
  /** Racial or ethnic origin. */
  public static final int SENSITIVITY_ETHNICITY = 5;
  /** Trade-union membership. */
  public static final int SENSITIVITY_TRADE_UNION = 6;
  /** Genetic or biometric data. */
  public static final int SENSITIVITY_GENETIC_BIOMETRIC = 7;
  /** Children. */
  public static final int SENSITIVITY_CHILDREN = 8;

  private final String id;
  private final String label;
  private final String parentId;
  private final int sensitivity;

  /** Called by the native glue. */
  CatalogTopic(String id, String label, String parentId, int sensitivity) {
    this.id = id;
    this.label = label;
    this.parentId = parentId;
    this.sensitivity = sensitivity;
  }

  /**
   * The topic's id, as events, interests and "not interested" name it.
   *
   * @return the topic id
   */
  public String id() { return id; }

  /**
   * The topic's name for a screen.
   *
   * @return the catalog's label ("trail running"); the id when the catalog has none
   */
  public String label() { return label; }

  /**
   * The topic this one belongs under. A parent may come after its children in {@link Tacit#catalogTopics()}.
   *
   * @return the parent's topic id; "" for a root topic
   */
  public String parentId() { return parentId; }

  /**
   * The special category the topic falls in. A sensitive topic is never inferred, and its items are ranked
   * only once the user declares it ({@link Tacit#declareInterest(String, double)}).
   *
   * @return {@link #SENSITIVITY_NONE} or one of the other {@code SENSITIVITY_*} constants, or a newer code
   *     this binding does not name
   */
  public int sensitivity() { return sensitivity; }

  /**
   * Whether the topic is a special category.
   *
   * @return true when {@link #sensitivity()} is not {@link #SENSITIVITY_NONE}
   */
  public boolean isSensitive() { return sensitivity != SENSITIVITY_NONE; }

  /**
   * For logs and tests.
   *
   * @return the id, label, parent and sensitivity
   */
  @Override
  public String toString() { return id + " (" + label + ") parent=" + parentId + " sensitivity=" + sensitivity; }
}
