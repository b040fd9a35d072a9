package dev.passport.enforce.diff;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Securable;
import java.util.Optional;

/**
 * What one principal (or principal class) gets of one table or column that differs between the two
 * sets.
 *
 * @param table the table, as the left set names it when both know it
 * @param column the column, for {@link AccessAspect#COLUMN}; empty for table access and row filter
 * @param left what the left set discloses, with the rules behind it
 * @param right what the right set discloses
 * @param stricterSide which side discloses less
 */
public record AccessDifference(
    DiffPrincipal principal,
    Securable table,
    Optional<String> column,
    AccessAspect aspect,
    DiffSide left,
    DiffSide right,
    StricterSide stricterSide) {
  public AccessDifference {
    requireNonNull(principal, "principal is null");
    requireNonNull(table, "table is null");
    requireNonNull(column, "column is null");
    requireNonNull(aspect, "aspect is null");
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    requireNonNull(stricterSide, "stricterSide is null");
    if (column.isPresent() != (aspect == AccessAspect.COLUMN)) {
      throw new IllegalArgumentException("a column is given exactly for the COLUMN aspect");
    }
  }
}
