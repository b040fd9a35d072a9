package dev.passport.engine.spark;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The seeded tables both Spark test classes load: a few hundred rows whose columns cycle through
 * awkward values (NULL, empty text, quotes, backslashes, comment markers, non-Latin-1 letters,
 * surrogate pairs, title-case letters, non-ASCII digits, negative and extreme numbers, dates before
 * the Gregorian switch and at the end of the calendar) with co-prime strides, so most combinations
 * meet.
 */
final class SeedRows {
  static final int PEOPLE = 331;
  static final int ORDERS = 197;

  /** {@code app.people}: name, Spark type, the type the policy set records. */
  static final List<String[]> PEOPLE_COLUMNS =
      List.of(
          new String[] {"id", "int"},
          new String[] {"tenant", "string"},
          new String[] {"name", "string"},
          new String[] {"email", "string"},
          new String[] {"ssn", "string"},
          new String[] {"note", "string"},
          new String[] {"balance", "decimal(12,2)"},
          new String[] {"score", "bigint"},
          new String[] {"ratio", "double"},
          new String[] {"born", "date"},
          new String[] {"seen", "timestamp_ntz"},
          new String[] {"active", "boolean"});

  static final List<String[]> ORDERS_COLUMNS =
      List.of(
          new String[] {"order_id", "int"},
          new String[] {"person_id", "int"},
          new String[] {"amount", "decimal(10,2)"},
          new String[] {"memo", "string"});

  static final List<String> TENANTS =
      Arrays.asList(
          "acme",
          "globex",
          "initech",
          "acme' OR '1'='1",
          "a\\' OR 1=1 --",
          "ACME",
          "",
          null,
          "ü'ñ /* x */ 𝄞");

  private static final List<String> NAMES =
      Arrays.asList(
          null,
          "",
          "Ann",
          "O'Brien",
          "Zoë O''Brien; --",
          "ÅSA ßtraße 42",
          "Ελληνικά Κείμενο",
          "日本語テキスト",
          "emoji 😀 pair",
          "𝄞 clef",
          "back\\slash \\' \\\\",
          "tab\tnew\nline",
          "a%b_c",
          "MiXeD 123 CaSe",
          "ǅungla ǈ",
          "١٢٣ arabic digits",
          "   spaces  ",
          "--comment",
          "/* block */",
          "x'; DROP TABLE app.people; --",
          "e\u0301 combining",
          "ﬁ ligature",
          "sam");

  private static final List<String> EMAILS =
      Arrays.asList(
          null,
          "",
          "ann@acme.example",
          "no-at-sign",
          "a@b@c.example",
          "@leading",
          "trailing@",
          "ünï@cödé.example",
          "😀@emoji.example",
          "quote'o@x.example",
          "back\\slash@x.example");

  private static final List<String> SSNS =
      Arrays.asList(
          null,
          "",
          "1",
          "12",
          "1234",
          "12345",
          "123-45-6789",
          "ÄÖÜ-äöü-123",
          "😀😀😀😀😀",
          "𝄞𝄞a");

  private static final List<String> NOTES =
      Arrays.asList(
          null,
          "",
          "call 555-1234",
          "secret_plan",
          "secretXplan",
          "no digits",
          "٣ arabic-indic digit",
          "𝟘 math digit",
          "$1 and \\1 and $",
          "x@y z@w");

  private static final List<BigDecimal> BALANCES =
      Arrays.asList(
          null,
          new BigDecimal("0.00"),
          new BigDecimal("0.01"),
          new BigDecimal("-0.01"),
          new BigDecimal("1234.56"),
          new BigDecimal("-5.55"),
          new BigDecimal("9999999999.99"),
          new BigDecimal("-9999999999.99"),
          new BigDecimal("0.50"),
          new BigDecimal("-0.50"),
          new BigDecimal("2.45"),
          new BigDecimal("-2.45"),
          new BigDecimal("1.05"),
          new BigDecimal("150.00"));

  private static final List<Long> SCORES =
      Arrays.asList(
          null,
          0L,
          1L,
          -1L,
          499L,
          500L,
          -500L,
          1500L,
          -1500L,
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          123456789012345L);

  private static final List<Double> RATIOS =
      Arrays.asList(null, 0.0, -0.0, 1.0, 0.1, -2.5, 1.0e-5, 12345678.9, 1.0e10, 1.0e20, 3.14159);

