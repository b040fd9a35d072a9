package dev.passport.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.ComparisonOperator;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import dev.passport.model.SystemKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The compiled row filter against the interpreter: random filters of every compiled shape over
 * random rows with NULLs, mixed value types, text that casts and text that does not, so both agree
 * on TRUE, FALSE, UNKNOWN and on where an error stops evaluation.
 */
class TestCompiledPredicate {
  private static final List<String> COLUMNS = List.of("a", "b", "c", "d", "e");

  private static final List<Object> TEXTS = nullable("x", "abc", "", "12", "Zürich", "2024-01-02");
  private static final List<Object> NUMBERS =
      nullable(
          BigDecimal.ZERO,
          new BigDecimal("12.00"),
          new BigDecimal("-1.5"),
          12,
          7_000_000_000L,
          (short) 3,
          1.5d,
          Double.NaN);
  private static final List<Object> BOOLEANS = nullable(true, false);
  private static final List<Object> DATES =
      nullable(
          LocalDate.of(2024, 1, 2),
          LocalDateTime.of(2024, 1, 2, 0, 0),
          LocalDateTime.of(2024, 1, 2, 8, 15),
          "2024-01-02");
  private static final List<Expr> LITERALS =
      List.of(
          Expressions.nullLiteral(),
          Expressions.literal("x"),
          Expressions.literal("abc"),
          Expressions.literal("12"),
          Expressions.literal(""),
          Expressions.literal("2024-01-02"),
          Expressions.literal(0),
          Expressions.literal(12),
          Expressions.literal(new BigDecimal("-1.50")),
          Expressions.literal(true),
          Expressions.literal(false),
          Expressions.literal(LocalDate.of(2024, 1, 2)),
          Expressions.literal(LocalDateTime.of(2024, 1, 2, 8, 15)));

  private static List<Object> nullable(Object... values) {
    List<Object> list = new ArrayList<>();
    list.add(null);
    list.addAll(List.of(values));
    return list;
  }

  @Test
  void testRandomFiltersAgreeWithTheInterpreterOnEveryRow() {
    Random random = new Random(7);
    List<Object[]> rows = new ArrayList<>();
    for (int index = 0; index < 200; index++) {
      rows.add(
          new Object[] {
            pick(random, TEXTS),
            pick(random, NUMBERS),
            pick(random, random.nextBoolean() ? TEXTS : NUMBERS),
            pick(random, BOOLEANS),
            pick(random, DATES)
          });
    }
    int admitted = 0;
    int rejectedByError = 0;
    for (int filterIndex = 0; filterIndex < 800; filterIndex++) {
      Expr filter = predicate(random, 3);
      Optional<CompiledPredicate> compiled = CompiledPredicate.compile(filter, COLUMNS);
      assertThat(compiled).as("%s", filter).isPresent();
      for (Object[] values : rows) {
        Row row = row(values);
        String expected = outcome(() -> RowEvaluator.test(filter, row, LookupSource.none()));
        String actual = outcome(() -> compiled.get().test(values));
        assertThat(actual).as("%s over %s", filter, row).isEqualTo(expected);
        boolean admits = RowEvaluator.admits(filter, row, LookupSource.none());
        assertThat(compiled.get().admits(values)).as("%s over %s", filter, row).isEqualTo(admits);
        admitted += admits ? 1 : 0;
        rejectedByError += expected.startsWith("error") ? 1 : 0;
      }
    }
    // The rows and filters reach every outcome, so the comparison is not vacuous.
    assertThat(admitted).isGreaterThan(5_000);
    assertThat(rejectedByError).isGreaterThan(500);
  }

  @Test
  void testNullsFollowThreeValuedLogic() {
    Expr filter =
        new Expr.Or(
            List.of(
                new Expr.Comparison(
                    ComparisonOperator.EQUAL, Expressions.column("a"), Expressions.literal("x")),
                new Expr.Not(
                    new Expr.In(
                        Expressions.column("b"),
                        List.of(Expressions.literal(1), Expressions.nullLiteral())))));
    CompiledPredicate compiled = CompiledPredicate.compile(filter, COLUMNS).orElseThrow();
    // a = 'x' is TRUE: admitted whatever b is.
    assertThat(compiled.test(new Object[] {"x", 5, null, null, null})).isEqualTo(TriState.TRUE);
    // NOT IN with a NULL member is never TRUE, so only a = 'x' can admit.
    assertThat(compiled.test(new Object[] {"y", 5, null, null, null})).isEqualTo(TriState.UNKNOWN);
    assertThat(compiled.test(new Object[] {"y", 1, null, null, null})).isEqualTo(TriState.FALSE);
    assertThat(compiled.test(new Object[] {null, null, null, null, null}))
        .isEqualTo(TriState.UNKNOWN);
    assertThat(compiled.admits(new Object[] {null, null, null, null, null})).isFalse();
  }

