package dev.passport.model.evaluation;

/**
 * SQL's three truth values. A row filter admits a row only when its predicate is {@link #TRUE};
 * {@link #FALSE} and {@link #UNKNOWN} (SQL NULL) both reject it.
 */
public enum TriState {
  TRUE,
  FALSE,
  UNKNOWN;

  /** TRUE for true, FALSE for false, UNKNOWN for null. */
  public static TriState of(Boolean value) {
    if (value == null) {
      return UNKNOWN;
    }
    return value ? TRUE : FALSE;
  }

  /** SQL AND: FALSE wins, then UNKNOWN. */
  public TriState and(TriState other) {
    if (this == FALSE || other == FALSE) {
      return FALSE;
    }
    if (this == UNKNOWN || other == UNKNOWN) {
      return UNKNOWN;
    }
    return TRUE;
  }

  /** SQL OR: TRUE wins, then UNKNOWN. */
  public TriState or(TriState other) {
    if (this == TRUE || other == TRUE) {
      return TRUE;
    }
    if (this == UNKNOWN || other == UNKNOWN) {
      return UNKNOWN;
    }
    return FALSE;
  }

  /** SQL NOT: UNKNOWN stays UNKNOWN. */
  public TriState not() {
    return switch (this) {
      case TRUE -> FALSE;
      case FALSE -> TRUE;
      case UNKNOWN -> UNKNOWN;
    };
  }

  /** The SQL value: Boolean, or null for UNKNOWN. */
  public Boolean toBoolean() {
    return switch (this) {
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case UNKNOWN -> null;
    };
  }
}