  private static final List<LocalDate> DATES =
      Arrays.asList(
          null,
          LocalDate.of(1, 1, 1),
          LocalDate.of(1582, 10, 4),
          LocalDate.of(1582, 10, 15),
          LocalDate.of(1900, 2, 28),
          LocalDate.of(1970, 1, 1),
          LocalDate.of(2000, 2, 29),
          LocalDate.of(2024, 2, 29),
          LocalDate.of(2024, 12, 31),
          LocalDate.of(9999, 12, 31),
          LocalDate.of(2023, 1, 1),
          LocalDate.of(2023, 1, 2));

  private static final List<LocalDateTime> TIMESTAMPS =
      Arrays.asList(
          null,
          LocalDateTime.parse("2024-02-29T13:14:15.5"),
          LocalDateTime.parse("2023-12-31T23:59:59.999999"),
          LocalDateTime.parse("1970-01-01T00:00:00"),
          LocalDateTime.parse("0001-01-01T00:00:00.000001"),
          LocalDateTime.parse("9999-12-31T23:59:59.999999"),
          LocalDateTime.parse("2024-05-15T08:00:01.123456"),
          LocalDateTime.parse("2024-11-11T11:11:11"),
          LocalDateTime.parse("1582-10-10T12:00:00"),
          LocalDateTime.parse("2023-01-01T00:00:00.1"));

  private static final List<Boolean> FLAGS = Arrays.asList(null, true, false, true);

  private static final List<String> MEMOS =
      Arrays.asList(
          null, "", "gift", "refund 42", "Ünïcödé 😀", "it's \\ fine", "ann@acme.example", "7");

  private SeedRows() {}

  static List<Object[]> people() {
    List<Object[]> rows = new ArrayList<>();
    for (int id = 1; id <= PEOPLE; id++) {
      rows.add(
          new Object[] {
            id,
            TENANTS.get((id * 7) % TENANTS.size()),
            NAMES.get(id % NAMES.size()),
            EMAILS.get((id * 3) % EMAILS.size()),
            SSNS.get((id * 11) % SSNS.size()),
            NOTES.get((id * 13) % NOTES.size()),
            BALANCES.get((id * 5) % BALANCES.size()),
            SCORES.get(id % SCORES.size()),
            RATIOS.get((id * 17) % RATIOS.size()),
            DATES.get((id * 19) % DATES.size()),
            TIMESTAMPS.get((id * 23) % TIMESTAMPS.size()),
            FLAGS.get((id / 3) % FLAGS.size())
          });
    }
    return rows;
  }

  static List<Object[]> orders() {
    List<Object[]> rows = new ArrayList<>();
    for (int id = 1; id <= ORDERS; id++) {
      BigDecimal amount = BALANCES.get((id * 3) % BALANCES.size());
      rows.add(
          new Object[] {
            1000 + id,
            // Some orders belong to nobody, several people have several orders.
            id % 10 == 0 ? null : (id * 37) % (PEOPLE + 20),
            amount == null ? null : amount.movePointLeft(2).setScale(2, RoundingMode.DOWN),
            MEMOS.get(id % MEMOS.size())
          });
    }
    return rows;
  }

  static List<String> names(List<String[]> columns) {
    List<String> names = new ArrayList<>();
    for (String[] column : columns) {
      names.add(column[0]);
    }
    return names;
  }

  /** Loads rows as a parquet table of the in-memory catalog. */
  static void load(
      SparkSession session, String table, List<String[]> columns, List<Object[]> rows) {
    List<StructField> fields = new ArrayList<>();
    for (String[] column : columns) {
      fields.add(DataTypes.createStructField(column[0], sparkType(column[1]), true));
    }
    List<Row> sparkRows = new ArrayList<>();
    for (Object[] row : rows) {
      sparkRows.add(RowFactory.create(row));
    }
    Dataset<Row> frame =
        session.createDataFrame(sparkRows, new StructType(fields.toArray(new StructField[0])));
    frame.write().format("parquet").saveAsTable(table);
  }

  private static org.apache.spark.sql.types.DataType sparkType(String type) {
    if (type.startsWith("decimal(")) {
      String[] digits = type.substring("decimal(".length(), type.length() - 1).split(",");
      return DataTypes.createDecimalType(
          Integer.parseInt(digits[0].trim()), Integer.parseInt(digits[1].trim()));
    }
    return switch (type) {
      case "int" -> DataTypes.IntegerType;
      case "bigint" -> DataTypes.LongType;
      case "double" -> DataTypes.DoubleType;
      case "string" -> DataTypes.StringType;
      case "date" -> DataTypes.DateType;
      case "timestamp_ntz" -> DataTypes.TimestampNTZType;
      case "boolean" -> DataTypes.BooleanType;
      default -> throw new IllegalArgumentException("No Spark type for " + type);
    };
  }
}
