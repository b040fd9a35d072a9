package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Generic walks over {@link Expr} trees, so that substitutions (identity folding, parameter
 * binding, column renaming) are written as one function of the nodes they change instead of one
 * more switch over every node kind.
 *
 * <pre>{@code
 * Expr bound = ExprTrees.rewrite(body, node ->
 *     node instanceof Expr.Column column && column.name().equals("val")
 *         ? Optional.of(Expressions.maskedValue())
 *         : Optional.empty());
 * }</pre>
 */
public final class ExprTrees {
  private ExprTrees() {}

  /**
   * Rewrites a tree top-down: where {@code replacement} answers a node, the answer takes the node's
   * place (and is not walked further); elsewhere the node is rebuilt from its rewritten children
   * through {@link Expressions}, so constants fold as they appear.
   */
  public static Expr rewrite(Expr expr, Function<Expr, Optional<Expr>> replacement) {
    requireNonNull(expr, "expr is null");
    requireNonNull(replacement, "replacement is null");
    Optional<Expr> replaced = replacement.apply(expr);
    if (replaced.isPresent()) {
      return replaced.get();
    }
    return mapChildren(expr, child -> rewrite(child, replacement));
  }

  /**
   * The node rebuilt from its children mapped by {@code mapper}, through {@link Expressions}; a
   * leaf is returned as it is.
   */
  public static Expr mapChildren(Expr expr, UnaryOperator<Expr> mapper) {
    requireNonNull(expr, "expr is null");
    requireNonNull(mapper, "mapper is null");
    switch (expr.kind()) {
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case BOOLEAN_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case COLUMN:
      case MASKED_VALUE:
      case CURRENT_USER:
      case CURRENT_ROLE:
      case SESSION_ATTRIBUTE:
      case COLUMN_TAG_VALUE:
      case OPAQUE:
        return expr;
      case FUNCTION_CALL:
        Expr.FunctionCall call = (Expr.FunctionCall) expr;
        return Expressions.function(call.name(), mapAll(call.arguments(), mapper));
      case COMPARISON:
        Expr.Comparison comparison = (Expr.Comparison) expr;
        return Expressions.compare(
            comparison.operator(),
            mapper.apply(comparison.left()),
            mapper.apply(comparison.right()));
      case ARITHMETIC:
        Expr.Arithmetic arithmetic = (Expr.Arithmetic) expr;
        return Expressions.arithmetic(
            arithmetic.operator(),
            mapper.apply(arithmetic.left()),
            mapper.apply(arithmetic.right()));
      case AND:
        return Expressions.and(mapAll(((Expr.And) expr).terms(), mapper));
      case OR:
        return Expressions.or(mapAll(((Expr.Or) expr).terms(), mapper));
      case NOT:
        return Expressions.not(mapper.apply(((Expr.Not) expr).term()));
      case IN:
        Expr.In in = (Expr.In) expr;
        return Expressions.in(mapper.apply(in.value()), mapAll(in.list(), mapper));
      case LIKE:
        Expr.Like like = (Expr.Like) expr;
        return new Expr.Like(
            mapper.apply(like.value()), mapper.apply(like.pattern()), like.caseInsensitive());
      case IS_NULL:
        return Expressions.isNull(mapper.apply(((Expr.IsNull) expr).value()));
      case CASE:
        Expr.Case caseExpr = (Expr.Case) expr;
        List<Expr.WhenClause> whenClauses = new ArrayList<>(caseExpr.whenClauses().size());
        for (Expr.WhenClause clause : caseExpr.whenClauses()) {
          whenClauses.add(
              Expressions.when(mapper.apply(clause.condition()), mapper.apply(clause.result())));
        }
        return Expressions.caseWhen(whenClauses, mapper.apply(caseExpr.otherwise()));
      case CAST:
        Expr.Cast cast = (Expr.Cast) expr;
        return Expressions.cast(mapper.apply(cast.value()), cast.type());
      case HAS_ROLE:
        Expr.HasRole hasRole = (Expr.HasRole) expr;
        return Expressions.hasRole(mapper.apply(hasRole.role()), hasRole.scope());
      case IN_GROUP:
        return new Expr.InGroup(mapper.apply(((Expr.InGroup) expr).group()));
      case LOOKUP:
        Expr.Lookup lookup = (Expr.Lookup) expr;
        return new Expr.Lookup(
            lookup.table(),
            lookup.alias(),
            mapper.apply(lookup.condition()),
            lookup.probe().map(mapper),
            lookup.column());
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  /** The direct children of a node, in evaluation order; empty for a leaf. */
  public static List<Expr> children(Expr expr) {
    List<Expr> children = new ArrayList<>();
    anyChild(
        expr,
        child -> {
          children.add(child);
          return false;
        });
    return children;
  }

  /** Visits every node of the tree, the root first, then each child's subtree in order. */
  public static void forEach(Expr expr, Consumer<Expr> visitor) {
    requireNonNull(visitor, "visitor is null");
    visitor.accept(expr);
    anyChild(
        expr,
        child -> {
          forEach(child, visitor);
          return false;
        });
  }

  /** Whether any node of the tree, the root included, satisfies the predicate. */
  public static boolean anyMatch(Expr expr, Predicate<Expr> predicate) {
    requireNonNull(predicate, "predicate is null");
    return predicate.test(expr) || anyChild(expr, child -> anyMatch(child, predicate));
  }

  /**
   * Whether {@code test} holds for a direct child, stopping at the first that does. Walks the
   * record components directly rather than through {@link #mapChildren}: the evaluator asks {@link
   * #anyMatch} on every decision, and rebuilding nodes there would allocate and fold.
   */
  private static boolean anyChild(Expr expr, Predicate<Expr> test) {
    switch (expr.kind()) {
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case BOOLEAN_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case COLUMN:
      case MASKED_VALUE:
      case CURRENT_USER:
      case CURRENT_ROLE:
      case SESSION_ATTRIBUTE:
      case COLUMN_TAG_VALUE:
      case OPAQUE:
        return false;
      case FUNCTION_CALL:
        return anyOf(((Expr.FunctionCall) expr).arguments(), test);
      case COMPARISON:
        Expr.Comparison comparison = (Expr.Comparison) expr;
        return test.test(comparison.left()) || test.test(comparison.right());
      case ARITHMETIC:
        Expr.Arithmetic arithmetic = (Expr.Arithmetic) expr;
        return test.test(arithmetic.left()) || test.test(arithmetic.right());
      case AND:
        return anyOf(((Expr.And) expr).terms(), test);
      case OR:
        return anyOf(((Expr.Or) expr).terms(), test);
      case NOT:
        return test.test(((Expr.Not) expr).term());
      case IN:
        Expr.In in = (Expr.In) expr;
        return test.test(in.value()) || anyOf(in.list(), test);
      case LIKE:
        Expr.Like like = (Expr.Like) expr;
        return test.test(like.value()) || test.test(like.pattern());
      case IS_NULL:
        return test.test(((Expr.IsNull) expr).value());
      case CASE:
        Expr.Case caseExpr = (Expr.Case) expr;
        for (Expr.WhenClause clause : caseExpr.whenClauses()) {
          if (test.test(clause.condition()) || test.test(clause.result())) {
            return true;
          }
        }
        return test.test(caseExpr.otherwise());
      case CAST:
        return test.test(((Expr.Cast) expr).value());
      case HAS_ROLE:
        return test.test(((Expr.HasRole) expr).role());
      case IN_GROUP:
        return test.test(((Expr.InGroup) expr).group());
      case LOOKUP:
        Expr.Lookup lookup = (Expr.Lookup) expr;
        return test.test(lookup.condition())
            || (lookup.probe().isPresent() && test.test(lookup.probe().get()));
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  private static boolean anyOf(List<Expr> exprs, Predicate<Expr> test) {
    for (Expr expr : exprs) {
      if (test.test(expr)) {
        return true;
      }
    }
    return false;
  }

  private static List<Expr> mapAll(List<Expr> exprs, UnaryOperator<Expr> mapper) {
    List<Expr> mapped = new ArrayList<>(exprs.size());
    for (Expr expr : exprs) {
      mapped.add(mapper.apply(expr));
    }
    return mapped;
  }
}
