package dev.passport.enforce.rewrite;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.Table;
import java.io.IOException;
import java.io.Reader;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of the tables a statement may read, in table order: what {@code SELECT *} expands to
 * and what a masked projection lists. Built from a PolicySet's tables, a JDBC connection's
 * metadata, or a schema file, and merged (the first source that knows a table wins).
 *
 * <p>Schema file format:
 *
 * <pre>{@code
 * {"tables": {"app.accounts": [{"name": "id", "type": "integer"}, {"name": "email", "type": "text"}]}}
 * }</pre>
 *
 * Table names in the file are dotted ({@code [catalog.]schema.table}) and taken literally, with no
 * case folding.
 */
public final class TableSchemas {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TableSchemas EMPTY = new TableSchemas(Map.of());

  private final Map<Securable, List<ColumnInfo>> tables;

  private TableSchemas(Map<Securable, List<ColumnInfo>> tables) {
    this.tables = tables;
  }

  public static TableSchemas empty() {
    return EMPTY;
  }

  /** Explicit table columns. */
  public static TableSchemas of(Map<Securable, List<ColumnInfo>> tables) {
    requireNonNull(tables, "tables is null");
    Map<Securable, List<ColumnInfo>> copy = new LinkedHashMap<>();
    tables.forEach(
        (table, columns) -> {
          if (table.level() != dev.passport.model.SecurableLevel.TABLE) {
            throw new IllegalArgumentException("not a table: " + table);
          }
          copy.put(table, List.copyOf(columns));
        });
    return new TableSchemas(Collections.unmodifiableMap(copy));
  }

  /** The tables the PolicySet records with their columns (tables without columns are skipped). */
  public static TableSchemas fromPolicySet(PolicySet policySet) {
    requireNonNull(policySet, "policySet is null");
    Map<Securable, List<ColumnInfo>> tables = new LinkedHashMap<>();
    for (Table table : policySet.tables()) {
      if (!table.columns().isEmpty()) {
        tables.put(table.name(), table.columns());
      }
    }
    return new TableSchemas(Collections.unmodifiableMap(tables));
  }

  /**
   * The tables and views of a live database, read through {@link DatabaseMetaData#getColumns}.
   * Names are schema.table (the catalog is the connected database and is left out).
   *
   * @param schemaPattern a JDBC schema pattern, or null for every schema
   * @throws PassportException CONNECTION_FAILED when the metadata cannot be read
   */
  public static TableSchemas fromJdbc(DatabaseMetaData metaData, String schemaPattern) {
    requireNonNull(metaData, "metaData is null");
    Map<Securable, List<ColumnInfo>> tables = new LinkedHashMap<>();
    try (ResultSet columns = metaData.getColumns(null, schemaPattern, "%", "%")) {
      while (columns.next()) {
        String schema = columns.getString("TABLE_SCHEM");
        String table = columns.getString("TABLE_NAME");
        if (schema == null
            || schema.equals("pg_catalog")
            || schema.equals("information_schema")
            || schema.startsWith("pg_toast")) {
          continue;
        }
        Securable name = Securable.table(schema, table);
        tables
            .computeIfAbsent(name, key -> new ArrayList<>())
            .add(
                new ColumnInfo(
                    columns.getString("COLUMN_NAME"),
                    columns.getString("TYPE_NAME"),
                    columns.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
      }
    } catch (SQLException exception) {
      throw new PassportException(
          ErrorCode.CONNECTION_FAILED,
          "Could not read table columns from the database: " + exception.getMessage(),
          exception);
    }
    Map<Securable, List<ColumnInfo>> frozen = new LinkedHashMap<>();
    tables.forEach((name, columns) -> frozen.put(name, List.copyOf(columns)));
    return new TableSchemas(Collections.unmodifiableMap(frozen));
  }

  /**
   * A schema file (see the class documentation).
   *
   * @throws PassportException INVALID_INPUT when the JSON does not have that shape, IO_ERROR when
   *     it cannot be read
   */
  public static TableSchemas fromJson(Reader reader) {
    requireNonNull(reader, "reader is null");
    JsonNode root;
    try {
      root = MAPPER.readTree(reader);
    } catch (IOException exception) {
      throw new PassportException(
          ErrorCode.IO_ERROR,
          "Could not read the schema file: " + exception.getMessage(),
          exception);
    }
    if (root == null || !root.path("tables").isObject()) {
      throw invalid("the top level must be an object with a \"tables\" object");
    }
    Map<Securable, List<ColumnInfo>> tables = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> entries = root.get("tables").fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      Securable name;
      try {
        name = Securable.parse(entry.getKey());
      } catch (IllegalArgumentException exception) {
        throw invalid("'" + entry.getKey() + "' is not a table name: " + exception.getMessage());
      }
      if (name.level() != dev.passport.model.SecurableLevel.TABLE || !entry.getValue().isArray()) {
        throw invalid("'" + entry.getKey() + "' must name a table and map to an array of columns");
      }
      List<ColumnInfo> columns = new ArrayList<>();
      for (JsonNode column : entry.getValue()) {
        if (!column.path("name").isTextual() || column.path("name").asText().isBlank()) {
          throw invalid("every column of '" + entry.getKey() + "' needs a \"name\" string");
        }
        columns.add(
            new ColumnInfo(
                column.get("name").asText(),
                column.path("type").isTextual() ? column.get("type").asText() : "",
                !column.path("nullable").isBoolean() || column.get("nullable").asBoolean()));
      }
      tables.put(name, List.copyOf(columns));
    }
    return new TableSchemas(Collections.unmodifiableMap(tables));
  }

  private static PassportException invalid(String problem) {
    return new PassportException(ErrorCode.INVALID_ARGUMENT, "Invalid schema file: " + problem);
  }

  /** These tables, then those of {@code other} that these do not name. */
  public TableSchemas merge(TableSchemas other) {
    requireNonNull(other, "other is null");
    Map<Securable, List<ColumnInfo>> merged = new LinkedHashMap<>(tables);
    other.tables.forEach(merged::putIfAbsent);
    return new TableSchemas(Collections.unmodifiableMap(merged));
  }

  public Map<Securable, List<ColumnInfo>> tables() {
    return tables;
  }

  /** The columns of a table known under exactly this name. */
  public Optional<List<ColumnInfo>> columns(Securable table) {
    return Optional.ofNullable(tables.get(table));
  }
}
