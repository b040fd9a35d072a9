package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to write read restrictions for a whole PolicySet.
 *
 * @param schemas the Iceberg schema of each table, by the table's qualified name in the PolicySet;
 *     tables not named get {@link IcebergSchema#fromTable}
 * @param columnIds per table, policy column name → field ID, for columns renamed since the policies
 *     were written
 */
public record IcebergReadRestrictionsOptions(
    Map<String, IcebergSchema> schemas, Map<String, Map<String, Integer>> columnIds) {
  public IcebergReadRestrictionsOptions {
    schemas = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(schemas, "schemas")));
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    requireNonNull(columnIds, "columnIds is null")
        .forEach((table, ids) -> copy.put(table, Map.copyOf(ids)));
    columnIds = Collections.unmodifiableMap(copy);
  }

  /** Schemas derived from the PolicySet, columns bound by name. */
  public static IcebergReadRestrictionsOptions defaults() {
    return new IcebergReadRestrictionsOptions(Map.of(), Map.of());
  }

  public IcebergReadRestrictionsOptions withSchema(String table, IcebergSchema schema) {
    Map<String, IcebergSchema> copy = new LinkedHashMap<>(schemas);
    copy.put(requireNonNull(table, "table is null"), requireNonNull(schema, "schema is null"));
    return new IcebergReadRestrictionsOptions(copy, columnIds);
  }
}
