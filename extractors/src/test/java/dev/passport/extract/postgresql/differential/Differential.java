package dev.passport.extract.postgresql.differential;

import static java.util.Objects.requireNonNull;

import dev.passport.fixtures.PostgresDatabase;
import dev.passport.model.Action;
import dev.passport.model.PassportException;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.LookupSource;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.evaluation.Row;
import dev.passport.model.evaluation.RowEvaluator;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The comparison at the heart of the differential proof: for one table, one role and one set of
 * session settings, the rows PostgreSQL returns to {@code SET ROLE role} against the rows the
 * evaluator admits out of the same table read as the superuser.
 *
 * <p>Columns first: PostgreSQL's readable columns are those a {@code SELECT column} does not refuse
 * with permission denied (so column grants show), the evaluator's those its decision makes
 * readable. The rows are then compared over those columns as multisets.
 */
final class Differential {
  private static final String PERMISSION_DENIED = "42501";
  private static final int SHOWN_ROWS = 8;

  private final PostgresDatabase database;
  private final Map<String, Optional<List<Row>>> tableRows = new HashMap<>();
  private final Map<String, PostgresSide> postgresSides = new HashMap<>();

  Differential(PostgresDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  /** Forget the rows read so far: the tables have changed. */
  void clearCache() {
    tableRows.clear();
    postgresSides.clear();
  }

  /** One disagreement, readable on its own. */
  record Mismatch(
      String scenario,
      String extraction,
      String role,
      Map<String, String> settings,
      String table,
      String problem,
      List<String> onlyInPostgres,
      List<String> onlyInEvaluator) {
    String describe() {
      StringBuilder text =
          new StringBuilder()
              .append(scenario)
              .append(" [")
              .append(extraction)
              .append("] role ")
              .append(role)
              .append(settings.isEmpty() ? "" : " settings " + settings)
              .append(" table ")
              .append(table)
              .append(": ")
              .append(problem);
      if (!onlyInPostgres.isEmpty()) {
        text.append("\n    only in PostgreSQL: ").append(onlyInPostgres);
      }
      if (!onlyInEvaluator.isEmpty()) {
        text.append("\n    only in evaluator:  ").append(onlyInEvaluator);
      }
      return text.toString();
    }
  }

  /** What one comparison saw, for the statistics of a run. */
  record Outcome(Optional<Mismatch> mismatch, boolean postgresDenied, int postgresRows) {}

  /** A lookup source reading mapping tables as the superuser, as PostgreSQL's catalog has them. */
  LookupSource lookups() {
    return table -> rows(table.schema().orElse("public"), table.table().orElseThrow());
  }

  /** The table's rows as the superuser sees them, empty when it does not exist. */
  Optional<List<Row>> rows(String schema, String table) {
    String key = schema + "." + table;
    Optional<List<Row>> cached = tableRows.get(key);
    if (cached != null) {
      return cached;
    }
    Optional<List<Row>> read;
    try (Connection connection = database.connect()) {
      read =
          Optional.of(
              toRows(PostgresDatabase.query(connection, "SELECT * FROM " + name(schema, table))));
    } catch (SQLException e) {
      read = Optional.empty();
    }
    tableRows.put(key, read);
    return read;
  }

  /**
   * Compares one table for one role and settings variant.
   *
   * @param evaluator the extracted policy set, compiled
   */
  Outcome compare(
      String scenario,
      String extraction,
      Evaluator evaluator,
      String schema,
      String table,
      String role,
      Map<String, String> settings)
      throws SQLException {
    List<Row> all =
        rows(schema, table)
            .orElseThrow(
                () -> new IllegalStateException("Table " + schema + "." + table + " is gone"));
    List<String> columns = columnNames(schema, table);

    // PostgreSQL's side, the same for every extraction compared.
    PostgresSide side = postgresSides.get(schema + "." + table + "|" + role + "|" + settings);
    if (side == null) {
      side = postgresSide(schema, table, role, settings, columns);
      postgresSides.put(schema + "." + table + "|" + role + "|" + settings, side);
    }
    List<String> postgresColumns = side.columns();
    List<Row> postgresRows = side.rows();
    Optional<String> postgresError = side.error();

    // The evaluator's side.
    PrincipalContext context = PrincipalContext.user(role);
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      context = context.withAttribute(setting.getKey(), setting.getValue());
    }
    Securable securable;
    try {
      securable = evaluator.resolveTable(schema + "." + table);
    } catch (PassportException e) {
      securable = Securable.table(schema, table);
    }
    Decision decision = evaluator.decide(context, securable, Action.SELECT);
    List<String> evaluatorColumns = readableColumns(decision, columns);

    String tableName = schema + "." + table;
    if (postgresError.isPresent()) {
      return mismatch(
          scenario,
          extraction,
          role,
          settings,
          tableName,
          "PostgreSQL raised "
              + postgresError.get()
              + "; the evaluator "
              + (decision.allowed() ? "allows " + decision.rowFilter() : "denies"),
          List.of(),
          List.of(),
          postgresColumns.isEmpty());
    }
    if (!postgresColumns.equals(evaluatorColumns)) {
      return mismatch(
          scenario,
          extraction,
          role,
          settings,
          tableName,
          "readable columns differ: PostgreSQL "
              + postgresColumns
              + ", evaluator "
              + evaluatorColumns
              + " ("
              + decision.reasons()
              + ")",
          List.of(),
          List.of(),
          postgresColumns.isEmpty());
    }
    if (postgresColumns.isEmpty()) {
      return new Outcome(Optional.empty(), true, 0);
    }
    LookupSource lookups = lookups();
    List<Row> admitted = new ArrayList<>();
    for (Row row : all) {
      if (RowEvaluator.admits(decision.rowFilter(), row, lookups)) {
        admitted.add(row);
      }
    }
    Map<String, Integer> expected = counts(admitted, postgresColumns);
    Map<String, Integer> actual = counts(postgresRows, postgresColumns);
    if (expected.equals(actual)) {
      return new Outcome(Optional.empty(), false, postgresRows.size());
    }
    return mismatch(
        scenario,
        extraction,
        role,
        settings,
        tableName,
        "PostgreSQL returns "
            + postgresRows.size()
            + " rows, the evaluator admits "
            + admitted.size()
            + " with filter "
            + decision.rowFilter(),
        difference(actual, expected),
        difference(expected, actual),
        false);
  }

