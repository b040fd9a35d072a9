package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ComparisonOperator;
import dev.passport.model.Expr;
import dev.passport.model.ExprKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Converts a residual row filter (identity already folded by the evaluator) into an Iceberg
 * predicate bound to field IDs.
 *
 * <p>SQL filters are three-valued and admit a row only when TRUE; Iceberg predicates are
 * two-valued. So each node is converted twice: {@code whenTrue} holds exactly when the SQL node is
 * TRUE and {@code whenFalse} exactly when it is FALSE (NULL is neither); NOT swaps them. A part
 * that has no Iceberg form (a function, arithmetic, a cast, a lookup, opaque SQL, a comparison of
 * two columns, an identity value left over) becomes {@code false} in both, which can only remove
 * rows, and is reported. The result therefore admits a subset of the source's rows, and exactly
 * them when nothing was reported.
 */
public final class IcebergFilters {
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter NANOS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS");

  private final Function<String, Optional<IcebergField>> columns;
  private final List<String> problems = new ArrayList<>();

  private IcebergFilters(Function<String, Optional<IcebergField>> columns) {
    this.columns = columns;
  }

  /** The converted predicate and what could not be expressed (empty when exact). */
  public record Result(IcebergPredicate predicate, List<String> problems) {
    public Result {
      requireNonNull(predicate, "predicate is null");
      problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }

    public boolean exact() {
      return problems.isEmpty();
    }
  }

  /**
   * Converts the residual filter.
   *
   * @param columns finds the Iceberg field a column name of the policy is bound to
   */
  public static Result convert(Expr filter, Function<String, Optional<IcebergField>> columns) {
    requireNonNull(filter, "filter is null");
    requireNonNull(columns, "columns is null");
    IcebergFilters converter = new IcebergFilters(columns);
    IcebergPredicate predicate = converter.whenTrue(filter);
    return new Result(predicate, converter.problems);
  }

  private IcebergPredicate whenTrue(Expr expr) {
    return convert(expr, false);
  }

  private IcebergPredicate whenFalse(Expr expr) {
    return convert(expr, true);
  }

  private IcebergPredicate convert(Expr expr, boolean negated) {
    switch (expr.kind()) {
      case BOOLEAN_LITERAL:
        return ((Expr.BooleanLiteral) expr).value() != negated
            ? IcebergPredicate.alwaysTrue()
            : IcebergPredicate.alwaysFalse();
      case NULL_LITERAL:
        return IcebergPredicate.alwaysFalse();
      case AND:
        {
          List<IcebergPredicate> terms = new ArrayList<>();
          for (Expr term : ((Expr.And) expr).terms()) {
            terms.add(convert(term, negated));
          }
          return negated ? IcebergPredicate.or(terms) : IcebergPredicate.and(terms);
        }
      case OR:
        {
          List<IcebergPredicate> terms = new ArrayList<>();
          for (Expr term : ((Expr.Or) expr).terms()) {
            terms.add(convert(term, negated));
          }
          return negated ? IcebergPredicate.and(terms) : IcebergPredicate.or(terms);
        }
      case NOT:
        return convert(((Expr.Not) expr).term(), !negated);
      case COMPARISON:
        return comparison((Expr.Comparison) expr, negated);
      case IN:
        return in((Expr.In) expr, negated);
      case IS_NULL:
        {
          Optional<IcebergField> field = field(((Expr.IsNull) expr).value(), expr);
          if (field.isEmpty()) {
            return IcebergPredicate.alwaysFalse();
          }
          return negated
              ? IcebergPredicate.notNull(field.get().id())
              : IcebergPredicate.isNull(field.get().id());
        }
      case LIKE:
        return like((Expr.Like) expr, negated);
      case COLUMN:
        {
          Optional<IcebergField> field = field(expr, expr);
          if (field.isEmpty()) {
            return IcebergPredicate.alwaysFalse();
          }
          if (!field.get().type().name().equals("boolean")) {
            return unsupported(expr, "a non-boolean column used as a condition");
          }
          return guarded(field.get(), IcebergPredicate.compare("eq", field.get().id(), !negated));
        }
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
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
        return unsupported(expr, describe(expr.kind()));
    }
    throw new IllegalStateException("Unknown expression kind " + expr.kind());
  }

