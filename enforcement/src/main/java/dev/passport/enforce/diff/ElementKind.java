package dev.passport.enforce.diff;

import java.util.Locale;

/** The kinds of policy element a {@link StructuralChange} is about, in report order. */
public enum ElementKind {
  PRINCIPAL,
  TABLE,
  ROW_SECURITY,
  GRANT,
  DEFINITION,
  ROW_FILTER,
  COLUMN_MASK,
  TAG,
  TAG_ASSIGNMENT,
  VIEW,
  LOSS;

  /** The lower-case name used in reports, e.g. {@code row_filter}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
