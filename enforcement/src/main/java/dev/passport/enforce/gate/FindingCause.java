package dev.passport.enforce.gate;

import java.util.Locale;

/** Why a finding was raised. The JSON report writes {@link #id()}. */
public enum FindingCause {
  /** A column masked at the source is shown as is at the destination. */
  MASK_MISSING,
  /** A column is masked at the destination, but the mask shows more than the source's. */
  MASK_WEAKER,
  /** The source filters the rows; the destination shows every row. */
  FILTER_MISSING,
  /** The destination's row filter admits rows the source's does not. */
  FILTER_WEAKER,
  /** The destination lets a principal read a table or column the source does not. */
  GRANT_BROADER,
  /**
   * A destination principal no source principal maps to reads more than the source's "any other
   * user" does.
   */
  UNMAPPED_PRINCIPAL,
  /** Two masks or two filters that Passport cannot order (custom expressions, atoms). */
  UNKNOWN_COMPARISON,
  /** A loss (policy SQL not understood, a construct not carried over) bears on the object. */
  LOSS,
  /** A policy set records no grants, so who may read cannot be compared. */
  NO_GRANTS,
  /**
   * The audience the export was rewritten for may not read the table at the source, so nothing of
   * it could have moved: the audience is likely named wrongly.
   */
  NOTHING_EXPORTED,
  /** A destination column no source column lands in: out of the transfer's scope. */
  COLUMN_OUT_OF_SCOPE,
  /** A table name the policy set does not know: only its schema and catalog policies apply. */
  TABLE_NOT_IN_POLICY_SET;

  /** The lower-case identifier of the JSON report, e.g. {@code mask_missing}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
