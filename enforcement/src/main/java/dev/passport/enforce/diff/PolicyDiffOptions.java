package dev.passport.enforce.diff;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
import dev.passport.model.evaluation.EvaluationOptions;

/**
 * How {@link PolicyDiff} compares effective access.
 *
 * @param action the action whose access is compared; SELECT (what each side discloses) by default
 * @param evaluation how both sets are evaluated, e.g. {@link
 *     EvaluationOptions#withAccessAssumedWithoutGrants()} for sets that model no grants; by default
 *     session attributes stay unknown ({@link EvaluationOptions#withUnsetAttributesUnknown()}), as
 *     the principals compared have no session
 */
public record PolicyDiffOptions(Action action, EvaluationOptions evaluation) {
  public PolicyDiffOptions {
    requireNonNull(action, "action is null");
    requireNonNull(evaluation, "evaluation is null");
  }

  /** SELECT, with the evaluator's defaults but for session attributes, which stay unknown. */
  public static PolicyDiffOptions defaults() {
    return new PolicyDiffOptions(
        Action.SELECT, EvaluationOptions.defaults().withUnsetAttributesUnknown());
  }

  public PolicyDiffOptions withAction(Action newAction) {
    return new PolicyDiffOptions(newAction, evaluation);
  }

  public PolicyDiffOptions withEvaluation(EvaluationOptions newEvaluation) {
    return new PolicyDiffOptions(action, newEvaluation);
  }
}
