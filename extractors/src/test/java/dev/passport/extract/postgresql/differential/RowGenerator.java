package dev.passport.extract.postgresql.differential;

import dev.passport.fixtures.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Fills a table with deterministic rows: the same scenario always gets the same rows. Values are
 * bound as text and cast by PostgreSQL to the column's type, so one code path serves every type.
 * Besides the ordinary values it draws edge values on purpose: NULL in every nullable column, zero,
 * negative numbers, the integer extremes, the empty string, strings holding LIKE wildcards, quotes
 * and upper case, and the first and last day of a year.
 */
final class RowGenerator {
  private static final List<String> WORDS =
      List.of("alpha", "beta", "gamma", "Alpha", "BETA", "", "a%b", "a_b", "o'neil", " lead", "z");
  private static final LocalDate FIRST_DAY = LocalDate.of(2023, 12, 1);

  private RowGenerator() {}

  private record ColumnType(String name, String type, boolean notNull) {}

  /** Inserts {@code count} rows into {@code public.table} as the superuser. */
  static void fill(
      PostgresDatabase database,
      String table,
      int count,
      Map<String, Scenario.ColumnSpec> specs,
      long seed)
      throws SQLException {
    try (Connection connection = database.connect()) {
      List<ColumnType> columns = columns(connection, table);
      StringBuilder sql = new StringBuilder("INSERT INTO public.");
      sql.append(PostgresDatabase.quoteIdentifier(table)).append(" (");
      StringBuilder values = new StringBuilder();
      for (int index = 0; index < columns.size(); index++) {
        ColumnType column = columns.get(index);
        sql.append(index == 0 ? "" : ", ").append(PostgresDatabase.quoteIdentifier(column.name()));
        values
            .append(index == 0 ? "" : ", ")
            .append("CAST(? AS ")
            .append(column.type())
            .append(')');
      }
      sql.append(") VALUES (").append(values).append(')');
      Random random = new Random(seed);
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
        for (int row = 0; row < count; row++) {
          for (int index = 0; index < columns.size(); index++) {
            ColumnType column = columns.get(index);
            Scenario.ColumnSpec spec = specs.get(table + "." + column.name());
            insert.setString(index + 1, value(column, spec, row, random));
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
    }
  }

  private static List<ColumnType> columns(Connection connection, String table) throws SQLException {
    List<ColumnType> columns = new ArrayList<>();
    for (Map<String, Object> row :
        PostgresDatabase.query(
            connection,
            "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,"
                + " a.attnotnull FROM pg_catalog.pg_attribute a"
                + " WHERE a.attrelid = 'public."
                + PostgresDatabase.quoteIdentifier(table).replace("'", "''")
                + "'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
      columns.add(
          new ColumnType(
              (String) row.get("attname"),
              (String) row.get("type"),
              (Boolean) row.get("attnotnull")));
    }
    return columns;
  }

  private static String value(ColumnType column, Scenario.ColumnSpec spec, int row, Random random) {
    boolean nullable = !column.notNull();
    if (spec != null) {
      if (spec.isRange()) {
        if (nullable && random.nextInt(100) < 8) {
          return null;
        }
        return Long.toString(
            spec.minimum() + (long) random.nextInt((int) (spec.maximum() - spec.minimum() + 1)));
      }
      String picked = spec.pool().get(random.nextInt(spec.pool().size()));
      return picked == null && !nullable ? spec.pool().get(0) : picked;
    }
    String type = column.type().toLowerCase(Locale.ROOT);
    if (column.name().equals("id")) {
      return Integer.toString(row + 1);
    }
    if (nullable && random.nextInt(100) < 8) {
      return null;
    }
    int edge = random.nextInt(100);
    if (type.equals("integer") || type.equals("bigint") || type.equals("smallint")) {
      if (edge < 10) {
        List<String> edges =
            type.equals("smallint")
                ? List.of("0", "-1", "32767", "-32768")
                : List.of("0", "-1", "2147483647", "-2147483648");
        return edges.get(random.nextInt(edges.size()));
      }
      return Integer.toString(random.nextInt(121) - 20);
    }
    if (type.startsWith("numeric")) {
      if (edge < 10) {
        return edge < 5 ? "0" : "0.01";
      }
      return Long.toString(random.nextInt(200_001) - 100_000) + "e-2";
    }
    if (type.equals("text") || type.startsWith("character varying")) {
      String word = WORDS.get(random.nextInt(WORDS.size()));
      int open = type.indexOf('(');
      if (open > 0) {
        int limit = Integer.parseInt(type.substring(open + 1, type.indexOf(')')));
        word = word.substring(0, Math.min(limit, word.length()));
      }
      return word;
    }
    if (type.equals("boolean")) {
      return Boolean.toString(random.nextBoolean());
    }
    if (type.equals("date")) {
      if (edge < 10) {
        return edge < 5 ? "2024-01-01" : "2024-12-31";
      }
      return FIRST_DAY.plusDays(random.nextInt(430)).toString();
    }
    if (type.startsWith("timestamp")) {
      return FIRST_DAY
          .plusDays(random.nextInt(430))
          .atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60))
          .toString()
          .replace('T', ' ');
    }
    if (nullable) {
      return null;
    }
    throw new IllegalArgumentException(
        "No generator for column " + column.name() + " of type " + column.type());
  }
}
