package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Expr;
import dev.passport.model.PassportException;
import dev.passport.model.SecurableLevel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evaluates residual predicates and column decisions against rows, for the row masker and for
 * differential tests against real engines. Semantics are SQL's:
 *
 * <ul>
 *   <li>Three-valued logic: AND, OR and NOT per SQL; a comparison with NULL is UNKNOWN; {@code x IN
 *       (…)} is TRUE on a match, else UNKNOWN when {@code x} or a member is NULL, else FALSE (so
 *       {@code NOT IN} with a NULL member admits nothing); IS [NOT] DISTINCT FROM treats NULLs as
 *       equal; CASE takes the first arm whose condition is TRUE.
 *   <li>Comparisons: within text, number, boolean, date/timestamp (a date is midnight); text
 *       against another type is cast to that type first, and a failed cast is an error.
 *   <li>LIKE: {@code %}, {@code _}, backslash escape; the case-insensitive form folds Unicode case.
 *   <li>Arithmetic on BigDecimal (division with 34 significant digits; by zero is an error); a date
 *       plus or minus a whole number of days; a date minus a date in days.
 *   <li>CAST between text, the integer types (range-checked, rounded half-up), decimal(p,s),
 *       double/real, boolean, date, timestamp, uuid and json; a value that does not convert is an
 *       error.
 *   <li>Functions: lower, upper, length (code points), substring/substr (1-based), left, right,
 *       concat (any NULL argument gives NULL, as ANSI {@code ||}), coalesce, nullif, trim, ltrim,
 *       rtrim, replace, strpos, reverse, abs, round (half-up), floor, ceil, sha2(value, bits) and
 *       md5 (lower-case hex of the UTF-8 text), regexp_replace (all matches, Java replacement
 *       syntax, optional flags with {@code i}), regexp_like, date_trunc(unit, value), year,
 *       quarter, month, day, split_part, lpad, rpad, starts_with. Other functions are an error.
 *   <li>Lookups: EXISTS is TRUE when a mapping row satisfies the condition (columns qualified by
 *       the lookup's alias read the mapping row, the others the protected row); IN compares the
 *       probe with the selected column of those rows, with IN's NULL rules.
 * </ul>
 *
 * <p>Fail closed: an {@link Expr.Opaque} reached during evaluation, or a lookup whose mapping table
 * the {@link LookupSource} lacks, makes the whole expression unknown, not only its node ({@code
 * opaque IS NULL} must not admit). Identity values must have been folded by {@link
 * Evaluator#decide}; meeting one is an error.
 */
public final class RowEvaluator {
  private RowEvaluator() {}

  /**
   * Whether a row filter admits the row: only when it is TRUE. FALSE, UNKNOWN, an opaque part and
   * any evaluation error all reject.
   */
  public static boolean admits(Expr residualFilter, Row row, LookupSource lookups) {
    requireNonNull(residualFilter, "residualFilter is null");
    requireNonNull(row, "row is null");
    requireNonNull(lookups, "lookups is null");
    try {
      return Interpreter.forRow(row, lookups).test(residualFilter) == TriState.TRUE;
    } catch (PassportException | UnknownResult rejected) {
      return false;
    }
  }

  /**
   * The predicate's truth value for the row; UNKNOWN also when an opaque part is reached.
   *
   * @throws PassportException EVALUATION_ERROR on an unknown function, a failed cast, a missing
   *     column, a non-boolean result
   */
  public static TriState test(Expr predicate, Row row, LookupSource lookups) {
    requireNonNull(predicate, "predicate is null");
    try {
      return Interpreter.forRow(row, lookups).test(predicate);
    } catch (UnknownResult unknown) {
      return TriState.UNKNOWN;
    }
  }

  /**
   * The expression's value for the row: String, BigDecimal, Boolean, LocalDate, LocalDateTime, or
   * null for NULL (and for an opaque part).
   *
   * @throws PassportException EVALUATION_ERROR as for {@link #test}
   */
  public static Object evaluate(Expr expr, Row row, LookupSource lookups) {
    requireNonNull(expr, "expr is null");
    try {
      return Interpreter.forRow(row, lookups).evaluate(expr);
    } catch (UnknownResult unknown) {
      return null;
    }
  }

  /**
   * {@link #applyColumn(ColumnDecision, Row, String, LookupSource, EvaluationOptions)} unsalted.
   */
  public static Object applyColumn(
      ColumnDecision decision, Row row, String column, LookupSource lookups) {
    return applyColumn(decision, row, column, lookups, EvaluationOptions.defaults());
  }

  /**
   * The masked value of {@code column} in the row: the transform of the first residual rule whose
   * condition is TRUE ({@link Expr.MaskedValue} is the column's own value), else {@code otherwise}.
   * NULL for an unreadable column, and when a condition reaches an opaque part or a missing mapping
   * table.
   *
   * @throws PassportException EVALUATION_ERROR when the row lacks the column or a condition or
   *     transform cannot be evaluated
   */
  public static Object applyColumn(
      ColumnDecision decision,
      Row row,
      String column,
      LookupSource lookups,
      EvaluationOptions options) {
    requireNonNull(decision, "decision is null");
    requireNonNull(row, "row is null");
    requireNonNull(column, "column is null");
    requireNonNull(lookups, "lookups is null");
    requireNonNull(options, "options is null");
    if (!decision.readable()) {
      return null;
    }
    if (!row.has(column)) {
      throw SqlValues.error("Row has no column " + column + ": " + row.values().keySet());
    }
    Object value = row.value(column);
    Interpreter interpreter = Interpreter.forMask(row, lookups, value);
    try {
      for (ConditionalTransform rule : decision.rules()) {
        if (interpreter.test(rule.condition()) == TriState.TRUE) {
          return Transforms.compile(rule.transform(), options).apply(value, row, lookups);
        }
      }
    } catch (UnknownResult unknown) {
      return null;
    }
    return Transforms.compile(decision.otherwise(), options).apply(value, row, lookups);
  }

  /** {@link #maskRow(Decision, Row, LookupSource, EvaluationOptions)} unsalted. */
  public static Map<String, Object> maskRow(Decision decision, Row row, LookupSource lookups) {
    return maskRow(decision, row, lookups, EvaluationOptions.defaults());
  }

  /**
   * The row as the principal may see it: the readable columns the decision names, masked, in the
   * row's order. A row column the decision does not name passes unchanged only when the decision
   * allows the table as a whole (not through column grants alone); otherwise it is left out. The
   * row filter is not applied here; see {@link #admits}.
   *
   * @throws PassportException EVALUATION_ERROR as for {@link #applyColumn}
   */
  public static Map<String, Object> maskRow(
      Decision decision, Row row, LookupSource lookups, EvaluationOptions options) {
    requireNonNull(decision, "decision is null");
    requireNonNull(row, "row is null");
    boolean wholeTable =
        decision.allowed()
            && (decision.grantedBy().isEmpty()
                || decision.grantedBy().get().securable().level() != SecurableLevel.COLUMN);
    Map<String, Object> result = new LinkedHashMap<>();
    for (String column : row.values().keySet()) {
      ColumnDecision columnDecision = decision.columns().get(column);
      if (columnDecision == null) {
        if (wholeTable) {
          result.put(column, SqlValues.normalize(row.value(column)));
        }
      } else if (columnDecision.readable()) {
        result.put(column, applyColumn(columnDecision, row, column, lookups, options));
      }
    }
    return Collections.unmodifiableMap(result);
  }
}
