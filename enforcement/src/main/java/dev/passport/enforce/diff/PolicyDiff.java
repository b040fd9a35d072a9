package dev.passport.enforce.diff;

import static java.util.Objects.requireNonNull;

import dev.passport.model.PolicySet;

/**
 * Compares two policy sets, structurally and in effect.
 *
 * <p><b>Structural changes</b> are elements (principals, tables, row security, grants, definitions,
 * row filters, column masks, tags and tag assignments, views, losses) added, removed or changed,
 * each under a key that identifies it in both sets. Nothing that leaves a policy's meaning alone
 * counts: origins (file, line, SQL text), list order where order means nothing (the grants of one
 * grantee on one object are merged, so {@code GRANT SELECT, INSERT} equals two grants), and
 * expression spelling (whitespace, keyword case and brackets are gone once parsed; numbers compare
 * by value; opaque SQL compares with whitespace and case outside quotes normalised; operand and
 * term order see {@link dev.passport.model.Implications#normalise}).
 *
 * <p><b>Effective-access differences</b> come from compiling both sets with the {@link
 * dev.passport.model.evaluation.Evaluator} and asking, for every principal of either set (users as
 * the set records them; for a role or group, a user holding exactly that one), for "any other user"
 * (a user in neither set, with no role), for every table of either set and every column either
 * knows: whether the table may be read, which rows (row filters compared by implication, {@link
 * dev.passport.model.Implications}), and what each column shows (transforms compared by {@link
 * dev.passport.model.DisclosureOrder}; a denied column discloses less than any transform). Each
 * difference says which side is stricter. When one side denies the table, that is the only
 * difference reported for the table and principal. Each side names the origins of the rules that
 * decide that principal's cell ({@link dev.passport.enforce.report.DecidingRules}): the filters
 * that apply to it, the mask chosen for it, the column grants that match it; every rule on the
 * object only where the choice cannot be worked out.
 *
 * <p><b>Rules chosen by session attribute values</b> (a grant, row filter or mask rule whose
 * subject tests {@code app.tier = 'gold'}, Snowflake's {@code CURRENT_ACCOUNT()}) match none of the
 * principals compared, whose sessions nobody knows, so the comparison above would show the two
 * sides agreeing whatever such rules say. They are compared on their own, per table and per cell
 * (table access, rows, one column): where the two sides' such rules differ (after the same
 * normalisation as structural changes; names and origins do not count), the diff reports an {@link
 * AccessDifference} with stricter side {@link StricterSide#UNKNOWN} for the principal class {@link
 * DiffPrincipalKind#SESSION_ATTRIBUTE} named by the attribute tests, each side listing its rules
 * and their origins. Where both sides hold the same such rules, that is no difference (a data
 * platform engineer reviewing the change sees nothing changed there), but what those sessions get
 * was still not evaluated, so it is an {@link AccessNote}, which does not make {@link
 * PolicyDiffResult#hasDifferences()} true.
 *
 * <pre>{@code
 * PolicyDiffResult result = PolicyDiff.compare(before, after);
 * if (result.hasDifferences()) {
 *   String review = PolicyDiffReports.markdown(result, "main", "this branch");
 * }
 * }</pre>
 */
public final class PolicyDiff {
  private PolicyDiff() {}

  /** Compares with {@link PolicyDiffOptions#defaults()}: what each side discloses to SELECT. */
  public static PolicyDiffResult compare(PolicySet left, PolicySet right) {
    return compare(left, right, PolicyDiffOptions.defaults());
  }

  public static PolicyDiffResult compare(
      PolicySet left, PolicySet right, PolicyDiffOptions options) {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    requireNonNull(options, "options is null");
    EffectiveAccessDiff.Outcome access = EffectiveAccessDiff.compare(left, right, options);
    return new PolicyDiffResult(
        left.source(),
        right.source(),
        StructuralDiff.compare(left, right),
        access.differences(),
        access.principals(),
        access.tables(),
        access.notes());
  }
}
