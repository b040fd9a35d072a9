package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ComparisonOperator;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A residual row filter of a simple shape compiled once into a tree of plain Java nodes that read
 * the row's values by position, so a row is tested without building a {@link Row} or walking the
 * expression. The shapes compiled: TRUE, FALSE and NULL, a boolean column, comparisons (including
 * IS [NOT] DISTINCT FROM) of columns and literals, AND, OR, NOT, IN over columns and literals, and
 * IS NULL of a column or literal. Anything else is not compiled ({@link #compile} is empty) and the
 * caller keeps using {@link RowEvaluator}.
 *
 * <p>The semantics are {@link RowEvaluator}'s exactly, including which operand is evaluated first
 * and where AND and OR stop: a value that cannot be compared fails the same way, at the same point,
 * so {@link #admits} rejects the same rows as {@link RowEvaluator#admits} and {@link #test} gives
 * the same truth value or error as {@link RowEvaluator#test}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CompiledPredicate {
  private final Node root;

  private CompiledPredicate(Node root) {
    this.root = root;
  }

  /**
   * The filter compiled over rows whose values come in the order of {@code columns}; empty when the
   * filter has a shape this class does not compile, or names a column not in {@code columns} (the
   * interpreter then rejects every row, with its own error).
   */
  public static Optional<CompiledPredicate> compile(Expr residualFilter, List<String> columns) {
    requireNonNull(residualFilter, "residualFilter is null");
    requireNonNull(columns, "columns is null");
    Node root = predicate(residualFilter, List.copyOf(columns));
    return root == null ? Optional.empty() : Optional.of(new CompiledPredicate(root));
  }

  /**
   * Whether the filter admits the row: only when it is TRUE; FALSE, UNKNOWN and any evaluation
   * error reject, as in {@link RowEvaluator#admits}.
   */
  public boolean admits(Object[] values) {
    try {
      return root.test(values) == TriState.TRUE;
    } catch (PassportException rejected) {
      return false;
    }
  }

  /**
   * The filter's truth value for the row.
   *
   * @throws PassportException EVALUATION_ERROR where {@link RowEvaluator#test} throws it
   */
  public TriState test(Object[] values) {
    return root.test(values);
  }

  private abstract static class Node {
    abstract TriState test(Object[] values);
  }

  /** A column or a literal: what a comparison, IN or IS NULL reads. */
  private abstract static class Operand {
    /** The value in the evaluation domain, as {@link Interpreter#evaluate} gives it. */
    abstract Object value(Object[] values);
  }

  private static Node predicate(Expr expr, List<String> columns) {
    switch (expr.kind()) {
      case BOOLEAN_LITERAL:
        return new Constant(((Expr.BooleanLiteral) expr).value() ? TriState.TRUE : TriState.FALSE);
      case NULL_LITERAL:
        return new Constant(TriState.UNKNOWN);
      case COLUMN:
        {
          int index = index((Expr.Column) expr, columns);
          return index < 0 ? null : new BooleanColumn(index);
        }
      case COMPARISON:
        {
          Expr.Comparison comparison = (Expr.Comparison) expr;
          Operand left = operand(comparison.left(), columns);
          Operand right = operand(comparison.right(), columns);
          if (left == null || right == null) {
            return null;
          }
          return new Comparison(comparison.operator(), left, right);
        }
      case AND:
        {
          Node[] terms = predicates(((Expr.And) expr).terms(), columns);
          return terms == null ? null : new And(terms);
        }
      case OR:
        {
          Node[] terms = predicates(((Expr.Or) expr).terms(), columns);
          return terms == null ? null : new Or(terms);
        }
      case NOT:
        {
          Node term = predicate(((Expr.Not) expr).term(), columns);
          return term == null ? null : new Not(term);
        }
      case IN:
        {
          Expr.In in = (Expr.In) expr;
          Operand value = operand(in.value(), columns);
          if (value == null) {
            return null;
          }
          List<Operand> members = new ArrayList<>();
          for (Expr member : in.list()) {
            Operand operand = operand(member, columns);
            if (operand == null) {
              return null;
            }
            members.add(operand);
          }
          return new In(value, members.toArray(new Operand[0]));
        }
      case IS_NULL:
        {
          Operand value = operand(((Expr.IsNull) expr).value(), columns);
          return value == null ? null : new IsNull(value);
        }
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case MASKED_VALUE:
      case FUNCTION_CALL:
      case ARITHMETIC:
      case LIKE:
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
        return null;
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  private static Node[] predicates(List<Expr> terms, List<String> columns) {
    Node[] nodes = new Node[terms.size()];
    for (int index = 0; index < nodes.length; index++) {
      nodes[index] = predicate(terms.get(index), columns);
      if (nodes[index] == null) {
        return null;
      }
    }
    return nodes;
  }

  private static Operand operand(Expr expr, List<String> columns) {
    switch (expr.kind()) {
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case BOOLEAN_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
        return new Literal(SqlValues.fromLiteral((Expr.Literal) expr));
      case COLUMN:
        {
          int index = index((Expr.Column) expr, columns);
          return index < 0 ? null : new Column(index);
        }
      case MASKED_VALUE:
      case FUNCTION_CALL:
      case COMPARISON:
      case ARITHMETIC:
      case AND:
      case OR:
      case NOT:
      case IN:
      case LIKE:
      case IS_NULL:
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
        return null;
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  /**
   * The column's position, -1 when absent. The interpreter reads the row by name and ignores a
   * qualifier outside a lookup; a row built from repeated names keeps the last value.
   */
  private static int index(Expr.Column column, List<String> columns) {
    return columns.lastIndexOf(column.name());
  }

  private static final class Literal extends Operand {
    private final Object value;

    Literal(Object value) {
      this.value = value;
    }

    @Override
    Object value(Object[] values) {
      return value;
    }
  }

  private static final class Column extends Operand {
    private final int index;

    Column(int index) {
      this.index = index;
    }

    @Override
    Object value(Object[] values) {
      Object value = values[index];
      // The common domain values skip the type tests of SqlValues.normalize.
      if (value == null || value instanceof String || value instanceof BigDecimal) {
        return value;
      }
      return SqlValues.normalize(value);
    }
  }

  private static final class Constant extends Node {
    private final TriState value;

    Constant(TriState value) {
      this.value = value;
    }

    @Override
    TriState test(Object[] values) {
      return value;
    }
  }

  private static final class BooleanColumn extends Node {
    private final Column column;

    BooleanColumn(int index) {
      this.column = new Column(index);
    }

    @Override
    TriState test(Object[] values) {
      Object value = column.value(values);
      if (value == null) {
        return TriState.UNKNOWN;
      }
      if (value instanceof Boolean bool) {
        return bool ? TriState.TRUE : TriState.FALSE;
      }
      throw SqlValues.error("Not a predicate, its value is " + SqlValues.describe(value));
    }
  }

  private static final class Comparison extends Node {
    private final ComparisonOperator operator;
    private final boolean distinctness;
    private final Operand left;
    private final Operand right;

    Comparison(ComparisonOperator operator, Operand left, Operand right) {
      this.operator = operator;
      this.distinctness =
          operator == ComparisonOperator.IS_DISTINCT_FROM
              || operator == ComparisonOperator.IS_NOT_DISTINCT_FROM;
      this.left = left;
      this.right = right;
    }

    @Override
    TriState test(Object[] values) {
      Object a = left.value(values);
      Object b = right.value(values);
      if (distinctness) {
        boolean distinct;
        if (a == null || b == null) {
          distinct = (a == null) != (b == null);
        } else {
          distinct = compare(a, b) != 0;
        }
        return distinct == (operator == ComparisonOperator.IS_DISTINCT_FROM)
            ? TriState.TRUE
            : TriState.FALSE;
      }
      if (a == null || b == null) {
        return TriState.UNKNOWN;
      }
      return Expressions.holds(operator, compare(a, b)) ? TriState.TRUE : TriState.FALSE;
    }
  }

  /** {@link SqlValues#compare}, with text against text and number against number first. */
  private static int compare(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(x.compareTo(y));
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y);
    }
    return SqlValues.compare(a, b);
  }

  private static final class And extends Node {
    private final Node[] terms;

    And(Node[] terms) {
      this.terms = terms;
    }

    @Override
    TriState test(Object[] values) {
      TriState result = TriState.TRUE;
      for (Node term : terms) {
        result = result.and(term.test(values));
        if (result == TriState.FALSE) {
          return TriState.FALSE;
        }
      }
      return result;
    }
  }

  private static final class Or extends Node {
    private final Node[] terms;

    Or(Node[] terms) {
      this.terms = terms;
    }

    @Override
    TriState test(Object[] values) {
      TriState result = TriState.FALSE;
      for (Node term : terms) {
        result = result.or(term.test(values));
        if (result == TriState.TRUE) {
          return TriState.TRUE;
        }
      }
      return result;
    }
  }

  private static final class Not extends Node {
    private final Node term;

    Not(Node term) {
      this.term = term;
    }

    @Override
    TriState test(Object[] values) {
      return term.test(values).not();
    }
  }

  /** SQL IN: TRUE on a match, else UNKNOWN when the value or any member is NULL, else FALSE. */
  private static final class In extends Node {
    private final Operand value;
    private final Operand[] members;

    In(Operand value, Operand[] members) {
      this.value = value;
      this.members = members;
    }

    @Override
    TriState test(Object[] values) {
      Object probe = value.value(values);
      // Every member is evaluated before any is compared, as the interpreter does, so a member
      // that cannot be read fails the row even when an earlier one matches.
      Object[] candidates = null;
      for (int index = 0; index < members.length; index++) {
        Operand member = members[index];
        if (member instanceof Column) {
          if (candidates == null) {
            candidates = new Object[members.length];
          }
          candidates[index] = member.value(values);
        }
      }
      if (members.length == 0) {
        return TriState.FALSE;
      }
      if (probe == null) {
        return TriState.UNKNOWN;
      }
      boolean unknown = false;
      for (int index = 0; index < members.length; index++) {
        Object member =
            candidates == null || !(members[index] instanceof Column)
                ? members[index].value(values)
                : candidates[index];
        if (member == null) {
          unknown = true;
        } else if (compare(probe, member) == 0) {
          return TriState.TRUE;
        }
      }
      return unknown ? TriState.UNKNOWN : TriState.FALSE;
    }
  }

  private static final class IsNull extends Node {
    private final Operand value;

    IsNull(Operand value) {
      this.value = value;
    }

    @Override
    TriState test(Object[] values) {
      return value.value(values) == null ? TriState.TRUE : TriState.FALSE;
    }
  }
}
