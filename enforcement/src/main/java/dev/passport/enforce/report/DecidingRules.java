package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.Grant;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a policy set behind one principal's cell, so a report names those and not every rule
 * on the object: the row filters and the mask the evaluator says it applied ({@link
 * Decision#appliedRowFilters()}, {@link Decision#appliedMasks()}), and the column grants whose
 * grantee takes in the principal.
 */
public final class DecidingRules {
  private final Evaluator evaluator;

  public DecidingRules(Evaluator evaluator) {
    this.evaluator = requireNonNull(evaluator, "evaluator is null");
  }

  /**
   * The mask behind {@code column}'s decision: the one the evaluator chose, none when the column is
   * shown as it is or not at all. For a column the decision does not list (masked through a tag,
   * say) the evaluator works the choice out on its own.
   */
  public List<ColumnMask> masks(
      PrincipalContext context, Decision decision, String column, Action action) {
    requireNonNull(context, "context is null");
    requireNonNull(decision, "decision is null");
    requireNonNull(column, "column is null");
    requireNonNull(action, "action is null");
    ColumnMask applied = decision.appliedMasks().get(column);
    if (applied != null) {
      return List.of(applied);
    }
    if (decision.columns().containsKey(column)) {
      return List.of();
    }
    return evaluator
        .appliedMask(context, decision.table().column(column), action)
        .map(List::of)
        .orElse(List.of());
  }

  /**
   * The column grants on the column that allow the action to a grantee taking in the principal:
   * with the table grant, they decide whether the column may be read.
   */
  public List<Grant> columnGrants(
      PrincipalContext context, Decision decision, String column, Action action) {
    requireNonNull(context, "context is null");
    requireNonNull(decision, "decision is null");
    requireNonNull(column, "column is null");
    requireNonNull(action, "action is null");
    Securable table = decision.table().tableOnly();
    List<Grant> grants = new ArrayList<>();
    for (Grant grant : evaluator.policySet().grants()) {
      Securable securable = grant.securable();
      if (securable.level() == SecurableLevel.COLUMN
          && securable.column().get().equals(column)
          && (securable.tableOnly().contains(table) || table.contains(securable.tableOnly()))
          && grant.allows(action)
          && evaluator.applies(grant.grantee(), context)) {
        grants.add(grant);
      }
    }
    return grants;
  }
}
