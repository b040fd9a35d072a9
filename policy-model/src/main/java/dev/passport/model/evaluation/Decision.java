package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.Expr;
import dev.passport.model.Grant;
import dev.passport.model.RowFilter;
import dev.passport.model.Securable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer for one principal, table and action.
 *
 * @param allowed whether the action is allowed on the table at all (some columns may still be
 *     denied, see {@link ColumnDecision#readable()})
 * @param reasons why, in words, for {@code passport explain}
 * @param grantedBy the grant that allowed it, when one did
 * @param rowFilter the principal's residual row predicate: identity and session values are
 *     substituted, so it depends on the row only; TRUE when every row is visible
 * @param columns the decision for each column the PolicySet knows of the table, in table order
 * @param appliedRowFilters the row filters {@code rowFilter} was made of, after subjects, actions
 *     and the table's combination rule (under FIRST_MATCH, the one chosen); empty when no filter
 *     applies or none is consulted (row security off, a superuser, an exemption, access denied)
 * @param appliedMasks for each masked column, the mask its decision comes from; a column absent
 *     from the map is unmasked or not readable. Reports name these as the rules behind an answer
 */
public record Decision(
    Securable table,
    Action action,
    boolean allowed,
    List<String> reasons,
    Optional<Grant> grantedBy,
    Expr rowFilter,
    Map<String, ColumnDecision> columns,
    List<RowFilter> appliedRowFilters,
    Map<String, ColumnMask> appliedMasks) {
  public Decision {
    requireNonNull(table, "table is null");
    requireNonNull(action, "action is null");
    requireNonNull(reasons, "reasons is null");
    // The evaluator's own lists are immutable already; copying them would render lazy reasons.
    reasons = reasons instanceof Reasons.Lazy ? reasons : List.copyOf(reasons);
    requireNonNull(grantedBy, "grantedBy is null");
    requireNonNull(rowFilter, "rowFilter is null");
    requireNonNull(columns, "columns is null");
    columns =
        columns instanceof ColumnDecisions
            ? columns
            : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    appliedRowFilters = List.copyOf(requireNonNull(appliedRowFilters, "appliedRowFilters is null"));
    requireNonNull(appliedMasks, "appliedMasks is null");
    for (Map.Entry<String, ColumnMask> applied : appliedMasks.entrySet()) {
      requireNonNull(applied.getValue(), "appliedMasks holds a null mask");
      if (!columns.containsKey(applied.getKey())) {
        throw new IllegalArgumentException(
            "a mask applied to an undecided column: " + applied.getKey());
      }
    }
    // Most decisions mask nothing: no second map for them on the evaluator's hot path.
    appliedMasks =
        appliedMasks.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(appliedMasks));
  }
}
