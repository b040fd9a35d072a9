package dev.passport.model;

import static dev.passport.model.Expressions.alwaysFalse;
import static dev.passport.model.Expressions.alwaysTrue;
import static dev.passport.model.Expressions.and;
import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.compare;
import static dev.passport.model.Expressions.currentUser;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.function;
import static dev.passport.model.Expressions.in;
import static dev.passport.model.Expressions.isNotNull;
import static dev.passport.model.Expressions.isNull;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.not;
import static dev.passport.model.Expressions.notEqual;
import static dev.passport.model.Expressions.nullLiteral;
import static dev.passport.model.Expressions.or;
import static dev.passport.model.Implication.FAILS;
import static dev.passport.model.Implication.HOLDS;
import static dev.passport.model.Implication.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class TestImplications {
  private static final Expr REGION = column("region");
  private static final Expr AMOUNT = column("amount");
  private static final Expr DAY = column("day");
  private static final Expr ACTIVE = column("active");

  private static Expr greater(Expr left, long right) {
    return compare(ComparisonOperator.GREATER_THAN, left, literal(right));
  }

  private static Expr greaterOrEqual(Expr left, long right) {
    return compare(ComparisonOperator.GREATER_THAN_OR_EQUAL, left, literal(right));
  }

  private static Expr less(Expr left, long right) {
    return compare(ComparisonOperator.LESS_THAN, left, literal(right));
  }

  private static Expr lessOrEqual(Expr left, long right) {
    return compare(ComparisonOperator.LESS_THAN_OR_EQUAL, left, literal(right));
  }

  private static Expr between(Expr value, long low, long high) {
    return and(greaterOrEqual(value, low), lessOrEqual(value, high));
  }

  private static Expr number(String spelling) {
    return literal(new BigDecimal(spelling));
  }

  /** Built directly, not through Expressions, as a JSON reader or another extractor might. */
  private static Expr raw(ComparisonOperator operator, Expr left, Expr right) {
    return new Expr.Comparison(operator, left, right);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // Constants.
        Arguments.of("FALSE => anything", alwaysFalse(), equal(REGION, literal("EU")), HOLDS),
        Arguments.of("anything => TRUE", equal(REGION, literal("EU")), alwaysTrue(), HOLDS),
        Arguments.of("TRUE => TRUE", alwaysTrue(), alwaysTrue(), HOLDS),
        Arguments.of("TRUE => FALSE", alwaysTrue(), alwaysFalse(), FAILS),
        Arguments.of("TRUE => region = 'EU'", alwaysTrue(), equal(REGION, literal("EU")), FAILS),
        Arguments.of("NULL => FALSE", nullLiteral(), alwaysFalse(), HOLDS),
        // Equalities on strings.
        Arguments.of(
            "region = 'EU' => region = 'EU'",
            equal(REGION, literal("EU")),
            equal(REGION, literal("EU")),
            HOLDS),
        Arguments.of(
            "region = 'EU' => region = 'US'",
            equal(REGION, literal("EU")),
            equal(REGION, literal("US")),
            FAILS),
        Arguments.of(
            "'EU' = region => region = 'EU'",
            raw(ComparisonOperator.EQUAL, literal("EU"), REGION),
            equal(REGION, literal("EU")),
            HOLDS),
        Arguments.of(
            "region = 'EU' => region <> 'US'",
            equal(REGION, literal("EU")),
            notEqual(REGION, literal("US")),
            HOLDS),
        Arguments.of(
            "region <> 'US' => region = 'EU'",
            notEqual(REGION, literal("US")),
            equal(REGION, literal("EU")),
            FAILS),
        Arguments.of(
            "strings compare exactly: region = 'EU' => region = 'eu'",
            equal(REGION, literal("EU")),
            equal(REGION, literal("eu")),
            FAILS),
        // Ranges.
        Arguments.of("x > 10 => x > 5", greater(AMOUNT, 10), greater(AMOUNT, 5), HOLDS),
        Arguments.of("x > 5 => x > 10", greater(AMOUNT, 5), greater(AMOUNT, 10), FAILS),
        Arguments.of("x >= 5 => x > 5", greaterOrEqual(AMOUNT, 5), greater(AMOUNT, 5), FAILS),
        Arguments.of("x > 5 => x >= 5", greater(AMOUNT, 5), greaterOrEqual(AMOUNT, 5), HOLDS),
        Arguments.of(
            "5 < x => x > 5",
            raw(ComparisonOperator.LESS_THAN, literal(5), AMOUNT),
            greater(AMOUNT, 5),
            HOLDS),
        Arguments.of(
            "x BETWEEN 3 AND 7 => x BETWEEN 1 AND 10",
            between(AMOUNT, 3, 7),
            between(AMOUNT, 1, 10),
            HOLDS),
        Arguments.of(
            "x BETWEEN 1 AND 10 => x BETWEEN 3 AND 7",
            between(AMOUNT, 1, 10),
            between(AMOUNT, 3, 7),
            FAILS),
        Arguments.of(
            "x BETWEEN 3 AND 7 => x < 3 OR x >= 3",
            between(AMOUNT, 3, 7),
            or(less(AMOUNT, 3), greaterOrEqual(AMOUNT, 3)),
            HOLDS),
        Arguments.of(
            "x > 10 AND x < 5 (empty) => x = 99",
            and(greater(AMOUNT, 10), less(AMOUNT, 5)),
            equal(AMOUNT, literal(99)),
            HOLDS),
        // Whether x > 5 implies x >= 6 depends on the column's type: integers yes, decimals no.
        Arguments.of("x > 5 => x >= 6", greater(AMOUNT, 5), greaterOrEqual(AMOUNT, 6), UNKNOWN),
        Arguments.of("x >= 6 => x > 5", greaterOrEqual(AMOUNT, 6), greater(AMOUNT, 5), HOLDS),
        // Numbers by value.
        Arguments.of(
            "x = 1 => x = 1.0",
            equal(AMOUNT, literal(1)),
            raw(ComparisonOperator.EQUAL, AMOUNT, number("1.0")),
            HOLDS),
        Arguments.of(
            "x = 1e0 => x IN (1.00, 2)",
            equal(AMOUNT, number("1e0")),
            in(AMOUNT, number("1.00"), literal(2)),
            HOLDS),
        Arguments.of(
            "x < 1e2 => x <= 100.0",
            less(AMOUNT, 100),
            compare(ComparisonOperator.LESS_THAN_OR_EQUAL, AMOUNT, number("1.0e2")),
            HOLDS),
        // IN lists.
        Arguments.of(
            "IN subset",
            in(REGION, literal("EU"), literal("UK")),
            in(REGION, literal("EU"), literal("UK"), literal("US")),
            HOLDS),
        Arguments.of(
            "IN superset",
            in(REGION, literal("EU"), literal("UK"), literal("US")),
            in(REGION, literal("EU"), literal("UK")),
            FAILS),
        Arguments.of(
            "IN = OR of equalities",
            in(REGION, literal("EU"), literal("UK")),
            or(equal(REGION, literal("UK")), equal(REGION, literal("EU"))),
            HOLDS),
        Arguments.of(
            "NOT IN excludes",
            not(in(REGION, literal("EU"), literal("UK"))),
            notEqual(REGION, literal("EU")),
            HOLDS),
        Arguments.of(
            "NOT IN with a NULL member admits nothing",
            not(new Expr.In(REGION, List.of(literal("EU"), nullLiteral()))),
            alwaysFalse(),
            HOLDS),
        Arguments.of(
            "IN with a NULL member admits the other members",
            new Expr.In(REGION, List.of(literal("EU"), nullLiteral())),
            equal(REGION, literal("EU")),
            HOLDS),
        Arguments.of(
            "IN of numbers vs range",
            in(AMOUNT, literal(3), literal(4)),
            between(AMOUNT, 1, 5),
            HOLDS),
        // AND / OR combinations.
        Arguments.of(
            "a AND b => a",
            and(equal(REGION, literal("EU")), greater(AMOUNT, 5)),
            equal(REGION, literal("EU")),
            HOLDS),
        Arguments.of(
            "a => a AND b",
            equal(REGION, literal("EU")),
            and(equal(REGION, literal("EU")), greater(AMOUNT, 5)),
            FAILS),
        Arguments.of(
            "a => a OR b",
            equal(REGION, literal("EU")),
            or(equal(REGION, literal("EU")), greater(AMOUNT, 5)),
            HOLDS),
        Arguments.of(
            "a OR b => a",
            or(equal(REGION, literal("EU")), greater(AMOUNT, 5)),
            equal(REGION, literal("EU")),
            FAILS),
        Arguments.of(
            "distributes: (a OR b) AND c => (a AND c) OR (b AND c)",
            and(or(equal(REGION, literal("EU")), equal(REGION, literal("UK"))), greater(AMOUNT, 5)),
            or(
                and(equal(REGION, literal("EU")), greater(AMOUNT, 5)),
                and(equal(REGION, literal("UK")), greater(AMOUNT, 5))),
            HOLDS),
        Arguments.of(
            "two columns: region = 'EU' AND x > 10 => region IN ('EU','UK') AND x > 5",
            and(equal(REGION, literal("EU")), greater(AMOUNT, 10)),
            and(in(REGION, literal("EU"), literal("UK")), greater(AMOUNT, 5)),
            HOLDS),
        Arguments.of(
            "NOT (a OR b) => NOT a",
            not(or(equal(REGION, literal("EU")), equal(REGION, literal("UK")))),
            notEqual(REGION, literal("EU")),
            HOLDS),
        // NULL semantics.
        Arguments.of(
            "x IS NULL => x <> 5 (NULL <> 5 is NULL)",
            isNull(AMOUNT),
            notEqual(AMOUNT, literal(5)),
            FAILS),
        Arguments.of("x > 5 => x IS NOT NULL", greater(AMOUNT, 5), isNotNull(AMOUNT), HOLDS),
        Arguments.of(
            "x IS NOT NULL => x > 5 OR x <= 5",
            isNotNull(AMOUNT),
            or(greater(AMOUNT, 5), lessOrEqual(AMOUNT, 5)),
            HOLDS),
        Arguments.of(
            "TRUE => x > 5 OR x <= 5 (a NULL x is in neither)",
            alwaysTrue(),
            or(greater(AMOUNT, 5), lessOrEqual(AMOUNT, 5)),
            FAILS),
        Arguments.of(
            "TRUE => NOT (x = 5) OR x = 5",
            alwaysTrue(),
            or(not(equal(AMOUNT, literal(5))), equal(AMOUNT, literal(5))),
            FAILS),
        Arguments.of(
            "x = NULL admits nothing",
            raw(ComparisonOperator.EQUAL, AMOUNT, nullLiteral()),
            alwaysFalse(),
            HOLDS),
        Arguments.of(
            "x IS DISTINCT FROM 5 => x IS NULL OR x <> 5",
            raw(ComparisonOperator.IS_DISTINCT_FROM, AMOUNT, literal(5)),
            or(isNull(AMOUNT), notEqual(AMOUNT, literal(5))),
            HOLDS),
        Arguments.of(
            "x IS NOT DISTINCT FROM NULL => x IS NULL",
            raw(ComparisonOperator.IS_NOT_DISTINCT_FROM, AMOUNT, nullLiteral()),
            isNull(AMOUNT),
            HOLDS),
        Arguments.of(
            "x IS DISTINCT FROM 5 => x <> 5",
            raw(ComparisonOperator.IS_DISTINCT_FROM, AMOUNT, literal(5)),
            notEqual(AMOUNT, literal(5)),
            FAILS),
        // Booleans.
        Arguments.of("active => active = TRUE", ACTIVE, equal(ACTIVE, literal(true)), HOLDS),
        Arguments.of(
            "NOT active => active = FALSE", not(ACTIVE), equal(ACTIVE, literal(false)), HOLDS),
        Arguments.of("active => NOT active", ACTIVE, not(ACTIVE), FAILS),
        Arguments.of("TRUE => active OR NOT active", alwaysTrue(), or(ACTIVE, not(ACTIVE)), FAILS),
        // Dates and timestamps.
        Arguments.of(
            "day >= 2024-03-01 => day > 2024-01-01",
            compare(
                ComparisonOperator.GREATER_THAN_OR_EQUAL, DAY, literal(LocalDate.of(2024, 3, 1))),
            compare(ComparisonOperator.GREATER_THAN, DAY, literal(LocalDate.of(2024, 1, 1))),
            HOLDS),
        Arguments.of(
            "day > 2024-01-01 => day >= 2024-03-01",
            compare(ComparisonOperator.GREATER_THAN, DAY, literal(LocalDate.of(2024, 1, 1))),
            compare(
                ComparisonOperator.GREATER_THAN_OR_EQUAL, DAY, literal(LocalDate.of(2024, 3, 1))),
            FAILS),
        Arguments.of(
            "ts > 10:00 => ts > 09:00",
            compare(
                ComparisonOperator.GREATER_THAN, DAY, literal(LocalDateTime.of(2024, 1, 1, 10, 0))),
            compare(
                ComparisonOperator.GREATER_THAN, DAY, literal(LocalDateTime.of(2024, 1, 1, 9, 0))),
            HOLDS),
        // Atoms.
        Arguments.of(
            "identical function atoms",
            equal(function("lower", REGION), literal("eu")),
            equal(function("lower", REGION), literal("eu")),
            HOLDS),
        Arguments.of(
            "function atom with a narrower literal set",
            equal(function("lower", REGION), literal("eu")),
            in(function("lower", REGION), literal("eu"), literal("uk")),
            HOLDS),
        Arguments.of(
            "function atom, different literal: no counterexample is built from a function",
            equal(function("lower", REGION), literal("eu")),
            equal(function("lower", REGION), literal("uk")),
            UNKNOWN),
        Arguments.of(
            "function atom vs its column",
            equal(function("lower", REGION), literal("eu")),
            equal(REGION, literal("EU")),
            UNKNOWN),
        Arguments.of(
            "column vs column, same atom spelled the other way round",
            equal(column("owner"), column("manager")),
            equal(column("manager"), column("owner")),
            HOLDS),
        Arguments.of(
            "a > b => b < a",
            compare(ComparisonOperator.GREATER_THAN, column("a"), column("b")),
            compare(ComparisonOperator.LESS_THAN, column("b"), column("a")),
            HOLDS),
        Arguments.of(
            "a > b => NOT (a <= b)",
            compare(ComparisonOperator.GREATER_THAN, column("a"), column("b")),
            not(compare(ComparisonOperator.LESS_THAN_OR_EQUAL, column("a"), column("b"))),
            HOLDS),
        Arguments.of(
            "a = b => a <= b: not decided",
            equal(column("a"), column("b")),
            compare(ComparisonOperator.LESS_THAN_OR_EQUAL, column("a"), column("b")),
            UNKNOWN),
        Arguments.of(
            "identity function",
            equal(column("owner"), currentUser()),
            equal(column("owner"), currentUser()),
            HOLDS),
        Arguments.of(
            "identity function vs literal",
            equal(column("owner"), currentUser()),
            equal(column("owner"), literal("alice")),
            UNKNOWN),
        Arguments.of(
            "atom AND x > 10 => x > 5",
            and(equal(column("owner"), currentUser()), greater(AMOUNT, 10)),
            greater(AMOUNT, 5),
            HOLDS),
        Arguments.of(
            "x > 10 => atom AND x > 5",
            greater(AMOUNT, 10),
            and(equal(column("owner"), currentUser()), greater(AMOUNT, 5)),
            UNKNOWN),
        Arguments.of(
            "opaque SQL equal after whitespace and keyword case",
            Expressions.opaque(SystemKind.POSTGRESQL, "EXISTS (SELECT 1 FROM t WHERE t.a = 'X')"),
            Expressions.opaque(
                SystemKind.POSTGRESQL, "exists(  select 1\n from t where t.a = 'X' )"),
            HOLDS),
        Arguments.of(
            "opaque SQL with different quoted text",
            Expressions.opaque(SystemKind.POSTGRESQL, "f(a) = 'X'"),
            Expressions.opaque(SystemKind.POSTGRESQL, "f(a) = 'x'"),
            UNKNOWN),
        Arguments.of(
            "ordering of strings is the collation's",
            compare(ComparisonOperator.LESS_THAN, REGION, literal("M")),
            compare(ComparisonOperator.LESS_THAN, REGION, literal("Z")),
            UNKNOWN),
        Arguments.of(
            "the same string ordering is one atom",
            compare(ComparisonOperator.LESS_THAN, REGION, literal("M")),
            raw(ComparisonOperator.GREATER_THAN, literal("M"), REGION),
            HOLDS),
        Arguments.of(
            "mixed families on one column are not decided",
            equal(AMOUNT, literal("7")),
            equal(AMOUNT, literal(7)),
            UNKNOWN),
        Arguments.of(
            "AND with terms reordered inside an atom",
            function("f", and(column("a"), column("b"))),
            function("f", and(column("b"), column("a"))),
            HOLDS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void testImplies(String name, Expr antecedent, Expr consequent, Implication expected) {
    assertThat(Implications.implies(antecedent, consequent)).isEqualTo(expected);
  }

  @Test
  void testNormaliseRemovesSpellingOnly() {
    Expr spelled =
        or(
            raw(ComparisonOperator.GREATER_THAN, literal(5), AMOUNT),
            in(REGION, literal("UK"), literal("EU")),
            Expressions.opaque(SystemKind.POSTGRESQL, "F( x ,  'A b' )"));
    Expr respelled =
        or(
            Expressions.opaque(SystemKind.POSTGRESQL, "f(x, 'A b')"),
            in(REGION, literal("EU"), literal("UK")),
            less(AMOUNT, 5));

    assertThat(Implications.normalise(spelled)).isEqualTo(Implications.normalise(respelled));
    assertThat(Implications.normalise(equal(REGION, literal("EU"))))
        .isNotEqualTo(Implications.normalise(equal(REGION, literal("eu"))));
  }

  @Test
  void testEquivalenceIsAskedBothWays() {
    Expr inList = in(REGION, literal("EU"), literal("UK"));
    Expr disjunction = or(equal(REGION, literal("UK")), equal(REGION, literal("EU")));

    assertThat(Implications.implies(inList, disjunction)).isEqualTo(HOLDS);
    assertThat(Implications.implies(disjunction, inList)).isEqualTo(HOLDS);
  }

  @Test
  void testLargeCaseSplitEndsUnknownOrDecidedWithoutRunningAway() {
    // (a1 OR b1) AND … AND (a20 OR b20) against its own distribution would be 2^20 cases.
    List<Expr> clauses = new ArrayList<>();
    for (int index = 0; index < 20; index++) {
      clauses.add(
          or(
              equal(column("a" + index), literal(index)),
              equal(column("b" + index), literal(index))));
    }
    Expr conjunction = and(clauses);
    Expr opaque = Expressions.opaque(SystemKind.POSTGRESQL, "f(x)");

    long start = System.nanoTime();
    Implication answer = Implications.implies(conjunction, or(opaque, not(opaque)));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(answer).isEqualTo(UNKNOWN);
    assertThat(elapsedMillis).isLessThan(5_000);
  }
}
