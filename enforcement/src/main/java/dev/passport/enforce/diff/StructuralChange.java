package dev.passport.enforce.diff;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A policy element added, removed or changed between the left and the right set, as written
 * (origins, list order and expression spelling aside).
 *
 * @param key what identifies the element in both sets, e.g. {@code SELECT on crm.customers to role
 *     analyst} for grants, {@code crm.customers policy tenant_rows} for row filters
 * @param left the element in the left set; empty when {@link ChangeKind#ADDED}
 * @param right the element in the right set; empty when {@link ChangeKind#REMOVED}
 */
public record StructuralChange(
    ChangeKind change,
    ElementKind element,
    String key,
    Optional<DiffSide> left,
    Optional<DiffSide> right) {
  public StructuralChange {
    requireNonNull(change, "change is null");
    requireNonNull(element, "element is null");
    requireNonNull(key, "key is null");
    requireNonNull(left, "left is null");
    requireNonNull(right, "right is null");
    if (left.isPresent() != (change != ChangeKind.ADDED)
        || right.isPresent() != (change != ChangeKind.REMOVED)) {
      throw new IllegalArgumentException(change + " does not fit the sides given");
    }
  }
}
