package dev.passport.engine.trino;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The rows both sides read: a few hundred accounts whose text holds what breaks SQL and string
 * functions (quotes, comment markers, NULL and the empty string, non-Latin-1 text, a surrogate
 * pair, title case, non-ASCII digits), extreme numbers and dates; and the members of some accounts.
 */
final class SeededTables {
  static final String HOSTILE_TENANT = "x' OR '1'='1";
  static final String DROP_TENANT = "acme'; DROP TABLE memory.app.accounts; --";
  static final String UNICODE_TENANT = "/* ü */ 𝄞 -- Ω";

  static final List<String> SPECIAL_TEXT =
      Arrays.asList(
          null,
          "",
          "'",
          "''",
          "O'Brien; --",
          HOSTILE_TENANT,
          "/* c */ -- d",
          "Zoë Ünïcode",
          "ÅSA ßtraße 42",
          "日本語テキスト",
          "😀 smile",
          "𝐀𝐛𝟏 math",
          "٣٤ arabic digits",
          "１２ fullwidth",
          "ǅ titlecase",
          "tab\tnew\nline",
          "ann.lee@acme.example",
          "e@x@globex.example",
          "no-at-sign",
          "@",
          "x@",
          "a",
          "ab",
          "back\\slash",
          "%_like",
          "İstanbul",
          "ﬁ ligature",
          "123-45-6789");

  static final List<String> TENANTS =
      Arrays.asList(
          "acme", "globex", "initech", HOSTILE_TENANT, DROP_TENANT, UNICODE_TENANT, "", null);

  /** Column name → Trino type, in table order. */
  static final Map<String, String> ACCOUNT_COLUMNS = accountColumns();

  static final Map<String, String> MEMBER_COLUMNS =
      orderedMap("account_id", "integer", "member", "varchar");

  static final Map<String, String> SECRET_COLUMNS =
      orderedMap("id", "integer", "secret", "varchar");

  private SeededTables() {}

  private static Map<String, String> accountColumns() {
    return orderedMap(
        "id", "integer",
        "tenant", "varchar",
        "owner", "varchar",
        "email", "varchar",
        "ssn", "varchar",
        "note", "varchar",
        "code", "varchar(12)",
        "region", "varchar",
        "balance", "decimal(12,2)",
        "big", "bigint",
        "score", "double",
        "created", "date",
        "seen", "timestamp(6)");
  }

