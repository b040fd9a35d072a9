package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects matrix cells in any order (results list them per principal and table, not as a grid) and
 * builds the grid, filling cells nobody set with a default.
 */
public final class AccessMatrixBuilder {
  private final String leftLabel;
  private final String rightLabel;
  private final List<String> columns = new ArrayList<>();
  private final Map<String, Integer> columnIndex = new HashMap<>();
  private final Map<String, Map<Integer, AccessMatrixCell>> cellsByPrincipal =
      new LinkedHashMap<>();
  private final Map<String, AccessMatrixCell> rowDefaults = new HashMap<>();

  public AccessMatrixBuilder(String leftLabel, String rightLabel) {
    this.leftLabel = requireNonNull(leftLabel, "leftLabel is null");
    this.rightLabel = requireNonNull(rightLabel, "rightLabel is null");
  }

  /** Adds a matrix column unless it is there already; columns keep the order of first mention. */
  public AccessMatrixBuilder column(String column) {
    requireNonNull(column, "column is null");
    columnIndex.computeIfAbsent(
        column,
        key -> {
          columns.add(key);
          return columns.size() - 1;
        });
    return this;
  }

  /** Adds a principal's row unless it is there already; rows keep the order of first mention. */
  public AccessMatrixBuilder principal(String principal) {
    requireNonNull(principal, "principal is null");
    cellsByPrincipal.computeIfAbsent(principal, key -> new HashMap<>());
    return this;
  }

  /**
   * Adds a principal's row whose cells nobody sets are {@code unset} rather than the grid's default
   * (a row compared only in some cells).
   */
  public AccessMatrixBuilder principal(String principal, AccessMatrixCell unset) {
    requireNonNull(unset, "unset is null");
    principal(principal);
    rowDefaults.put(principal, unset);
    return this;
  }

  /** Sets one cell, adding its row and column when new. */
  public AccessMatrixBuilder cell(String principal, String column, AccessMatrixCell cell) {
    requireNonNull(cell, "cell is null");
    column(column);
    principal(principal);
    cellsByPrincipal.get(principal).put(columnIndex.get(column), cell);
    return this;
  }

  /** The grid; a cell never set is its row's default, else {@code unset}. */
  public AccessMatrix build(AccessMatrixCell unset) {
    requireNonNull(unset, "unset is null");
    List<AccessMatrixRow> rows = new ArrayList<>(cellsByPrincipal.size());
    for (Map.Entry<String, Map<Integer, AccessMatrixCell>> entry : cellsByPrincipal.entrySet()) {
      List<AccessMatrixCell> cells = new ArrayList<>(columns.size());
      AccessMatrixCell rowDefault = rowDefaults.getOrDefault(entry.getKey(), unset);
      for (int i = 0; i < columns.size(); i++) {
        cells.add(entry.getValue().getOrDefault(i, rowDefault));
      }
      rows.add(new AccessMatrixRow(entry.getKey(), cells));
    }
    return new AccessMatrix(leftLabel, rightLabel, columns, rows);
  }
}
