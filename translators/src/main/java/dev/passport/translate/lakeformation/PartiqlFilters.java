package dev.passport.translate.lakeformation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ComparisonOperator;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.PassportException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Prints a residual row filter in Lake Formation's row-filter language, a PartiQL subset: columns,
 * string, number and boolean literals, {@code = <> < > <= >=} between a column and a literal,
 * {@code IN}, {@code LIKE}, {@code IS [NOT] NULL}, {@code AND}, {@code OR}, {@code NOT}. No
 * functions, no comparison of two columns, no dates or timestamps (not among its types), at most
 * {@value #MAX_LENGTH} characters. Anything else is refused with NOT_SUPPORTED.
 */
public final class PartiqlFilters {
  /** Lake Formation's limit on a filter expression. */
  public static final int MAX_LENGTH = 2048;

  private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

  private PartiqlFilters() {}

  /**
   * The filter as Lake Formation row-filter text.
   *
   * @throws PassportException NOT_SUPPORTED naming the first construct outside the subset, or the
   *     length
   */
  public static String print(Expr filter) {
    requireNonNull(filter, "filter is null");
    String text = node(filter);
    if (text.length() > MAX_LENGTH) {
      throw refuse(
          "the filter is " + text.length() + " characters; Lake Formation allows " + MAX_LENGTH);
    }
    return text;
  }

  private static String node(Expr expr) {
    switch (expr.kind()) {
      case BOOLEAN_LITERAL:
        return ((Expr.BooleanLiteral) expr).value() ? "TRUE" : "FALSE";
      case AND:
        return joined(((Expr.And) expr).terms(), " AND ");
      case OR:
        return joined(((Expr.Or) expr).terms(), " OR ");
      case NOT:
        {
          Expr term = ((Expr.Not) expr).term();
          if (term instanceof Expr.IsNull isNull) {
            return column(isNull.value()) + " IS NOT NULL";
          }
          return "NOT (" + node(term) + ")";
        }
      case IS_NULL:
        return column(((Expr.IsNull) expr).value()) + " IS NULL";
      case COMPARISON:
        {
          Expr.Comparison comparison = (Expr.Comparison) expr;
          ComparisonOperator operator = comparison.operator();
          Expr left = comparison.left();
          Expr right = comparison.right();
          if (left instanceof Expr.Literal && right instanceof Expr.Column) {
            Expr swap = left;
            left = right;
            right = swap;
            operator = operator.flip();
          }
          if (left instanceof Expr.Column && right instanceof Expr.Column) {
            throw refuse("a comparison of two columns");
          }
          if (operator == ComparisonOperator.IS_DISTINCT_FROM
              || operator == ComparisonOperator.IS_NOT_DISTINCT_FROM) {
            throw refuse(operator.symbol());
          }
          return column(left) + " " + operator.symbol() + " " + literal(right);
        }
      case IN:
        {
          Expr.In in = (Expr.In) expr;
          List<String> members = new ArrayList<>();
          for (Expr member : in.list()) {
            members.add(literal(member));
          }
          return column(in.value()) + " IN (" + String.join(", ", members) + ")";
        }
      case LIKE:
        {
          Expr.Like like = (Expr.Like) expr;
          if (like.caseInsensitive()) {
            throw refuse("a case-insensitive LIKE (string comparisons are case-sensitive)");
          }
          return column(like.value()) + " LIKE " + literal(like.pattern());
        }
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case COLUMN:
      case MASKED_VALUE:
      case FUNCTION_CALL:
      case ARITHMETIC:
      case CASE:
      case CAST:
      case CURRENT_USER:
      case CURRENT_ROLE:
      case HAS_ROLE:
      case IN_GROUP:
      case SESSION_ATTRIBUTE:
      case COLUMN_TAG_VALUE:
      case LOOKUP:
      case OPAQUE:
        throw refuse(expr.kind().id().replace('_', ' '));
    }
    throw new IllegalStateException("Unknown expression kind " + expr.kind());
  }

  private static String joined(List<Expr> terms, String separator) {
    List<String> parts = new ArrayList<>();
    for (Expr term : terms) {
      String printed = node(term);
      parts.add(
          term instanceof Expr.And || term instanceof Expr.Or ? "(" + printed + ")" : printed);
    }
    return String.join(separator, parts);
  }

  private static String column(Expr expr) {
    if (!(expr instanceof Expr.Column column)) {
      throw refuse(
          "a computed value where a column is needed (" + expr.kind().id().replace('_', ' ') + ")");
    }
    String name = column.name();
    return PLAIN.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(Expr expr) {
    if (expr instanceof Expr.StringLiteral text) {
      return "'" + text.value().replace("'", "''") + "'";
    }
    if (expr instanceof Expr.NumberLiteral number) {
      return number.value().toPlainString();
    }
    if (expr instanceof Expr.BooleanLiteral bool) {
      return bool.value() ? "TRUE" : "FALSE";
    }
    throw refuse("the value " + expr.kind().id().replace('_', ' '));
  }

  private static PassportException refuse(String what) {
    return new PassportException(
        ErrorCode.NOT_SUPPORTED, "Lake Formation row filters cannot express " + what);
  }
}
