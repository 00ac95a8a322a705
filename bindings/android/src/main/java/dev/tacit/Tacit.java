package dev.tacit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An open tacit profile: the Java face of the C API (sdk/include/tacit/tacit.h).
 *
 * <pre>
 * try (Tacit.Options o = Tacit.Options.builder().path(dir).key(keyFromKeystore).brandKey(pk).build();
 *      Tacit t = Tacit.open(o)) {
 *   t.loadCatalog(signedCatalog);
 *   List&lt;RankedItem&gt; feed = t.rank(new RankRequest().k(10));
 * }
 * </pre>
 *
 * Thread safety: a Tacit may be used from several threads; calls are serialised by the SDK.
 * {@link #close()} waits for calls in flight; later calls throw TacitException(ERR_CLOSED).
 * Every failure is a {@link TacitException} carrying the SDK's status code.
 */
public final class Tacit implements AutoCloseable {
  static {
    System.loadLibrary("tacit_jni");
  }

  /** Consent purposes (tacit_purpose). */
  public enum Purpose {
    PERSONALIZATION(1), MEASUREMENT(2);

    public final int code;

    Purpose(int code) { this.code = code; }
  }

  /** Consent states (tacit_consent_state); UNKNOWN means no. */
  public enum ConsentState {
    UNKNOWN(0), GIVEN(1), REVOKED(2);

    public final int code;

    ConsentState(int code) { this.code = code; }

    static ConsentState of(int code) {
      for (ConsentState s : values()) {
        if (s.code == code) return s;
      }
      throw new IllegalStateException("unknown consent state " + code);
    }
  }

  /**
   * What {@link #open} needs. Key and passphrase are byte arrays, never Strings: {@link #close()} (or
   * try-with-resources) overwrites this object's copies; the native side wipes its own copy after use.
   */
  /** A source of "now" in Unix milliseconds (see {@link Options.Builder#clock}). */
  @FunctionalInterface
  public interface Clock {
    long nowMs();
  }

  public static final class Options implements AutoCloseable {
    // Read by the native glue through cached field ids: keep names and types in step with tacit_jni.cc.
    String path;
    byte[] key;
    byte[] passphrase;
    long opsLimit;   // 0: the SDK's default
    long memLimit;   // 0: the SDK's default
    int durability = DURABILITY_PROCESS_CRASH;
    byte[][] brandKeys = new byte[0][];
    String brandId;
    long halfLifeMs; // 0: the SDK's default
    byte[] measurementPlan;  // null: none, nothing is reported
    double epsilonPer24h;    // 0: the plan's bound
    double epsilonPer365d;   // 0: the plan's bound
    Clock clock;             // null: the system clock

    public static final int DURABILITY_PROCESS_CRASH = 0;
    public static final int DURABILITY_POWER_LOSS = 1;

    private Options() {}

    public static Builder builder() { return new Builder(); }

    /** Overwrites the key, passphrase and brand keys held here. */
    @Override
    public void close() {
      if (key != null) Arrays.fill(key, (byte) 0);
      if (passphrase != null) Arrays.fill(passphrase, (byte) 0);
      key = null;
      passphrase = null;
    }

    public static final class Builder {
      private final Options o = new Options();
      private final List<byte[]> brandKeys = new ArrayList<>();

      /** The profile directory (created if missing; its parent must exist). Required. */
      public Builder path(String dir) { o.path = dir; return this; }

      /** The 32-byte profile key, e.g. unwrapped with an Android Keystore key. Copied. */
      public Builder key(byte[] key) { o.key = key == null ? null : key.clone(); return this; }

      /** Derive the key from a passphrase (Argon2id). 1..1024 bytes. Copied. */
      public Builder passphrase(byte[] passphrase) {
        o.passphrase = passphrase == null ? null : passphrase.clone();
        return this;
      }

      /** Argon2id cost for new profiles: opslimit >= 1, memlimit in bytes >= 8192. */
      public Builder passphraseCost(long opsLimit, long memLimit) {
        o.opsLimit = opsLimit;
        o.memLimit = memLimit;
        return this;
      }

      /** DURABILITY_PROCESS_CRASH (default) or DURABILITY_POWER_LOSS. */
      public Builder durability(int durability) { o.durability = durability; return this; }

      /** A brand Ed25519 public key (32 bytes) that may sign catalogs; up to 8. */
      public Builder brandKey(byte[] key) { brandKeys.add(key == null ? null : key.clone()); return this; }

      /** The brand id catalogs must carry; null or "" accepts any. */
      public Builder brandId(String id) { o.brandId = id; return this; }

      /**
       * The brand's signed measurement plan, bundled with the app: what may be measured, the report key and
       * the privacy budget. Without one nothing is reported. Copied; checked at open under the brand keys.
       */
      public Builder measurementPlan(byte[] signedPlan) {
        o.measurementPlan = signedPlan == null ? null : signedPlan.clone();
        return this;
      }

      /** Lowers the plan's ε bounds per rolling 24 h and 365 days (0 keeps the plan's); never raises them. */
      public Builder epsilonBounds(double per24h, double per365d) {
        o.epsilonPer24h = per24h;
        o.epsilonPer365d = per365d;
        return this;
      }

      /**
       * The clock tacit reads for "now" (event validation, decay, catalog and plan validity, report periods),
       * e.g. a server-corrected or test clock. Called on the thread of the tacit call that reads it; a clock
       * that throws is ignored for that reading (the system clock is used). Default: the system clock.
       */
      public Builder clock(Clock clock) { o.clock = clock; return this; }

      /** Half-life of inferred interests in ms (1 h .. 365 days). */
      public Builder halfLifeMs(long ms) { o.halfLifeMs = ms; return this; }

      public Options build() {
        o.brandKeys = brandKeys.toArray(new byte[0][]);
        return o;
      }
    }
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private long handle; // tacit_t*; 0 once closed. Guarded by lock.

  private Tacit(long handle) { this.handle = handle; }

  /** The version of the native library linked ("0.5.0"). */
  public static String version() { return nVersion(); }

  /** Opens (creating if needed) the profile. The options may be closed (wiped) right after. */
  public static Tacit open(Options options) {
    if (options == null) throw new NullPointerException("options");
    return new Tacit(nOpen(options));
  }

  /** Closes the profile. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (handle != 0) {
        nClose(handle);
        handle = 0;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  // Runs a native call with the handle, holding the read lock so close() cannot free it meanwhile.
  private interface Call<T> {
    T run(long h);
  }

  private <T> T call(Call<T> c) {
    lock.readLock().lock();
    try {
      if (handle == 0) {
        throw new TacitException(TacitException.ERR_CLOSED, "TACIT_ERR_CLOSED", "this Tacit is closed");
      }
      return c.run(handle);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Re-encrypts the profile under a new 32-byte key. The caller wipes its copy afterwards. */
  public void rekey(byte[] newKey) { call(h -> { nRekey(h, newKey); return null; }); }

  /**
   * Deletes the whole profile; later calls throw ERR_CLOSED. Also delete the key from the keystore
   * (crypto-shredding, docs/crypto-shredding.md). close() is still required.
   */
  public void eraseAll() { call(h -> { nEraseAll(h); return null; }); }

  // ---- events

  public void recordEvent(Event e) { recordEvents(Collections.singletonList(e)); }

  /** 1..10000 events in one transaction: all are stored or none. */
  public void recordEvents(List<Event> events) {
    Event[] a = events.toArray(new Event[0]);
    call(h -> { nRecordEvents(h, a); return null; });
  }

  public long eventCount() { return call(Tacit::nEventCount); }

  /** Stored events with a timestamp at or after {@code sinceMs}, oldest first; at most {@code limit} (0: all). */
  public Event[] events(long sinceMs, int limit) { return call(h -> nEvents(h, sinceMs, limit)); }

  // ---- declared interests

  /** Declares a topic; weight in (0, 1]. */
  public void declareInterest(String topicId, double weight) {
    call(h -> { nDeclareInterest(h, topicId, weight); return null; });
  }

  /** Removes a declared interest; ERR_NOT_FOUND if it was not declared. */
  public void undeclareInterest(String topicId) { call(h -> { nUndeclareInterest(h, topicId); return null; }); }

  /** Declared interests, by topic id. */
  public List<Interest> interests() { return Collections.unmodifiableList(Arrays.asList(call(Tacit::nInterests))); }

  // ---- catalog

  /** Verifies and activates a signed catalog; on failure the previous one stays active. */
  public void loadCatalog(byte[] signedCatalog) { call(h -> { nLoadCatalog(h, signedCatalog); return null; }); }

  /** The active catalog; ERR_NO_CATALOG if none. */
  public CatalogInfo catalogInfo() { return call(Tacit::nCatalogInfo); }

  // ---- feedback

  public void notInterestedItem(String itemId) { call(h -> { nNotInterested(h, itemId, true); return null; }); }

  public void notInterestedTopic(String topicId) { call(h -> { nNotInterested(h, topicId, false); return null; }); }

  // ---- ranking

  public List<RankedItem> rank(RankRequest request) {
    return Collections.unmodifiableList(Arrays.asList(call(h -> nRank(h, request))));
  }

  /** Why one item would be shown; ERR_NOT_FOUND for an unknown or hidden item. */
  public RankedItem explain(String itemId) { return call(h -> nExplain(h, itemId)); }

  // ---- consent

  public void setConsent(Purpose purpose, ConsentState state, String policyVersion) {
    call(h -> { nConsentSet(h, purpose.code, state.code, policyVersion); return null; });
  }

  public ConsentState consent(Purpose purpose) { return ConsentState.of(call(h -> nConsentGet(h, purpose.code))); }

  /** Applies an IAB TCF v2.2 TC string for the brand's GVL vendor id (0..65535). */
  public void setConsentTcf(String tcString, int vendorId) {
    call(h -> { nConsentSetTcf(h, tcString, vendorId); return null; });
  }

  // ---- reports and the outbox

  /** Makes the reports that are due; returns how many were queued. */
  public long prepareReports() { return call(Tacit::nReportsPrepare); }

  /** The oldest queued report, or null when the outbox is empty. */
  public OutgoingReport outboxNext() { return call(Tacit::nOutboxNext); }

  /** Marks a report sent; ERR_NOT_FOUND for an unknown id. */
  public void outboxAck(byte[] reportId) { call(h -> { nOutboxAck(h, reportId); return null; }); }

  public long outboxSize() { return call(Tacit::nOutboxSize); }

  // ---- the user's controls

  /** Everything tacit holds about the user, as JSON (docs/export-format.md). */
  public String exportJson() { return call(Tacit::nExportJson); }

  /** Exactly what the next reports contain, decoded, as JSON. */
  public String reportsPreviewJson() { return call(Tacit::nReportsPreviewJson); }

  public void forgetInferred(String topicId) { call(h -> { nForgetInferred(h, topicId); return null; }); }

  public void forgetTopicBehaviour(String topicId) { call(h -> { nForgetTopicBehaviour(h, topicId); return null; }); }

  /** Pauses (true) or resumes personalisation. Persisted. */
  public void setPaused(boolean paused) { call(h -> { nSetPaused(h, paused); return null; }); }

  // ---- DAP (docs/dap.md)
  public static final int DAP_ROLE_LEADER = 2;
  public static final int DAP_ROLE_HELPER = 3;

  /**
   * Hands over an aggregator's HpkeConfigList (the exact body of GET {aggregator}/hpke_config?task_id=...)
   * for a DAP task (its unpadded base64url id). Role: DAP_ROLE_LEADER or DAP_ROLE_HELPER. expiresAtMs: fetch
   * time plus the response's Cache-Control max-age, 0 for never. Throws ERR_DAP_CONFIG_MALFORMED or
   * ERR_DAP_UNSUPPORTED_HPKE (the previous config stays). Held for this handle's lifetime.
   */
  public void dapSetHpkeConfigs(String taskId, int role, byte[] configList, long expiresAtMs) {
    call(h -> { nDapSetHpkeConfigs(h, taskId, role, configList, expiresAtMs); return null; });
  }

  /** The HPKE config id tacit seals to for (task, role); throws ERR_NOT_FOUND when none is set or it expired. */
  public int dapConfigId(String taskId, int role) { return call(h -> nDapConfigId(h, taskId, role)); }

  // ---- natives, registered by JNI_OnLoad (tacit_jni.cc). Each throws TacitException on failure.
  private static native String nVersion();
  private static native long nOpen(Options options);
  private static native void nClose(long h);
  private static native void nRekey(long h, byte[] key);
  private static native void nEraseAll(long h);
  private static native void nRecordEvents(long h, Event[] events);
  private static native long nEventCount(long h);
  private static native void nDeclareInterest(long h, String topicId, double weight);
  private static native void nUndeclareInterest(long h, String topicId);
  private static native Interest[] nInterests(long h);
  private static native Event[] nEvents(long h, long sinceMs, int limit);
  private static native void nLoadCatalog(long h, byte[] signedCatalog);
  private static native CatalogInfo nCatalogInfo(long h);
  private static native void nNotInterested(long h, String id, boolean isItem);
  private static native RankedItem[] nRank(long h, RankRequest request);
  private static native RankedItem nExplain(long h, String itemId);
  private static native void nConsentSet(long h, int purpose, int state, String policyVersion);
  private static native int nConsentGet(long h, int purpose);
  private static native void nConsentSetTcf(long h, String tcString, int vendorId);
  private static native long nReportsPrepare(long h);
  private static native OutgoingReport nOutboxNext(long h);
  private static native void nOutboxAck(long h, byte[] reportId);
  private static native long nOutboxSize(long h);
  private static native String nExportJson(long h);
  private static native String nReportsPreviewJson(long h);
  private static native void nForgetInferred(long h, String topicId);
  private static native void nForgetTopicBehaviour(long h, String topicId);
  private static native void nSetPaused(long h, boolean paused);
  private static native void nDapSetHpkeConfigs(long h, String taskId, int role, byte[] list, long expiresAtMs);
  private static native int nDapConfigId(long h, String taskId, int role);
}
