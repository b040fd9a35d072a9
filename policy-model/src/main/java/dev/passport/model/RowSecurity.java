package dev.passport.model;

import static java.util.Objects.requireNonNull;

/**
 * A table's row-level security settings.
 *
 * @param enabled whether row filters are enforced at all (PostgreSQL ENABLE ROW LEVEL SECURITY,
 *     Redshift ROW LEVEL SECURITY ON); when false the table's row filters are kept but not applied
 * @param combination how applicable filters combine
 * @param noneApplicableMeansNoRows whether a principal with no applicable filter sees no rows
 *     (PostgreSQL and Redshift) rather than every row (Snowflake, Ranger)
 * @param ownerExempt whether the table owner bypasses the filters (PostgreSQL unless FORCE)
 * @param exempt who else bypasses the filters (Redshift {@code sys:secadmin}); superusers and
 *     principals flagged {@link PrincipalFlag#BYPASS_ROW_SECURITY} always do
 */
public record RowSecurity(
    boolean enabled,
    CombinationRule combination,
    boolean noneApplicableMeansNoRows,
    boolean ownerExempt,
    Subject exempt) {
  public RowSecurity {
    requireNonNull(combination, "combination is null");
    requireNonNull(exempt, "exempt is null");
  }

  /** Row security that is off: filters, if any, are not enforced. */
  public static RowSecurity disabled() {
    return new RowSecurity(false, CombinationRule.ALL_AND, false, false, Subjects.nobody());
  }

  /** PostgreSQL's semantics after {@code ENABLE ROW LEVEL SECURITY}. */
  public static RowSecurity postgresql(boolean forced) {
    return new RowSecurity(
        true, CombinationRule.PERMISSIVE_RESTRICTIVE, true, !forced, Subjects.nobody());
  }

  /** Filters always apply, ANDed, and no applicable filter means every row. */
  public static RowSecurity allAnd() {
    return new RowSecurity(true, CombinationRule.ALL_AND, false, false, Subjects.nobody());
  }

  public RowSecurity withEnabled(boolean newEnabled) {
    return new RowSecurity(newEnabled, combination, noneApplicableMeansNoRows, ownerExempt, exempt);
  }
}