  private IcebergPredicate comparison(Expr.Comparison comparison, boolean negated) {
    ComparisonOperator operator = comparison.operator();
    Expr left = comparison.left();
    Expr right = comparison.right();
    if (left instanceof Expr.Literal && right instanceof Expr.Column) {
      Expr swap = left;
      left = right;
      right = swap;
      operator = operator.flip();
    }
    if (!(left instanceof Expr.Column) || !(right instanceof Expr.Literal literal)) {
      return unsupported(
          comparison,
          left instanceof Expr.Column && right instanceof Expr.Column
              ? "a comparison of two columns"
              : "a comparison of " + describe(left.kind()) + " with " + describe(right.kind()));
    }
    Optional<IcebergField> found = field(left, comparison);
    if (found.isEmpty()) {
      return IcebergPredicate.alwaysFalse();
    }
    IcebergField field = found.get();
    boolean distinctness =
        operator == ComparisonOperator.IS_DISTINCT_FROM
            || operator == ComparisonOperator.IS_NOT_DISTINCT_FROM;
    if (literal instanceof Expr.NullLiteral) {
      if (!distinctness) {
        return IcebergPredicate.alwaysFalse();
      }
      // IS [NOT] DISTINCT FROM NULL is never NULL, so NOT simply flips it.
      boolean distinct = (operator == ComparisonOperator.IS_DISTINCT_FROM) != negated;
      return distinct ? IcebergPredicate.notNull(field.id()) : IcebergPredicate.isNull(field.id());
    }
    if (literal instanceof Expr.StringLiteral text && text.value().equals(Audiences.UNNAMED_USER)) {
      return unsupported(
          comparison, "the caller's user name (current_user; resolve the restrictions per caller)");
    }
    Optional<Object> value = value(literal, field);
    if (value.isEmpty()) {
      return unsupported(
          comparison, "a literal that does not convert exactly to " + field.type().name());
    }
    if (distinctness) {
      boolean distinct = (operator == ComparisonOperator.IS_DISTINCT_FROM) != negated;
      IcebergPredicate equal =
          guarded(field, IcebergPredicate.compare("eq", field.id(), value.get()));
      return distinct
          ? IcebergPredicate.or(
              IcebergPredicate.isNull(field.id()),
              guarded(field, IcebergPredicate.compare("not-eq", field.id(), value.get())))
          : equal;
    }
    ComparisonOperator effective = negated ? operator.negate() : operator;
    return guarded(field, IcebergPredicate.compare(type(effective), field.id(), value.get()));
  }

  private IcebergPredicate in(Expr.In in, boolean negated) {
    if (!(in.value() instanceof Expr.Column)) {
      return unsupported(in, "IN over a computed value");
    }
    Optional<IcebergField> found = field(in.value(), in);
    if (found.isEmpty()) {
      return IcebergPredicate.alwaysFalse();
    }
    IcebergField field = found.get();
    List<Object> values = new ArrayList<>();
    boolean nullMember = false;
    for (Expr member : in.list()) {
      if (member instanceof Expr.NullLiteral) {
        nullMember = true;
        continue;
      }
      if (!(member instanceof Expr.Literal literal)) {
        return unsupported(in, "IN with a computed member");
      }
      Optional<Object> value = value(literal, field);
      if (value.isEmpty()) {
        return unsupported(in, "an IN member that does not convert exactly to " + field.type());
      }
      values.add(value.get());
    }
    if (negated) {
      // x NOT IN (…, NULL) is never TRUE.
      if (nullMember || values.isEmpty()) {
        return IcebergPredicate.alwaysFalse();
      }
      return guarded(field, IcebergPredicate.set("not-in", field.id(), values));
    }
    if (values.isEmpty()) {
      return IcebergPredicate.alwaysFalse();
    }
    return guarded(field, IcebergPredicate.set("in", field.id(), values));
  }

  private IcebergPredicate like(Expr.Like like, boolean negated) {
    if (like.caseInsensitive()) {
      return unsupported(like, "a case-insensitive LIKE");
    }
    if (!(like.value() instanceof Expr.Column)
        || !(like.pattern() instanceof Expr.StringLiteral pattern)) {
      return unsupported(like, "LIKE over computed values");
    }
    Optional<IcebergField> found = field(like.value(), like);
    if (found.isEmpty()) {
      return IcebergPredicate.alwaysFalse();
    }
    IcebergField field = found.get();
    if (!field.type().isString()) {
      return unsupported(like, "LIKE on a " + field.type().name() + " column");
    }
    String text = pattern.value();
    if (text.contains("\\")) {
      return unsupported(like, "a LIKE pattern with escapes");
    }
    int percent = text.indexOf('%');
    boolean wildcard = percent >= 0 || text.indexOf('_') >= 0;
    if (!wildcard) {
      return guarded(field, IcebergPredicate.compare(negated ? "not-eq" : "eq", field.id(), text));
    }
    String prefix = text.substring(0, Math.max(percent, 0));
    if (percent < 0 || prefix.indexOf('_') >= 0 || !text.substring(percent).matches("%+")) {
      return unsupported(like, "a LIKE pattern other than a prefix followed by %");
    }
    return guarded(
        field,
        IcebergPredicate.compare(negated ? "not-starts-with" : "starts-with", field.id(), prefix));
  }

