package dev.passport.cli;

import dev.passport.enforce.report.PolicyWords;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.PassportException;
import dev.passport.model.SaltScope;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/** Policy elements in words, for people reading {@code passport explain} and the demo. */
final class Descriptions {
  private Descriptions() {}

  /** The row filter: {@code all rows}, {@code no rows}, or {@code where} and the predicate. */
  static String rows(Expr rowFilter, SqlDialect dialect) {
    return PolicyWords.rows(
        rowFilter, predicate -> "where " + ExpressionPrinter.print(predicate, dialect));
  }

  /**
   * The residual row filter as SQL for scripts: empty for every row, {@code FALSE} for none.
   *
   * @throws PassportException NOT_SUPPORTED when the dialect cannot express it
   */
  static Optional<String> rowFilterSql(Expr rowFilter, SqlDialect dialect) {
    if (Expressions.isTrue(rowFilter)) {
      return Optional.empty();
    }
    Expr printable = Expressions.isFalseOrNull(rowFilter) ? Expressions.alwaysFalse() : rowFilter;
    return Optional.of(ExpressionPrinter.print(printable, dialect));
  }

  /** What a column decision does to the column's values, e.g. {@code partial: keep last 4…}. */
  static String column(ColumnDecision decision, SqlDialect dialect) {
    return PolicyWords.column(
        decision,
        "denied: not readable",
        "expression: depends on the row: ",
        condition -> sqlOrExplanation(condition, decision.column(), dialect),
        transform -> transform(transform, decision.column(), dialect));
  }

  /** A transform in words, prefixed with its kind name. */
  static String transform(Transform transform, String column, SqlDialect dialect) {
    String kind = transform.kind().id();
    switch (transform.kind()) {
      case IDENTITY:
        return kind + ": shown as is";
      case NULLIFY:
        return kind + ": always NULL";
      case CONSTANT:
        return kind
            + ": always "
            + sqlOrExplanation(((Transform.Constant) transform).value(), column, dialect);
      case HASH:
        Transform.Hash hash = (Transform.Hash) transform;
        return kind + ": " + hash.algorithm().javaName() + " hex digest" + salt(hash.salt());
      case PARTIAL:
        return kind + ": " + partial((Transform.Partial) transform);
      case MASK_CHARACTERS:
        return kind + ": letters become X or x, digits 0, other characters stay";
      case EMAIL:
        return kind + ": local part hidden, domain shown";
      case REGEX_REPLACE:
        Transform.RegexReplace regex = (Transform.RegexReplace) transform;
        return kind
            + ": matches of /"
            + regex.pattern()
            + "/ become "
            + quoted(regex.replacement());
      case DATE_TRUNCATE:
        return kind
            + ": to the start of the "
            + ((Transform.DateTruncate) transform).unit().name().toLowerCase(Locale.ROOT);
      case ROUND:
        return kind + ": " + round(((Transform.Round) transform).digits());
      case EXPRESSION:
        return kind
            + ": "
            + sqlOrExplanation(((Transform.Expression) transform).expression(), column, dialect);
    }
    throw new AssertionError("unreachable: " + transform.kind());
  }

  private static String salt(SaltScope salt) {
    return switch (salt) {
      case NONE -> "";
      case GLOBAL -> ", salted (one salt for the deployment, so hashes still join)";
      case QUERY_LOCAL -> ", salted afresh for every query";
    };
  }

  private static String partial(Transform.Partial partial) {
    return PolicyWords.partial(
        partial,
        "fill "
            + quoted(partial.fill())
            + (partial.mode() == FillMode.ONCE ? " once" : " per hidden character"));
  }

  private static String round(int digits) {
    if (digits > 0) {
      return "to " + digits + (digits == 1 ? " decimal place" : " decimal places");
    }
    if (digits == 0) {
      return "to a whole number";
    }
    return "to the nearest " + BigInteger.TEN.pow(-digits);
  }

  private static String quoted(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** The expression as SQL, or why it cannot be printed in the dialect. */
  private static String sqlOrExplanation(Expr expr, String column, SqlDialect dialect) {
    try {
      return ExpressionPrinter.print(expr, dialect, Expressions.column(column));
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      return "(a custom expression: " + e.getMessage() + ")";
    }
  }

  /** A grant in one line, e.g. {@code SELECT on sales.customers to role analyst}. */
  static String grant(Grant grant) {
    return grant.describe();
  }
}
