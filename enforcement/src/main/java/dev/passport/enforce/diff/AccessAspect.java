package dev.passport.enforce.diff;

import java.util.Locale;

/** What part of a principal's access to a table an {@link AccessDifference} is about. */
public enum AccessAspect {
  /** Whether the principal may read the table at all. */
  ACCESS,
  /** Which rows the principal sees. */
  ROW_FILTER,
  /** What the principal sees of one column: nothing, a masked value, or the value. */
  COLUMN;

  /** The lower-case name used in reports, e.g. {@code row_filter}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
