package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A table or view the policy set knows: its columns and types (used to expand {@code SELECT *}, to
 * apply tag-based masks by type and to check masks against real columns), its owner and its
 * row-level security settings.
 */
public record Table(
    Securable name, List<ColumnInfo> columns, Optional<String> owner, RowSecurity rowSecurity) {
  public Table {
    requireNonNull(name, "name is null");
    if (name.level() != SecurableLevel.TABLE) {
      throw new IllegalArgumentException("a table is named at table level: " + name);
    }
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(owner, "owner is null");
    requireNonNull(rowSecurity, "rowSecurity is null");
  }

  public Table withRowSecurity(RowSecurity newRowSecurity) {
    return new Table(name, columns, owner, newRowSecurity);
  }

  public Optional<ColumnInfo> column(String columnName) {
    for (ColumnInfo column : columns) {
      if (column.name().equals(columnName)) {
        return Optional.of(column);
      }
    }
    return Optional.empty();
  }
}
