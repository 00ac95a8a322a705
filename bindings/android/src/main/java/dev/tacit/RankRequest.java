package dev.tacit;

/**
 * A ranking request for {@link Tacit#rank(RankRequest)} (tacit_rank_request_t). The defaults are those of
 * tacit_rank_request_init. Nothing is checked here: {@link Tacit#rank(RankRequest)} refuses values out of
 * range with {@link TacitException#ERR_INVALID_ARGUMENT}. Mutable and not synchronised: do not change a
 * request while another thread ranks with it.
 */
public final class RankRequest {
  /** Where the list is shown (tacit_surface). */
  public enum Surface {
    /** A feed or list on a screen. */
    FEED(1),
    /** A voice assistant. */
    VOICE(2),
    /** A notification. */
    NOTIFICATION(3);

    /** The C API's value (TACIT_SURFACE_*). */
    public final int code;

    Surface(int code) { this.code = code; }
  }

  // Read by the native glue through cached field ids.
  int k = 20;
  int surface = Surface.FEED.code;
  long nowMs = 0;
  String locale = null;
  String[] candidateIds = null;
  long seed = 0;
  double exploration = 0.1;
  int frequencyCap = 3;

  /**
   * A request with the defaults: k 20, {@link Surface#FEED}, the handle's clock, any locale, the whole
   * catalog, a random seed, exploration 0.1, frequency cap 3.
   */
  public RankRequest() {}

  /**
   * How many items to return at most.
   *
   * @param k 1..100 (default 20)
   * @return this request
   */
  public RankRequest k(int k) { this.k = k; return this; }

  /**
   * Where the list is shown.
   *
   * @param s the surface (default {@link Surface#FEED})
   * @return this request
   * @throws NullPointerException if {@code s} is null
   */
  public RankRequest surface(Surface s) { this.surface = s.code; return this; }

  /**
   * The time to rank at.
   *
   * @param nowMs Unix ms, from 2000-01-01 to at most 24 h after the clock's now; 0 (the default) reads the
   *     handle's clock
   * @return this request
   */
  public RankRequest nowMs(long nowMs) { this.nowMs = nowMs; return this; }

  /**
   * Only items for this locale (and items for any locale).
   *
   * @param locale a BCP 47 tag ("en" matches "en-GB"); null or "" (the default) for any
   * @return this request
   */
  public RankRequest locale(String locale) { this.locale = locale; return this; }

  /**
   * Ranks only these items.
   *
   * @param ids 1..100000 catalog item ids, copied (an id the catalog does not hold fails the rank with
   *     {@link TacitException#ERR_NOT_FOUND}); null (the default) for the whole catalog
   * @return this request
   */
  public RankRequest candidates(String... ids) { this.candidateIds = ids == null ? null : ids.clone(); return this; }

  /**
   * The exploration seed.
   *
   * @param seed the same seed and profile give the same list; 0 (the default) for a random one
   * @return this request
   */
  public RankRequest seed(long seed) { this.seed = seed; return this; }

  /**
   * How much of the list goes to exploration (items the profile does not point to).
   *
   * @param share the share of k, 0..0.5 (default 0.1)
   * @return this request
   */
  public RankRequest exploration(double share) { this.exploration = share; return this; }

  /**
   * How often an item may be shown before it rests.
   *
   * @param cap the most views per item per 24 h, at least 0; 0 for no cap (default 3)
   * @return this request
   */
  public RankRequest frequencyCap(int cap) { this.frequencyCap = cap; return this; }
}
