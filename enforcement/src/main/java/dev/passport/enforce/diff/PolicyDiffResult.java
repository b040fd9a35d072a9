package dev.passport.enforce.diff;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Securable;
import dev.passport.model.Source;
import java.util.List;

/**
 * The differences between two policy sets.
 *
 * @param left where the left set came from
 * @param right where the right set came from
 * @param structuralChanges elements added, removed or changed, by element kind then key
 * @param accessDifferences effective-access differences, by principal, table, aspect and column
 * @param principals every principal and principal class compared, in comparison order
 * @param tables every table compared, in comparison order; with {@code principals}, the axes of an
 *     access matrix in which cells without a difference disclose the same on both sides
 * @param notes what a reader should know that is not a difference (rules both sides choose alike by
 *     a session attribute value), by table, aspect and column; they leave {@link #hasDifferences()}
 *     alone
 */
public record PolicyDiffResult(
    Source left,
    Source right,
    List<StructuralChange> structuralChanges,
    List<AccessDifference> accessDifferences,
    List<DiffPrincipal> principals,
    List<Securable> tables,
    List<AccessNote> notes) {
  public PolicyDiffResult {
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    structuralChanges = List.copyOf(requireNonNull(structuralChanges, "structuralChanges is null"));
    accessDifferences = List.copyOf(requireNonNull(accessDifferences, "accessDifferences is null"));
    principals = List.copyOf(requireNonNull(principals, "principals is null"));
    tables = List.copyOf(requireNonNull(tables, "tables is null"));
    notes = List.copyOf(requireNonNull(notes, "notes is null"));
  }

  /** Whether anything differs, as written or in effect. */
  public boolean hasDifferences() {
    return !structuralChanges.isEmpty() || !accessDifferences.isEmpty();
  }

  /** How many access differences have this stricter side. */
  public int count(StricterSide side) {
    int count = 0;
    for (AccessDifference difference : accessDifferences) {
      if (difference.stricterSide() == side) {
        count++;
      }
    }
    return count;
  }

  /** How many structural changes are of this kind. */
  public int count(ChangeKind change) {
    int count = 0;
    for (StructuralChange structuralChange : structuralChanges) {
      if (structuralChange.change() == change) {
        count++;
      }
    }
    return count;
  }
}
