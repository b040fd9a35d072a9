package dev.passport.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.DateUnit;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.PassportException;
import dev.passport.model.SaltScope;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Transforms;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import dev.passport.translate.sql.TransformSqlPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every transform's Spark SQL form, run on a real Spark 3.5 over every column type of the seeded
 * table, gives byte for byte the text the JVM transforms give ({@link Transforms}, which the row
 * masker uses and which is proved against PostgreSQL); where Spark cannot give it, the printer
 * refuses, and only there.
 */
class TestTransformSqlOnSpark {
  private static final String SALT = "s@lt 'ü' \\ --";
  private static final int BATCH = 6;
  private static LocalSpark spark;
  private static List<Object[]> people;

  @BeforeAll
  static void startSpark() {
    long start = System.nanoTime();
    spark = LocalSpark.start("TestTransformSqlOnSpark");
    long started = System.nanoTime();
    spark.session().sql("CREATE DATABASE app");
    people = SeedRows.people();
    SeedRows.load(spark.session(), "app.people", SeedRows.PEOPLE_COLUMNS, people);
    System.out.printf(
        "Spark started in %d ms, table loaded in %d ms%n",
        (started - start) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.close();
    }
  }

  /**
   * Spark writes a double's shortest Java form (1.0E-5, 1.0E10, -0.0) where the evaluator writes a
   * plain decimal, so every transform of a double's text is refused in Spark SQL.
   */
  private static TreeSet<String> expectedRefusals() {
    TreeSet<String> expected = new TreeSet<>();
    for (Transform transform : transforms()) {
      switch (transform.kind()) {
        case HASH, PARTIAL, MASK_CHARACTERS, EMAIL, REGEX_REPLACE ->
            expected.add(transform + " on double");
        case IDENTITY, NULLIFY, CONSTANT, DATE_TRUNCATE, ROUND, EXPRESSION -> {}
      }
    }
    return expected;
  }

