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
 * <p>Thread safety: a Tacit may be used from several threads; calls are serialised by the SDK (first come,
 * first served) and each is atomic with respect to the others. {@link #close()} waits for calls in flight.
 *
 * <p>Failures: every failure is a {@link TacitException} carrying the SDK's status code. Besides the codes
 * each method names, any call on a Tacit can throw {@link TacitException#ERR_CLOSED} once it is closed or its
 * profile erased, {@link TacitException#ERR_IO} for a file-system error, {@link TacitException#ERR_NO_MEMORY}
 * and {@link TacitException#ERR_INTERNAL}. A null, empty or malformed id (over 128 bytes of UTF-8, control
 * characters, U+0000) is {@link TacitException#ERR_INVALID_ARGUMENT}.
 *
 * <p>Times are Unix milliseconds throughout. Loading this class loads the native library
 * {@code tacit_jni} ({@link UnsatisfiedLinkError} if it is not on {@code java.library.path}).
 */
public final class Tacit implements AutoCloseable {
  static {
    System.loadLibrary("tacit_jni");
  }

  /** Consent purposes (tacit_purpose). */
  public enum Purpose {
    /** Use inferred signals in ranking; without it, declared interests and the popularity prior only. */
    PERSONALIZATION(1),
    /** Aggregated, privacy-protected reports to the brand. */
    MEASUREMENT(2);

    /** The C API's value (TACIT_PURPOSE_*). */
    public final int code;

    Purpose(int code) { this.code = code; }
  }

  /** Consent states (tacit_consent_state); UNKNOWN means no. */
  public enum ConsentState {
    /** No decision recorded: treated as no. */
    UNKNOWN(0),
    /** The user said yes. */
    GIVEN(1),
    /** The user said no, or withdrew a yes. */
    REVOKED(2);

    /** The C API's value (TACIT_CONSENT_*). */
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
   * A source of "now" in Unix milliseconds (see {@link Options.Builder#clock}). It is called inside tacit
   * calls, with the profile's lock held, on the calling thread: it must be quick and must not call tacit.
   */
  @FunctionalInterface
  public interface Clock {
    /**
     * The current time.
     *
     * @return Unix ms
     */
    long nowMs();
  }

  /**
   * What {@link #open} needs, made with {@link #builder()}. Key and passphrase are byte arrays, never
   * Strings: {@link #close()} (or try-with-resources) overwrites this object's copies; the native side wipes
   * its own copy after use. Not synchronised: build it on one thread. Values are checked by {@link #open}.
   */
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

    /** The default: acknowledged writes survive a process kill (WAL, synchronous=NORMAL). */
    public static final int DURABILITY_PROCESS_CRASH = 0;
    /** Acknowledged writes also survive power loss (WAL, synchronous=FULL); slower. */
    public static final int DURABILITY_POWER_LOSS = 1;

    private Options() {}

    /**
     * A builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() { return new Builder(); }

    /** Overwrites the key and passphrase copies held here (brand keys are public and are kept). Idempotent. */
    @Override
    public void close() {
      if (key != null) Arrays.fill(key, (byte) 0);
      if (passphrase != null) Arrays.fill(passphrase, (byte) 0);
      key = null;
      passphrase = null;
    }

    /** Sets the options one by one; each setter returns this builder. Not synchronised. */
    public static final class Builder {
      private final Options o = new Options();
      private final List<byte[]> brandKeys = new ArrayList<>();

      /** A builder with nothing set, as {@link Options#builder()} gives. */
      public Builder() {}

      /**
       * The profile directory. Required.
       *
       * @param dir created if missing (its parent must exist); null or "" fails the open with
       *     ERR_INVALID_ARGUMENT
       * @return this builder
       */
      public Builder path(String dir) { o.path = dir; return this; }

      /**
       * The profile key, e.g. unwrapped with an Android Keystore key. Replaces a passphrase set earlier.
       *
       * @param key exactly 32 bytes (else the open fails with ERR_KEY_LENGTH); copied, so the caller may wipe
       *     its array at once
       * @return this builder
       */
      public Builder key(byte[] key) { o.key = key == null ? null : key.clone(); return this; }

      /**
       * Derives the key from a passphrase (Argon2id, with a random salt stored beside the profile). Used
       * when no key is set.
       *
       * @param passphrase 1..1024 bytes (else the open fails with ERR_KEY_LENGTH); copied
       * @return this builder
       */
      public Builder passphrase(byte[] passphrase) {
        o.passphrase = passphrase == null ? null : passphrase.clone();
        return this;
      }

      /**
       * The Argon2id cost for a new passphrase profile (an existing one keeps the cost it was made with).
       * Out of range fails the open with ERR_INVALID_ARGUMENT. Default: opslimit 2, memlimit 64 MiB.
       *
       * @param opsLimit at least 1
       * @param memLimit in bytes, 8192 .. 4 GiB
       * @return this builder
       */
      public Builder passphraseCost(long opsLimit, long memLimit) {
        o.opsLimit = opsLimit;
        o.memLimit = memLimit;
        return this;
      }

      /**
       * The durability of acknowledged writes.
       *
       * @param durability {@link #DURABILITY_PROCESS_CRASH} (default) or {@link #DURABILITY_POWER_LOSS}; any
       *     other value fails the open with ERR_INVALID_ARGUMENT
       * @return this builder
       */
      public Builder durability(int durability) { o.durability = durability; return this; }

      /**
       * Adds a brand public key that may sign catalogs and measurement plans; up to 8 (rotation). A ninth
       * fails the open with ERR_INVALID_ARGUMENT.
       *
       * @param key an Ed25519 public key, exactly 32 bytes (else the open fails with ERR_KEY_LENGTH); copied
       * @return this builder
       */
      public Builder brandKey(byte[] key) { brandKeys.add(key == null ? null : key.clone()); return this; }

      /**
       * The brand id catalogs and plans must carry.
       *
       * @param id a well-formed id; null or "" (the default) accepts any brand
       * @return this builder
       */
      public Builder brandId(String id) { o.brandId = id; return this; }

      /**
       * The brand's signed measurement plan, bundled with the app: what may be measured, the report key and
       * the privacy budget. Without one nothing is reported. Checked at open under the brand keys: a plan
       * that fails fails the open with ERR_PLAN_BAD_SIGNATURE, ERR_PLAN_UNKNOWN_KEY, ERR_PLAN_MALFORMED or
       * ERR_PLAN_WRONG_BRAND; an expired plan opens and reports nothing.
       *
       * @param signedPlan at most 1 MiB; copied
       * @return this builder
       */
      public Builder measurementPlan(byte[] signedPlan) {
        o.measurementPlan = signedPlan == null ? null : signedPlan.clone();
        return this;
      }

      /**
       * Lowers the plan's ε bounds; never raises them. Negative or non-finite values fail the open with
       * ERR_INVALID_ARGUMENT.
       *
       * @param per24h the bound per rolling 24 h; 0 keeps the plan's
       * @param per365d the bound per rolling 365 days; 0 keeps the plan's
       * @return this builder
       */
      public Builder epsilonBounds(double per24h, double per365d) {
        o.epsilonPer24h = per24h;
        o.epsilonPer365d = per365d;
        return this;
      }

      /**
       * The clock tacit reads for "now" (event validation, decay, catalog and plan validity, report periods),
       * e.g. a server-corrected or test clock. Called on the thread of the tacit call that reads it; a clock
       * that throws is ignored for that reading (the system clock is used).
       *
       * @param clock the clock; null (the default) for the system clock
       * @return this builder
       */
      public Builder clock(Clock clock) { o.clock = clock; return this; }

      /**
       * The half-life of inferred interests. Out of range fails the open with ERR_INVALID_ARGUMENT.
       *
       * @param ms 1 h .. 365 days, in ms; 0 (the default) for 14 days
       * @return this builder
       */
      public Builder halfLifeMs(long ms) { o.halfLifeMs = ms; return this; }

      /**
       * The options set so far. Returns this builder's one Options object: setters called afterwards
       * change it too.
       *
       * @return the options, to pass to {@link Tacit#open} and then close
       */
      public Options build() {
        o.brandKeys = brandKeys.toArray(new byte[0][]);
        return o;
      }
    }
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private long handle; // tacit_t*; 0 once closed. Guarded by lock.

  private Tacit(long handle) { this.handle = handle; }

  /**
   * The version of the native library linked.
   *
   * @return for example "0.5.0"
   */
  public static String version() { return nVersion(); }

  /**
   * Opens (creating if needed) the profile; an older schema is migrated. Only one Tacit may have a profile
   * open at a time, in any process. The options may be closed (wiped) right after.
   *
   * @param options the profile's options
   * @return the open profile; close it when done
   * @throws NullPointerException if {@code options} is null
   * @throws TacitException ERR_INVALID_ARGUMENT for no path, no key nor passphrase or a value out of range;
   *     ERR_KEY_LENGTH for a key, passphrase or brand key of the wrong length; ERR_KEY when the key does not
   *     open the profile; ERR_BUSY when it is open elsewhere; ERR_CORRUPT, ERR_SCHEMA_TOO_NEW, ERR_IO;
   *     ERR_PLAN_* for a measurement plan that fails its checks
   */
  public static Tacit open(Options options) {
    if (options == null) throw new NullPointerException("options");
    return new Tacit(nOpen(options));
  }

  /**
   * Closes the profile and frees the native handle, after waiting for calls in flight. Idempotent; later
   * calls throw ERR_CLOSED.
   */
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

  /**
   * Re-encrypts the profile under a new key. On success only the new key opens it; on failure this Tacit
   * keeps working under the old key. The caller wipes its copy afterwards.
   *
   * @param newKey exactly 32 bytes
   * @throws TacitException ERR_KEY_LENGTH for another length; ERR_INVALID_ARGUMENT for null; ERR_IO (a full
   *     disk, for example)
   */
  public void rekey(byte[] newKey) { call(h -> { nRekey(h, newKey); return null; }); }

  /**
   * Checks the whole profile file: every page's HMAC and the structure of every b-tree. Opening checks only a
   * bounded share of the pages (every page is also authenticated whenever it is read); call this when the app
   * is idle to find damage early. Reads every page, holding the handle meanwhile. Nothing is changed.
   *
   * @throws TacitException ERR_CORRUPT naming the first damage found; ERR_IO when the file cannot be read
   */
  public void checkIntegrity() { call(h -> { nCheckIntegrity(h); return null; }); }

  /**
   * Deletes the whole profile; later calls throw ERR_CLOSED and close() is still required. Also delete the
   * key from the keystore (crypto-shredding, docs/crypto-shredding.md). An interrupted erase is finished by
   * the next open of the directory.
   *
   * @throws TacitException ERR_IO when the files cannot be removed
   */
  public void eraseAll() { call(h -> { nEraseAll(h); return null; }); }

  // ---- events

  /**
   * Records one event, durably, before returning. While paused ({@link #setPaused(boolean)}) events are
   * not stored.
   *
   * @param e the event
   * @throws TacitException ERR_INVALID_ARGUMENT for a null or invalid event (see {@link Event})
   */
  public void recordEvent(Event e) { recordEvents(Collections.singletonList(e)); }

  /**
   * Records events in one transaction: all are stored or none. While paused ({@link #setPaused(boolean)})
   * events are not stored.
   *
   * @param events 1..10000 events
   * @throws NullPointerException if {@code events} is null
   * @throws TacitException ERR_INVALID_ARGUMENT for an empty or too large batch, or a null or invalid event
   *     (the message names its index); nothing is then stored
   */
  public void recordEvents(List<Event> events) {
    Event[] a = events.toArray(new Event[0]);
    call(h -> { nRecordEvents(h, a); return null; });
  }

  /**
   * The number of stored events.
   *
   * @return the count
   */
  public long eventCount() { return call(Tacit::nEventCount); }

  /**
   * Stored events, oldest first: a snapshot.
   *
   * @param sinceMs only events with a timestamp at or after this, Unix ms
   * @param limit at most this many; 0 for all
   * @return the events
   * @throws TacitException ERR_INVALID_ARGUMENT for a negative limit
   */
  public Event[] events(long sinceMs, int limit) { return call(h -> nEvents(h, sinceMs, limit)); }

  // ---- declared interests

  /**
   * Declares (or re-declares, replacing the weight) a topic the user likes. Declared interests outrank
   * anything inferred.
   *
   * @param topicId the topic; with a catalog active, one of its topics
   * @param weight in (0, 1]; 1 for "yes, I like this"
   * @throws TacitException ERR_INVALID_ARGUMENT for a weight out of range; ERR_UNKNOWN_ID for a topic the
   *     active catalog does not hold
   */
  public void declareInterest(String topicId, double weight) {
    call(h -> { nDeclareInterest(h, topicId, weight); return null; });
  }

  /**
   * Removes a declared interest. Any well-formed id is accepted, catalog or not.
   *
   * @param topicId the topic
   * @throws TacitException ERR_NOT_FOUND if it was not declared
   */
  public void undeclareInterest(String topicId) { call(h -> { nUndeclareInterest(h, topicId); return null; }); }

  /**
   * The declared interests.
   *
   * @return a snapshot ordered by topic id; unmodifiable
   */
  public List<Interest> interests() { return Collections.unmodifiableList(Arrays.asList(call(Tacit::nInterests))); }

  // ---- catalog

  /**
   * Verifies and activates a signed catalog: signature, structure, brand, validity window, version; then
   * stores it in the profile. On failure the previous one stays active. Loading the active version again is
   * accepted.
   *
   * @param signedCatalog the bytes as the brand signed them
   * @throws TacitException ERR_CATALOG_BAD_SIGNATURE, ERR_CATALOG_UNKNOWN_KEY, ERR_CATALOG_MALFORMED (also
   *     for empty bytes), ERR_CATALOG_EXPIRED, ERR_CATALOG_NOT_YET_VALID, ERR_CATALOG_ROLLED_BACK (a version
   *     below the highest activated, even across restarts), ERR_CATALOG_WRONG_BRAND; ERR_INVALID_ARGUMENT for
   *     null
   */
  public void loadCatalog(byte[] signedCatalog) { call(h -> { nLoadCatalog(h, signedCatalog); return null; }); }

  /**
   * The active catalog.
   *
   * @return its version, validity and counts
   * @throws TacitException ERR_NO_CATALOG if none is active
   */
  public CatalogInfo catalogInfo() { return call(Tacit::nCatalogInfo); }

  /**
   * Every topic of the active catalog, for onboarding ("what do you like?"): a snapshot, unchanged by a later
   * {@link #loadCatalog(byte[])}.
   *
   * @return the topics in catalog order (a parent may come after its children); unmodifiable
   * @throws TacitException ERR_NO_CATALOG if none is active
   */
  public List<CatalogTopic> catalogTopics() {
    return Collections.unmodifiableList(Arrays.asList(call(Tacit::nCatalogTopics)));
  }

  /**
   * A page of the active catalog's items, in catalog order: a snapshot, unchanged by a later
   * {@link #loadCatalog(byte[])}.
   *
   * @param offset the index of the first item; past the end gives an empty list
   * @param limit at most this many; 0 for all from {@code offset} to the end
   * @return items [offset, offset + limit); unmodifiable
   * @throws TacitException ERR_NO_CATALOG if none is active; ERR_INVALID_ARGUMENT for a negative offset or
   *     limit
   */
  public List<CatalogItem> catalogItems(long offset, int limit) {
    return Collections.unmodifiableList(Arrays.asList(call(h -> nCatalogItems(h, offset, limit))));
  }

  // ---- feedback

  /**
   * "Not interested" in an item: it is never ranked again, across restarts. (A dismissal, which only lowers
   * weight, is an {@link Event.Type#DISMISS} event.)
   *
   * @param itemId the item; with a catalog active, one of its items
   * @throws TacitException ERR_UNKNOWN_ID for an item the active catalog does not hold
   */
  public void notInterestedItem(String itemId) { call(h -> { nNotInterested(h, itemId, true); return null; }); }

  /**
   * "Not interested" in a topic: its items are never ranked again, across restarts.
   *
   * @param topicId the topic; with a catalog active, one of its topics
   * @throws TacitException ERR_UNKNOWN_ID for a topic the active catalog does not hold
   */
  public void notInterestedTopic(String topicId) { call(h -> { nNotInterested(h, topicId, false); return null; }); }

  // ---- ranking

  /**
   * Ranks the active catalog for the user, with reasons. Never returns a not-interested item, an item of a
   * suppressed topic, or an item of a sensitive topic the user did not declare.
   *
   * @param request what to rank; null for the defaults of {@link RankRequest#RankRequest()}
   * @return at most k items; unmodifiable
   * @throws TacitException ERR_NO_CATALOG if none is active; ERR_INVALID_ARGUMENT for a request value out of
   *     range (see {@link RankRequest}); ERR_NOT_FOUND for a candidate id the catalog does not hold
   */
  public List<RankedItem> rank(RankRequest request) {
    return Collections.unmodifiableList(Arrays.asList(call(h -> nRank(h, request))));
  }

  /**
   * Why one item would be shown, on demand.
   *
   * @param itemId the item
   * @return the item with its reasons
   * @throws TacitException ERR_NOT_FOUND for an unknown or hidden item (the message says which);
   *     ERR_NO_CATALOG if none is active
   */
  public RankedItem explain(String itemId) { return call(h -> nExplain(h, itemId)); }

  // ---- consent

  /**
   * Records a consent decision, persisted with the policy version and the time. A revocation acts at once:
   * pending reports of that purpose leave the outbox before this returns.
   *
   * @param purpose what the decision is about
   * @param state {@link ConsentState#GIVEN} or {@link ConsentState#REVOKED}
   * @param policyVersion the brand's consent text version, 1..64 printable bytes
   * @throws NullPointerException if {@code purpose} or {@code state} is null
   * @throws TacitException ERR_INVALID_ARGUMENT for {@link ConsentState#UNKNOWN} or a bad policy version
   */
  public void setConsent(Purpose purpose, ConsentState state, String policyVersion) {
    call(h -> { nConsentSet(h, purpose.code, state.code, policyVersion); return null; });
  }

  /**
   * The current decision for a purpose.
   *
   * @param purpose the purpose
   * @return the state; {@link ConsentState#UNKNOWN} (which means no) when none was recorded
   * @throws NullPointerException if {@code purpose} is null
   */
  public ConsentState consent(Purpose purpose) { return ConsentState.of(call(h -> nConsentGet(h, purpose.code))); }

  /**
   * Applies an IAB TCF v2.2 TC string: both purposes become given or revoked by the mapping in
   * docs/consent.md.
   *
   * @param tcString the TC string
   * @param vendorId the brand's GVL vendor id, 1..65535
   * @throws TacitException ERR_TCF_MALFORMED for a malformed string (nothing changes); ERR_INVALID_ARGUMENT
   *     for null or a vendor id out of range
   */
  public void setConsentTcf(String tcString, int vendorId) {
    call(h -> { nConsentSetTcf(h, tcString, vendorId); return null; });
  }

  // ---- reports and the outbox

  /**
   * Makes the reports that are due and queues them in the outbox. A report needs a valid plan, measurement
   * consent, a catalog and budget; cheap when nothing is due.
   *
   * @return how many reports were queued
   * @throws TacitException ERR_NO_PLAN when no measurement plan was given at open
   */
  public long prepareReports() { return call(Tacit::nReportsPrepare); }

  /**
   * The oldest queued report. It stays queued until {@link #outboxAck(byte[])}.
   *
   * @return the report, or null when the outbox is empty
   */
  public OutgoingReport outboxNext() { return call(Tacit::nOutboxNext); }

  /**
   * Marks a report sent: it leaves the outbox and enters the sent log.
   *
   * @param reportId the report's {@link OutgoingReport#reportId()}, 16 bytes
   * @throws TacitException ERR_NOT_FOUND for an id not in the outbox; ERR_INVALID_ARGUMENT for null or
   *     another length
   */
  public void outboxAck(byte[] reportId) { call(h -> { nOutboxAck(h, reportId); return null; }); }

  /**
   * The number of queued reports.
   *
   * @return the count
   */
  public long outboxSize() { return call(Tacit::nOutboxSize); }

  // ---- the user's controls

  /**
   * Everything tacit holds about the user: declared and inferred interests with their evidence, blocked items
   * and topics, consents and their history, the sent log, the ε spent and left.
   *
   * @return JSON (docs/export-format.md)
   */
  public String exportJson() { return call(Tacit::nExportJson); }

  /**
   * Exactly what the next reports contain, before anything is sent: prepares due reports (as
   * {@link #prepareReports()}) and describes every queued one, decoded. Empty without measurement consent.
   *
   * @return JSON
   */
  public String reportsPreviewJson() { return call(Tacit::nReportsPreviewJson); }

  /**
   * Forgets one inferred interest: the behaviour recorded so far no longer counts for that topic. Any
   * well-formed id is accepted.
   *
   * @param topicId the topic
   */
  public void forgetInferred(String topicId) { call(h -> { nForgetInferred(h, topicId); return null; }); }

  /**
   * Deletes every stored event about a topic (its own id or, for catalog items, the item's topics). Any
   * well-formed id is accepted.
   *
   * @param topicId the topic
   */
  public void forgetTopicBehaviour(String topicId) { call(h -> { nForgetTopicBehaviour(h, topicId); return null; }); }

  /**
   * Pauses or resumes personalisation: while paused, events are not stored and ranking uses declared
   * interests and the popularity prior only. Persisted.
   *
   * @param paused true to pause, false to resume
   */
  public void setPaused(boolean paused) { call(h -> { nSetPaused(h, paused); return null; }); }

  // ---- DAP (docs/dap.md)
  /** The DAP task's Leader, the brand's aggregator (TACIT_DAP_ROLE_LEADER). */
  public static final int DAP_ROLE_LEADER = 2;
  /** The DAP task's Helper, the independent aggregator (TACIT_DAP_ROLE_HELPER). */
  public static final int DAP_ROLE_HELPER = 3;

  /**
   * Hands over an aggregator's HpkeConfigList (the exact body of GET {aggregator}/hpke_config?task_id=...)
   * for a DAP task. Its most preferred supported config is used for reports sealed from now on and replaces
   * any earlier one. Held in memory for this Tacit's lifetime: set the lists after each open, before
   * {@link #prepareReports()}.
   *
   * @param taskId the task's unpadded base64url id (43 characters)
   * @param role {@link #DAP_ROLE_LEADER} or {@link #DAP_ROLE_HELPER}
   * @param configList the response body, untrusted
   * @param expiresAtMs when the copy goes stale, Unix ms (fetch time plus the response's Cache-Control
   *     max-age); 0 for never
   * @throws TacitException ERR_DAP_CONFIG_MALFORMED or ERR_DAP_UNSUPPORTED_HPKE (the previous config stays);
   *     ERR_INVALID_ARGUMENT for a bad task id, role or expiry
   */
  public void dapSetHpkeConfigs(String taskId, int role, byte[] configList, long expiresAtMs) {
    call(h -> { nDapSetHpkeConfigs(h, taskId, role, configList, expiresAtMs); return null; });
  }

  /**
   * The HPKE config tacit seals to for a task and role.
   *
   * @param taskId the task's unpadded base64url id
   * @param role {@link #DAP_ROLE_LEADER} or {@link #DAP_ROLE_HELPER}
   * @return the config id
   * @throws TacitException ERR_NOT_FOUND when none is set or it has expired; ERR_INVALID_ARGUMENT for a bad
   *     task id or role
   */
  public int dapConfigId(String taskId, int role) { return call(h -> nDapConfigId(h, taskId, role)); }

  // ---- natives, registered by JNI_OnLoad (tacit_jni.cc). Each throws TacitException on failure.
  private static native String nVersion();
  private static native long nOpen(Options options);
  private static native void nClose(long h);
  private static native void nRekey(long h, byte[] key);
  private static native void nCheckIntegrity(long h);
  private static native void nEraseAll(long h);
  private static native void nRecordEvents(long h, Event[] events);
  private static native long nEventCount(long h);
  private static native void nDeclareInterest(long h, String topicId, double weight);
  private static native void nUndeclareInterest(long h, String topicId);
  private static native Interest[] nInterests(long h);
  private static native Event[] nEvents(long h, long sinceMs, int limit);
  private static native void nLoadCatalog(long h, byte[] signedCatalog);
  private static native CatalogInfo nCatalogInfo(long h);
  private static native CatalogTopic[] nCatalogTopics(long h);
  private static native CatalogItem[] nCatalogItems(long h, long offset, int limit);
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
