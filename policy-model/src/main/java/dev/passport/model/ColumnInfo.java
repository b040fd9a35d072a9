package dev.passport.model;

import static java.util.Objects.requireNonNull;

/**
 * A column of a table as the source catalog describes it. {@code type} is the canonical type name
 * (see {@link Expr.Cast}), or the source's own spelling when it has no canonical equivalent.
 */
public record ColumnInfo(String name, String type, boolean nullable) {
  public ColumnInfo {
    Checks.requireNonBlank(name, "name");
    requireNonNull(type, "type is null");
  }
}