  /** What PostgreSQL shows one role: its readable columns, their rows, or the error raised. */
  private record PostgresSide(List<String> columns, List<Row> rows, Optional<String> error) {}

  private PostgresSide postgresSide(
      String schema, String table, String role, Map<String, String> settings, List<String> columns)
      throws SQLException {
    try (Connection connection = database.connectAs(role)) {
      for (Map.Entry<String, String> setting : settings.entrySet()) {
        try (PreparedStatement set =
            connection.prepareStatement("SELECT pg_catalog.set_config(?, ?, false)")) {
          set.setString(1, setting.getKey());
          set.setString(2, setting.getValue());
          set.executeQuery().close();
        }
      }
      List<String> readable = new ArrayList<>();
      try {
        return new PostgresSide(
            columns,
            toRows(PostgresDatabase.query(connection, "SELECT * FROM " + name(schema, table))),
            Optional.empty());
      } catch (SQLException e) {
        if (!PERMISSION_DENIED.equals(e.getSQLState())) {
          return new PostgresSide(columns, List.of(), Optional.of(describe(e)));
        }
      }
      // Refused as a whole: column grants may still allow some columns, one by one.
      for (String column : columns) {
        try {
          PostgresDatabase.query(
              connection,
              "SELECT "
                  + PostgresDatabase.quoteIdentifier(column)
                  + " FROM "
                  + name(schema, table)
                  + " LIMIT 0");
          readable.add(column);
        } catch (SQLException e) {
          if (!PERMISSION_DENIED.equals(e.getSQLState())) {
            return new PostgresSide(readable, List.of(), Optional.of(describe(e)));
          }
        }
      }
      if (readable.isEmpty()) {
        return new PostgresSide(readable, List.of(), Optional.empty());
      }
      try {
        return new PostgresSide(
            readable,
            toRows(
                PostgresDatabase.query(
                    connection, "SELECT " + list(readable) + " FROM " + name(schema, table))),
            Optional.empty());
      } catch (SQLException e) {
        return new PostgresSide(readable, List.of(), Optional.of(describe(e)));
      }
    }
  }

