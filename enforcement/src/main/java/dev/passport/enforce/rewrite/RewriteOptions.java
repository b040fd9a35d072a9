package dev.passport.enforce.rewrite;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.sql.ParseLimits;
import dev.passport.model.evaluation.EvaluationOptions;

/**
 * How {@link SqlRewriter} treats what it cannot protect.
 *
 * @param allowUnknownTables leave references to tables that neither the schemas nor the policy set
 *     know unchanged, instead of refusing the statement
 * @param deniedAsEmpty give a table the principal may not read as an empty projection ({@code WHERE
 *     FALSE}) instead of refusing the statement
 * @param evaluation the salt of salted hashes, as the row masker uses it
 * @param limits bounds on parsing the statement (size, nesting, time)
 */
public record RewriteOptions(
    boolean allowUnknownTables,
    boolean deniedAsEmpty,
    EvaluationOptions evaluation,
    ParseLimits limits) {
  private static final RewriteOptions DEFAULTS =
      new RewriteOptions(false, false, EvaluationOptions.defaults(), ParseLimits.DEFAULT);

  public RewriteOptions {
    requireNonNull(evaluation, "evaluation is null");
    requireNonNull(limits, "limits is null");
  }

  /** Refuse unknown tables and denied tables; no salt; default parse limits. */
  public static RewriteOptions defaults() {
    return DEFAULTS;
  }

  public RewriteOptions withAllowUnknownTables(boolean value) {
    return new RewriteOptions(value, deniedAsEmpty, evaluation, limits);
  }

  public RewriteOptions withDeniedAsEmpty(boolean value) {
    return new RewriteOptions(allowUnknownTables, value, evaluation, limits);
  }

  public RewriteOptions withEvaluation(EvaluationOptions newEvaluation) {
    return new RewriteOptions(allowUnknownTables, deniedAsEmpty, newEvaluation, limits);
  }

  public RewriteOptions withLimits(ParseLimits newLimits) {
    return new RewriteOptions(allowUnknownTables, deniedAsEmpty, evaluation, newLimits);
  }
}
