package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Principals × columns, each cell comparing what the left and the right side disclose.
 *
 * @param leftLabel what the left side is called in the report ("source", "a.json")
 * @param rightLabel what the right side is called
 * @param columns the matrix columns, usually {@code table.column}, plus a {@code table (rows)}
 *     column for the row filter where the caller has one
 * @param rows one per principal or principal class
 */
public record AccessMatrix(
    String leftLabel, String rightLabel, List<String> columns, List<AccessMatrixRow> rows) {
  public AccessMatrix {
    requireNonNull(leftLabel, "leftLabel is null");
    requireNonNull(rightLabel, "rightLabel is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    rows = List.copyOf(requireNonNull(rows, "rows is null"));
    for (AccessMatrixRow row : rows) {
      if (row.cells().size() != columns.size()) {
        throw new IllegalArgumentException(
            "row "
                + row.principal()
                + " has "
                + row.cells().size()
                + " cells for "
                + columns.size()
                + " columns");
      }
    }
  }
}
