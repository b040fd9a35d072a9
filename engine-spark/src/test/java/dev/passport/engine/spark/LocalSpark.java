package dev.passport.engine.spark;

import dev.passport.model.evaluation.Transforms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A real Apache Spark, in this JVM: one local executor thread, no UI, no Hive, an in-memory catalog
 * over a temporary warehouse directory, UTC sessions and the java.time API, so dates before 1582
 * and timestamps without time zone come back as the LocalDate and LocalDateTime the JVM side uses.
 */
final class LocalSpark implements AutoCloseable {
  private final SparkSession session;
  private final Path warehouse;

  private LocalSpark(SparkSession session, Path warehouse) {
    this.session = session;
    this.warehouse = warehouse;
  }

  static LocalSpark start(String name) {
    Path warehouse;
    try {
      warehouse = Files.createTempDirectory("passport-spark-");
    } catch (IOException exception) {
      throw new UncheckedIOException(exception);
    }
    SparkSession session =
        SparkSession.builder()
            .appName(name)
            .master("local[1]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.default.parallelism", "1")
            // Tiny inputs: adaptive planning only adds stages.
            .config("spark.sql.adaptive.enabled", "false")
            .config("spark.sql.catalogImplementation", "in-memory")
            .config("spark.sql.warehouse.dir", warehouse.resolve("warehouse").toUri().toString())
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.datetime.java8API.enabled", "true")
            // Proleptic Gregorian throughout, as java.time is: no rebasing of ancient dates.
            .config("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
            .config("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED")
            .config("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED")
            .config("spark.sql.parquet.int96RebaseModeInRead", "CORRECTED")
            .getOrCreate();
    return new LocalSpark(session, warehouse);
  }

  SparkSession session() {
    return session;
  }

  /** The rows of a query, every value in the text form the comparisons use. */
  List<List<String>> rows(String sql) {
    return texts(session.sql(sql).collectAsList());
  }

  List<String> columns(String sql) {
    return List.of(session.sql(sql).columns());
  }

  static List<List<String>> texts(List<Row> rows) {
    List<List<String>> result = new ArrayList<>();
    for (Row row : rows) {
      List<String> values = new ArrayList<>();
      for (int index = 0; index < row.length(); index++) {
        values.add(Values.text(row.get(index)));
      }
      result.add(values);
    }
    return result;
  }

  @Override
  public void close() {
    session.stop();
    try (Stream<Path> paths = Files.walk(warehouse)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException exception) {
      throw new UncheckedIOException(exception);
    }
  }

  /** Value texts shared by the Spark side and the JVM side of every comparison. */
  static final class Values {
    private Values() {}

    /**
     * Text as it is, byte for byte; numbers by value (a decimal's scale is the column type's, not
     * the masked value's: {@code round(decimal(12,2), 0)} inside a CASE with an unrounded branch
     * keeps two places); dates and timestamps as the evaluator writes them. NULL stays distinct
     * from every text.
     */
    static String text(Object value) {
      if (value == null) {
        return "<NULL>";
      }
      if (value instanceof String string) {
        return "'" + string + "'";
      }
      if (value instanceof BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
      }
      if (value instanceof Integer || value instanceof Long || value instanceof Short) {
        return Long.toString(((Number) value).longValue());
      }
      if (value instanceof LocalDate || value instanceof LocalDateTime) {
        return Transforms.text(value);
      }
      if (value instanceof Double || value instanceof Float) {
        return text(BigDecimal.valueOf(((Number) value).doubleValue()));
      }
      if (value instanceof java.time.Instant instant) {
        // A TIMESTAMP WITH LOCAL TIME ZONE where the JVM has none: kept distinct on purpose.
        return instant + " (instant)";
      }
      if (value instanceof Boolean) {
        return value.toString();
      }
      throw new IllegalArgumentException(
          "No comparison text for " + value.getClass().getName() + ": " + value);
    }
  }
}
