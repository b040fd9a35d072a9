package dev.passport.model;

/** How a table combines the row filters that apply to one principal. */
public enum CombinationRule {
  /** All applicable filters are ANDed (Redshift's default, Snowflake's single policy). */
  ALL_AND,
  /** Applicable filters are ORed (Redshift {@code CONJUNCTION TYPE OR}). */
  ANY_OR,
  /**
   * PostgreSQL: the OR of the permissive filters, ANDed with every restrictive one; with no
   * permissive filter no row is visible.
   */
  PERMISSIVE_RESTRICTIVE,
  /** The first applicable filter by priority wins (Trino rules files, Ranger). */
  FIRST_MATCH
}
