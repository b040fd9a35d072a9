package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A thing a policy protects: a catalog, a schema, a table (or view), or a column, named as {@code
 * catalog.schema.table[.column]}. The parts hold names with the source system's case rules already
 * applied (PostgreSQL folds unquoted names to lower case, Snowflake to upper case), so two
 * spellings of one object compare equal by {@link #qualifiedName()}. {@code spelling} keeps the
 * text as the source wrote it, for messages and for printing back into the same system.
 *
 * <pre>{@code
 * Securable customers = Securable.table("sales", "crm", "customers");
 * Securable ssn = customers.column("ssn");
 * }</pre>
 */
public record Securable(
    Optional<String> catalog,
    Optional<String> schema,
    Optional<String> table,
    Optional<String> column,
    String spelling) {
  public Securable {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
    requireNonNull(column, "column is null");
    requireNonNull(spelling, "spelling is null");
    catalog.ifPresent(name -> Checks.requireNonBlank(name, "catalog"));
    schema.ifPresent(name -> Checks.requireNonBlank(name, "schema"));
    table.ifPresent(name -> Checks.requireNonBlank(name, "table"));
    column.ifPresent(name -> Checks.requireNonBlank(name, "column"));
    if (column.isPresent() && table.isEmpty()) {
      throw new IllegalArgumentException("a column securable needs a table");
    }
    if (table.isPresent() && schema.isEmpty() && catalog.isPresent()) {
      throw new IllegalArgumentException("a table with a catalog needs a schema");
    }
    if (catalog.isEmpty() && schema.isEmpty() && table.isEmpty()) {
      throw new IllegalArgumentException("a securable needs at least one name");
    }
    if (spelling.isBlank()) {
      spelling = join(catalog, schema, table, column);
    }
  }

  /** A table in a catalog and schema. */
  public static Securable table(String catalog, String schema, String table) {
    return new Securable(
        Optional.of(catalog), Optional.of(schema), Optional.of(table), Optional.empty(), "");
  }

  /** A table in a schema, for systems whose policies do not name the database. */
  public static Securable table(String schema, String table) {
    return new Securable(
        Optional.empty(), Optional.of(schema), Optional.of(table), Optional.empty(), "");
  }

  /** A schema, optionally in a catalog. */
  public static Securable schema(Optional<String> catalog, String schema) {
    return new Securable(catalog, Optional.of(schema), Optional.empty(), Optional.empty(), "");
  }

  /** A catalog (a database in most warehouses). */
  public static Securable catalog(String catalog) {
    return new Securable(
        Optional.of(catalog), Optional.empty(), Optional.empty(), Optional.empty(), "");
  }

  /**
   * Splits a dotted name into parts: 1 part is a table, 2 are schema.table, 3 are
   * catalog.schema.table, 4 add a column. No case folding and no quote handling: dialect readers do
   * that before building a securable.
   *
   * @throws IllegalArgumentException on an empty part or more than four parts
   */
  public static Securable parse(String dottedName) {
    requireNonNull(dottedName, "dottedName is null");
    String[] parts = dottedName.split("\\.", -1);
    for (String part : parts) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("Empty name part in '" + dottedName + "'");
      }
    }
    return switch (parts.length) {
      case 1 ->
          new Securable(
              Optional.empty(),
              Optional.empty(),
              Optional.of(parts[0]),
              Optional.empty(),
              dottedName);
      case 2 ->
          new Securable(
              Optional.empty(),
              Optional.of(parts[0]),
              Optional.of(parts[1]),
              Optional.empty(),
              dottedName);
      case 3 ->
          new Securable(
              Optional.of(parts[0]),
              Optional.of(parts[1]),
              Optional.of(parts[2]),
              Optional.empty(),
              dottedName);
      case 4 ->
          new Securable(
              Optional.of(parts[0]),
              Optional.of(parts[1]),
              Optional.of(parts[2]),
              Optional.of(parts[3]),
              dottedName);
      default ->
          throw new IllegalArgumentException(
              "A name has at most four parts (catalog.schema.table.column): '" + dottedName + "'");
    };
  }

  /** This table's column; the spelling is extended with the column name. */
  public Securable column(String columnName) {
    if (table.isEmpty()) {
      throw new IllegalStateException("Only a table has columns: " + qualifiedName());
    }
    String base = column.isPresent() ? tableOnly().spelling : spelling;
    return new Securable(catalog, schema, table, Optional.of(columnName), base + "." + columnName);
  }

  /** The table this column belongs to, or this securable when it is not a column. */
  public Securable tableOnly() {
    if (column.isEmpty()) {
      return this;
    }
    return new Securable(catalog, schema, table, Optional.empty(), "");
  }

  /** How deep in the hierarchy this securable names. */
  public SecurableLevel level() {
    if (column.isPresent()) {
      return SecurableLevel.COLUMN;
    }
    if (table.isPresent()) {
      return SecurableLevel.TABLE;
    }
    if (schema.isPresent()) {
      return SecurableLevel.SCHEMA;
    }
    return SecurableLevel.CATALOG;
  }

  /** The normalised dotted name: the identity of the object. */
  public String qualifiedName() {
    return join(catalog, schema, table, column);
  }

  /** The normalised name parts, outermost first. */
  public List<String> parts() {
    List<String> parts = new ArrayList<>(4);
    catalog.ifPresent(parts::add);
    schema.ifPresent(parts::add);
    table.ifPresent(parts::add);
    column.ifPresent(parts::add);
    return List.copyOf(parts);
  }

  /**
   * Whether this securable contains {@code other} or is it: a schema contains its tables, a table
   * its columns. A catalog or schema that only one side names is not held against a match, so an
   * unqualified table {@code accounts} contains {@code db.public.accounts}.
   */
  public boolean contains(Securable other) {
    requireNonNull(other, "other is null");
    return compatible(catalog, other.catalog)
        && compatible(schema, other.schema)
        && (table.isEmpty() || table.equals(other.table))
        && (column.isEmpty() || column.equals(other.column));
  }

  private static boolean compatible(Optional<String> mine, Optional<String> theirs) {
    return mine.isEmpty() || theirs.isEmpty() || mine.equals(theirs);
  }

  private static String join(
      Optional<String> catalog,
      Optional<String> schema,
      Optional<String> table,
      Optional<String> column) {
    StringBuilder name = new StringBuilder();
    for (Optional<String> part : List.of(catalog, schema, table, column)) {
      if (part.isPresent()) {
        if (name.length() > 0) {
          name.append('.');
        }
        name.append(part.get());
      }
    }
    return name.toString();
  }

  @Override
  public String toString() {
    return qualifiedName();
  }
}
