package dev.passport.model;

/** The depth of a {@link Securable} in the catalog.schema.table.column hierarchy. */
public enum SecurableLevel {
  CATALOG,
  SCHEMA,
  TABLE,
  COLUMN
}