  private static String describe(SQLException e) {
    return e.getSQLState() + " " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
  }

  private static Outcome mismatch(
      String scenario,
      String extraction,
      String role,
      Map<String, String> settings,
      String table,
      String problem,
      List<String> onlyInPostgres,
      List<String> onlyInEvaluator,
      boolean denied) {
    return new Outcome(
        Optional.of(
            new Mismatch(
                scenario,
                extraction,
                role,
                settings,
                table,
                problem,
                onlyInPostgres,
                onlyInEvaluator)),
        denied,
        0);
  }

  /**
   * The columns the decision makes readable, in table order. A column the decision does not name is
   * readable only when the table as a whole is allowed, as {@link RowEvaluator#maskRow} has it.
   */
  static List<String> readableColumns(Decision decision, List<String> columns) {
    if (!decision.allowed()) {
      return List.of();
    }
    boolean wholeTable =
        decision.grantedBy().isEmpty()
            || decision.grantedBy().get().securable().level() != SecurableLevel.COLUMN;
    List<String> readable = new ArrayList<>();
    for (String column : columns) {
      ColumnDecision columnDecision = decision.columns().get(column);
      if (columnDecision == null ? wholeTable : columnDecision.readable()) {
        readable.add(column);
      }
    }
    return readable;
  }

  private List<String> columnNames(String schema, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT a.attname FROM pg_catalog.pg_attribute a"
                    + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0"
                    + " AND NOT a.attisdropped ORDER BY a.attnum")) {
      statement.setString(1, schema);
      statement.setString(2, table);
      try (java.sql.ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          names.add(result.getString(1));
        }
      }
    }
    return names;
  }

  static String name(String schema, String table) {
    return PostgresDatabase.quoteIdentifier(schema) + "." + PostgresDatabase.quoteIdentifier(table);
  }

  private static String list(List<String> columns) {
    List<String> quoted = new ArrayList<>();
    for (String column : columns) {
      quoted.add(PostgresDatabase.quoteIdentifier(column));
    }
    return String.join(", ", quoted);
  }

  /** JDBC values as the evaluator's value types. */
  static List<Row> toRows(List<Map<String, Object>> rows) {
    List<Row> converted = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      Map<String, Object> values = new LinkedHashMap<>();
      row.forEach((column, value) -> values.put(column, convert(value)));
      converted.add(Row.of(values));
    }
    return Collections.unmodifiableList(converted);
  }

  static Object convert(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof BigDecimal
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return new BigDecimal(value.toString());
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    return value.toString();
  }

  private static Map<String, Integer> counts(List<Row> rows, List<String> columns) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Row row : rows) {
      Map<String, Object> projected = new LinkedHashMap<>();
      for (String column : columns) {
        projected.put(column, row.value(column));
      }
      counts.merge(projected.toString(), 1, Integer::sum);
    }
    return counts;
  }

  /** Rows (with multiplicity) in {@code left} but not {@code right}, the first few. */
  private static List<String> difference(Map<String, Integer> left, Map<String, Integer> right) {
    List<String> result = new ArrayList<>();
    int total = 0;
    for (Map.Entry<String, Integer> entry : left.entrySet()) {
      int extra = entry.getValue() - right.getOrDefault(entry.getKey(), 0);
      if (extra > 0) {
        total += extra;
        if (result.size() < SHOWN_ROWS) {
          result.add(extra == 1 ? entry.getKey() : extra + " x " + entry.getKey());
        }
      }
    }
    if (total > result.size()) {
      result.add("… " + total + " rows in all");
    }
    return result;
  }
}