  private static List<Transform> transforms() {
    return List.of(
        new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
        new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL),
        new Transform.Hash(HashAlgorithm.SHA512, SaltScope.NONE),
        new Transform.Hash(HashAlgorithm.SHA1, SaltScope.GLOBAL),
        new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE),
        new Transform.Partial(2, 2, "#", FillMode.EACH_CHARACTER),
        new Transform.Partial(3, 0, "…", FillMode.ONCE),
        new Transform.Partial(0, 4, "X", FillMode.EACH_CHARACTER),
        new Transform.Partial(1, 1, "😀'", FillMode.ONCE),
        new Transform.MaskCharacters(),
        new Transform.Email(),
        new Transform.RegexReplace("[0-9]", "#"),
        new Transform.RegexReplace("(\\w+)@(\\w+)", "$2 at $1"),
        new Transform.RegexReplace("\\p{L}+", "'\\\\'"),
        new Transform.Constant(Expressions.literal("redacted' --")),
        new Transform.Constant(Expressions.literal(0)),
        new Transform.Constant(Expressions.literal(LocalDate.of(2000, 1, 1))),
        new Transform.Nullify(),
        new Transform.DateTruncate(DateUnit.YEAR),
        new Transform.DateTruncate(DateUnit.QUARTER),
        new Transform.DateTruncate(DateUnit.MONTH),
        new Transform.DateTruncate(DateUnit.WEEK),
        new Transform.DateTruncate(DateUnit.DAY),
        new Transform.DateTruncate(DateUnit.HOUR),
        new Transform.DateTruncate(DateUnit.MINUTE),
        new Transform.DateTruncate(DateUnit.SECOND),
        new Transform.Round(0),
        new Transform.Round(1),
        new Transform.Round(3),
        new Transform.Round(-2));
  }

  @Test
  void testEveryTransformOnEveryColumnTypeMatchesTheJvmByteForByte() throws IOException {
    EvaluationOptions options = EvaluationOptions.defaults().withSalt(SALT);
    List<String> mismatches = new ArrayList<>();
    TreeSet<String> refused = new TreeSet<>();
    int compared = 0;
    List<Transform> all = transforms();
    // Several transforms per query: each Spark query costs planning and code generation.
    for (int from = 0; from < all.size(); from += BATCH) {
      List<Transform> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      List<Function<Object, Object>> functions = new ArrayList<>();
      List<int[]> targets = new ArrayList<>();
      List<String> expressions = new ArrayList<>();
      for (int member = 0; member < batch.size(); member++) {
        Transform transform = batch.get(member);
        Function<Object, Object> jvm = Transforms.function(transform, options);
        functions.add(jvm);
        for (int index = 1; index < SeedRows.PEOPLE_COLUMNS.size(); index++) {
          String[] column = SeedRows.PEOPLE_COLUMNS.get(index);
          if (!jvmApplies(jvm, index)) {
            continue;
          }
          try {
            expressions.add(
                TransformSqlPrinter.print(
                    transform,
                    SqlDialect.SPARK,
                    ExpressionPrinter.identifier(column[0], SqlDialect.SPARK),
                    Optional.of(column[1]),
                    SALT));
            targets.add(new int[] {member, index});
          } catch (PassportException exception) {
            assertThat(exception.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
            refused.add(transform + " on " + column[1]);
          }
        }
      }
      StringBuilder sql = new StringBuilder("SELECT id");
      for (int position = 0; position < expressions.size(); position++) {
        sql.append(", ").append(expressions.get(position)).append(" AS c").append(position);
      }
      sql.append(" FROM app.people ORDER BY id");
      List<List<String>> rows = spark.rows(sql.toString());
      assertThat(rows).hasSize(people.size());
      for (int rowIndex = 0; rowIndex < rows.size(); rowIndex++) {
        Object[] raw = people.get(rowIndex);
        assertThat(rows.get(rowIndex).get(0)).isEqualTo(String.valueOf(raw[0]));
        for (int position = 0; position < targets.size(); position++) {
          int member = targets.get(position)[0];
          int index = targets.get(position)[1];
          String expected = LocalSpark.Values.text(functions.get(member).apply(raw[index]));
          String actual = rows.get(rowIndex).get(position + 1);
          compared++;
          if (!expected.equals(actual)) {
            mismatches.add(
                batch.get(member)
                    + " on "
                    + SeedRows.PEOPLE_COLUMNS.get(index)[1]
                    + " "
                    + LocalSpark.Values.text(raw[index])
                    + ": Spark "
                    + actual
                    + ", JVM "
                    + expected
                    + "   via "
                    + expressions.get(position));
          }
        }
      }
    }
    System.out.println("Compared " + compared + " values; refused: " + refused);
    // Every disagreement, for reading when the assertion's sample is not enough.
    Files.write(Path.of("target", "spark-transform-mismatches.txt"), mismatches);
    assertThat(mismatches)
        .as("%d mismatches, the first: %s", mismatches.size(), first(mismatches))
        .isEmpty();
    assertThat(refused).isEqualTo(expectedRefusals());
  }

  @Test
  void testTimestampTruncationIgnoresTheSessionTimeZone() {
    // 02:30 on 2024-03-10 does not exist in New York: a TIMESTAMP (local time zone) moves it.
    LocalDateTime inGap = LocalDateTime.parse("2024-03-10T02:30:45.25");
    spark.session().conf().set("spark.sql.session.timeZone", "America/New_York");
    try {
      for (DateUnit unit : DateUnit.values()) {
        Transform transform = new Transform.DateTruncate(unit);
        String printed =
            TransformSqlPrinter.print(
                transform, SqlDialect.SPARK, "t", Optional.of("timestamp_ntz"), "");
        String sql =
            "SELECT " + printed + " FROM VALUES (TIMESTAMP_NTZ '2024-03-10 02:30:45.25') AS v(t)";
        assertThat(spark.rows(sql))
            .as(sql)
            .containsExactly(List.of(LocalSpark.Values.text(Transforms.apply(transform, inGap))));
      }
      // What the printer no longer writes: Spark's own date_trunc answers 03:00, an instant.
      assertThat(
              spark.rows(
                  "SELECT CAST(date_trunc('hour', t) AS STRING) FROM VALUES"
                      + " (TIMESTAMP_NTZ '2024-03-10 02:30:45.25') AS v(t)"))
          .containsExactly(List.of("'2024-03-10 03:00:00'"));
    } finally {
      spark.session().conf().set("spark.sql.session.timeZone", "UTC");
    }
  }

  private static String first(List<String> mismatches) {
    return String.join("\n", mismatches.subList(0, Math.min(40, mismatches.size())));
  }

  /** Whether the JVM transform accepts every value of the column (Round needs numbers, …). */
  private static boolean jvmApplies(Function<Object, Object> jvm, int index) {
    for (Object[] row : people) {
      try {
        jvm.apply(row[index]);
      } catch (PassportException exception) {
        return false;
      }
    }
    return true;
  }
}
