package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

/** One entry of {@code required-column-projections}: an action on a field ID. */
public record ColumnProjection(int fieldId, ProjectionAction action) {
  public ColumnProjection {
    if (fieldId <= 0) {
      throw new IllegalArgumentException("fieldId must be positive: " + fieldId);
    }
    requireNonNull(action, "action is null");
  }
}
