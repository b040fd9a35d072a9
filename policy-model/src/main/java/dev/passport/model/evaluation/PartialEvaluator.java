package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ComparisonOperator;
import dev.passport.model.Expr;
import dev.passport.model.ExprTrees;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import dev.passport.model.RoleScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Substitutes one principal's identity into an expression and rebuilds it through {@link
 * Expressions}, so that constants fold and only what depends on the row remains. Sub-expressions
 * whose operands all became literals (a function of {@code current_user}, a cast of a setting) are
 * computed here with the row evaluator's own semantics; when that fails they stay as they are and
 * fail again, per row, where the row evaluator can report it.
 */
final class PartialEvaluator {
  private static final Row EMPTY_ROW = Row.of(Map.of());

  private final ResolvedPrincipal principal;
  private final Function<String, Optional<String>> columnTags;
  private final boolean unsetAttributesUnknown;

  /**
   * @param columnTags the value of a tag on the column being masked, for {@link
   *     Expr.ColumnTagValue}; always empty outside a mask
   * @param unsetAttributesUnknown keep a session attribute the principal does not set as it is,
   *     instead of NULL (see {@link EvaluationOptions#unsetAttributesUnknown()})
   */
  PartialEvaluator(
      ResolvedPrincipal principal,
      Function<String, Optional<String>> columnTags,
      boolean unsetAttributesUnknown) {
    this.principal = requireNonNull(principal, "principal is null");
    this.columnTags = requireNonNull(columnTags, "columnTags is null");
    this.unsetAttributesUnknown = unsetAttributesUnknown;
  }

