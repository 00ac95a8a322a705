package dev.tacit;

/**
 * A tacit call failed. {@link #status()} is the C API's tacit_status (grow-only, stable values; the
 * constants below), {@link #statusName()} its symbolic name ("TACIT_ERR_KEY_LENGTH"), and
 * {@link #getMessage()} the SDK's explanation alone, without the name ({@link #toString()} adds it).
 * Unchecked: every tacit call can fail with I/O or a closed profile.
 */
public final class TacitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An argument is null where not allowed, out of range, or a malformed id or timestamp. */
  public static final int ERR_INVALID_ARGUMENT = 1;
  /** A key (or passphrase) of the wrong length; never truncated or padded. */
  public static final int ERR_KEY_LENGTH = 2;
  /** The key does not open this profile. */
  public static final int ERR_KEY = 3;
  /** The profile failed authentication or integrity checks. */
  public static final int ERR_CORRUPT = 4;
  /** The profile was written by a newer tacit; it is left untouched. */
  public static final int ERR_SCHEMA_TOO_NEW = 5;
  /** A file system error (a full disk, for example). */
  public static final int ERR_IO = 6;
  /** Out of memory. */
  public static final int ERR_NO_MEMORY = 7;
  /** The profile is open elsewhere (another handle, in this process or another). */
  public static final int ERR_BUSY = 8;
  /** What the call names does not exist (an id, a queued report, a DAP config). */
  public static final int ERR_NOT_FOUND = 9;
  /** A bug in tacit; the message says where. */
  public static final int ERR_INTERNAL = 10;
  /** The Tacit was closed, or its profile erased. */
  public static final int ERR_CLOSED = 11;
  /** The catalog's signature does not verify. */
  public static final int ERR_CATALOG_BAD_SIGNATURE = 20;
  /** The catalog is signed by a key not among the brand keys. */
  public static final int ERR_CATALOG_UNKNOWN_KEY = 21;
  /** The catalog is not well formed or fails its semantic checks. */
  public static final int ERR_CATALOG_MALFORMED = 22;
  /** The catalog's validity window has ended. */
  public static final int ERR_CATALOG_EXPIRED = 23;
  /** The catalog's validity window has not begun. */
  public static final int ERR_CATALOG_NOT_YET_VALID = 24;
  /** The catalog's version is below the highest this profile has activated. */
  public static final int ERR_CATALOG_ROLLED_BACK = 25;
  /** The catalog carries another brand id than the options'. */
  public static final int ERR_CATALOG_WRONG_BRAND = 26;
  /** The call needs a catalog and none is active. */
  public static final int ERR_NO_CATALOG = 27;
  /** The IAB TCF string is malformed; nothing changed. */
  public static final int ERR_TCF_MALFORMED = 40;
  /** The call needs a consent the user has not given. */
  public static final int ERR_NO_CONSENT = 41;
  /** The privacy budget is spent. */
  public static final int ERR_BUDGET_EXHAUSTED = 42;
  /** A report is not well formed. */
  public static final int ERR_REPORT_MALFORMED = 43;
  /** The measurement plan's signature does not verify. */
  public static final int ERR_PLAN_BAD_SIGNATURE = 50;
  /** The measurement plan is signed by a key not among the brand keys. */
  public static final int ERR_PLAN_UNKNOWN_KEY = 51;
  /** The measurement plan is not well formed, fails its semantic checks, or is larger than 1 MiB. */
  public static final int ERR_PLAN_MALFORMED = 52;
  /** The measurement plan's validity window has ended. */
  public static final int ERR_PLAN_EXPIRED = 53;
  /** The measurement plan's validity window has not begun. */
  public static final int ERR_PLAN_NOT_YET_VALID = 54;
  /** The measurement plan carries another brand id than the options'. */
  public static final int ERR_PLAN_WRONG_BRAND = 55;
  /** The call needs a measurement plan and none was given at open. */
  public static final int ERR_NO_PLAN = 56;
  /** An id the active catalog does not hold (declaring an interest, "not interested"). */
  public static final int ERR_UNKNOWN_ID = 57;
  /** An aggregator's HpkeConfigList is not well formed. */
  public static final int ERR_DAP_CONFIG_MALFORMED = 60;
  /** No config in an HpkeConfigList names a KEM, KDF and AEAD tacit implements. */
  public static final int ERR_DAP_UNSUPPORTED_HPKE = 61;

  /** The C API's status code. */
  private final int status;
  /** The status's symbolic name. */
  private final String statusName;

  /**
   * Made by the binding for every failure; a host may make one to stand for a tacit failure in its tests.
   *
   * @param status the C API's status code
   * @param statusName its symbolic name, for example "TACIT_ERR_KEY"
   * @param message the SDK's explanation alone ({@link #getMessage()}); {@link #toString()} adds the name
   */
  public TacitException(int status, String statusName, String message) {
    super(message);
    this.status = status;
    this.statusName = statusName;
  }

  /**
   * The status code.
   *
   * @return one of the ERR_ constants, or a newer code this binding does not name
   */
  public int status() { return status; }

  /**
   * The status's symbolic name.
   *
   * @return for example "TACIT_ERR_KEY_LENGTH"; "TACIT_UNKNOWN_STATUS" for a code the native library
   *     does not name
   */
  public String statusName() { return statusName; }

  /**
   * The class, the status name and the message.
   *
   * @return for example "dev.tacit.TacitException: TACIT_ERR_KEY: the key does not open this profile"
   */
  @Override
  public String toString() { return getClass().getName() + ": " + statusName + ": " + getMessage(); }
}