  // Two-valued readers may treat a NULL operand either way; the guard makes the answer FALSE for
  // NULL, as SQL's UNKNOWN-rejects-the-row requires, whatever the reader does.
  private static IcebergPredicate guarded(IcebergField field, IcebergPredicate predicate) {
    if (field.required()) {
      return predicate;
    }
    return IcebergPredicate.and(IcebergPredicate.notNull(field.id()), predicate);
  }

  private Optional<IcebergField> field(Expr column, Expr context) {
    if (!(column instanceof Expr.Column named)) {
      unsupported(context, describe(column.kind()));
      return Optional.empty();
    }
    Optional<IcebergField> field = columns.apply(named.name());
    if (field.isEmpty()) {
      problems.add(
          "column "
              + named.name()
              + " is not in the Iceberg schema (nor bound to a field ID), so it cannot be"
              + " referenced");
      return Optional.empty();
    }
    if (field.get().type().isNested()) {
      unsupported(context, "a condition on the nested column " + named.name());
      return Optional.empty();
    }
    return field;
  }

  private IcebergPredicate unsupported(Expr expr, String what) {
    problems.add(what + " has no Iceberg expression");
    return IcebergPredicate.alwaysFalse();
  }

  private static String type(ComparisonOperator operator) {
    switch (operator) {
      case EQUAL:
        return "eq";
      case NOT_EQUAL:
        return "not-eq";
      case LESS_THAN:
        return "lt";
      case LESS_THAN_OR_EQUAL:
        return "lt-eq";
      case GREATER_THAN:
        return "gt";
      case GREATER_THAN_OR_EQUAL:
        return "gt-eq";
      case IS_DISTINCT_FROM:
      case IS_NOT_DISTINCT_FROM:
        break;
    }
    throw new IllegalStateException("No Iceberg comparison for " + operator);
  }

  /** The literal in the REST JSON form for the field's type, when it converts exactly. */
  static Optional<Object> value(Expr.Literal literal, IcebergField field) {
    IcebergType type = field.type();
    String name = type.name();
    if (type.isString()) {
      return literal instanceof Expr.StringLiteral text
          ? Optional.of(text.value())
          : Optional.empty();
    }
    if (type.isIntegral() || type.isDecimal() || name.equals("double") || name.equals("float")) {
      Optional<BigDecimal> number = number(literal);
      if (number.isEmpty()) {
        return Optional.empty();
      }
      BigDecimal value = number.get();
      if (type.isIntegral()) {
        try {
          long exact = value.longValueExact();
          if (name.equals("int") && (exact < Integer.MIN_VALUE || exact > Integer.MAX_VALUE)) {
            return Optional.empty();
          }
          return Optional.of(exact);
        } catch (ArithmeticException notIntegral) {
          return Optional.empty();
        }
      }
      if (type.isDecimal()) {
        if (Math.max(value.scale(), 0) > type.decimalScale()) {
          return Optional.empty();
        }
        return Optional.of(IcebergPredicate.decimal(value, type.decimalScale()));
      }
      return Optional.of(value.doubleValue());
    }
    if (name.equals("boolean")) {
      return literal instanceof Expr.BooleanLiteral bool
          ? Optional.of(bool.value())
          : Optional.empty();
    }
    if (name.equals("date")) {
      Optional<LocalDate> date = date(literal);
      return date.map(LocalDate::toString);
    }
    if (name.equals("timestamp") || name.equals("timestamp_ns")) {
      Optional<LocalDateTime> timestamp = Optional.empty();
      if (literal instanceof Expr.TimestampLiteral value) {
        timestamp = Optional.of(value.value());
      } else {
        timestamp = date(literal).map(LocalDate::atStartOfDay);
      }
      DateTimeFormatter format = name.equals("timestamp") ? MICROS : NANOS;
      if (name.equals("timestamp")
          && timestamp.isPresent()
          && timestamp.get().getNano() % 1000 != 0) {
        return Optional.empty();
      }
      return timestamp.map(format::format);
    }
    // Zoned timestamps, times, UUIDs, binary: the model's literals do not say enough to convert
    // them without guessing a zone or an encoding.
    return Optional.empty();
  }

  private static Optional<BigDecimal> number(Expr.Literal literal) {
    if (literal instanceof Expr.NumberLiteral number) {
      return Optional.of(number.value());
    }
    if (literal instanceof Expr.StringLiteral text) {
      try {
        return Optional.of(new BigDecimal(text.value()));
      } catch (NumberFormatException notNumber) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Optional<LocalDate> date(Expr.Literal literal) {
    if (literal instanceof Expr.DateLiteral date) {
      return Optional.of(date.value());
    }
    if (literal instanceof Expr.StringLiteral text) {
      try {
        return Optional.of(LocalDate.parse(text.value()));
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static String describe(ExprKind kind) {
    return kind.id().replace('_', ' ');
  }
}
