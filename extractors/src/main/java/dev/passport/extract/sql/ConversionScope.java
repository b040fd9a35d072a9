package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ColumnInfo;
import dev.passport.model.Origin;
import dev.passport.model.Parameter;
import dev.passport.model.Securable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link SqlExpressionConverter} needs to know around an expression: which relation its column
 * references belong to, what the definition's parameters are, which tables' columns are known, and
 * where the text is (for origins, losses and errors).
 *
 * <ul>
 *   <li>A PostgreSQL policy: {@code forTable(accounts, origin, location)}; column references
 *       qualified by the table name ({@code accounts.id}, {@code public.accounts.id}) lose the
 *       qualifier.
 *   <li>A Redshift RLS policy {@code WITH (region varchar(10)) AS t USING (t.region = …)}: {@code
 *       forDefinition(List.of(new Parameter("region", "varchar(10)")), origin,
 *       location).withAlias("t")}; {@code t.region} becomes the column {@code region}.
 * </ul>
 *
 * <p>A column qualified by anything else is a {@link dev.passport.model.Expr.Lookup}'s mapping
 * table (inside its subquery) or is not understood.
 *
 * @param table the protected table, absent for a definition not yet attached to one
 * @param tableQualifiers normalised qualifiers that name the protected row: the table's name, its
 *     schema-qualified name, and any alias
 * @param parameters a definition's parameters, which the expression refers to as columns
 * @param knownColumns columns by normalised qualified table name, from the catalog or the script's
 *     CREATE TABLE statements: used to resolve unqualified names inside a lookup subquery and to
 *     drop casts that change nothing
 * @param origin the origin given to losses
 * @param location where the expression text starts
 */
public record ConversionScope(
    Optional<Securable> table,
    Set<String> tableQualifiers,
    List<Parameter> parameters,
    Map<String, List<ColumnInfo>> knownColumns,
    Origin origin,
    SqlLocation location) {
  public ConversionScope {
    requireNonNull(table, "table is null");
    tableQualifiers =
        Collections.unmodifiableSet(
            new LinkedHashSet<>(requireNonNull(tableQualifiers, "tableQualifiers is null")));
    parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
    requireNonNull(knownColumns, "knownColumns is null");
    Map<String, List<ColumnInfo>> copy = new LinkedHashMap<>();
    knownColumns.forEach((name, columns) -> copy.put(name, List.copyOf(columns)));
    knownColumns = Collections.unmodifiableMap(copy);
    requireNonNull(origin, "origin is null");
    requireNonNull(location, "location is null");
  }

  /** An expression over the rows of {@code table} (a policy's USING or WITH CHECK). */
  public static ConversionScope forTable(Securable table, Origin origin, SqlLocation location) {
    requireNonNull(table, "table is null");
    Set<String> qualifiers = new LinkedHashSet<>();
    table.table().ifPresent(qualifiers::add);
    qualifiers.add(table.qualifiedName());
    if (table.schema().isPresent() && table.table().isPresent()) {
      qualifiers.add(table.schema().get() + "." + table.table().get());
    }
    return new ConversionScope(
        Optional.of(table), qualifiers, List.of(), Map.of(), origin, location);
  }

  /** A definition's body over its parameters, not attached to a table. */
  public static ConversionScope forDefinition(
      List<Parameter> parameters, Origin origin, SqlLocation location) {
    return new ConversionScope(Optional.empty(), Set.of(), parameters, Map.of(), origin, location);
  }

  /** The same scope where {@code alias} (normalised) also names the protected row. */
  public ConversionScope withAlias(String alias) {
    Set<String> qualifiers = new LinkedHashSet<>(tableQualifiers);
    qualifiers.add(requireNonNull(alias, "alias is null"));
    return new ConversionScope(table, qualifiers, parameters, knownColumns, origin, location);
  }

  /** The same scope with exactly these qualifiers for the protected row. */
  public ConversionScope withQualifiers(Set<String> qualifiers) {
    return new ConversionScope(table, qualifiers, parameters, knownColumns, origin, location);
  }

  public ConversionScope withParameters(List<Parameter> newParameters) {
    return new ConversionScope(
        table, tableQualifiers, newParameters, knownColumns, origin, location);
  }

  /** The same scope knowing the columns of these tables (keyed by their qualified names). */
  public ConversionScope withKnownColumns(Map<String, List<ColumnInfo>> columns) {
    return new ConversionScope(table, tableQualifiers, parameters, columns, origin, location);
  }

  public ConversionScope withOrigin(Origin newOrigin) {
    return new ConversionScope(
        table, tableQualifiers, parameters, knownColumns, newOrigin, location);
  }

  public ConversionScope withLocation(SqlLocation newLocation) {
    return new ConversionScope(
        table, tableQualifiers, parameters, knownColumns, origin, newLocation);
  }

  /**
   * The known columns of a table: by exact qualified name, else by table name when exactly one
   * known table has it (an unqualified reference in a script with a search path).
   */
  public Optional<List<ColumnInfo>> columnsOf(Securable relation) {
    List<ColumnInfo> exact = knownColumns.get(relation.qualifiedName());
    if (exact != null) {
      return Optional.of(exact);
    }
    Optional<String> name = relation.table();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    List<ColumnInfo> found = null;
    for (Map.Entry<String, List<ColumnInfo>> entry : knownColumns.entrySet()) {
      String key = entry.getKey();
      if (key.equals(name.get()) || key.endsWith("." + name.get())) {
        if (found != null) {
          return Optional.empty();
        }
        found = entry.getValue();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The canonical type of a column of the protected row or of a parameter, when known. */
  public Optional<String> columnType(String column) {
    for (Parameter parameter : parameters) {
      if (parameter.name().equals(column)) {
        return Optional.of(SqlTypes.canonical(parameter.type()));
      }
    }
    if (table.isEmpty()) {
      return Optional.empty();
    }
    return columnsOf(table.get())
        .flatMap(
            columns ->
                columns.stream()
                    .filter(info -> info.name().equals(column))
                    .map(info -> SqlTypes.canonical(info.type()))
                    .findFirst());
  }
}
