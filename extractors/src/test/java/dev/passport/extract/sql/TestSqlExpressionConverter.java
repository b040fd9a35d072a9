package dev.passport.extract.sql;

import static dev.passport.model.Expressions.and;
import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.compare;
import static dev.passport.model.Expressions.currentRole;
import static dev.passport.model.Expressions.currentUser;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.function;
import static dev.passport.model.Expressions.hasRole;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.sessionAttribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.ArithmeticOperator;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.Parameter;
import dev.passport.model.ParseException;
import dev.passport.model.RoleScope;
import dev.passport.model.Securable;
import dev.passport.model.SystemKind;
import dev.passport.model.evaluation.LookupSource;
import dev.passport.model.evaluation.Row;
import dev.passport.model.evaluation.RowEvaluator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TestSqlExpressionConverter {
  private static final Securable ACCOUNTS = Securable.table("public", "accounts");
  private static final Securable MEMBERS = Securable.table("public", "members");

  private static ConversionScope scope(SystemKind system) {
    return ConversionScope.forTable(
            ACCOUNTS,
            Origin.declared(system, "p on public.accounts"),
            new SqlLocation(system, Optional.of("policies.sql"), 10, 5))
        .withKnownColumns(
            Map.of(
                "public.accounts",
                List.of(
                    new ColumnInfo("id", "integer", false),
                    new ColumnInfo("owner", "varchar", true),
                    new ColumnInfo("tenant", "varchar", true)),
                "public.members",
                List.of(
                    new ColumnInfo("account_id", "integer", false),
                    new ColumnInfo("member", "varchar", false))));
  }

  private static Conversion convert(SystemKind system, String sql) {
    return SqlExpressionConverter.of(SqlDialect.of(system), FunctionAliases.none())
        .convert(sql, scope(system));
  }

  private static Expr expr(SystemKind system, String sql) {
    Conversion conversion = convert(system, sql);
    assertThat(conversion.losses()).as("losses of %s", sql).isEmpty();
    return conversion.expr();
  }

  @ParameterizedTest
  @EnumSource(
      value = SystemKind.class,
      names = {"POSTGRESQL", "REDSHIFT"})
  void testIdentityValues(SystemKind system) {
    assertThat(expr(system, "owner = current_user"))
        .isEqualTo(equal(column("owner"), currentUser()));
    assertThat(expr(system, "owner = session_user"))
        .isEqualTo(equal(column("owner"), currentUser()));
    assertThat(expr(system, "owner = user")).isEqualTo(equal(column("owner"), currentUser()));
    assertThat(expr(system, "owner = current_role"))
        .isEqualTo(equal(column("owner"), currentRole()));
    assertThat(expr(system, "\"user\" = 'x'")).isEqualTo(equal(column("user"), literal("x")));
  }

  @ParameterizedTest
  @EnumSource(
      value = SystemKind.class,
      names = {"POSTGRESQL", "REDSHIFT"})
  void testCurrentSettingWithAndWithoutMissingOk(SystemKind system) {
    Expr expected = equal(column("tenant"), sessionAttribute("app.tenant"));
    assertThat(expr(system, "tenant = current_setting('app.tenant')")).isEqualTo(expected);
    assertThat(expr(system, "tenant = current_setting('app.tenant', true)")).isEqualTo(expected);
    assertThat(expr(system, "id = current_setting('app.id')::int"))
        .isEqualTo(equal(column("id"), Expressions.cast(sessionAttribute("app.id"), "integer")));
  }

  @Test
  void testPgHasRoleForms() {
    Expr analyst = hasRole(literal("analyst"), RoleScope.IN_SESSION);
    assertThat(expr(SystemKind.POSTGRESQL, "pg_has_role('analyst', 'member')")).isEqualTo(analyst);
    assertThat(expr(SystemKind.POSTGRESQL, "pg_has_role(current_user, 'analyst', 'USAGE')"))
        .isEqualTo(analyst);
    assertThat(
            expr(
                SystemKind.POSTGRESQL, "pg_catalog.pg_has_role(session_user, 'analyst', 'member')"))
        .isEqualTo(analyst);
    Conversion otherUser =
        convert(SystemKind.POSTGRESQL, "pg_has_role('bob', 'analyst', 'member')");
    assertThat(otherUser.expr()).isInstanceOf(Expr.Opaque.class);
    assertThat(otherUser.losses()).hasSize(1);
    Conversion admin =
        convert(SystemKind.POSTGRESQL, "pg_has_role('analyst', 'MEMBER WITH ADMIN OPTION')");
    assertThat(admin.expr()).isInstanceOf(Expr.Opaque.class);
  }

  @Test
  void testUserIsMemberOfIsARoleTestOnRedshiftOnly() {
    assertThat(expr(SystemKind.REDSHIFT, "user_is_member_of(current_user, 'sales')"))
        .isEqualTo(hasRole(literal("sales"), RoleScope.IN_SESSION));
    Conversion postgres =
        convert(SystemKind.POSTGRESQL, "user_is_member_of(current_user, 'sales')");
    assertThat(postgres.expr()).isInstanceOf(Expr.Opaque.class);
    assertThat(postgres.losses())
        .singleElement()
        .satisfies(loss -> assertThat(loss.reason()).contains("user_is_member_of"));
  }

  @Test
  void testAliasesReplaceWrapperFunctions() {
    FunctionAliases aliases =
        FunctionAliases.parse(
            """
            {"functions": {
              "auth.uid": {"sessionAttribute": "request.jwt.claim.sub"},
              "app.is_admin": {"hasRole": "admin"},
              "app.whoami": {"currentUser": true}}}
            """,
            "aliases.json");
    SqlExpressionConverter converter = SqlExpressionConverter.of(SqlDialect.POSTGRESQL, aliases);
    Conversion conversion =
        converter.convert(
            "owner = auth.uid() or app.is_admin() or owner = APP.WHOAMI()",
            scope(SystemKind.POSTGRESQL));
    assertThat(conversion.losses()).isEmpty();
    assertThat(conversion.expr())
        .isEqualTo(
            Expressions.or(
                equal(column("owner"), sessionAttribute("request.jwt.claim.sub")),
                hasRole("admin"),
                equal(column("owner"), currentUser())));
    Conversion withArguments =
        converter.convert("auth.uid(1) = owner", scope(SystemKind.POSTGRESQL));
    assertThat(withArguments.losses()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(
      value = SystemKind.class,
      names = {"POSTGRESQL", "REDSHIFT"})
  void testExistsLookupOnAMappingTable(SystemKind system) {
    Expr expected =
        Expressions.exists(
            MEMBERS,
            "m",
            and(
                equal(column("m", "account_id"), column("id")),
                equal(column("m", "member"), currentUser())));
    assertThat(
            expr(
                system,
                "exists (select 1 from public.members m where m.account_id = accounts.id and m.member = current_user)"))
        .isEqualTo(expected);
  }

  @Test
  void testUnqualifiedLookupColumnsResolveByKnownColumns() {
    Expr lookup =
        expr(
            SystemKind.POSTGRESQL,
            "EXISTS (SELECT 1 FROM public.members WHERE account_id = accounts.id AND member = current_user)");
    assertThat(lookup)
        .isEqualTo(
            Expressions.exists(
                MEMBERS,
                "members",
                and(
                    equal(column("members", "account_id"), column("id")),
                    equal(column("members", "member"), currentUser()))));
  }

  @Test
  void testInLookupOnAMappingTable() {
    Securable members =
        new Securable(
            Optional.empty(),
            Optional.empty(),
            Optional.of("members"),
            Optional.empty(),
            "members");
    Expr expected =
        Expressions.inLookup(
            column("id"),
            members,
            "members",
            "account_id",
            equal(column("members", "member"), currentUser()));
    assertThat(
            expr(
                SystemKind.POSTGRESQL,
                "id in (select members.account_id from members where members.member = current_user)"))
        .isEqualTo(expected);
    Expr negated =
        expr(
            SystemKind.POSTGRESQL,
            "id not in (select members.account_id from members where members.member = current_user)");
    assertThat(negated).isEqualTo(Expressions.not(expected));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "id in (select account_id from members m join accounts a on a.id = m.account_id)|a subquery with a join",
        "id in (select max(account_id) from members group by member)|grouping",
        "exists (select 1 from members limit 1)|a limit",
        "tags @> array['a']|an array operator",
        "payload->>'region' = 'EU'|JSON operator",
        "row_number() over () = 1|window function",
        "my_schema.secret_fn(id)|unknown function",
        "id in (select app.ids())|a function-only subquery"
      })
  void testUnknownConstructsBecomeOpaqueWithALoss(String sql, String description) {
    Conversion conversion = convert(SystemKind.POSTGRESQL, sql);
    assertThat(conversion.losses()).as(description).isNotEmpty();
    assertThat(conversion.losses())
        .allSatisfy(
            loss -> {
              assertThat(loss.direction()).isEqualTo(LossDirection.UNKNOWN);
              assertThat(loss.origin().object()).contains("p on public.accounts");
            });
    assertThat(containsOpaque(conversion.expr())).as(description).isTrue();
  }

  @Test
  void testOpaqueIsTheSmallestUnknownNode() {
    Conversion conversion = convert(SystemKind.POSTGRESQL, "tenant = 'a' and id = secret_fn()");
    assertThat(conversion.expr())
        .isEqualTo(
            and(
                equal(column("tenant"), literal("a")),
                equal(column("id"), Expressions.opaque(SystemKind.POSTGRESQL, "secret_fn()"))));
    assertThat(conversion.losses())
        .singleElement()
        .satisfies(loss -> assertThat(loss.reason()).contains("secret_fn"));
  }

  @Test
  void testPgDumpAndMigrationSpellingsOfAFunctionSubqueryAgree() {
    Conversion migration = convert(SystemKind.POSTGRESQL, "id in (select app.ids())");
    Conversion dump = convert(SystemKind.POSTGRESQL, "(id IN ( SELECT app.ids() AS ids))");
    assertThat(dump.expr()).isEqualTo(migration.expr());
    assertThat(dump.losses())
        .extracting("reason")
        .isEqualTo(migration.losses().stream().map(loss -> loss.reason()).toList());
  }

  @ParameterizedTest
  @EnumSource(
      value = SystemKind.class,
      names = {"POSTGRESQL", "REDSHIFT"})
  void testBetweenCaseCastsAndLiterals(SystemKind system) {
    assertThat(expr(system, "id between 1 and 10"))
        .isEqualTo(
            and(
                compare(ComparisonOperator.GREATER_THAN_OR_EQUAL, column("id"), literal(1)),
                compare(ComparisonOperator.LESS_THAN_OR_EQUAL, column("id"), literal(10))));
    assertThat(expr(system, "case tenant when 'a' then 1 else 2.50 end"))
        .isEqualTo(
            Expressions.caseWhen(
                List.of(Expressions.when(equal(column("tenant"), literal("a")), literal(1))),
                literal(new BigDecimal("2.5"))));
    assertThat(expr(system, "cast(owner as varchar(10)) = 'x'"))
        .isEqualTo(equal(Expressions.cast(column("owner"), "varchar(10)"), literal("x")));
    assertThat(expr(system, "id::bigint > 5"))
        .isEqualTo(
            compare(
                ComparisonOperator.GREATER_THAN,
                Expressions.cast(column("id"), "bigint"),
                literal(5)));
    assertThat(expr(system, "tenant::text = 'x'::text"))
        .isEqualTo(equal(column("tenant"), literal("x")));
    assertThat(expr(system, "DATE '2024-01-31' < '2024-02-01'::date"))
        .isEqualTo(Expressions.alwaysTrue());
    assertThat(expr(system, "owner || '@x' = lower(tenant)"))
        .isEqualTo(
            equal(
                function("concat", column("owner"), literal("@x")),
                function("lower", column("tenant"))));
    assertThat(expr(system, "owner is not null and not (tenant ilike 'a%')"))
        .isEqualTo(
            and(
                Expressions.isNotNull(column("owner")),
                Expressions.not(Expressions.likeIgnoringCase(column("tenant"), literal("a%")))));
    assertThat(expr(system, "owner is distinct from tenant"))
        .isEqualTo(compare(ComparisonOperator.IS_DISTINCT_FROM, column("owner"), column("tenant")));
    assertThat(expr(system, "tenant in ('a', 'b') and id = -3"))
        .isEqualTo(
            and(
                Expressions.in(column("tenant"), literal("a"), literal("b")),
                equal(column("id"), literal(-3))));
    assertThat(expr(system, "accounts.id = 1")).isEqualTo(equal(column("id"), literal(1)));
    assertThat(expr(system, "substr(owner, 1, 2) = 'ab'"))
        .isEqualTo(
            equal(function("substring", column("owner"), literal(1), literal(2)), literal("ab")));
  }

  /**
   * Regression: PostgreSQL's integer division truncates toward zero, the model's is exact, so
   * {@code id / 4 = 2} admitted 8 only (found by the differential suite, scenario 37-arithmetic).
   */
  @Test
  void testIntegerDivisionTruncatesTowardZero() {
    Expr quotient = Expressions.arithmetic(ArithmeticOperator.DIVIDE, column("id"), literal(4));
    Expr truncated =
        Expressions.caseWhen(
            List.of(
                new Expr.WhenClause(
                    compare(ComparisonOperator.GREATER_THAN_OR_EQUAL, quotient, literal(0)),
                    function("floor", quotient))),
            function("ceil", quotient));
    assertThat(expr(SystemKind.POSTGRESQL, "id / 4 = 2")).isEqualTo(equal(truncated, literal(2)));
    for (long id : new long[] {9, 11, -9, -11}) {
      Row row = Row.of(Map.of("id", BigDecimal.valueOf(id)));
      assertThat((BigDecimal) RowEvaluator.evaluate(truncated, row, LookupSource.none()))
          .as("%s / 4", id)
          .isEqualByComparingTo(BigDecimal.valueOf(id / 4));
    }
    // A numeric operand divides exactly, as in PostgreSQL.
    Expr.Comparison numeric = (Expr.Comparison) expr(SystemKind.POSTGRESQL, "id / 4.0 = 2");
    assertThat(numeric.left()).isInstanceOf(Expr.Arithmetic.class);
  }

  @Test
  void testCatalogSpellingMatchesScriptSpelling() {
    assertThat(expr(SystemKind.POSTGRESQL, "((tenant)::text = ANY (ARRAY['a'::text, 'b'::text]))"))
        .isEqualTo(expr(SystemKind.POSTGRESQL, "tenant in ('a', 'b')"));
    assertThat(expr(SystemKind.POSTGRESQL, "(owner ~~ 'a%'::text)"))
        .isEqualTo(Expressions.like(column("owner"), literal("a%")));
    assertThat(expr(SystemKind.POSTGRESQL, "((owner)::text = (CURRENT_USER)::text)"))
        .isEqualTo(equal(column("owner"), currentUser()));
    assertThat(expr(SystemKind.POSTGRESQL, "(created >= '2024-01-01'::date)"))
        .isEqualTo(
            compare(
                ComparisonOperator.GREATER_THAN_OR_EQUAL,
                column("created"),
                literal(LocalDate.of(2024, 1, 1))));
  }

  @Test
  void testRedshiftDefinitionScopeWithAlias() {
    ConversionScope definition =
        ConversionScope.forDefinition(
                List.of(new Parameter("region", "varchar(10)")),
                Origin.declared(SystemKind.REDSHIFT, "policy_region"),
                SqlLocation.start(SystemKind.REDSHIFT))
            .withAlias("t");
    Conversion conversion =
        SqlExpressionConverter.of(SqlDialect.REDSHIFT, FunctionAliases.none())
            .convert("t.region = 'EU' or user_is_member_of(current_user, 'admin')", definition);
    assertThat(conversion.losses()).isEmpty();
    assertThat(conversion.expr())
        .isEqualTo(
            Expressions.or(
                equal(column("region"), literal("EU")),
                hasRole(literal("admin"), RoleScope.IN_SESSION)));
  }

  @Test
  void testSyntaxErrorIsReportedAtTheFilePosition() {
    assertThatThrownBy(() -> convert(SystemKind.POSTGRESQL, "tenant = 'a'\n  and and id = 1"))
        .isInstanceOfSatisfying(
            ParseException.class,
            error -> {
              assertThat(error.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
              assertThat(error.file()).contains("policies.sql");
              assertThat(error.line()).isEqualTo(11);
              assertThat(error.column()).isEqualTo(7);
              assertThat(error.getMessage()).startsWith("policies.sql:11:7: [PostgreSQL]");
            });
    assertThatThrownBy(() -> convert(SystemKind.POSTGRESQL, "id = 1 garbage here"))
        .isInstanceOfSatisfying(
            ParseException.class,
            error -> {
              assertThat(error.line()).isEqualTo(10);
              assertThat(error.column()).isEqualTo(12);
            });
  }

  @Test
  void testOversizedInputIsRejected() {
    String huge = "id = 1 or " + "tenant = 'x' or ".repeat(70_000) + "true";
    assertThat(huge.length()).isGreaterThan(1 << 20);
    assertLimit(() -> convert(SystemKind.POSTGRESQL, huge), "exceeds the limit");
  }

  @Test
  void testTenThousandNestedParenthesesAreRejectedQuickly() {
    String nested = "(".repeat(10_000) + "id = 1" + ")".repeat(10_000);
    long start = System.nanoTime();
    assertLimit(() -> convert(SystemKind.POSTGRESQL, nested), "nesting deeper than 200");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void testDeeplyNestedCaseIsRejected() {
    String nested = "case when id = 1 then ".repeat(500) + "1" + " end".repeat(500) + " = 1";
    assertLimit(() -> convert(SystemKind.POSTGRESQL, nested), "nesting deeper than 200");
  }

  @Test
  void testParserStackAndTimeBoundsHoldWhenThePreScanAdmitsDeepInput() {
    BoundedSqlParser lenient =
        BoundedSqlParser.of(
            SqlDialect.POSTGRESQL, new ParseLimits(1 << 20, 1_000_000, Duration.ofSeconds(3)));
    String nested = "(".repeat(50_000) + "1" + ")".repeat(50_000);
    long start = System.nanoTime();
    assertThatThrownBy(
            () -> lenient.parseExpression(nested, SqlLocation.start(SystemKind.POSTGRESQL)))
        .isInstanceOfSatisfying(
            ParseException.class,
            error -> assertThat(error.errorCode()).isEqualTo(ErrorCode.PARSE_LIMIT_EXCEEDED));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void testLongFlatConjunctionsConvertWithoutOverflow() {
    // A left-deep AND chain as deep as the term count: walked iteratively, not recursively.
    String many = "id = 1" + " and tenant = 'x'".repeat(10_000);
    SqlExpressionConverter patient =
        SqlExpressionConverter.of(
            BoundedSqlParser.of(
                SqlDialect.POSTGRESQL, ParseLimits.DEFAULT.withTimeout(Duration.ofSeconds(60))),
            FunctionAliases.none());
    Conversion conversion = patient.convert(many, scope(SystemKind.POSTGRESQL));
    assertThat(conversion.losses()).isEmpty();
    assertThat(conversion.expr())
        .isEqualTo(and(equal(column("id"), literal(1)), equal(column("tenant"), literal("x"))));
  }

  private static void assertLimit(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ParseException.class,
            error -> {
              assertThat(error.errorCode()).isEqualTo(ErrorCode.PARSE_LIMIT_EXCEEDED);
              assertThat(error.file()).contains("policies.sql");
              assertThat(error.problem()).contains(message);
            });
  }

  private static boolean containsOpaque(Expr expr) {
    if (expr instanceof Expr.Opaque) {
      return true;
    }
    if (expr instanceof Expr.And and) {
      return and.terms().stream().anyMatch(TestSqlExpressionConverter::containsOpaque);
    }
    if (expr instanceof Expr.Or or) {
      return or.terms().stream().anyMatch(TestSqlExpressionConverter::containsOpaque);
    }
    if (expr instanceof Expr.Not not) {
      return containsOpaque(not.term());
    }
    if (expr instanceof Expr.Comparison comparison) {
      return containsOpaque(comparison.left()) || containsOpaque(comparison.right());
    }
    return false;
  }
}
