package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

/**
 * What each side discloses of one column to one principal, in words ("hash", "rows where region =
 * 'EU'", "denied").
 */
public record AccessMatrixCell(String left, String right, Stricter stricter) {
  public AccessMatrixCell {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    requireNonNull(stricter, "stricter is null");
  }
}
