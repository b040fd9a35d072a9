package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Expr;
import dev.passport.model.ExprTrees;
import dev.passport.model.Expressions;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Enumerates the {@link Audience}s of a PolicySet in first-match order, most specific first: each
 * user (and each PostgreSQL-style login role, which is a user), then the holders of each role or
 * group with the deepest inheritance first, then everyone else. The same order serves Trino rules
 * (first match wins), Lake Formation filters and per-class views.
 */
public final class Audiences {
  /**
   * The user name the evaluator is given for classes with no known user. No policy names it, so
   * {@code current_user} folds to this literal and can be put back afterwards.
   */
  public static final String UNNAMED_USER = "\u00abpassport-unnamed-user\u00bb";

  private Audiences() {}

  /**
   * The classes, reporting every principal the identity map denies.
   *
   * @param evaluator compiled from {@code set}
   */
  public static List<Audience> of(
      PolicySet set, Evaluator evaluator, IdentityMap identities, Consumer<Loss> losses) {
    requireNonNull(set, "set is null");
    requireNonNull(evaluator, "evaluator is null");
    requireNonNull(identities, "identities is null");
    requireNonNull(losses, "losses is null");
    List<Audience> users = new ArrayList<>();
    List<Audience> holders = new ArrayList<>();
    for (Principal principal : set.principals()) {
      Optional<TargetPrincipals> target = identities.map(principal);
      if (target.isEmpty()) {
        losses.accept(
            new Loss(
                principal.origin(),
                "The identity map gives "
                    + IdentityMap.describe(principal.kind(), principal.name())
                    + " no target principal; it is denied everything in the output",
                LossDirection.STRICTER));
      }
      boolean user =
          principal.kind() == PrincipalKind.USER
              || (principal.kind() == PrincipalKind.ROLE && principal.hasFlag(PrincipalFlag.LOGIN));
      boolean superuser = principal.hasFlag(PrincipalFlag.SUPERUSER);
      if (user) {
        users.add(
            new Audience(
                Audience.Kind.USER,
                principal.name(),
                PrincipalContext.user(principal.name()),
                target,
                superuser,
                principal.origin()));
      } else {
        holders.add(
            new Audience(
                principal.kind() == PrincipalKind.GROUP ? Audience.Kind.GROUP : Audience.Kind.ROLE,
                principal.name(),
                PrincipalContext.user(UNNAMED_USER).withRoles(List.of(principal.name())),
                target,
                superuser,
                principal.origin()));
      }
    }
    List<Audience> sorted = new ArrayList<>(holders);
    sorted.sort(
        Comparator.comparingInt(
                (Audience holder) -> evaluator.effectiveRoles(holder.context()).size())
            .reversed());
    List<Audience> all = new ArrayList<>(users);
    all.addAll(sorted);
    all.add(
        new Audience(
            Audience.Kind.PUBLIC,
            "public",
            PrincipalContext.user(UNNAMED_USER),
            Optional.empty(),
            false,
            Origin.of(set.source().system())));
    return List.copyOf(all);
  }

  /** The expression with the unnamed user's literal turned back into {@code current_user}. */
  public static Expr withCurrentUser(Expr expr) {
    requireNonNull(expr, "expr is null");
    return ExprTrees.rewrite(
        expr,
        node ->
            node instanceof Expr.StringLiteral literal && literal.value().equals(UNNAMED_USER)
                ? Optional.of(Expressions.currentUser())
                : Optional.empty());
  }

  /** Whether the expression still holds the unnamed user (so it needs {@code current_user}). */
  public static boolean mentionsCurrentUser(Expr expr) {
    return ExprTrees.anyMatch(
        expr,
        node ->
            node instanceof Expr.CurrentUser
                || (node instanceof Expr.StringLiteral literal
                    && literal.value().equals(UNNAMED_USER)));
  }

  /** The column decision with {@code current_user} put back in its conditions and expressions. */
  public static ColumnDecision withCurrentUser(ColumnDecision decision) {
    List<ConditionalTransform> rules = new ArrayList<>();
    for (ConditionalTransform rule : decision.rules()) {
      rules.add(
          new ConditionalTransform(
              withCurrentUser(rule.condition()), withCurrentUser(rule.transform())));
    }
    return new ColumnDecision(
        decision.column(), decision.readable(), rules, withCurrentUser(decision.otherwise()));
  }

  private static Transform withCurrentUser(Transform transform) {
    if (transform instanceof Transform.Expression expression) {
      return new Transform.Expression(withCurrentUser(expression.expression()));
    }
    return transform;
  }

  /** Every decision of a map with current_user put back. */
  public static Map<String, ColumnDecision> withCurrentUser(Map<String, ColumnDecision> columns) {
    Map<String, ColumnDecision> result = new LinkedHashMap<>();
    columns.forEach((name, decision) -> result.put(name, withCurrentUser(decision)));
    return result;
  }
}
