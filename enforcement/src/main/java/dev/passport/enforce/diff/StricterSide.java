package dev.passport.enforce.diff;

import java.util.Locale;

/** Which side of an {@link AccessDifference} discloses less. */
public enum StricterSide {
  /**
   * The left set discloses less (or, for row filters, is proved to admit no row the right admits,
   * while the converse could not be decided).
   */
  LEFT,
  /** The right set discloses less. */
  RIGHT,
  /** Each side discloses something the other does not: they are incomparable. */
  NEITHER,
  /** It cannot be decided (custom expressions, conditional masks, undecidable predicates). */
  UNKNOWN;

  /** The lower-case name used in reports. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
