package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a table that move: all of them under their own names ({@code columns: all}), a
 * list under their own names, or a map from source name to destination name. A source column left
 * out does not move and is not disclosed at the destination.
 *
 * @param everyColumn whether every column moves under its own name (the spec's {@code all})
 * @param renames source column → destination column, in the spec's order; empty for every column
 */
public record ColumnSelection(boolean everyColumn, Map<String, String> renames) {
  private static final ColumnSelection ALL = new ColumnSelection(true, Map.of());

  public ColumnSelection {
    requireNonNull(renames, "renames is null");
    renames = Collections.unmodifiableMap(new LinkedHashMap<>(renames));
    if (everyColumn && !renames.isEmpty()) {
      throw new IllegalArgumentException("'all' columns take no list");
    }
    if (!everyColumn && renames.isEmpty()) {
      throw new IllegalArgumentException("a column list names at least one column");
    }
    Set<String> targets = new HashSet<>();
    for (Map.Entry<String, String> entry : renames.entrySet()) {
      if (entry.getKey().isBlank() || entry.getValue().isBlank()) {
        throw new IllegalArgumentException("a column name is blank");
      }
      if (!targets.add(entry.getValue())) {
        throw new IllegalArgumentException(
            "two source columns land in destination column " + entry.getValue());
      }
    }
  }

  /** Every column, under its own name. */
  public static ColumnSelection all() {
    return ALL;
  }

  /** These columns, under their own names. */
  public static ColumnSelection of(List<String> columns) {
    Map<String, String> renames = new LinkedHashMap<>();
    for (String column : columns) {
      if (renames.put(column, column) != null) {
        throw new IllegalArgumentException("column " + column + " is listed twice");
      }
    }
    return new ColumnSelection(false, renames);
  }

  /** These columns, source name → destination name. */
  public static ColumnSelection renamed(Map<String, String> renames) {
    return new ColumnSelection(false, renames);
  }
}
