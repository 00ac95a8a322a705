package dev.tacit;

/**
 * A tacit call failed. {@link #status()} is the C API's tacit_status (grow-only, stable values; the
 * constants below), {@link #statusName()} its symbolic name ("TACIT_ERR_KEY_LENGTH"), and the message
 * the SDK's explanation. Unchecked: every tacit call can fail with I/O or a closed profile.
 */
public final class TacitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int ERR_INVALID_ARGUMENT = 1;
  public static final int ERR_KEY_LENGTH = 2;
  public static final int ERR_KEY = 3;
  public static final int ERR_CORRUPT = 4;
  public static final int ERR_SCHEMA_TOO_NEW = 5;
  public static final int ERR_IO = 6;
  public static final int ERR_NO_MEMORY = 7;
  public static final int ERR_BUSY = 8;
  public static final int ERR_NOT_FOUND = 9;
  public static final int ERR_INTERNAL = 10;
  public static final int ERR_CLOSED = 11;
  public static final int ERR_CATALOG_BAD_SIGNATURE = 20;
  public static final int ERR_CATALOG_UNKNOWN_KEY = 21;
  public static final int ERR_CATALOG_MALFORMED = 22;
  public static final int ERR_CATALOG_EXPIRED = 23;
  public static final int ERR_CATALOG_NOT_YET_VALID = 24;
  public static final int ERR_CATALOG_ROLLED_BACK = 25;
  public static final int ERR_CATALOG_WRONG_BRAND = 26;
  public static final int ERR_NO_CATALOG = 27;
  public static final int ERR_TCF_MALFORMED = 40;
  public static final int ERR_NO_CONSENT = 41;
  public static final int ERR_BUDGET_EXHAUSTED = 42;
  public static final int ERR_REPORT_MALFORMED = 43;
  public static final int ERR_PLAN_BAD_SIGNATURE = 50;
  public static final int ERR_PLAN_UNKNOWN_KEY = 51;
  public static final int ERR_PLAN_MALFORMED = 52;
  public static final int ERR_PLAN_EXPIRED = 53;
  public static final int ERR_PLAN_NOT_YET_VALID = 54;
  public static final int ERR_PLAN_WRONG_BRAND = 55;
  public static final int ERR_NO_PLAN = 56;
  public static final int ERR_UNKNOWN_ID = 57;
  public static final int ERR_DAP_CONFIG_MALFORMED = 60;
  public static final int ERR_DAP_UNSUPPORTED_HPKE = 61;

  private final int status;
  private final String statusName;

  /**
   * Called by the native glue.
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

  /** @return the status code: one of the ERR_ constants, or a newer code this binding does not name */
  public int status() { return status; }

  /** @return the status's symbolic name ("TACIT_ERR_KEY_LENGTH") */
  public String statusName() { return statusName; }

  /** @return "dev.tacit.TacitException: TACIT_ERR_KEY: the key does not open this profile" */
  @Override
  public String toString() { return getClass().getName() + ": " + statusName + ": " + getMessage(); }
}
