package dev.tacit;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One ranked item: its id, title, score and the reasons for it, strongest first (at least one). Immutable,
 * so safe to share between threads.
 */
public final class RankedItem {
  private final String itemId;
  private final String title;
  private final double score;
  private final List<Reason> reasons;

  /** Called by the native glue. */
  RankedItem(String itemId, String title, double score, Reason[] reasons) {
    this.itemId = itemId;
    this.title = title;
    this.score = score;
    this.reasons = Collections.unmodifiableList(Arrays.asList(reasons));
  }

  /**
   * The catalog item.
   *
   * @return the item id
   */
  public String itemId() { return itemId; }

  /**
   * The item's title.
   *
   * @return the catalog's title; "" when the catalog has none
   */
  public String title() { return title; }

  /**
   * The item's score: a sum of named contributions, each of which is one of its {@link #reasons()}.
   *
   * @return the score
   */
  public double score() { return score; }

  /**
   * Why the item is here.
   *
   * @return the reasons, strongest first; at least one; unmodifiable
   */
  public List<Reason> reasons() { return reasons; }

  /**
   * For logs and tests.
   *
   * @return the item id, score and reasons
   */
  @Override
  public String toString() { return itemId + " " + score + " " + reasons; }
}
