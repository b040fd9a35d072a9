package dev.passport.translate.sql;

import static dev.passport.model.Expressions.alwaysFalse;
import static dev.passport.model.Expressions.and;
import static dev.passport.model.Expressions.arithmetic;
import static dev.passport.model.Expressions.caseWhen;
import static dev.passport.model.Expressions.cast;
import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.compare;
import static dev.passport.model.Expressions.currentRole;
import static dev.passport.model.Expressions.currentUser;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.exists;
import static dev.passport.model.Expressions.function;
import static dev.passport.model.Expressions.hasRole;
import static dev.passport.model.Expressions.in;
import static dev.passport.model.Expressions.inGroup;
import static dev.passport.model.Expressions.inLookup;
import static dev.passport.model.Expressions.isNotNull;
import static dev.passport.model.Expressions.isNull;
import static dev.passport.model.Expressions.like;
import static dev.passport.model.Expressions.likeIgnoringCase;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.maskedValue;
import static dev.passport.model.Expressions.not;
import static dev.passport.model.Expressions.nullLiteral;
import static dev.passport.model.Expressions.opaque;
import static dev.passport.model.Expressions.or;
import static dev.passport.model.Expressions.sessionAttribute;
import static dev.passport.model.Expressions.when;
import static dev.passport.translate.sql.SqlDialect.HIVE;
import static dev.passport.translate.sql.SqlDialect.POSTGRESQL;
import static dev.passport.translate.sql.SqlDialect.REDSHIFT;
import static dev.passport.translate.sql.SqlDialect.SNOWFLAKE;
import static dev.passport.translate.sql.SqlDialect.SPARK;
import static dev.passport.translate.sql.SqlDialect.TRINO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.fixtures.PostgresDatabase;
import dev.passport.fixtures.WithEmbeddedPostgres;
import dev.passport.model.ArithmeticOperator;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.PassportException;
import dev.passport.model.RoleScope;
import dev.passport.model.Securable;
import dev.passport.model.SystemKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TestExpressionPrinter {
  private static final Securable USER_REGIONS = Securable.table("app", "user_regions");

  /** An expression and its SQL per dialect; a dialect left out must refuse it. */
  private record Case(String name, Expr expr, Map<SqlDialect, String> expected) {}

  private static Case printed(String name, Expr expr, Object... dialectsAndSql) {
    Map<SqlDialect, String> expected = new EnumMap<>(SqlDialect.class);
    for (int index = 0; index < dialectsAndSql.length; index += 2) {
      expected.put((SqlDialect) dialectsAndSql[index], (String) dialectsAndSql[index + 1]);
    }
    return new Case(name, expr, expected);
  }

  private static List<Case> cases() {
    return List.of(
        printed(
            "current user",
            currentUser(),
            POSTGRESQL,
            "current_user",
            REDSHIFT,
            "current_user",
            SNOWFLAKE,
            "CURRENT_USER()",
            TRINO,
            "current_user",
            HIVE,
            "current_user()",
            SPARK,
            "current_user()"),
        printed(
            "current role", currentRole(), POSTGRESQL, "current_role", SNOWFLAKE, "CURRENT_ROLE()"),
        printed(
            "role in session",
            hasRole("analyst"),
            POSTGRESQL,
            "pg_has_role(current_user, 'analyst', 'member')",
            REDSHIFT,
            "user_is_member_of(current_user, 'analyst')",
            SNOWFLAKE,
            "IS_ROLE_IN_SESSION('analyst')"),
        printed(
            "primary role",
            hasRole(literal("ANALYST"), RoleScope.PRIMARY),
            POSTGRESQL,
            "current_role = 'ANALYST'",
            SNOWFLAKE,
            "CURRENT_ROLE() = 'ANALYST'"),
        printed(
            "group",
            inGroup("eng"),
            POSTGRESQL,
            "pg_has_role(current_user, 'eng', 'member')",
            REDSHIFT,
            "user_is_member_of(current_user, 'eng')",
            TRINO,
            "contains(current_groups(), 'eng')",
            SPARK,
            "is_account_group_member('eng')"),
        printed(
            "session attribute",
            equal(column("tenant_id"), sessionAttribute("app.tenant")),
            POSTGRESQL,
            "tenant_id = current_setting('app.tenant', true)",
            REDSHIFT,
            "tenant_id = current_setting('app.tenant', false)"),
        printed(
            "identifier case",
            and(equal(column("region"), literal("EU")), equal(column("REGION"), literal("EU"))),
            POSTGRESQL,
            "region = 'EU' AND \"REGION\" = 'EU'",
            REDSHIFT,
            "region = 'EU' AND \"REGION\" = 'EU'",
            SNOWFLAKE,
            "\"region\" = 'EU' AND REGION = 'EU'",
            TRINO,
            "region = 'EU' AND \"REGION\" = 'EU'",
            HIVE,
            "region = 'EU' AND `REGION` = 'EU'",
            SPARK,
            "region = 'EU' AND `REGION` = 'EU'"),
        printed(
            "quote in literal",
            literal("it's"),
            POSTGRESQL,
            "'it''s'",
            REDSHIFT,
            "'it''s'",
            SNOWFLAKE,
            "'it''s'",
            TRINO,
            "'it''s'",
            HIVE,
            "'it\\'s'",
            SPARK,
            "'it\\'s'"),
        printed(
            "backslash in literal",
            literal("a\\b"),
            POSTGRESQL,
            "E'a\\\\b'",
            REDSHIFT,
            "'a\\\\b'",
            SNOWFLAKE,
            "'a\\\\b'",
            TRINO,
            "'a\\b'",
            HIVE,
            "'a\\\\b'",
            SPARK,
            "'a\\\\b'"),
        printed(
            "literals",
            in(
                column("c"),
                List.of(
                    literal(new java.math.BigDecimal("-1.50")),
                    literal(LocalDate.of(2024, 1, 1)),
                    literal(LocalDateTime.of(2024, 1, 1, 10, 30, 0, 500_000_000)),
                    nullLiteral(),
                    literal(true))),
            POSTGRESQL,
            "c IN (-1.5, DATE '2024-01-01', TIMESTAMP '2024-01-01 10:30:00.5', NULL, TRUE)",
            REDSHIFT,
            "c IN (-1.5, DATE '2024-01-01', TIMESTAMP '2024-01-01 10:30:00.5', NULL, TRUE)",
            SNOWFLAKE,
            "\"c\" IN (-1.5, DATE '2024-01-01', TIMESTAMP '2024-01-01 10:30:00.5', NULL,"
                + " TRUE)",
            TRINO,
            "c IN (-1.5, DATE '2024-01-01', TIMESTAMP '2024-01-01 10:30:00.5', NULL, TRUE)",
            HIVE,
            "c IN (-1.5, DATE '2024-01-01', TIMESTAMP '2024-01-01 10:30:00.5', NULL, TRUE)",
            SPARK,
            "c IN (-1.5, DATE '2024-01-01', TIMESTAMP '2024-01-01 10:30:00.5', NULL, TRUE)"),
        printed(
            "sha2",
            function("sha2", column("email")),
            POSTGRESQL,
            "encode(sha256(convert_to(email, 'UTF8')), 'hex')",
            REDSHIFT,
            "sha2(email, 256)",
            SNOWFLAKE,
            "SHA2(\"email\", 256)",
            TRINO,
            "lower(to_hex(sha256(to_utf8(email))))",
            HIVE,
            "sha2(email, 256)",
            SPARK,
            "sha2(email, 256)"),
        printed(
            "md5",
            function("md5", column("email")),
            POSTGRESQL,
            "md5(email)",
            REDSHIFT,
            "md5(email)",
            SNOWFLAKE,
            "MD5(\"email\")",
            TRINO,
            "lower(to_hex(md5(to_utf8(email))))",
            HIVE,
            "md5(email)",
            SPARK,
            "md5(email)"),
        printed(
            "regexp_like",
            function("regexp_like", column("email"), literal("^a")),
            POSTGRESQL,
            "email ~ '^a'",
            REDSHIFT,
            "email ~ '^a'",
            SNOWFLAKE,
            "REGEXP_INSTR(\"email\", '^a') > 0",
            TRINO,
            "regexp_like(email, '^a')",
            HIVE,
            "email RLIKE '^a'",
            SPARK,
            "email RLIKE '^a'"),
        printed(
            "regexp_replace with a group reference",
            function("regexp_replace", column("s"), literal("(a)b"), literal("$1")),
            POSTGRESQL,
            "regexp_replace(s, '(a)b', E'\\\\1', 'g')",
            REDSHIFT,
            "regexp_replace(s, '(a)b', '\\\\1')",
            SNOWFLAKE,
            "REGEXP_REPLACE(\"s\", '(a)b', '\\\\1')",
            TRINO,
            "regexp_replace(s, '(a)b', '$1')",
            HIVE,
            "regexp_replace(s, '(a)b', '$1')",
            SPARK,
            "regexp_replace(s, '(a)b', '$1')"),
        printed(
            "concat",
            function("concat", column("a"), literal("-"), column("b")),
            POSTGRESQL,
            "a || '-' || b",
            REDSHIFT,
            "a || '-' || b",
            SNOWFLAKE,
            "\"a\" || '-' || \"b\"",
            TRINO,
            "a || '-' || b",
            HIVE,
            "concat(a, '-', b)",
            SPARK,
            "concat(a, '-', b)"),
        printed(
            "case-insensitive like",
            likeIgnoringCase(column("name"), literal("a%")),
            POSTGRESQL,
            "name ILIKE 'a%'",
            REDSHIFT,
            "name ILIKE 'a%'",
            SNOWFLAKE,
            "\"name\" ILIKE 'a%'",
            TRINO,
            "lower(name) LIKE lower('a%')",
            HIVE,
            "lower(name) LIKE lower('a%')",
            SPARK,
            "lower(name) LIKE lower('a%')"),
        printed(
            "like with an escaped wildcard",
            not(like(column("code"), literal("A\\_%"))),
            POSTGRESQL,
            "code NOT LIKE E'A\\\\_%'",
            REDSHIFT,
            "code NOT LIKE 'A\\\\_%'",
            SNOWFLAKE,
            "\"code\" NOT LIKE 'A\\\\_%' ESCAPE '\\\\'",
            TRINO,
            "code NOT LIKE 'A\\_%' ESCAPE '\\'",
            HIVE,
            "code NOT LIKE 'A\\\\_%'",
            SPARK,
            "code NOT LIKE 'A\\\\_%'"),
        printed(
            "is distinct from",
            compare(ComparisonOperator.IS_DISTINCT_FROM, column("a"), column("b")),
            POSTGRESQL,
            "a IS DISTINCT FROM b",
            REDSHIFT,
            "NOT (coalesce(a = b, FALSE) OR a IS NULL AND b IS NULL)",
            SNOWFLAKE,
            "\"a\" IS DISTINCT FROM \"b\"",
            TRINO,
            "a IS DISTINCT FROM b",
            HIVE,
            "NOT a <=> b",
            SPARK,
            "NOT a <=> b"),
        printed(
            "is not distinct from, negated",
            not(compare(ComparisonOperator.IS_NOT_DISTINCT_FROM, column("a"), column("b"))),
            POSTGRESQL,
            "a IS DISTINCT FROM b",
            REDSHIFT,
            "NOT (coalesce(a = b, FALSE) OR a IS NULL AND b IS NULL)",
            SNOWFLAKE,
            "\"a\" IS DISTINCT FROM \"b\"",
            TRINO,
            "a IS DISTINCT FROM b",
            HIVE,
            "NOT a <=> b",
            SPARK,
            "NOT a <=> b"),
        printed(
            "cast",
            cast(column("x"), "varchar"),
            POSTGRESQL,
            "CAST(x AS varchar)",
            REDSHIFT,
            "CAST(x AS varchar(65535))",
            SNOWFLAKE,
            "CAST(\"x\" AS VARCHAR)",
            TRINO,
            "CAST(x AS varchar)",
            HIVE,
            "CAST(x AS string)",
            SPARK,
            "CAST(x AS string)"),
        printed(
            "cast to decimal",
            cast(column("x"), "decimal(10,2)"),
            POSTGRESQL,
            "CAST(x AS decimal(10,2))",
            REDSHIFT,
            "CAST(x AS decimal(10,2))",
            SNOWFLAKE,
            "CAST(\"x\" AS DECIMAL(10,2))",
            TRINO,
            "CAST(x AS decimal(10,2))",
            HIVE,
            "CAST(x AS decimal(10,2))",
            SPARK,
            "CAST(x AS decimal(10,2))"),
        printed(
            "cast to uuid",
            cast(column("x"), "uuid"),
            POSTGRESQL,
            "CAST(x AS uuid)",
            TRINO,
            "CAST(x AS uuid)"),
        printed(
            "case",
            caseWhen(
                List.of(
                    when(hasRole("admin"), maskedValueFree()),
                    when(isNull(column("ssn")), nullLiteral())),
                literal("***")),
            POSTGRESQL,
            "CASE WHEN pg_has_role(current_user, 'admin', 'member') THEN ssn"
                + " WHEN ssn IS NULL THEN NULL ELSE '***' END",
            REDSHIFT,
            "CASE WHEN user_is_member_of(current_user, 'admin') THEN ssn"
                + " WHEN ssn IS NULL THEN NULL ELSE '***' END",
            SNOWFLAKE,
            "CASE WHEN IS_ROLE_IN_SESSION('admin') THEN \"ssn\""
                + " WHEN \"ssn\" IS NULL THEN NULL ELSE '***' END"),
        printed(
            "exists lookup",
            exists(
                USER_REGIONS,
                "m",
                and(
                    equal(column("m", "region"), column("region")),
                    equal(column("m", "user_name"), currentUser()))),
            POSTGRESQL,
            "EXISTS (SELECT 1 FROM app.user_regions AS m"
                + " WHERE m.region = region AND m.user_name = current_user)",
            REDSHIFT,
            "EXISTS (SELECT 1 FROM app.user_regions AS m"
                + " WHERE m.region = region AND m.user_name = current_user)",
            SNOWFLAKE,
            "EXISTS (SELECT 1 FROM \"app\".\"user_regions\" AS \"m\""
                + " WHERE \"m\".\"region\" = \"region\" AND \"m\".\"user_name\" = CURRENT_USER())",
            TRINO,
            "EXISTS (SELECT 1 FROM app.user_regions AS m"
                + " WHERE m.region = region AND m.user_name = current_user)",
            HIVE,
            "EXISTS (SELECT 1 FROM app.user_regions AS m"
                + " WHERE m.region = region AND m.user_name = current_user())",
            SPARK,
            "EXISTS (SELECT 1 FROM app.user_regions AS m"
                + " WHERE m.region = region AND m.user_name = current_user())"),
        printed(
            "in lookup, negated",
            not(
                inLookup(
                    column("region"),
                    USER_REGIONS,
                    "m",
                    "region",
                    equal(column("m", "user_name"), currentUser()))),
            POSTGRESQL,
            "region NOT IN (SELECT m.region FROM app.user_regions AS m"
                + " WHERE m.user_name = current_user)",
            REDSHIFT,
            "region NOT IN (SELECT m.region FROM app.user_regions AS m"
                + " WHERE m.user_name = current_user)",
            SNOWFLAKE,
            "\"region\" NOT IN (SELECT \"m\".\"region\" FROM \"app\".\"user_regions\" AS \"m\""
                + " WHERE \"m\".\"user_name\" = CURRENT_USER())",
            TRINO,
            "region NOT IN (SELECT m.region FROM app.user_regions AS m"
                + " WHERE m.user_name = current_user)",
            HIVE,
            "region NOT IN (SELECT m.region FROM app.user_regions AS m"
                + " WHERE m.user_name = current_user())",
            SPARK,
            "region NOT IN (SELECT m.region FROM app.user_regions AS m"
                + " WHERE m.user_name = current_user())"),
        printed(
            "left and right",
            function(
                "concat",
                function("left", column("s"), literal(2)),
                function("right", column("s"), literal(4))),
            POSTGRESQL,
            "left(s, 2) || right(s, 4)",
            REDSHIFT,
            "left(s, 2) || right(s, 4)",
            SNOWFLAKE,
            "LEFT(\"s\", 2) || RIGHT(\"s\", 4)",
            TRINO,
            "substring(s, 1, 2) || substring(s, greatest(length(s) - 4 + 1, 1))",
            HIVE,
            "concat(substr(s, 1, 2), substr(s, greatest(length(s) - 4 + 1, 1)))",
            SPARK,
            "concat(left(s, 2), right(s, 4))"),
        printed(
            "column tag value",
            columnTagValueEquals(),
            SNOWFLAKE,
            "SYSTEM$GET_TAG_ON_CURRENT_COLUMN('pii') = 'ssn'"));
  }

  private static Expr maskedValueFree() {
    return column("ssn");
  }

  private static Expr columnTagValueEquals() {
    return equal(dev.passport.model.Expressions.columnTagValue("pii"), literal("ssn"));
  }

  static Stream<Arguments> dialectCases() {
    List<Arguments> arguments = new ArrayList<>();
    for (Case testCase : cases()) {
      for (SqlDialect dialect : SqlDialect.values()) {
        arguments.add(Arguments.of(testCase.name(), dialect, testCase));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("dialectCases")
  void testPrintsEachDialect(String name, SqlDialect dialect, Case testCase) {
    String expected = testCase.expected().get(dialect);
    if (expected == null) {
      assertThatThrownBy(() -> ExpressionPrinter.print(testCase.expr(), dialect))
          .isInstanceOfSatisfying(
              PassportException.class,
              e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
                assertThat(e.getMessage()).contains(dialect.system().displayName());
              });
    } else {
      assertThat(ExpressionPrinter.print(testCase.expr(), dialect)).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void testHostileIdentifiersAreQuoted(SqlDialect dialect) {
    String quote = String.valueOf(dialect.identifierQuote());
    for (String name :
        List.of(
            "a\"b",
            "a`b",
            "x; DROP TABLE t; --",
            "y /* z */",
            "straße",
            "Ünïcödé 😀",
            "1st",
            "with space",
            "user",
            "SELECT")) {
      String printed = ExpressionPrinter.print(column(name), dialect);
      assertThat(printed).as(name).isEqualTo(quote + name.replace(quote, quote + quote) + quote);
    }
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void testPlainIdentifiersStayBare(SqlDialect dialect) {
    if (dialect == SNOWFLAKE) {
      assertThat(ExpressionPrinter.print(column("T", "CUSTOMER_ID"), dialect))
          .isEqualTo("T.CUSTOMER_ID");
    } else {
      assertThat(ExpressionPrinter.print(column("t", "customer_id"), dialect))
          .isEqualTo("t.customer_id");
    }
  }

  @Test
  void testHostileLiterals() {
    String hostile = "'; DROP TABLE t; -- /* ünï \\' 😀";
    assertThat(ExpressionPrinter.print(literal(hostile), POSTGRESQL))
        .isEqualTo("E'''; DROP TABLE t; -- /* ünï \\\\'' 😀'");
    assertThat(ExpressionPrinter.print(literal(hostile), REDSHIFT))
        .isEqualTo("'''; DROP TABLE t; -- /* ünï \\\\'' 😀'");
    assertThat(ExpressionPrinter.print(literal(hostile), SNOWFLAKE))
        .isEqualTo("'''; DROP TABLE t; -- /* ünï \\\\'' 😀'");
    assertThat(ExpressionPrinter.print(literal(hostile), TRINO))
        .isEqualTo("'''; DROP TABLE t; -- /* ünï \\'' 😀'");
    assertThat(ExpressionPrinter.print(literal(hostile), HIVE))
        .isEqualTo("'\\'; DROP TABLE t; -- /* ünï \\\\\\' 😀'");
    assertThat(ExpressionPrinter.print(literal(hostile), SPARK))
        .isEqualTo("'\\'; DROP TABLE t; -- /* ünï \\\\\\' 😀'");
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void testNulCharactersAreRefused(SqlDialect dialect) {
    assertThatThrownBy(() -> ExpressionPrinter.print(literal("a\0b"), dialect))
        .isInstanceOfSatisfying(
            PassportException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED));
    assertThatThrownBy(() -> ExpressionPrinter.print(column("a\0b"), dialect))
        .isInstanceOf(PassportException.class);
  }

  static Stream<Arguments> precedenceCases() {
    Expr a = equal(column("a"), literal(1));
    Expr b = equal(column("b"), literal(2));
    Expr c = equal(column("c"), literal(3));
    Expr x = column("x");
    Expr y = column("y");
    Expr z = column("z");
    return Stream.of(
        Arguments.of(and(or(a, b), c), "(a = 1 OR b = 2) AND c = 3"),
        Arguments.of(or(and(a, b), c), "a = 1 AND b = 2 OR c = 3"),
        Arguments.of(or(a, and(b, c)), "a = 1 OR b = 2 AND c = 3"),
        Arguments.of(not(or(a, b)), "NOT (a = 1 OR b = 2)"),
        Arguments.of(not(and(a, b)), "NOT (a = 1 AND b = 2)"),
        Arguments.of(and(not(a), b), "NOT a = 1 AND b = 2"),
        Arguments.of(new Expr.Not(new Expr.Not(a)), "NOT (NOT a = 1)"),
        Arguments.of(
            new Expr.And(List.of(a, new Expr.And(List.of(b, c)))), "a = 1 AND b = 2 AND c = 3"),
        Arguments.of(isNotNull(x), "x IS NOT NULL"),
        Arguments.of(isNull(equal(x, y)), "(x = y) IS NULL"),
        Arguments.of(equal(equal(x, y), literal(true)), "(x = y) = TRUE"),
        Arguments.of(not(in(x, literal(1), literal(2))), "x NOT IN (1, 2)"),
        Arguments.of(equal(arithmetic(ArithmeticOperator.ADD, x, literal(1)), y), "x + 1 = y"),
        Arguments.of(
            arithmetic(
                ArithmeticOperator.SUBTRACT, x, arithmetic(ArithmeticOperator.SUBTRACT, y, z)),
            "x - (y - z)"),
        Arguments.of(
            arithmetic(
                ArithmeticOperator.SUBTRACT, arithmetic(ArithmeticOperator.SUBTRACT, x, y), z),
            "x - y - z"),
        Arguments.of(
            arithmetic(ArithmeticOperator.MULTIPLY, arithmetic(ArithmeticOperator.ADD, x, y), z),
            "(x + y) * z"),
        Arguments.of(
            arithmetic(ArithmeticOperator.ADD, x, arithmetic(ArithmeticOperator.MULTIPLY, y, z)),
            "x + y * z"),
        Arguments.of(
            arithmetic(ArithmeticOperator.DIVIDE, x, arithmetic(ArithmeticOperator.MODULUS, y, z)),
            "x / (y % z)"),
        Arguments.of(arithmetic(ArithmeticOperator.SUBTRACT, x, literal(-5)), "x - -5"),
        Arguments.of(
            function("concat", x, arithmetic(ArithmeticOperator.ADD, y, literal(1))),
            "x || (y + 1)"),
        Arguments.of(
            arithmetic(ArithmeticOperator.ADD, function("concat", x, y), z), "(x || y) + z"),
        Arguments.of(
            function("regexp_like", function("concat", x, y), literal("a")), "(x || y) ~ 'a'"),
        Arguments.of(
            equal(function("regexp_like", x, literal("a")), literal(false)), "(x ~ 'a') = FALSE"),
        Arguments.of(
            and(or(hasRole("admin"), a), b),
            "(pg_has_role(current_user, 'admin', 'member') OR a = 1) AND b = 2"),
        Arguments.of(
            equal(caseWhen(List.of(when(a, x)), y), z), "CASE WHEN a = 1 THEN x ELSE y END = z"),
        Arguments.of(not(like(x, literal("a%"))), "x NOT LIKE 'a%'"),
        Arguments.of(
            like(function("concat", x, y), function("concat", literal("%"), z)),
            "x || y LIKE '%' || z"),
        Arguments.of(
            not(exists(USER_REGIONS, "m", equal(column("m", "r"), x))),
            "NOT EXISTS (SELECT 1 FROM app.user_regions AS m WHERE m.r = x)"),
        Arguments.of(alwaysFalse(), "FALSE"));
  }

  @ParameterizedTest
  @MethodSource("precedenceCases")
  void testParenthesesFollowPrecedence(Expr expr, String expected) {
    assertThat(ExpressionPrinter.print(expr, POSTGRESQL)).isEqualTo(expected);
  }

  @Test
  void testMaskedValueNeedsReplacement() {
    Expr mask =
        function("concat", literal("***-**-"), function("right", maskedValue(), literal(4)));
    assertThatThrownBy(() -> ExpressionPrinter.print(mask, POSTGRESQL))
        .isInstanceOfSatisfying(
            PassportException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
              assertThat(e.getMessage()).contains("masked value");
            });
    assertThat(ExpressionPrinter.print(mask, POSTGRESQL, column("ssn")))
        .isEqualTo("'***-**-' || right(ssn, 4)");
    assertThat(ExpressionPrinter.print(mask, TRINO, column("ssn")))
        .isEqualTo("'***-**-' || substring(ssn, greatest(length(ssn) - 4 + 1, 1))");
    // The replacement keeps its own precedence where it lands.
    Expr arithmeticMask = arithmetic(ArithmeticOperator.MULTIPLY, maskedValue(), literal(2));
    assertThat(
            ExpressionPrinter.print(
                arithmeticMask,
                POSTGRESQL,
                arithmetic(ArithmeticOperator.ADD, column("a"), column("b"))))
        .isEqualTo("(a + b) * 2");
  }

  @Test
  void testOpaqueOnlyInItsOwnFamily() {
    Expr postgres = opaque(SystemKind.POSTGRESQL, "tags @> ARRAY['x']");
    assertThat(ExpressionPrinter.print(and(postgres, equal(column("a"), literal(1))), POSTGRESQL))
        .isEqualTo("(tags @> ARRAY['x']) AND a = 1");
    assertThat(ExpressionPrinter.print(opaque(SystemKind.GREENPLUM, "a @@ b"), POSTGRESQL))
        .isEqualTo("(a @@ b)");
    assertThat(ExpressionPrinter.print(opaque(SystemKind.DATABRICKS, "x:y"), SPARK))
        .isEqualTo("(x:y)");
    assertThat(ExpressionPrinter.print(opaque(SystemKind.POSTGRESQL, "a = 1 -- note"), POSTGRESQL))
        .isEqualTo("(a = 1 -- note\n)");
    for (SqlDialect dialect : List.of(REDSHIFT, SNOWFLAKE, TRINO, HIVE, SPARK)) {
      assertThatThrownBy(() -> ExpressionPrinter.print(postgres, dialect))
          .isInstanceOfSatisfying(
              PassportException.class,
              e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED);
                assertThat(e.getMessage()).contains("PostgreSQL").contains("tags @> ARRAY['x']");
              });
    }
  }

  @Test
  void testUnsupportedConstructsAreNamed() {
    assertThatThrownBy(() -> ExpressionPrinter.print(hasRole("analyst"), TRINO))
        .hasMessage("A role membership test ('analyst') cannot be expressed in Trino");
    assertThatThrownBy(() -> ExpressionPrinter.print(cast(column("x"), "geometry"), POSTGRESQL))
        .hasMessageContaining("geometry");
    assertThatThrownBy(
            () -> ExpressionPrinter.print(function("drop table x; --", column("x")), POSTGRESQL))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("function name");
    assertThatThrownBy(
            () -> ExpressionPrinter.print(function("sha2", column("x"), literal(999)), SNOWFLAKE))
        .hasMessageContaining("sha2");
    assertThatThrownBy(
            () ->
                ExpressionPrinter.print(
                    function("regexp_replace", column("s"), literal("a"), column("r")), POSTGRESQL))
        .hasMessageContaining("regexp_replace");
    assertThatThrownBy(() -> ExpressionPrinter.print(literal(LocalDate.of(10000, 1, 1)), TRINO))
        .hasMessageContaining("10000");
  }

  @Test
  void testOtherFunctionsPrintAsCalled() {
    assertThat(
            ExpressionPrinter.print(
                function("coalesce", function("lower", column("a")), literal("")), SNOWFLAKE))
        .isEqualTo("COALESCE(LOWER(\"a\"), '')");
    assertThat(ExpressionPrinter.print(function("app_public.current_user_id"), POSTGRESQL))
        .isEqualTo("app_public.current_user_id()");
    assertThat(ExpressionPrinter.print(function("current_date"), TRINO)).isEqualTo("current_date");
  }

  @ParameterizedTest
  @EnumSource(SystemKind.class)
  void testEverySystemHasADialect(SystemKind system) {
    SqlDialect dialect = SqlDialect.forSystem(system);
    assertThat(dialect).isNotNull();
    if (system == SystemKind.GREENPLUM || system == SystemKind.POSTGRESQL) {
      assertThat(dialect).isEqualTo(POSTGRESQL);
    }
    if (system == SystemKind.DATABRICKS) {
      assertThat(dialect).isEqualTo(SPARK);
    }
    for (SqlDialect named : SqlDialect.values()) {
      assertThat(SqlDialect.forSystem(named.system())).isEqualTo(named);
      assertThat(named.speaksFor(named.system())).isTrue();
    }
  }

  /** The printed PostgreSQL predicates, run by PostgreSQL itself. */
  @Nested
  @WithEmbeddedPostgres
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnPostgres {
    private static final String WEIRD = "we\"ird; --";

    @BeforeAll
    void createTables(PostgresDatabase database) throws SQLException {
      database.execute(
          """
          CREATE SCHEMA app;
          CREATE TABLE app.t (id int, region text, name text, a int, b int, %s int, born date);
          INSERT INTO app.t VALUES
            (1, 'EU', 'Alice', 1, 1, 7, DATE '1990-05-01'),
            (2, 'it''s; --', 'bob', 1, NULL, 8, NULL),
            (3, E'back\\\\slash', 'Carol', NULL, NULL, NULL, DATE '2001-01-01'),
            (4, 'US', 'a_b', 2, 3, 7, DATE '2024-01-01');
          CREATE TABLE app.user_regions (user_name text, region text);
          INSERT INTO app.user_regions VALUES ('printer_alice', 'EU'), ('printer_alice', 'US');
          CREATE ROLE printer_analyst;
          CREATE ROLE printer_admin;
          CREATE ROLE printer_alice IN ROLE printer_analyst;
          GRANT USAGE ON SCHEMA app TO printer_alice;
          GRANT SELECT ON app.t, app.user_regions TO printer_alice;
          """
              .formatted(PostgresDatabase.quoteIdentifier(WEIRD)));
    }

    private List<Object> ids(PostgresDatabase database, Expr predicate) throws SQLException {
      String sql =
          "SELECT id FROM app.t WHERE "
              + ExpressionPrinter.print(predicate, POSTGRESQL)
              + " ORDER BY id";
      try (Connection connection = database.connectAs("printer_alice")) {
        List<Object> ids = new ArrayList<>();
        for (Map<String, Object> row : PostgresDatabase.query(connection, sql)) {
          ids.add(row.get("id"));
        }
        return ids;
      }
    }

    @Test
    void testPredicatesSelectTheExpectedRows(PostgresDatabase database) throws SQLException {
      assertThat(ids(database, equal(column("region"), literal("it's; --")))).containsExactly(2);
      assertThat(ids(database, equal(column("region"), literal("back\\slash")))).containsExactly(3);
      assertThat(ids(database, equal(column(WEIRD), literal(7)))).containsExactly(1, 4);
      assertThat(ids(database, likeIgnoringCase(column("name"), literal("a%"))))
          .containsExactly(1, 4);
      assertThat(ids(database, like(column("name"), literal("a\\_b")))).containsExactly(4);
      assertThat(
              ids(database, compare(ComparisonOperator.IS_DISTINCT_FROM, column("a"), column("b"))))
          .containsExactly(2, 4);
      assertThat(
              ids(
                  database,
                  and(
                      or(equal(column("a"), literal(2)), equal(column("region"), literal("EU"))),
                      not(equal(column("id"), literal(4))))))
          .containsExactly(1);
      assertThat(ids(database, function("regexp_like", column("name"), literal("^[A-Z]"))))
          .containsExactly(1, 3);
      assertThat(
              ids(
                  database,
                  compare(
                      ComparisonOperator.GREATER_THAN,
                      column("born"),
                      literal(LocalDate.of(2000, 1, 1)))))
          .containsExactly(3, 4);
      assertThat(ids(database, and(hasRole("printer_analyst"), equal(column("id"), literal(1)))))
          .containsExactly(1);
      assertThat(ids(database, hasRole("printer_admin"))).isEmpty();
      assertThat(
              ids(
                  database,
                  exists(
                      USER_REGIONS,
                      "m",
                      and(
                          equal(column("m", "region"), column("t", "region")),
                          equal(column("m", "user_name"), currentUser())))))
          .containsExactly(1, 4);
      assertThat(
              ids(
                  database,
                  inLookup(
                      column("region"),
                      USER_REGIONS,
                      "m",
                      "region",
                      equal(column("m", "user_name"), currentUser()))))
          .containsExactly(1, 4);
    }

    /**
     * Two rewrites for other dialects are also valid PostgreSQL, so PostgreSQL can check that they
     * mean what they replace: Redshift's spelled-out IS DISTINCT FROM and Trino's right().
     */
    @Test
    void testRewritesForOtherDialectsKeepTheirMeaning(PostgresDatabase database)
        throws SQLException {
      for (ComparisonOperator operator :
          List.of(ComparisonOperator.IS_DISTINCT_FROM, ComparisonOperator.IS_NOT_DISTINCT_FROM)) {
        Expr standard = compare(operator, column("a"), column("b"));
        String redshift = ExpressionPrinter.print(standard, REDSHIFT);
        String sql = "SELECT id FROM app.t WHERE " + redshift + " ORDER BY id";
        List<Object> viaRedshift = new ArrayList<>();
        for (Map<String, Object> row : database.query(sql)) {
          viaRedshift.add(row.get("id"));
        }
        assertThat(viaRedshift).as(redshift).isEqualTo(ids(database, standard));
      }
      for (int count : List.of(0, 2, 5, 50)) {
        Expr right = function("right", column("name"), literal(count));
        String sql =
            "SELECT bool_and("
                + ExpressionPrinter.print(right, TRINO)
                + " = "
                + ExpressionPrinter.print(right, POSTGRESQL)
                + ") AS same FROM app.t";
        assertThat(database.query(sql).get(0).get("same")).as(sql).isEqualTo(true);
      }
    }

    @Test
    void testHashMatchesJava(PostgresDatabase database)
        throws SQLException, NoSuchAlgorithmException {
      String value = "ünï 'quoted' \\ 😀";
      String sql =
          "SELECT "
              + ExpressionPrinter.print(function("sha2", literal(value)), POSTGRESQL)
              + " AS h";
      String expected =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(value.getBytes(StandardCharsets.UTF_8)));
      assertThat(database.query(sql).get(0).get("h")).isEqualTo(expected);
    }
  }
}
