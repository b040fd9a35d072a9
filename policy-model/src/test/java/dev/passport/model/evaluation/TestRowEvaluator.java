package dev.passport.model.evaluation;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.function;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.evaluation.EvaluationFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.ArithmeticOperator;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestRowEvaluator {
  private static final Row ROW =
      row(
          "name",
          "Alice Smith",
          "region",
          "eu",
          "missing",
          null,
          "amount",
          new BigDecimal("12.50"),
          "count",
          7,
          "flag",
          true,
          "day",
          LocalDate.of(2024, 5, 15),
          "at",
          LocalDateTime.of(2024, 5, 15, 13, 45, 30));

  private static Object evaluate(Expr expr) {
    return RowEvaluator.evaluate(expr, ROW, LookupSource.none());
  }

  private static TriState test(Expr expr) {
    return RowEvaluator.test(expr, ROW, LookupSource.none());
  }

  private static Expr nul() {
    return Expressions.nullLiteral();
  }

  @Test
  void testThreeValuedLogic() {
    Expr unknown = Expressions.equal(column("missing"), literal("x"));
    Expr yes = Expressions.equal(column("region"), literal("eu"));
    Expr no = Expressions.equal(column("region"), literal("us"));
    assertThat(test(unknown)).isEqualTo(TriState.UNKNOWN);
    assertThat(test(new Expr.And(List.of(unknown, no)))).isEqualTo(TriState.FALSE);
    assertThat(test(new Expr.And(List.of(unknown, yes)))).isEqualTo(TriState.UNKNOWN);
    assertThat(test(new Expr.Or(List.of(unknown, yes)))).isEqualTo(TriState.TRUE);
    assertThat(test(new Expr.Or(List.of(unknown, no)))).isEqualTo(TriState.UNKNOWN);
    assertThat(test(new Expr.Not(unknown))).isEqualTo(TriState.UNKNOWN);
    assertThat(RowEvaluator.admits(new Expr.Not(unknown), ROW, LookupSource.none())).isFalse();
    assertThat(test(Expressions.isNull(column("missing")))).isEqualTo(TriState.TRUE);
    assertThat(
            test(
                Expressions.compare(
                    ComparisonOperator.IS_NOT_DISTINCT_FROM, column("missing"), nul())))
        .isEqualTo(TriState.TRUE);
    assertThat(
            test(Expressions.compare(ComparisonOperator.IS_DISTINCT_FROM, column("region"), nul())))
        .isEqualTo(TriState.TRUE);
  }

  @Test
  void testInWithNulls() {
    Expr notIn = new Expr.Not(new Expr.In(column("region"), List.of(literal("us"), nul())));
    assertThat(test(notIn)).as("NOT IN with a NULL member never holds").isEqualTo(TriState.UNKNOWN);
    assertThat(RowEvaluator.admits(notIn, ROW, LookupSource.none())).isFalse();
    assertThat(test(new Expr.In(column("region"), List.of(literal("eu"), nul()))))
        .isEqualTo(TriState.TRUE);
    assertThat(test(new Expr.In(column("missing"), List.of(literal("eu")))))
        .isEqualTo(TriState.UNKNOWN);
    assertThat(test(new Expr.In(column("count"), List.of(literal(7), literal(8)))))
        .isEqualTo(TriState.TRUE);
  }

  @Test
  void testLike() {
    assertThat(test(Expressions.like(column("name"), literal("Alice%")))).isEqualTo(TriState.TRUE);
    assertThat(test(Expressions.like(column("name"), literal("alice%")))).isEqualTo(TriState.FALSE);
    assertThat(test(Expressions.likeIgnoringCase(column("name"), literal("alice%"))))
        .isEqualTo(TriState.TRUE);
    assertThat(test(Expressions.like(column("region"), literal("e_")))).isEqualTo(TriState.TRUE);
    assertThat(test(Expressions.like(literal("50%"), literal("50\\%")))).isEqualTo(TriState.TRUE);
    assertThat(test(Expressions.like(literal("500"), literal("50\\%")))).isEqualTo(TriState.FALSE);
    assertThat(test(Expressions.like(literal("a.b"), literal("a.b")))).isEqualTo(TriState.TRUE);
    assertThat(test(Expressions.like(literal("axb"), literal("a.b")))).isEqualTo(TriState.FALSE);
    assertThat(test(Expressions.like(column("missing"), literal("%")))).isEqualTo(TriState.UNKNOWN);
  }

  @Test
  void testComparisonsAcrossTypes() {
    assertThat(
            test(
                Expressions.compare(
                    ComparisonOperator.GREATER_THAN, column("amount"), literal(12))))
        .isEqualTo(TriState.TRUE);
    assertThat(test(Expressions.equal(column("amount"), literal(new BigDecimal("12.5")))))
        .isEqualTo(TriState.TRUE);
    assertThat(test(Expressions.equal(column("count"), literal("7")))).isEqualTo(TriState.TRUE);
    assertThat(test(Expressions.compare(ComparisonOperator.LESS_THAN, column("day"), column("at"))))
        .isEqualTo(TriState.TRUE);
    assertThat(test(Expressions.equal(column("day"), literal("2024-05-15"))))
        .isEqualTo(TriState.TRUE);
    assertThatThrownBy(() -> test(Expressions.equal(column("count"), literal("seven"))))
        .isInstanceOf(PassportException.class)
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.EVALUATION_ERROR);
  }

  @Test
  void testCaseAndCast() {
    Expr caseWhen =
        new Expr.Case(
            List.of(
                Expressions.when(
                    Expressions.equal(column("missing"), literal("x")), literal("null arm")),
                Expressions.when(
                    Expressions.equal(column("region"), literal("eu")), literal("eu arm"))),
            literal("else"));
    assertThat(evaluate(caseWhen)).isEqualTo("eu arm");
    assertThat(evaluate(new Expr.Cast(column("amount"), "varchar"))).isEqualTo("12.50");
    assertThat(evaluate(new Expr.Cast(column("amount"), "integer")))
        .isEqualTo(new BigDecimal("13"));
    assertThat(evaluate(new Expr.Cast(column("amount"), "decimal(10,1)")))
        .isEqualTo(new BigDecimal("12.5"));
    assertThat(evaluate(new Expr.Cast(literal("TRUE"), "boolean"))).isEqualTo(true);
    assertThat(evaluate(new Expr.Cast(column("at"), "date"))).isEqualTo(LocalDate.of(2024, 5, 15));
    assertThat(evaluate(new Expr.Cast(column("at"), "varchar"))).isEqualTo("2024-05-15 13:45:30");
    assertThat(evaluate(new Expr.Cast(literal("2024-01-02 03:04:05"), "timestamp")))
        .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
    assertThat(evaluate(new Expr.Cast(column("missing"), "integer"))).isNull();
    assertThatThrownBy(() -> evaluate(new Expr.Cast(literal("abc"), "integer")))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("Cannot cast");
    assertThatThrownBy(() -> evaluate(new Expr.Cast(literal("99999999999"), "integer")))
        .isInstanceOf(PassportException.class);
  }

  @Test
  void testArithmetic() {
    assertThat(
            evaluate(
                Expressions.arithmetic(
                    ArithmeticOperator.MULTIPLY, column("amount"), column("count"))))
        .isEqualTo(new BigDecimal("87.50"));
    assertThat(evaluate(Expressions.arithmetic(ArithmeticOperator.DIVIDE, literal(1), literal(4))))
        .isEqualTo(new BigDecimal("0.25"));
    assertThat(evaluate(Expressions.arithmetic(ArithmeticOperator.MODULUS, literal(7), literal(3))))
        .isEqualTo(BigDecimal.ONE);
    assertThat(evaluate(Expressions.arithmetic(ArithmeticOperator.ADD, column("day"), literal(20))))
        .isEqualTo(LocalDate.of(2024, 6, 4));
    assertThat(
            evaluate(Expressions.arithmetic(ArithmeticOperator.ADD, column("missing"), literal(1))))
        .isNull();
    Expr divideByZero =
        Expressions.arithmetic(ArithmeticOperator.DIVIDE, column("count"), literal(0));
    assertThatThrownBy(() -> evaluate(divideByZero)).hasMessageContaining("Division by zero");
    assertThat(
            RowEvaluator.admits(
                Expressions.equal(divideByZero, literal(1)), ROW, LookupSource.none()))
        .as("an evaluation error rejects the row")
        .isFalse();
  }

  static Stream<Arguments> functions() {
    return Stream.of(
        Arguments.of(function("lower", column("name")), "alice smith"),
        Arguments.of(function("upper", column("region")), "EU"),
        Arguments.of(function("length", literal("a\uD83D\uDE00b")), new BigDecimal(3)),
        Arguments.of(function("substring", column("name"), literal(7)), "Smith"),
        Arguments.of(function("substring", column("name"), literal(1), literal(5)), "Alice"),
        Arguments.of(function("substring", column("name"), literal(0), literal(3)), "Al"),
        Arguments.of(function("left", column("name"), literal(3)), "Ali"),
        Arguments.of(function("right", column("name"), literal(3)), "ith"),
        Arguments.of(function("concat", column("region"), literal("-"), column("count")), "eu-7"),
        Arguments.of(function("concat", column("region"), column("missing")), null),
        Arguments.of(function("coalesce", column("missing"), literal("fallback")), "fallback"),
        Arguments.of(function("nullif", column("region"), literal("eu")), null),
        Arguments.of(function("nullif", column("region"), literal("us")), "eu"),
        Arguments.of(function("trim", literal("  x  ")), "x"),
        Arguments.of(function("ltrim", literal("  x  ")), "x  "),
        Arguments.of(function("rtrim", literal("xxaxx"), literal("x")), "xxa"),
        Arguments.of(
            function("replace", column("name"), literal("Smith"), literal("S.")), "Alice S."),
        Arguments.of(function("abs", literal(-3)), new BigDecimal(3)),
        Arguments.of(function("round", literal(new BigDecimal("2.5"))), new BigDecimal(3)),
        Arguments.of(
            function("round", literal(new BigDecimal("-2.45")), literal(1)),
            new BigDecimal("-2.5")),
        Arguments.of(function("floor", literal(new BigDecimal("-2.5"))), new BigDecimal(-3)),
        Arguments.of(function("ceil", literal(new BigDecimal("2.1"))), new BigDecimal(3)),
        Arguments.of(
            function("sha2", literal("abc"), literal(256)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Arguments.of(function("md5", literal("abc")), "900150983cd24fb0d6963f7d28e17f72"),
        Arguments.of(
            function("regexp_replace", column("name"), literal("[aeiou]"), literal("*")),
            "Al*c* Sm*th"),
        Arguments.of(function("regexp_like", column("name"), literal("^A.*h$")), true),
        Arguments.of(
            function("date_trunc", literal("month"), column("day")), LocalDate.of(2024, 5, 1)),
        Arguments.of(
            function("date_trunc", literal("hour"), column("at")),
            LocalDateTime.of(2024, 5, 15, 13, 0)),
        Arguments.of(function("year", column("day")), new BigDecimal(2024)),
        Arguments.of(function("month", column("at")), new BigDecimal(5)),
        Arguments.of(function("split_part", literal("a,b,c"), literal(","), literal(2)), "b"),
        Arguments.of(function("split_part", literal("a,b,c"), literal(","), literal(5)), ""),
        Arguments.of(function("lpad", literal("7"), literal(3), literal("0")), "007"),
        Arguments.of(function("rpad", literal("abcd"), literal(2)), "ab"),
        Arguments.of(function("starts_with", column("name"), literal("Ali")), true),
        Arguments.of(function("upper", column("missing")), null));
  }

  @ParameterizedTest
  @MethodSource("functions")
  void testFunctions(Expr call, Object expected) {
    assertThat(evaluate(call)).isEqualTo(expected);
  }

  @Test
  void testUnknownFunctionThrowsButRejects() {
    Expr call = Expressions.equal(function("frobnicate", column("name")), literal("x"));
    assertThatThrownBy(() -> evaluate(call))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("frobnicate");
    assertThat(RowEvaluator.admits(call, ROW, LookupSource.none())).isFalse();
    Expr nullArgument = function("frobnicate", column("missing"));
    assertThatThrownBy(() -> evaluate(nullArgument)).isInstanceOf(PassportException.class);
  }

  @Test
  void testOpaqueUnwindsTheWholeExpression() {
    Expr opaque = Expressions.opaque(dev.passport.model.SystemKind.REDSHIFT, "f(x)");
    assertThat(test(Expressions.isNull(opaque))).isEqualTo(TriState.UNKNOWN);
    assertThat(evaluate(function("coalesce", opaque, literal(true)))).isNull();
    assertThat(test(Expressions.or(Expressions.equal(column("region"), literal("eu")), opaque)))
        .as("a TRUE arm before the opaque one decides, as in SQL")
        .isEqualTo(TriState.TRUE);
  }

  @Test
  void testIdentityValuesMustBeFolded() {
    assertThatThrownBy(() -> evaluate(Expressions.currentUser()))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("not folded");
    assertThatThrownBy(() -> evaluate(column("nope"))).hasMessageContaining("no column nope");
  }
}
