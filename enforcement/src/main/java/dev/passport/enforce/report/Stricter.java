package dev.passport.enforce.report;

/** Which side of a comparison discloses less, as shown by a report's colours. */
public enum Stricter {
  /** Both sides disclose the same. */
  SAME,
  /** The left side (source, or the first policy set) discloses less. */
  LEFT,
  /** The right side (destination, or the second policy set) discloses less. */
  RIGHT,
  /** Each side discloses something the other does not. */
  NEITHER,
  /** The comparison could not be decided. */
  UNKNOWN,
  /** The cell has nothing to compare (a column one side does not have). */
  NOT_APPLICABLE
}
