package dev.passport.enforce.gate;

import dev.passport.enforce.report.PolicyWords;
import dev.passport.model.Expr;
import dev.passport.model.FillMode;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.translate.sql.SqlDialect;
import java.util.Locale;

/** Rows and column views in words, for findings and the matrix. */
final class GateDescriptions {
  private GateDescriptions() {}

  /** {@code all rows}, {@code no rows}, or {@code where} and the predicate in the dialect. */
  static String rows(Expr rowFilter, SqlDialect dialect) {
    return PolicyWords.rows(rowFilter, predicate -> "where " + sql(predicate, dialect));
  }

  /** What a column decision shows: {@code denied}, a transform, or its arms. */
  static String column(ColumnDecision decision, SqlDialect dialect) {
    return PolicyWords.column(
        decision, condition -> sql(condition, dialect), transform -> transform(transform, dialect));
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
    return PolicyWords.partial(
        partial,
        "fill '"
            + partial.fill()
            + "'"
            + (partial.mode() == FillMode.ONCE ? " once" : " per character"));
  }

  static String sql(Expr expr, SqlDialect dialect) {
    return PolicyWords.sql(expr, dialect, "value");
  }
}