  private static Map<String, String> orderedMap(String... entries) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int index = 0; index < entries.length; index += 2) {
      map.put(entries[index], entries[index + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  static List<Object[]> accounts() {
    Random random = new Random(20_261_124L);
    List<BigDecimal> balances =
        List.of(
            new BigDecimal("0.00"),
            new BigDecimal("-0.05"),
            new BigDecimal("0.05"),
            new BigDecimal("0.15"),
            new BigDecimal("-0.15"),
            new BigDecimal("9999999999.99"),
            new BigDecimal("-9999999999.99"),
            new BigDecimal("1234.56"));
    List<Long> bigs = List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L);
    List<Double> scores = List.of(0.1, -0.0, 1e-5, 1e10, 2.675, -1.5, 123456.789, 0.5);
    List<LocalDate> dates =
        List.of(
            LocalDate.of(1970, 1, 1),
            LocalDate.of(2024, 2, 29),
            LocalDate.of(1, 1, 1),
            LocalDate.of(9999, 12, 31),
            LocalDate.of(1969, 12, 31),
            LocalDate.of(2023, 1, 1));
    List<LocalDateTime> timestamps =
        List.of(
            LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000),
            LocalDateTime.of(1970, 1, 1, 0, 0),
            LocalDateTime.of(2023, 12, 31, 12, 0, 0, 500_000_000),
            LocalDateTime.of(1900, 6, 15, 6, 30, 1, 123_456_000));
    List<String> regions = Arrays.asList("emea", "apac", "amer", null);
    List<Object[]> rows = new ArrayList<>();
    for (int id = 1; id <= 320; id++) {
      String tenant = TENANTS.get(id % TENANTS.size());
      String owner = id % 3 == 0 ? special(random) : "Owner " + id;
      String email = id % 4 == 0 ? special(random) : "user" + id + "@corp" + (id % 7) + ".example";
      String ssn =
          id % 5 == 0
              ? special(random)
              : String.format(
                  "%03d-%02d-%04d",
                  random.nextInt(1000), random.nextInt(100), random.nextInt(10000));
      String note = id % 2 == 0 ? "ref " + random.nextInt(100_000) + " " + special(random) : null;
      String code = id % 6 == 0 ? null : "C-" + id;
      String region = regions.get(id % regions.size());
      BigDecimal balance =
          id % 9 == 0
              ? null
              : id % 3 == 0
                  ? balances.get(random.nextInt(balances.size()))
                  : BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, 2);
      Long big = id % 4 == 1 ? bigs.get(random.nextInt(bigs.size())) : random.nextLong();
      Double score =
          id % 8 == 0 ? null : id % 2 == 0 ? scores.get(random.nextInt(scores.size())) : id / 7.0;
      LocalDate created =
          id % 10 == 0
              ? null
              : id % 3 == 0
                  ? dates.get(random.nextInt(dates.size()))
                  : LocalDate.of(1950, 1, 1).plusDays(random.nextInt(60_000));
      LocalDateTime seen =
          id % 11 == 0
              ? null
              : id % 3 == 0
                  ? timestamps.get(random.nextInt(timestamps.size()))
                  : LocalDateTime.of(2000, 1, 1, 0, 0)
                      .plusSeconds(random.nextInt(900_000_000))
                      .plusNanos(random.nextInt(1_000_000) * 1000L);
      rows.add(
          new Object[] {
            id, tenant, owner, email, ssn, note, code, region, balance, big, score, created, seen
          });
    }
    return rows;
  }

  static List<Object[]> members() {
    List<Object[]> rows = new ArrayList<>();
    for (int id = 1; id <= 320; id++) {
      if (id % 3 != 0) {
        rows.add(new Object[] {id, "m" + id});
      }
      if (id % 7 == 0) {
        rows.add(new Object[] {id, "hidden"});
      }
      if (id % 13 == 0) {
        rows.add(new Object[] {id, SPECIAL_TEXT.get(id % SPECIAL_TEXT.size())});
      }
    }
    rows.add(new Object[] {9999, "orphan"});
    return rows;
  }

  static List<Object[]> secrets() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1, "launch code"});
    rows.add(new Object[] {2, "O'Brien's diary"});
    return rows;
  }

  private static String special(Random random) {
    return SPECIAL_TEXT.get(random.nextInt(SPECIAL_TEXT.size()));
  }

  /** CREATE TABLE and one INSERT … VALUES for {@code rows} into {@code catalog.schema.table}. */
  static void load(
      RunningTrino trino,
      String qualifiedTable,
      Map<String, String> columns,
      List<? extends List<?>> rows) {
    List<String> definitions = new ArrayList<>();
    columns.forEach((name, type) -> definitions.add(name + " " + type));
    trino.execute("CREATE TABLE " + qualifiedTable + " (" + String.join(", ", definitions) + ")");
    if (rows.isEmpty()) {
      return;
    }
    List<String> types = new ArrayList<>(columns.values());
    List<String> tuples = new ArrayList<>();
    for (List<?> row : rows) {
      List<String> literals = new ArrayList<>();
      for (int index = 0; index < row.size(); index++) {
        literals.add(TrinoValues.literal(row.get(index), types.get(index)));
      }
      tuples.add("(" + String.join(", ", literals) + ")");
    }
    trino.execute("INSERT INTO " + qualifiedTable + " VALUES " + String.join(",\n", tuples));
  }

  static List<List<Object>> asLists(List<Object[]> rows) {
    List<List<Object>> result = new ArrayList<>();
    for (Object[] row : rows) {
      result.add(Arrays.asList(row));
    }
    return result;
  }
}