  @Test
  void testOtherShapesAndMissingColumnsAreNotCompiled() {
    List<Expr> others =
        List.of(
            Expressions.like(Expressions.column("a"), Expressions.literal("x%")),
            Expressions.equal(Expressions.function("lower", Expressions.column("a")), literal("x")),
            Expressions.equal(Expressions.column("missing"), literal("x")),
            Expressions.equal(Expressions.maskedValue(), literal("x")),
            Expressions.opaque(SystemKind.POSTGRESQL, "a ~ 'x'"),
            Expressions.equal(Expressions.cast(Expressions.column("b"), "integer"), literal("1")),
            literal("x"),
            new Expr.And(
                List.of(
                    Expressions.isNull(Expressions.column("a")),
                    Expressions.like(Expressions.column("a"), Expressions.literal("x%")))));
    for (Expr other : others) {
      assertThat(CompiledPredicate.compile(other, COLUMNS)).as("%s", other).isEmpty();
    }
    assertThat(CompiledPredicate.compile(Expressions.alwaysTrue(), List.of())).isPresent();
  }

  @Test
  void testRepeatedColumnNamesReadTheLastAsTheRowDoes() {
    List<String> columns = List.of("a", "a");
    Expr filter = Expressions.equal(Expressions.column("a"), literal("last"));
    CompiledPredicate compiled = CompiledPredicate.compile(filter, columns).orElseThrow();
    Object[] values = {"first", "last"};
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", "first");
    map.put("a", "last");
    assertThat(compiled.admits(values))
        .isTrue()
        .isEqualTo(RowEvaluator.admits(filter, Row.of(map), LookupSource.none()));
  }

  private static Expr literal(String value) {
    return Expressions.literal(value);
  }

  private static Row row(Object[] values) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int index = 0; index < COLUMNS.size(); index++) {
      map.put(COLUMNS.get(index), values[index]);
    }
    return Row.of(map);
  }

  private static String outcome(Supplier<TriState> test) {
    try {
      return test.get().name();
    } catch (PassportException exception) {
      return "error " + exception.errorCode();
    } catch (RuntimeException exception) {
      return "exception " + exception.getClass().getName();
    }
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** Built from the records, not the factories, so no folding hides a shape. */
  private static Expr predicate(Random random, int depth) {
    int choice = random.nextInt(depth <= 0 ? 5 : 9);
    switch (choice) {
      case 0:
      case 1:
        return new Expr.Comparison(
            pick(random, List.of(ComparisonOperator.values())), operand(random), operand(random));
      case 2:
        {
          List<Expr> members = new ArrayList<>();
          int count = 1 + random.nextInt(3);
          for (int index = 0; index < count; index++) {
            members.add(operand(random));
          }
          return new Expr.In(operand(random), members);
        }
      case 3:
        return new Expr.IsNull(operand(random));
      case 4:
        return pick(
            random,
            List.of(
                Expressions.literal(true),
                Expressions.literal(false),
                Expressions.nullLiteral(),
                Expressions.column("d")));
      case 5:
        return new Expr.And(terms(random, depth));
      case 6:
        return new Expr.Or(terms(random, depth));
      default:
        return new Expr.Not(predicate(random, depth - 1));
    }
  }

  private static List<Expr> terms(Random random, int depth) {
    List<Expr> terms = new ArrayList<>();
    int count = 2 + random.nextInt(2);
    for (int index = 0; index < count; index++) {
      terms.add(predicate(random, depth - 1));
    }
    return terms;
  }

  private static Expr operand(Random random) {
    if (random.nextInt(3) == 0) {
      return pick(random, LITERALS);
    }
    return Expressions.column(pick(random, COLUMNS));
  }
}
