package dev.passport.enforce.diff;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Securable;
import java.util.Optional;

/**
 * Something a reader of the diff should know about a table's effective access that is not a
 * difference: today, that both sides choose the same rule by a session attribute value, so the
 * sides agree for such sessions as far as the rules go, but what those sessions get was not
 * evaluated (see {@link PolicyDiff}). Notes do not make {@link PolicyDiffResult#hasDifferences()}
 * true.
 *
 * @param principal whom the note concerns, e.g. the {@link DiffPrincipalKind#SESSION_ATTRIBUTE}
 *     class
 * @param table the table, as the left set names it when both know it
 * @param column the column, for {@link AccessAspect#COLUMN}; empty otherwise
 * @param aspect what part of access the note is about
 * @param message the note in one sentence
 * @param left the left side's rules and their origins
 * @param right the right side's rules and their origins
 */
public record AccessNote(
    DiffPrincipal principal,
    Securable table,
    Optional<String> column,
    AccessAspect aspect,
    String message,
    DiffSide left,
    DiffSide right) {
  public AccessNote {
    requireNonNull(principal, "principal is null");
    requireNonNull(table, "table is null");
    requireNonNull(column, "column is null");
    requireNonNull(aspect, "aspect is null");
    requireNonNull(message, "message is null");
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    if (column.isPresent() != (aspect == AccessAspect.COLUMN)) {
      throw new IllegalArgumentException("a column is given exactly for the COLUMN aspect");
    }
  }
}
