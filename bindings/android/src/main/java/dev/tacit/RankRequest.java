package dev.tacit;

/** A ranking request (tacit_rank_request_t). The defaults are those of tacit_rank_request_init. */
public final class RankRequest {
  /** tacit_surface. */
  public enum Surface {
    FEED(1), VOICE(2), NOTIFICATION(3);

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

  public RankRequest k(int k) { this.k = k; return this; }
  public RankRequest surface(Surface s) { this.surface = s.code; return this; }
  /** 0 = the handle's clock. */
  public RankRequest nowMs(long nowMs) { this.nowMs = nowMs; return this; }
  /** null or "" = any; "en" matches "en-GB". */
  public RankRequest locale(String locale) { this.locale = locale; return this; }
  /** null = the whole catalog. */
  public RankRequest candidates(String... ids) { this.candidateIds = ids == null ? null : ids.clone(); return this; }
  /** The same seed and profile give the same list; 0 = random. */
  public RankRequest seed(long seed) { this.seed = seed; return this; }
  /** Share of k given to exploration, 0..0.5. */
  public RankRequest exploration(double share) { this.exploration = share; return this; }
  /** Max views per item per 24 h before it rests; 0 = no cap. */
  public RankRequest frequencyCap(int cap) { this.frequencyCap = cap; return this; }
}
