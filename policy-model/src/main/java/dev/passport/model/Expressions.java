package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Static constructors for {@link Expr} trees that simplify as they build, in the manner of
 * Iceberg's {@code Expressions}: {@code and(alwaysTrue(), x)} is {@code x}, {@code or(x,
 * alwaysTrue())} is {@code alwaysTrue()}, nested conjunctions flatten, comparisons and IN lists of
 * literals fold to a boolean (or NULL, with SQL's three-valued logic), and a CASE drops arms that
 * can never be taken. Partial evaluation relies on this: substituting the caller's identity into a
 * predicate and rebuilding it leaves only what depends on the row.
 *
 * <pre>{@code
 * Expr tenant = equal(column("tenant_id"), sessionAttribute("app.tenant"));
 * Expr filter = or(hasRole("admin"), tenant);
 * }</pre>
 */
public final class Expressions {
  private static final Expr.BooleanLiteral TRUE = new Expr.BooleanLiteral(true);
  private static final Expr.BooleanLiteral FALSE = new Expr.BooleanLiteral(false);
  private static final Expr.NullLiteral NULL = new Expr.NullLiteral();

  private Expressions() {}

  public static Expr alwaysTrue() {
    return TRUE;
  }

  public static Expr alwaysFalse() {
    return FALSE;
  }

  public static Expr.Literal nullLiteral() {
    return NULL;
  }

  public static Expr.Literal literal(String value) {
    return new Expr.StringLiteral(value);
  }

  public static Expr.Literal literal(long value) {
    return new Expr.NumberLiteral(BigDecimal.valueOf(value));
  }

  public static Expr.Literal literal(BigDecimal value) {
    return new Expr.NumberLiteral(value);
  }

  public static Expr.Literal literal(boolean value) {
    return value ? TRUE : FALSE;
  }

  public static Expr.Literal literal(LocalDate value) {
    return new Expr.DateLiteral(value);
  }

  public static Expr.Literal literal(LocalDateTime value) {
    return new Expr.TimestampLiteral(value);
  }

  public static Expr.Column column(String name) {
    return new Expr.Column(Optional.empty(), name);
  }

  public static Expr.Column column(String qualifier, String name) {
    return new Expr.Column(Optional.of(qualifier), name);
  }

  public static Expr maskedValue() {
    return new Expr.MaskedValue();
  }

  public static Expr currentUser() {
    return new Expr.CurrentUser();
  }

  public static Expr currentRole() {
    return new Expr.CurrentRole();
  }

  /** The role is active in the session or inherited (Snowflake {@code IS_ROLE_IN_SESSION}). */
  public static Expr hasRole(String role) {
    return new Expr.HasRole(literal(role), RoleScope.IN_SESSION);
  }

  public static Expr hasRole(Expr role, RoleScope scope) {
    return new Expr.HasRole(role, scope);
  }

  public static Expr inGroup(String group) {
    return new Expr.InGroup(literal(group));
  }

  public static Expr sessionAttribute(String name) {
    return new Expr.SessionAttribute(name);
  }

  public static Expr columnTagValue(String tag) {
    return new Expr.ColumnTagValue(tag);
  }

  public static Expr opaque(SystemKind dialect, String sql) {
    return new Expr.Opaque(dialect, sql);
  }

  /** {@code EXISTS (SELECT 1 FROM table alias WHERE condition)}. */
  public static Expr exists(Securable table, String alias, Expr condition) {
    return new Expr.Lookup(table, alias, condition, Optional.empty(), Optional.empty());
  }

  /** {@code probe IN (SELECT alias.column FROM table alias WHERE condition)}. */
  public static Expr inLookup(
      Expr probe, Securable table, String alias, String column, Expr condition) {
    return new Expr.Lookup(table, alias, condition, Optional.of(probe), Optional.of(column));
  }

  /** A canonical function call; see {@link Expr.FunctionCall}. */
  public static Expr function(String name, Expr... arguments) {
    return new Expr.FunctionCall(name, List.of(arguments));
  }

  public static Expr function(String name, List<Expr> arguments) {
    return new Expr.FunctionCall(name, arguments);
  }

  public static Expr cast(Expr value, String type) {
    return new Expr.Cast(value, type);
  }

  public static Expr arithmetic(ArithmeticOperator operator, Expr left, Expr right) {
    return new Expr.Arithmetic(operator, left, right);
  }

  public static Expr and(Expr... terms) {
    return and(List.of(terms));
  }

  /** Conjunction: TRUE terms vanish, a FALSE term wins, NULL survives (NULL AND FALSE is FALSE). */
  public static Expr and(List<Expr> terms) {
    requireNonNull(terms, "terms is null");
    Set<Expr> flat = new LinkedHashSet<>();
    for (Expr term : terms) {
      requireNonNull(term, "term is null");
      if (FALSE.equals(term)) {
        return FALSE;
      }
      if (TRUE.equals(term)) {
        continue;
      }
      if (term instanceof Expr.And and) {
        flat.addAll(and.terms());
      } else {
        flat.add(term);
      }
    }
    if (flat.isEmpty()) {
      return TRUE;
    }
    if (flat.size() == 1) {
      return flat.iterator().next();
    }
    return new Expr.And(new ArrayList<>(flat));
  }

  public static Expr or(Expr... terms) {
    return or(List.of(terms));
  }

  /** Disjunction: FALSE terms vanish, a TRUE term wins, NULL survives (NULL OR TRUE is TRUE). */
  public static Expr or(List<Expr> terms) {
    requireNonNull(terms, "terms is null");
    Set<Expr> flat = new LinkedHashSet<>();
    for (Expr term : terms) {
      requireNonNull(term, "term is null");
      if (TRUE.equals(term)) {
        return TRUE;
      }
      if (FALSE.equals(term)) {
        continue;
      }
      if (term instanceof Expr.Or or) {
        flat.addAll(or.terms());
      } else {
        flat.add(term);
      }
    }
    if (flat.isEmpty()) {
      return FALSE;
    }
    if (flat.size() == 1) {
      return flat.iterator().next();
    }
    return new Expr.Or(new ArrayList<>(flat));
  }

  public static Expr not(Expr term) {
    requireNonNull(term, "term is null");
    if (term instanceof Expr.BooleanLiteral bool) {
      return literal(!bool.value());
    }
    if (term instanceof Expr.NullLiteral) {
      return NULL;
    }
    if (term instanceof Expr.Not not) {
      return not.term();
    }
    return new Expr.Not(term);
  }

  public static Expr equal(Expr left, Expr right) {
    return compare(ComparisonOperator.EQUAL, left, right);
  }

  public static Expr notEqual(Expr left, Expr right) {
    return compare(ComparisonOperator.NOT_EQUAL, left, right);
  }

  /** A comparison, folded when both sides are literals of comparable types. */
  public static Expr compare(ComparisonOperator operator, Expr left, Expr right) {
    requireNonNull(operator, "operator is null");
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    if (left instanceof Expr.Literal leftLiteral && right instanceof Expr.Literal rightLiteral) {
      Optional<Expr> folded = foldComparison(operator, leftLiteral, rightLiteral);
      if (folded.isPresent()) {
        return folded.get();
      }
    }
    return new Expr.Comparison(operator, left, right);
  }

  /**
   * {@code value IN (list)}: literal members equal to a literal value fold to TRUE; with no match
   * and no NULL member, FALSE; duplicates go.
   */
  public static Expr in(Expr value, List<Expr> list) {
    requireNonNull(value, "value is null");
    requireNonNull(list, "list is null");
    List<Expr> members = new ArrayList<>(new LinkedHashSet<>(list));
    if (members.isEmpty()) {
      return FALSE;
    }
    if (value instanceof Expr.NullLiteral) {
      return NULL;
    }
    if (value instanceof Expr.Literal literal) {
      boolean unknown = false;
      List<Expr> remaining = new ArrayList<>();
      for (Expr member : members) {
        if (member instanceof Expr.Literal memberLiteral) {
          Optional<Expr> folded = foldComparison(ComparisonOperator.EQUAL, literal, memberLiteral);
          if (folded.isEmpty()) {
            remaining.add(member);
          } else if (TRUE.equals(folded.get())) {
            return TRUE;
          } else if (NULL.equals(folded.get())) {
            unknown = true;
          }
        } else {
          remaining.add(member);
        }
      }
      if (remaining.isEmpty()) {
        return unknown ? NULL : FALSE;
      }
      if (unknown) {
        remaining.add(NULL);
      }
      members = remaining;
    }
    if (members.size() == 1) {
      return equal(value, members.get(0));
    }
    return new Expr.In(value, members);
  }

  public static Expr in(Expr value, Expr... list) {
    return in(value, List.of(list));
  }

  /** {@code value IS NULL}, folded for literals. */
  public static Expr isNull(Expr value) {
    requireNonNull(value, "value is null");
    if (value instanceof Expr.NullLiteral) {
      return TRUE;
    }
    if (value instanceof Expr.Literal) {
      return FALSE;
    }
    return new Expr.IsNull(value);
  }

  public static Expr isNotNull(Expr value) {
    return not(isNull(value));
  }

  public static Expr like(Expr value, Expr pattern) {
    return new Expr.Like(value, pattern, false);
  }

  public static Expr likeIgnoringCase(Expr value, Expr pattern) {
    return new Expr.Like(value, pattern, true);
  }

  public static Expr.WhenClause when(Expr condition, Expr result) {
    return new Expr.WhenClause(condition, result);
  }

  /**
   * A searched CASE. Arms whose condition is FALSE or NULL are dropped; an arm whose condition is
   * TRUE ends the CASE there; a CASE left with no arms is its ELSE.
   */
  public static Expr caseWhen(List<Expr.WhenClause> whenClauses, Expr otherwise) {
    requireNonNull(whenClauses, "whenClauses is null");
    requireNonNull(otherwise, "otherwise is null");
    List<Expr.WhenClause> kept = new ArrayList<>();
    for (Expr.WhenClause clause : whenClauses) {
      Expr condition = clause.condition();
      if (FALSE.equals(condition) || NULL.equals(condition)) {
        continue;
      }
      if (TRUE.equals(condition)) {
        if (kept.isEmpty()) {
          return clause.result();
        }
        otherwise = clause.result();
        break;
      }
      kept.add(clause);
    }
    if (kept.isEmpty()) {
      return otherwise;
    }
    return new Expr.Case(kept, otherwise);
  }

  /**
   * A literal's Java value: {@link String}, {@link java.math.BigDecimal}, {@link Boolean}, {@link
   * java.time.LocalDate} or {@link java.time.LocalDateTime}; empty for NULL.
   */
  public static Optional<Object> literalValue(Expr.Literal literal) {
    requireNonNull(literal, "literal is null");
    if (literal instanceof Expr.StringLiteral string) {
      return Optional.of(string.value());
    }
    if (literal instanceof Expr.NumberLiteral number) {
      return Optional.of(number.value());
    }
    if (literal instanceof Expr.BooleanLiteral bool) {
      return Optional.of(bool.value());
    }
    if (literal instanceof Expr.DateLiteral date) {
      return Optional.of(date.value());
    }
    if (literal instanceof Expr.TimestampLiteral timestamp) {
      return Optional.of(timestamp.value());
    }
    if (literal instanceof Expr.NullLiteral) {
      return Optional.empty();
    }
    // A literal kind added later must be given a value here, not evaluate as NULL (which would
    // skip a mask rule's condition and weaken the mask).
    throw new IllegalArgumentException("No Java value for a " + literal.getClass().getSimpleName());
  }

  /** Whether the expression is the literal TRUE. */
  public static boolean isTrue(Expr expr) {
    return TRUE.equals(expr);
  }

  /** Whether the expression is the literal FALSE or NULL, which admit no row as a filter. */
  public static boolean isFalseOrNull(Expr expr) {
    return FALSE.equals(expr) || NULL.equals(expr);
  }

  /**
   * Compares two literals of the same family (text, number, boolean, date/timestamp). Empty when
   * either is NULL or the families differ.
   */
  public static Optional<Integer> compareLiterals(Expr.Literal left, Expr.Literal right) {
    if (left instanceof Expr.StringLiteral a && right instanceof Expr.StringLiteral b) {
      return Optional.of(Integer.signum(a.value().compareTo(b.value())));
    }
    if (left instanceof Expr.NumberLiteral a && right instanceof Expr.NumberLiteral b) {
      return Optional.of(a.value().compareTo(b.value()));
    }
    if (left instanceof Expr.BooleanLiteral a && right instanceof Expr.BooleanLiteral b) {
      return Optional.of(Boolean.compare(a.value(), b.value()));
    }
    if (left instanceof Expr.DateLiteral a && right instanceof Expr.DateLiteral b) {
      return Optional.of(Integer.signum(a.value().compareTo(b.value())));
    }
    if (left instanceof Expr.TimestampLiteral a && right instanceof Expr.TimestampLiteral b) {
      return Optional.of(Integer.signum(a.value().compareTo(b.value())));
    }
    return Optional.empty();
  }

  private static Optional<Expr> foldComparison(
      ComparisonOperator operator, Expr.Literal left, Expr.Literal right) {
    boolean leftNull = left instanceof Expr.NullLiteral;
    boolean rightNull = right instanceof Expr.NullLiteral;
    switch (operator) {
      case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
        boolean distinct;
        if (leftNull || rightNull) {
          distinct = leftNull != rightNull;
        } else {
          Optional<Integer> order = compareLiterals(left, right);
          if (order.isEmpty()) {
            return Optional.empty();
          }
          distinct = order.get() != 0;
        }
        return Optional.of(
            literal(operator == ComparisonOperator.IS_DISTINCT_FROM ? distinct : !distinct));
      }
      case EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        if (leftNull || rightNull) {
          return Optional.of(NULL);
        }
        Optional<Integer> order = compareLiterals(left, right);
        return order.map(value -> literal(holds(operator, value)));
      }
    }
    throw new AssertionError("unreachable: " + operator);
  }

  /** Whether {@code left op right} holds given {@code signum(left - right)}. */
  public static boolean holds(ComparisonOperator operator, int order) {
    return switch (operator) {
      case EQUAL, IS_NOT_DISTINCT_FROM -> order == 0;
      case NOT_EQUAL, IS_DISTINCT_FROM -> order != 0;
      case LESS_THAN -> order < 0;
      case LESS_THAN_OR_EQUAL -> order <= 0;
      case GREATER_THAN -> order > 0;
      case GREATER_THAN_OR_EQUAL -> order >= 0;
    };
  }
}
