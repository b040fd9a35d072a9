package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

/**
 * Settings of row-level evaluation that the policy set does not carry.
 *
 * @param salt the text prefixed to a value before a {@link dev.passport.model.Transform.Hash} with
 *     salt scope GLOBAL or QUERY_LOCAL digests it; the caller keeps one per deployment (GLOBAL) or
 *     draws one per query (QUERY_LOCAL). Hashes with salt scope NONE ignore it.
 */
public record EvaluationOptions(String salt) {
  private static final EvaluationOptions DEFAULTS = new EvaluationOptions("");

  public EvaluationOptions {
    requireNonNull(salt, "salt is null");
  }

  /** No salt. */
  public static EvaluationOptions defaults() {
    return DEFAULTS;
  }

  public EvaluationOptions withSalt(String newSalt) {
    return new EvaluationOptions(newSalt);
  }
}
