package dev.passport.model;

import static dev.passport.model.Expressions.and;
import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.currentUser;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.exists;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.or;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

final class TestExprTrees {
  private static final Securable MAPPING = Securable.table("app", "tenant_users");

  @Test
  void testRewriteReplacesNodesAndFoldsWhatBecomesConstant() {
    Expr predicate =
        or(equal(column("owner"), currentUser()), equal(literal("alice"), currentUser()));

    Expr rewritten =
        ExprTrees.rewrite(
            predicate,
            node ->
                node instanceof Expr.CurrentUser
                    ? Optional.of(literal("alice"))
                    : Optional.empty());

    // The second arm became 'alice' = 'alice', which folds to TRUE and decides the OR.
    assertThat(rewritten).isEqualTo(Expressions.alwaysTrue());
  }

  @Test
  void testRewriteWalksIntoLookupConditionsAndProbes() {
    Expr lookup =
        Expressions.inLookup(
            column("tenant_id"),
            MAPPING,
            "m",
            "tenant_id",
            equal(column("m", "user_name"), currentUser()));

    Expr rewritten =
        ExprTrees.rewrite(
            lookup,
            node ->
                node instanceof Expr.CurrentUser ? Optional.of(literal("bob")) : Optional.empty());

    assertThat(rewritten)
        .isEqualTo(
            Expressions.inLookup(
                column("tenant_id"),
                MAPPING,
                "m",
                "tenant_id",
                equal(column("m", "user_name"), literal("bob"))));
  }

  @Test
  void testReplacementIsNotWalkedFurther() {
    Expr predicate = equal(column("a"), literal(1));

    Expr rewritten =
        ExprTrees.rewrite(
            predicate,
            node ->
                node instanceof Expr.Column
                    ? Optional.of(equal(column("a"), literal(2)))
                    : Optional.empty());

    assertThat(rewritten).isEqualTo(equal(equal(column("a"), literal(2)), literal(1)));
  }

  @Test
  void testChildrenAndAnyMatch() {
    Expr opaque = Expressions.opaque(SystemKind.POSTGRESQL, "tags && ARRAY['x']");
    Expr predicate = and(equal(column("a"), literal(1)), exists(MAPPING, "m", opaque));

    assertThat(ExprTrees.children(predicate)).hasSize(2);
    assertThat(ExprTrees.anyMatch(predicate, node -> node instanceof Expr.Opaque)).isTrue();
    assertThat(ExprTrees.anyMatch(predicate, node -> node instanceof Expr.CurrentRole)).isFalse();
    assertThat(ExprTrees.children(literal("leaf"))).isEmpty();
  }
}