  Expr apply(Expr expr) {
    switch (expr.kind()) {
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case BOOLEAN_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case COLUMN:
      case MASKED_VALUE:
      case OPAQUE:
        return expr;
      case FUNCTION_CALL:
        {
          Expr.FunctionCall call = (Expr.FunctionCall) expr;
          return fold(Expressions.function(call.name(), applyAll(call.arguments())));
        }
      case COMPARISON:
        {
          Expr.Comparison comparison = (Expr.Comparison) expr;
          Expr left = apply(comparison.left());
          Expr right = apply(comparison.right());
          boolean distinctForm =
              comparison.operator() == ComparisonOperator.IS_DISTINCT_FROM
                  || comparison.operator() == ComparisonOperator.IS_NOT_DISTINCT_FROM;
          if (!distinctForm && (isNull(left) || isNull(right))) {
            // An unset session attribute: the comparison is NULL whatever the row holds.
            return Expressions.nullLiteral();
          }
          return fold(Expressions.compare(comparison.operator(), left, right));
        }
      case ARITHMETIC:
        {
          Expr.Arithmetic arithmetic = (Expr.Arithmetic) expr;
          if (isNull(apply(arithmetic.left())) || isNull(apply(arithmetic.right()))) {
            return Expressions.nullLiteral();
          }
          return fold(
              Expressions.arithmetic(
                  arithmetic.operator(), apply(arithmetic.left()), apply(arithmetic.right())));
        }
      case AND:
        return Expressions.and(applyAll(((Expr.And) expr).terms()));
      case OR:
        return Expressions.or(applyAll(((Expr.Or) expr).terms()));
      case NOT:
        return Expressions.not(apply(((Expr.Not) expr).term()));
      case IN:
        {
          Expr.In in = (Expr.In) expr;
          return fold(Expressions.in(apply(in.value()), applyAll(in.list())));
        }
      case LIKE:
        {
          Expr.Like like = (Expr.Like) expr;
          return fold(
              new Expr.Like(apply(like.value()), apply(like.pattern()), like.caseInsensitive()));
        }
      case IS_NULL:
        return Expressions.isNull(apply(((Expr.IsNull) expr).value()));
      case CASE:
        {
          Expr.Case caseWhen = (Expr.Case) expr;
          List<Expr.WhenClause> clauses = new ArrayList<>();
          for (Expr.WhenClause clause : caseWhen.whenClauses()) {
            clauses.add(Expressions.when(apply(clause.condition()), apply(clause.result())));
          }
          return Expressions.caseWhen(clauses, apply(caseWhen.otherwise()));
        }
      case CAST:
        {
          Expr.Cast cast = (Expr.Cast) expr;
          return fold(Expressions.cast(apply(cast.value()), cast.type()));
        }
      case CURRENT_USER:
        return Expressions.literal(principal.user());
      case CURRENT_ROLE:
        return principal.primaryRole().map(Expressions::literal).orElse(Expressions.nullLiteral());
      case HAS_ROLE:
        {
          Expr.HasRole hasRole = (Expr.HasRole) expr;
          return membership(
              apply(hasRole.role()),
              hasRole.scope() == RoleScope.PRIMARY
                  ? principal.primaryRole().map(Set::of).orElse(Set.of())
                  : principal.effectiveRoles());
        }
      case IN_GROUP:
        return membership(apply(((Expr.InGroup) expr).group()), principal.groups());
      case SESSION_ATTRIBUTE:
        {
          String value = principal.attributes().get(((Expr.SessionAttribute) expr).name());
          if (value == null) {
            return unsetAttributesUnknown ? expr : Expressions.nullLiteral();
          }
          return Expressions.literal(value);
        }
      case COLUMN_TAG_VALUE:
        return columnTags
            .apply(((Expr.ColumnTagValue) expr).tag())
            .map(Expressions::literal)
            .orElse(Expressions.nullLiteral());
      case LOOKUP:
        {
          Expr.Lookup lookup = (Expr.Lookup) expr;
          Expr condition = apply(lookup.condition());
          if (Expressions.isFalseOrNull(condition)) {
            // No mapping row can qualify: EXISTS is FALSE, and IN over no rows is FALSE.
            return Expressions.alwaysFalse();
          }
          return new Expr.Lookup(
              lookup.table(),
              lookup.alias(),
              condition,
              lookup.probe().map(this::apply),
              lookup.column());
        }
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  /** {@code role IN (names…)}: folded for a literal, FALSE when there are no names. */
  private static Expr membership(Expr value, Set<String> names) {
    if (value instanceof Expr.NullLiteral) {
      return Expressions.nullLiteral();
    }
    if (value instanceof Expr.Literal literal) {
      return Expressions.literal(names.contains(SqlValues.text(SqlValues.fromLiteral(literal))));
    }
    if (names.isEmpty()) {
      return Expressions.alwaysFalse();
    }
    List<Expr> members = new ArrayList<>(names.size());
    for (String name : names) {
      members.add(Expressions.literal(name));
    }
    return Expressions.in(value, members);
  }

  private static boolean isNull(Expr expr) {
    return expr instanceof Expr.NullLiteral;
  }

  private List<Expr> applyAll(List<Expr> exprs) {
    List<Expr> result = new ArrayList<>(exprs.size());
    for (Expr expr : exprs) {
      result.add(apply(expr));
    }
    return result;
  }

  /** Computes a node whose operands are all literals; leaves it when that fails. */
  private static Expr fold(Expr expr) {
    if (expr instanceof Expr.Literal || !operandsAreLiterals(expr)) {
      return expr;
    }
    try {
      return SqlValues.toLiteral(Interpreter.forRow(EMPTY_ROW, LookupSource.none()).evaluate(expr))
          .<Expr>map(literal -> literal)
          .orElse(expr);
    } catch (PassportException | UnknownResult exception) {
      return expr;
    }
  }

  // Runs on every node of every residual, so it allocates nothing.
  private static boolean operandsAreLiterals(Expr expr) {
    if (expr instanceof Expr.FunctionCall call) {
      return allLiterals(call.arguments());
    } else if (expr instanceof Expr.Comparison comparison) {
      return comparison.left() instanceof Expr.Literal
          && comparison.right() instanceof Expr.Literal;
    } else if (expr instanceof Expr.Arithmetic arithmetic) {
      return arithmetic.left() instanceof Expr.Literal
          && arithmetic.right() instanceof Expr.Literal;
    } else if (expr instanceof Expr.In in) {
      return in.value() instanceof Expr.Literal && allLiterals(in.list());
    } else if (expr instanceof Expr.Like like) {
      return like.value() instanceof Expr.Literal && like.pattern() instanceof Expr.Literal;
    } else if (expr instanceof Expr.Cast cast) {
      return cast.value() instanceof Expr.Literal;
    }
    return false;
  }

  private static boolean allLiterals(List<Expr> exprs) {
    for (Expr expr : exprs) {
      if (!(expr instanceof Expr.Literal)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the expression reads anything about who asks (user, roles, groups, session attributes,
   * the masked column's tags, or a lookup consulted with the identity). When it does not, {@link
   * #apply} gives the same tree for every principal.
   */
  static boolean dependsOnIdentity(Expr expr) {
    return ExprTrees.anyMatch(expr, PartialEvaluator::readsIdentity);
  }

  private static boolean readsIdentity(Expr node) {
    switch (node.kind()) {
      case CURRENT_USER:
      case CURRENT_ROLE:
      case HAS_ROLE:
      case IN_GROUP:
      case SESSION_ATTRIBUTE:
      case COLUMN_TAG_VALUE:
      case LOOKUP:
        return true;
      case OPAQUE:
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case BOOLEAN_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case COLUMN:
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
        return false;
    }
    throw new AssertionError("unreachable: " + node.kind());
  }

  /** Whether an {@link Expr.Opaque} occurs anywhere in the expression. */
  static boolean containsOpaque(Expr expr) {
    return ExprTrees.anyMatch(expr, node -> node instanceof Expr.Opaque);
  }
}
