package dev.passport.translate.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.DateUnit;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.PassportException;
import dev.passport.model.SaltScope;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestTransformSqlPrinter {
  private static final Optional<String> VARCHAR = Optional.of("varchar");
  private static final Optional<String> INTEGER = Optional.of("integer");
  private static final Optional<String> DATE = Optional.of("date");
  private static final Optional<String> TIMESTAMP = Optional.of("timestamp");

  static Stream<Arguments> trinoTransforms() {
    return Stream.of(
        Arguments.of(new Transform.Identity(), VARCHAR, "c"),
        Arguments.of(new Transform.Nullify(), INTEGER, "NULL"),
        Arguments.of(
            new Transform.Constant(Expressions.literal("it's")),
            VARCHAR,
            "CASE WHEN c IS NULL THEN NULL ELSE 'it''s' END"),
        Arguments.of(
            new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
            INTEGER,
            "lower(to_hex(sha256(to_utf8(CAST(c AS varchar)))))"),
        Arguments.of(
            new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE),
            VARCHAR,
            "lower(to_hex(md5(to_utf8(c))))"),
        Arguments.of(
            new Transform.Partial(0, 4, "X", FillMode.EACH_CHARACTER),
            VARCHAR,
            "CASE WHEN length(c) <= 0 THEN c ELSE substr(c, 1, 0) || lpad('', (length(c) - 0 -"
                + " least(4, length(c) - 0)), 'X') || substr(c, length(c) - least(4, length(c) -"
                + " 0) + 1) END"),
        Arguments.of(
            new Transform.Partial(1, 0, "***", FillMode.ONCE),
            VARCHAR,
            "CASE WHEN length(c) <= 1 THEN c ELSE substr(c, 1, 1) || '***' || substr(c, length(c)"
                + " - least(0, length(c) - 1) + 1) END"),
        Arguments.of(
            new Transform.MaskCharacters(),
            VARCHAR,
            "regexp_replace(regexp_replace(regexp_replace(c, '\\p{Lu}', 'X'), '\\p{Ll}', 'x'),"
                + " '\\p{Nd}', '0')"),
        Arguments.of(
            new Transform.Email(),
            VARCHAR,
            "CASE WHEN strpos(reverse(c), '@') = 0 THEN '*****' ELSE '*****' || substr(c,"
                + " length(c) - strpos(reverse(c), '@') + 1) END"),
        Arguments.of(
            new Transform.RegexReplace("(\\d)\\d", "#$1"),
            VARCHAR,
            "regexp_replace(c, '(\\d)\\d', '#$1')"),
        Arguments.of(
            new Transform.DateTruncate(DateUnit.QUARTER), TIMESTAMP, "date_trunc('quarter', c)"),
        Arguments.of(new Transform.Round(-2), INTEGER, "round(c, -2)"),
        Arguments.of(
            new Transform.Expression(
                Expressions.function(
                    "concat", Expressions.maskedValue(), Expressions.literal("!"))),
            VARCHAR,
            "CASE WHEN c IS NULL THEN NULL ELSE c || '!' END"));
  }

  @ParameterizedTest
  @MethodSource("trinoTransforms")
  void testTransformAsTrinoSql(Transform transform, Optional<String> type, String expected) {
    assertThat(TransformSqlPrinter.print(transform, SqlDialect.TRINO, "c", type, ""))
        .isEqualTo(expected);
  }

  @Test
  void testTrinoDateTruncationFollowsTheType() {
    Transform hour = new Transform.DateTruncate(DateUnit.HOUR);
    Transform year = new Transform.DateTruncate(DateUnit.YEAR);
    // Below a day a date stays as it is, as in the evaluator; Trino would reject the unit.
    assertThat(TransformSqlPrinter.print(hour, SqlDialect.TRINO, "\"Born\"", DATE, ""))
        .isEqualTo("\"Born\"");
    assertThat(TransformSqlPrinter.print(hour, SqlDialect.TRINO, "born", TIMESTAMP, ""))
        .isEqualTo("date_trunc('hour', born)");
    // Trino's date_trunc keeps a date a date, so the type need not be known for a day or more.
    assertThat(TransformSqlPrinter.print(year, SqlDialect.TRINO, "born", DATE, ""))
        .isEqualTo("date_trunc('year', born)");
    assertThat(TransformSqlPrinter.print(year, SqlDialect.TRINO, "born", Optional.empty(), ""))
        .isEqualTo("date_trunc('year', born)");
    assertNotSupported(
        () -> TransformSqlPrinter.print(hour, SqlDialect.TRINO, "born", Optional.empty(), ""));
  }

  @Test
  void testSparkKeepsDatesAndTypesItsNulls() {
    assertThat(
            TransformSqlPrinter.print(
                new Transform.DateTruncate(DateUnit.YEAR), SqlDialect.SPARK, "d", DATE, ""))
        .isEqualTo("trunc(d, 'YEAR')");
    assertThat(
            TransformSqlPrinter.print(
                new Transform.DateTruncate(DateUnit.MONTH), SqlDialect.SPARK, "t", TIMESTAMP, ""))
        .isEqualTo("CAST(trunc(CAST(t AS DATE), 'MONTH') AS TIMESTAMP_NTZ)");
    // date_trunc returns a TIMESTAMP (local time zone): right for one, wrong for TIMESTAMP_NTZ.
    assertThat(
            TransformSqlPrinter.print(
                new Transform.DateTruncate(DateUnit.HOUR),
                SqlDialect.SPARK,
                "t",
                Optional.of("timestamp_ntz"),
                ""))
        .isEqualTo("make_timestamp_ntz(year(t), month(t), day(t), hour(t), 0, 0)");
    assertThat(
            TransformSqlPrinter.print(
                new Transform.DateTruncate(DateUnit.HOUR),
                SqlDialect.SPARK,
                "t",
                Optional.of("timestamptz"),
                ""))
        .isEqualTo("date_trunc('hour', t)");
    // Spark's round wraps an integer that overflows its type; a wide decimal cannot overflow.
    assertThat(
            TransformSqlPrinter.print(
                new Transform.Round(-3), SqlDialect.SPARK, "n", Optional.of("bigint"), ""))
        .isEqualTo("round(CAST(n AS DECIMAL(20, 0)), -3)");
    assertNotSupported(
        () ->
            TransformSqlPrinter.print(
                new Transform.Round(-3), SqlDialect.SPARK, "n", Optional.empty(), ""));
    // Spark's text of a double (1.0E-5, -0.0) is not the evaluator's (0.000010, 0.0).
    // Hive writes a double by the same Java rule.
    for (SqlDialect javaText : List.of(SqlDialect.SPARK, SqlDialect.HIVE)) {
      assertNotSupported(
          () ->
              TransformSqlPrinter.print(
                  new Transform.MaskCharacters(), javaText, "r", Optional.of("double"), ""));
    }
    // On an unknown type Spark's date_trunc would turn a date into a timestamp.
    assertNotSupported(
        () ->
            TransformSqlPrinter.print(
                new Transform.DateTruncate(DateUnit.MONTH),
                SqlDialect.SPARK,
                "t",
                Optional.empty(),
                ""));
    assertThat(
            Stream.of(
                    "bigint",
                    "int4",
                    "character varying(20)",
                    "timestamp",
                    "timestamptz",
                    "timestamp_ntz")
                .map(
                    type ->
                        TransformSqlPrinter.print(
                            new Transform.Nullify(), SqlDialect.SPARK, "c", Optional.of(type), "")))
        .containsExactly(
            "CAST(NULL AS BIGINT)",
            "CAST(NULL AS INT)",
            "CAST(NULL AS STRING)",
            "CAST(NULL AS TIMESTAMP_NTZ)",
            "CAST(NULL AS TIMESTAMP)",
            "CAST(NULL AS TIMESTAMP_NTZ)");
    assertThat(
            TransformSqlPrinter.print(
                new Transform.MaskCharacters(), SqlDialect.SPARK, "c", VARCHAR, ""))
        .contains("javaUpperCase");
  }

  @Test
  void testSaltedHashes() {
    assertThat(
            TransformSqlPrinter.print(
                new Transform.Hash(HashAlgorithm.SHA512, SaltScope.GLOBAL),
                SqlDialect.TRINO,
                "c",
                INTEGER,
                "pepper"))
        .isEqualTo("lower(to_hex(sha512(to_utf8(('pepper' || CAST(c AS varchar))))))");
    assertThat(
            TransformSqlPrinter.print(
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                SqlDialect.SPARK,
                "c",
                VARCHAR,
                "pepper"))
        .isEqualTo("lower(sha2(c, 256))");
  }

  @Test
  void testStoredArtifactsNeedTheGlobalSaltAndNoPerQuerySalt() {
    ColumnDecision global = decision(new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL));
    assertThat(TransformSqlPrinter.storedSalt(global, Optional.of("pepper"))).isEqualTo("pepper");
    assertNotSupported(() -> TransformSqlPrinter.storedSalt(global, Optional.empty()));
    ColumnDecision perQuery =
        new ColumnDecision(
            "c",
            true,
            List.of(
                new ConditionalTransform(
                    Expressions.equal(Expressions.column("region"), Expressions.literal("eu")),
                    new Transform.Hash(HashAlgorithm.SHA256, SaltScope.QUERY_LOCAL))),
            new Transform.Nullify());
    assertNotSupported(() -> TransformSqlPrinter.storedSalt(perQuery, Optional.of("pepper")));
    assertThat(TransformSqlPrinter.storedSalt(decision(new Transform.Email()), Optional.empty()))
        .isEmpty();
  }

  @Test
  void testDecisionWithRulesIsACaseWhoseFirstTrueConditionWins() {
    ColumnDecision decision =
        new ColumnDecision(
            "Email",
            true,
            List.of(
                new ConditionalTransform(
                    Expressions.equal(Expressions.maskedValue(), Expressions.literal("x")),
                    new Transform.Identity()),
                new ConditionalTransform(
                    Expressions.equal(Expressions.column("region"), Expressions.literal("eu")),
                    new Transform.Email())),
            new Transform.Nullify());
    assertThat(
            TransformSqlPrinter.print(
                decision,
                SqlDialect.TRINO,
                ExpressionPrinter.identifier("Email", SqlDialect.TRINO),
                VARCHAR,
                ""))
        .isEqualTo(
            "CASE WHEN \"Email\" = 'x' THEN \"Email\" WHEN region = 'eu' THEN CASE WHEN"
                + " strpos(reverse(\"Email\"), '@') = 0 THEN '*****' ELSE '*****' ||"
                + " substr(\"Email\", length(\"Email\") - strpos(reverse(\"Email\"), '@') + 1)"
                + " END ELSE NULL END");
    assertThat(
            TransformSqlPrinter.print(
                decision(new Transform.Round(1)), SqlDialect.TRINO, "c", INTEGER, ""))
        .isEqualTo("round(c, 1)");
  }

  private static ColumnDecision decision(Transform transform) {
    return new ColumnDecision("c", true, List.of(), transform);
  }

  private static void assertNotSupported(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(PassportException.class)
        .extracting(e -> ((PassportException) e).errorCode())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
  }
}
