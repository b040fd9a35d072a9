package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The shape of a decision in words, shared by the diff, the gate and {@code passport explain}. Each
 * report keeps its own vocabulary (how it prints SQL and names a transform) and passes it in, so
 * that the reports read alike without printing the same words.
 */
public final class PolicyWords {
  private PolicyWords() {}

  /**
   * The expression as SQL of the dialect for a reader. What the dialect cannot say (a session
   * setting in Spark SQL, say) is written as PostgreSQL, whose printer says everything the model
   * holds, and opaque SQL of another system as itself: a report must render whatever it shows.
   *
   * @param maskedValue what a mask's masked value is called in the text
   */
  public static String sql(Expr expr, SqlDialect dialect, String maskedValue) {
    requireNonNull(expr, "expr is null");
    requireNonNull(dialect, "dialect is null");
    Expr masked = Expressions.column(requireNonNull(maskedValue, "maskedValue is null"));
    try {
      return ExpressionPrinter.print(expr, dialect, masked);
    } catch (PassportException | IllegalArgumentException e) {
      if (expr instanceof Expr.Opaque opaque) {
        return "(" + opaque.dialect().displayName() + " SQL not understood: " + opaque.sql() + ")";
      }
    }
    try {
      return ExpressionPrinter.print(expr, SqlDialect.POSTGRESQL, masked);
    } catch (PassportException | IllegalArgumentException e) {
      return expr.toString();
    }
  }

  /**
   * {@code all rows}, {@code no rows}, or what {@code predicate} says of a row filter that is
   * neither.
   */
  public static String rows(Expr rowFilter, Function<Expr, String> predicate) {
    requireNonNull(rowFilter, "rowFilter is null");
    requireNonNull(predicate, "predicate is null");
    if (Expressions.isTrue(rowFilter)) {
      return "all rows";
    }
    if (Expressions.isFalseOrNull(rowFilter)) {
      return "no rows";
    }
    return predicate.apply(rowFilter);
  }

  /**
   * What a column decision shows: {@code denied} when the column cannot be read, its one transform,
   * or {@code depends on the row: when … then …; otherwise …}.
   */
  public static String column(
      ColumnDecision decision,
      Function<Expr, String> condition,
      Function<Transform, String> transform) {
    return column(decision, "denied", "depends on the row: ", condition, transform);
  }

  /**
   * As {@link #column(ColumnDecision, Function, Function)}, with the report's own words for a
   * denied column and before the arms of a decision that depends on the row.
   */
  public static String column(
      ColumnDecision decision,
      String denied,
      String dependsOnTheRow,
      Function<Expr, String> condition,
      Function<Transform, String> transform) {
    requireNonNull(decision, "decision is null");
    requireNonNull(denied, "denied is null");
    requireNonNull(dependsOnTheRow, "dependsOnTheRow is null");
    requireNonNull(condition, "condition is null");
    requireNonNull(transform, "transform is null");
    if (!decision.readable()) {
      return denied;
    }
    if (decision.rules().isEmpty()) {
      return transform.apply(decision.otherwise());
    }
    List<String> arms = new ArrayList<>();
    for (ConditionalTransform rule : decision.rules()) {
      arms.add(
          "when "
              + condition.apply(rule.condition())
              + " then "
              + transform.apply(rule.transform()));
    }
    arms.add("otherwise " + transform.apply(decision.otherwise()));
    return dependsOnTheRow + String.join("; ", arms);
  }

  /**
   * What a partial transform keeps ({@code keep first 2, keep last 4}, or {@code hide all}), then
   * {@code fill}, the report's words for the fill: {@code keep last 4, fill '*' once}.
   */
  public static String partial(Transform.Partial partial, String fill) {
    requireNonNull(partial, "partial is null");
    requireNonNull(fill, "fill is null");
    List<String> parts = new ArrayList<>();
    if (partial.keepFirst() > 0) {
      parts.add("keep first " + partial.keepFirst());
    }
    if (partial.keepLast() > 0) {
      parts.add("keep last " + partial.keepLast());
    }
    if (parts.isEmpty()) {
      parts.add("hide all");
    }
    parts.add(fill);
    return String.join(", ", parts);
  }
}
