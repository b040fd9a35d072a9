package dev.passport.translate.opa;

import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import java.util.function.UnaryOperator;

/** Rebuilds expression trees bottom-up. */
final class ExprTrees {
  private ExprTrees() {}

  /**
   * The tree rebuilt bottom-up: each node, its children already rebuilt, is passed to {@code
   * replace}, whose result takes its place. Rebuilding goes through {@link Expressions}, so
   * constants fold again.
   */
  static Expr map(Expr expr, UnaryOperator<Expr> replace) {
    return replace.apply(
        dev.passport.model.ExprTrees.mapChildren(expr, child -> map(child, replace)));
  }
}
