package dev.passport.translate.opa;

import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.Subject;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Walks and rebuilds expression and subject trees. */
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

  /** Whether any node of the tree satisfies the test. */
  static boolean contains(Expr expr, Predicate<Expr> test) {
    boolean[] found = {false};
    map(
        expr,
        node -> {
          if (test.test(node)) {
            found[0] = true;
          }
          return node;
        });
    return found[0];
  }

  /** Whether any node of the subject tree satisfies the test. */
  static boolean contains(Subject subject, Predicate<Subject> test) {
    if (test.test(subject)) {
      return true;
    }
    switch (subject.kind()) {
      case EVERYONE:
      case HAS_ROLE:
      case IS_USER:
      case IN_GROUP:
      case ATTRIBUTE_EQUALS:
        return false;
      case ANY_OF:
        return ((Subject.AnyOf) subject).subjects().stream().anyMatch(s -> contains(s, test));
      case ALL_OF:
        return ((Subject.AllOf) subject).subjects().stream().anyMatch(s -> contains(s, test));
      case NOT:
        return contains(((Subject.Not) subject).subject(), test);
    }
    throw new IllegalStateException("Unknown subject kind " + subject.kind());
  }
}
