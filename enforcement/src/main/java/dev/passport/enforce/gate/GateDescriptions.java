package dev.passport.enforce.gate;

import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.PassportException;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Rows and column views in words, for findings and the matrix. */
final class GateDescriptions {
  private GateDescriptions() {}

  /** {@code all rows}, {@code no rows}, or {@code where} and the predicate in the dialect. */
  static String rows(Expr rowFilter, SqlDialect dialect) {
    if (Expressions.isTrue(rowFilter)) {
      return "all rows";
    }
    if (Expressions.isFalseOrNull(rowFilter)) {
      return "no rows";
    }
    return "where " + sql(rowFilter, dialect);
  }

  /** What a column decision shows: {@code denied}, a transform, or its arms. */
  static String column(ColumnDecision decision, SqlDialect dialect) {
    if (!decision.readable()) {
      return "denied";
    }
    if (decision.rules().isEmpty()) {
      return transform(decision.otherwise(), dialect);
    }
    List<String> arms = new ArrayList<>();
    for (ConditionalTransform rule : decision.rules()) {
      arms.add(
          "when "
              + sql(rule.condition(), dialect)
              + " then "
              + transform(rule.transform(), dialect));
    }
    arms.add("otherwise " + transform(decision.otherwise(), dialect));
    return "depends on the row: " + String.join("; ", arms);
  }

  /** A transform in a few words, its kind first: {@code partial(keep last 4, fill '*' once)}. */
  static String transform(Transform transform, SqlDialect dialect) {
    String kind = transform.kind().id();
    switch (transform.kind()) {
      case IDENTITY:
        return "unmasked";
      case NULLIFY:
      case MASK_CHARACTERS:
      case EMAIL:
        return kind;
      case CONSTANT:
        return kind + "(" + sql(((Transform.Constant) transform).value(), dialect) + ")";
      case HASH:
        Transform.Hash hash = (Transform.Hash) transform;
        return kind + "(" + hash.algorithm().javaName() + ")";
      case PARTIAL:
        return kind + "(" + partial((Transform.Partial) transform) + ")";
      case REGEX_REPLACE:
        Transform.RegexReplace regex = (Transform.RegexReplace) transform;
        return kind + "(/" + regex.pattern() + "/ → '" + regex.replacement() + "')";
      case DATE_TRUNCATE:
        return kind
            + "("
            + ((Transform.DateTruncate) transform).unit().name().toLowerCase(Locale.ROOT)
            + ")";
      case ROUND:
        return kind + "(" + ((Transform.Round) transform).digits() + ")";
      case EXPRESSION:
        return kind + "(" + sql(((Transform.Expression) transform).expression(), dialect) + ")";
    }
    throw new AssertionError("unreachable: " + transform.kind());
  }

  private static String partial(Transform.Partial partial) {
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
    parts.add(
        "fill '"
            + partial.fill()
            + "'"
            + (partial.mode() == FillMode.ONCE ? " once" : " per character"));
    return String.join(", ", parts);
  }

  /**
   * The expression as SQL of the dialect; an expression the dialect cannot print (opaque SQL of
   * another system) falls back to the model's own text, since a report must never fail to render.
   */
  static String sql(Expr expr, SqlDialect dialect) {
    try {
      return ExpressionPrinter.print(expr, dialect, Expressions.column("value"));
    } catch (PassportException | IllegalArgumentException e) {
      if (expr instanceof Expr.Opaque opaque) {
        return "(" + opaque.dialect().displayName() + " SQL not understood: " + opaque.sql() + ")";
      }
      return expr.toString();
    }
  }
}
