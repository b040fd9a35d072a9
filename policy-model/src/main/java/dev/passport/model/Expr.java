package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A dialect-free expression: row predicates, mask conditions and custom mask values. Extractors
 * turn each dialect's SQL into this tree; translators print it back into a target's dialect.
 * Identity functions of every dialect become the context values {@link CurrentUser}, {@link
 * CurrentRole}, {@link HasRole}, {@link InGroup} and {@link SessionAttribute}; a mapping table
 * consulted with the caller's identity becomes a {@link Lookup}; anything not understood becomes an
 * {@link Opaque}, which always comes with a {@link Loss}.
 *
 * <p>Build trees through {@link Expressions}, which folds constants and flattens as it builds.
 */
public sealed interface Expr
    permits Expr.Literal,
        Expr.Column,
        Expr.MaskedValue,
        Expr.FunctionCall,
        Expr.Comparison,
        Expr.Arithmetic,
        Expr.And,
        Expr.Or,
        Expr.Not,
        Expr.In,
        Expr.Like,
        Expr.IsNull,
        Expr.Case,
        Expr.Cast,
        Expr.CurrentUser,
        Expr.CurrentRole,
        Expr.HasRole,
        Expr.InGroup,
        Expr.SessionAttribute,
        Expr.ColumnTagValue,
        Expr.Lookup,
        Expr.Opaque {
  /** The kind of this node, for exhaustive switches. */
  ExprKind kind();

  /** A constant. */
  sealed interface Literal extends Expr
      permits NullLiteral,
          StringLiteral,
          NumberLiteral,
          BooleanLiteral,
          DateLiteral,
          TimestampLiteral {}

  /** SQL NULL. */
  record NullLiteral() implements Literal {
    @Override
    public ExprKind kind() {
      return ExprKind.NULL_LITERAL;
    }
  }

  record StringLiteral(String value) implements Literal {
    @Override
    public ExprKind kind() {
      return ExprKind.STRING_LITERAL;
    }

    public StringLiteral {
      requireNonNull(value, "value is null");
    }
  }

  /**
   * An exact number. The value is normalised ({@code 1.50} and {@code 1.5} are one literal) so that
   * number spelling never shows as a policy change.
   */
  record NumberLiteral(BigDecimal value) implements Literal {
    @Override
    public ExprKind kind() {
      return ExprKind.NUMBER_LITERAL;
    }

    public NumberLiteral {
      requireNonNull(value, "value is null");
      value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
      if (value.scale() < 0) {
        value = value.setScale(0);
      }
    }
  }

  record BooleanLiteral(boolean value) implements Literal {
    @Override
    public ExprKind kind() {
      return ExprKind.BOOLEAN_LITERAL;
    }
  }

  record DateLiteral(LocalDate value) implements Literal {
    @Override
    public ExprKind kind() {
      return ExprKind.DATE_LITERAL;
    }

    public DateLiteral {
      requireNonNull(value, "value is null");
    }
  }

  record TimestampLiteral(LocalDateTime value) implements Literal {
    @Override
    public ExprKind kind() {
      return ExprKind.TIMESTAMP_LITERAL;
    }

    public TimestampLiteral {
      requireNonNull(value, "value is null");
    }
  }

  /**
   * A column of the protected table, or of a {@link Lookup}'s mapping table when {@code qualifier}
   * is the lookup's alias. Names are normalised by the extractor.
   */
  record Column(Optional<String> qualifier, String name) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.COLUMN;
    }

    public Column {
      requireNonNull(qualifier, "qualifier is null");
      Checks.requireNonBlank(name, "name");
    }
  }

  /** The value of the column being masked, inside a mask condition or custom mask. */
  record MaskedValue() implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.MASKED_VALUE;
    }
  }

  /**
   * A call of a canonical function. Names are lower case and dialect-free ({@code lower}, {@code
   * substring}, {@code sha2}, {@code regexp_replace}); see {@link Expressions#function}.
   */
  record FunctionCall(String name, List<Expr> arguments) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.FUNCTION_CALL;
    }

    public FunctionCall {
      name = Checks.requireNonBlank(name, "name").toLowerCase(Locale.ROOT);
      arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
    }
  }

  record Comparison(ComparisonOperator operator, Expr left, Expr right) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.COMPARISON;
    }

    public Comparison {
      requireNonNull(operator, "operator is null");
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
    }
  }

  record Arithmetic(ArithmeticOperator operator, Expr left, Expr right) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.ARITHMETIC;
    }

    public Arithmetic {
      requireNonNull(operator, "operator is null");
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
    }
  }

  /** Conjunction of two or more terms. */
  record And(List<Expr> terms) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.AND;
    }

    public And {
      terms = List.copyOf(requireNonNull(terms, "terms is null"));
      if (terms.size() < 2) {
        throw new IllegalArgumentException("AND needs at least two terms; use Expressions.and");
      }
    }
  }

  /** Disjunction of two or more terms. */
  record Or(List<Expr> terms) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.OR;
    }

    public Or {
      terms = List.copyOf(requireNonNull(terms, "terms is null"));
      if (terms.size() < 2) {
        throw new IllegalArgumentException("OR needs at least two terms; use Expressions.or");
      }
    }
  }

  record Not(Expr term) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.NOT;
    }

    public Not {
      requireNonNull(term, "term is null");
    }
  }

  /** {@code value IN (list…)}; negate with {@link Not}. */
  record In(Expr value, List<Expr> list) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.IN;
    }

    public In {
      requireNonNull(value, "value is null");
      list = List.copyOf(requireNonNull(list, "list is null"));
      if (list.isEmpty()) {
        throw new IllegalArgumentException("IN needs at least one value");
      }
    }
  }

  /** {@code value LIKE pattern} with {@code %} and {@code _} wildcards and {@code \} escape. */
  record Like(Expr value, Expr pattern, boolean caseInsensitive) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.LIKE;
    }

    public Like {
      requireNonNull(value, "value is null");
      requireNonNull(pattern, "pattern is null");
    }
  }

  /** {@code value IS NULL}; negate with {@link Not}. */
  record IsNull(Expr value) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.IS_NULL;
    }

    public IsNull {
      requireNonNull(value, "value is null");
    }
  }

  /** One {@code WHEN condition THEN result} arm of a {@link Case}. */
  record WhenClause(Expr condition, Expr result) {
    public WhenClause {
      requireNonNull(condition, "condition is null");
      requireNonNull(result, "result is null");
    }
  }

  /** A searched CASE; a simple CASE is turned into equalities by the extractor. */
  record Case(List<WhenClause> whenClauses, Expr otherwise) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.CASE;
    }

    public Case {
      whenClauses = List.copyOf(requireNonNull(whenClauses, "whenClauses is null"));
      requireNonNull(otherwise, "otherwise is null");
      if (whenClauses.isEmpty()) {
        throw new IllegalArgumentException("CASE needs at least one WHEN");
      }
    }
  }

  /**
   * A cast to a canonical type: {@code varchar}, {@code char}, {@code integer}, {@code bigint},
   * {@code smallint}, {@code decimal(p,s)}, {@code double}, {@code real}, {@code boolean}, {@code
   * date}, {@code timestamp}, {@code time}, {@code uuid}, {@code json} or {@code varbinary}.
   */
  record Cast(Expr value, String type) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.CAST;
    }

    public Cast {
      requireNonNull(value, "value is null");
      type = Checks.requireNonBlank(type, "type").toLowerCase(Locale.ROOT);
    }
  }

  /** The user the query runs as ({@code current_user}, {@code CURRENT_USER()}). */
  record CurrentUser() implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.CURRENT_USER;
    }
  }

  /** The session's primary role, NULL when there is none ({@code CURRENT_ROLE()}). */
  record CurrentRole() implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.CURRENT_ROLE;
    }
  }

  /**
   * Whether the caller has the role given by {@code role}, a literal or, inside a {@link Lookup}, a
   * mapping-table column.
   */
  record HasRole(Expr role, RoleScope scope) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.HAS_ROLE;
    }

    public HasRole {
      requireNonNull(role, "role is null");
      requireNonNull(scope, "scope is null");
    }
  }

  /** Whether the caller is in the group given by {@code group}. */
  record InGroup(Expr group) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.IN_GROUP;
    }

    public InGroup {
      requireNonNull(group, "group is null");
    }
  }

  /**
   * A session or principal attribute: a PostgreSQL setting ({@code current_setting('app.tenant')}),
   * a SQL Server {@code SESSION_CONTEXT} key, a JWT claim. NULL when the caller has none.
   */
  record SessionAttribute(String name) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.SESSION_ATTRIBUTE;
    }

    public SessionAttribute {
      Checks.requireNonBlank(name, "name");
    }
  }

  /** The value of a tag on the column being masked ({@code SYSTEM$GET_TAG_ON_CURRENT_COLUMN}). */
  record ColumnTagValue(String tag) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.COLUMN_TAG_VALUE;
    }

    public ColumnTagValue {
      Checks.requireNonBlank(tag, "tag");
    }
  }

  /**
   * A mapping table consulted with the caller's identity. Without {@code probe} it is {@code EXISTS
   * (SELECT 1 FROM table alias WHERE condition)}; with a probe it is {@code probe IN (SELECT
   * alias.column FROM table alias WHERE condition)}. Columns qualified by {@code alias} are the
   * mapping table's; others are the protected row's.
   */
  record Lookup(
      Securable table, String alias, Expr condition, Optional<Expr> probe, Optional<String> column)
      implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.LOOKUP;
    }

    public Lookup {
      requireNonNull(table, "table is null");
      Checks.requireNonBlank(alias, "alias");
      requireNonNull(condition, "condition is null");
      requireNonNull(probe, "probe is null");
      requireNonNull(column, "column is null");
      if (probe.isPresent() != column.isPresent()) {
        throw new IllegalArgumentException("a lookup has both a probe and a column, or neither");
      }
    }
  }

  /**
   * SQL that was not understood, kept verbatim with its dialect. Evaluating it denies (a filter
   * admits no row) or masks fully; every Opaque in a PolicySet comes with a {@link Loss}.
   */
  record Opaque(SystemKind dialect, String sql) implements Expr {
    @Override
    public ExprKind kind() {
      return ExprKind.OPAQUE;
    }

    public Opaque {
      requireNonNull(dialect, "dialect is null");
      requireNonNull(sql, "sql is null");
    }
  }
}
