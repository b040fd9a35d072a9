package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row's values by normalised column name. Values are {@code String}, {@code BigDecimal} (other
 * {@code Number}s are converted), {@code Boolean}, {@code LocalDate}, {@code LocalDateTime}, or
 * null for SQL NULL.
 */
public final class Row {
  private final Map<String, Object> values;

  private Row(Map<String, Object> values) {
    this.values = values;
  }

  /** A row from a map; the map may hold null values for SQL NULL. */
  public static Row of(Map<String, ?> values) {
    requireNonNull(values, "values is null");
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((key, value) -> copy.put(requireNonNull(key, "column name is null"), value));
    return new Row(Collections.unmodifiableMap(copy));
  }

  public boolean has(String column) {
    return values.containsKey(column);
  }

  /**
   * The column's value, null for SQL NULL.
   *
   * @throws IllegalArgumentException when the row has no such column
   */
  public Object value(String column) {
    if (!values.containsKey(column)) {
      throw new IllegalArgumentException("Row has no column " + column + ": " + values.keySet());
    }
    return values.get(column);
  }

  public Map<String, Object> values() {
    return values;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Row row && values.equals(row.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
