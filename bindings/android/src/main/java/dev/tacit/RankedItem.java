package dev.tacit;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** One ranked item: its id, title, score and the reasons for it, strongest first (at least one). */
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

  public String itemId() { return itemId; }
  public String title() { return title; }
  public double score() { return score; }
  public List<Reason> reasons() { return reasons; }

  @Override
  public String toString() { return itemId + " " + score + " " + reasons; }
}
