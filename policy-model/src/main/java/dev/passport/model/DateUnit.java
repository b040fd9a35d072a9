package dev.passport.model;

/** Units a {@link Transform.DateTruncate} may truncate to, coarsest first. */
public enum DateUnit {
  YEAR,
  QUARTER,
  MONTH,
  WEEK,
  DAY,
  HOUR,
  MINUTE,
  SECOND
}
