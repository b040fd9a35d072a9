package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

/**
 * Settings of evaluation that the policy set does not carry.
 *
 * @param salt the text prefixed to a value before a {@link dev.passport.model.Transform.Hash} with
 *     salt scope GLOBAL or QUERY_LOCAL digests it; the caller keeps one per deployment (GLOBAL) or
 *     draws one per query (QUERY_LOCAL). Hashes with salt scope NONE ignore it.
 * @param assumeAccessWithoutGrants whether {@link Evaluator} allows access when the policy set
 *     records no grants at all. Off by default: a set without grants denies everyone but superusers
 *     and table owners. Turn it on only for a source known not to model grants (row filters and
 *     masks only), where the absence of grants says nothing about who may read.
 * @param unsetAttributesUnknown whether a session attribute the principal context does not set
 *     stays in row filters and masks as an unknown value instead of becoming NULL. Off by default:
 *     a session without the setting gets NULL, as in the source systems. Policy comparisons (the
 *     diff and the compliance gate) turn it on, because they reason about principals whose session
 *     values nobody knows; as NULL, a filter on an attribute would hide every row on both sides and
 *     with it every mask that differs.
 */
public record EvaluationOptions(
    String salt, boolean assumeAccessWithoutGrants, boolean unsetAttributesUnknown) {
  private static final EvaluationOptions DEFAULTS = new EvaluationOptions("", false, false);

  public EvaluationOptions {
    requireNonNull(salt, "salt is null");
  }

  /** No salt; access is denied when the policy set records no grants. */
  public static EvaluationOptions defaults() {
    return DEFAULTS;
  }

  public EvaluationOptions withSalt(String newSalt) {
    return new EvaluationOptions(newSalt, assumeAccessWithoutGrants, unsetAttributesUnknown);
  }

  /**
   * These options, but a policy set that records no grants allows access (see {@link
   * #assumeAccessWithoutGrants()}).
   */
  public EvaluationOptions withAccessAssumedWithoutGrants() {
    return new EvaluationOptions(salt, true, unsetAttributesUnknown);
  }

  /**
   * These options, but session attributes the principal context does not set stay unknown (see
   * {@link #unsetAttributesUnknown()}).
   */
  public EvaluationOptions withUnsetAttributesUnknown() {
    return new EvaluationOptions(salt, assumeAccessWithoutGrants, true);
  }
}
