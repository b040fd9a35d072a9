package dev.passport.model;

/** Which way a loss moves protection. */
public enum LossDirection {
  /** The result protects more than the source (a mask became a column exclusion). */
  STRICTER,
  /** The result protects less than the source (a filter could not be expressed). */
  LOOSER,
  /** It cannot be told (SQL that was not understood). */
  UNKNOWN
}
