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
 */
public record EvaluationOptions(String salt, boolean assumeAccessWithoutGrants) {
  private static final EvaluationOptions DEFAULTS = new EvaluationOptions("", false);

  public EvaluationOptions {
    requireNonNull(salt, "salt is null");
  }

  /** No salt; access is denied when the policy set records no grants. */
  public static EvaluationOptions defaults() {
    return DEFAULTS;
  }

  public EvaluationOptions withSalt(String newSalt) {
    return new EvaluationOptions(newSalt, assumeAccessWithoutGrants);
  }

  /**
   * These options, but a policy set that records no grants allows access (see {@link
   * #assumeAccessWithoutGrants()}).
   */
  public EvaluationOptions withAccessAssumedWithoutGrants() {
    return new EvaluationOptions(salt, true);
  }
}
