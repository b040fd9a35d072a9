package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ErrorCode;
import dev.passport.model.Loss;
import dev.passport.model.PassportException;
import dev.passport.model.Securable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a catalog returns for one principal and table: the Iceberg REST {@code read-restrictions}
 * object ({@link ReadRestrictionsJson} writes it), whether the principal may load the table at all,
 * and what the restrictions do not say exactly as the source policies do.
 *
 * @param allowed false when the source denies the principal the table: a catalog should then answer
 *     403; the restrictions are {@code false} with no projections, so a reader that gets them
 *     anyway returns nothing
 * @param rowFilter {@code required-row-filter}; {@link IcebergPredicate#alwaysTrue()} when every
 *     row is visible (then omitted from the JSON)
 * @param projections {@code required-column-projections}, in schema order
 * @param losses degradations (all STRICTER): a mask with no exact action, a filter that has no
 *     Iceberg expression, a policy column the schema lacks
 */
public record ReadRestrictions(
    Securable table,
    boolean allowed,
    IcebergPredicate rowFilter,
    List<ColumnProjection> projections,
    List<Loss> losses) {
  public ReadRestrictions {
    requireNonNull(table, "table is null");
    requireNonNull(rowFilter, "rowFilter is null");
    projections = List.copyOf(requireNonNull(projections, "projections is null"));
    losses = List.copyOf(requireNonNull(losses, "losses is null"));
  }

  /** The projection of a field, if any. */
  public Optional<ProjectionAction> action(int fieldId) {
    for (ColumnProjection projection : projections) {
      if (projection.fieldId() == fieldId) {
        return Optional.of(projection.action());
      }
    }
    return Optional.empty();
  }

  /** Whether nothing is restricted (an empty {@code read-restrictions} object). */
  public boolean unrestricted() {
    return allowed && rowFilter.isTrue() && projections.isEmpty();
  }

  /**
   * Checks the spec's rules against the schema: every referenced field exists; at most one
   * projection per field ID; none on a map key; none nested under a projected struct, list or map;
   * each action only on its applicable types, {@code replace-with-null} only on optional fields.
   *
   * @throws PassportException INVALID_ARGUMENT naming the first rule broken
   */
  public void validate(IcebergSchema schema) {
    requireNonNull(schema, "schema is null");
    Set<Integer> seen = new LinkedHashSet<>();
    Set<Integer> mapKeys = schema.mapKeyIds();
    for (ColumnProjection projection : projections) {
      int id = projection.fieldId();
      IcebergField field =
          schema.field(id).orElseThrow(() -> invalid("projection on unknown field ID " + id));
      if (!seen.add(id)) {
        throw invalid("two projections on field ID " + id);
      }
      if (mapKeys.contains(id)) {
        throw invalid("projection on the map key field ID " + id);
      }
      if (!projection.action().appliesTo(field)) {
        throw invalid(
            projection.action().id()
                + " does not apply to field ID "
                + id
                + " ("
                + (field.required() ? "required " : "optional ")
                + field.type().name()
                + ")");
      }
    }
    for (ColumnProjection projection : projections) {
      if (schema.field(projection.fieldId()).orElseThrow().type().isNested()) {
        for (int nested : schema.nestedIds(projection.fieldId())) {
          if (seen.contains(nested)) {
            throw invalid(
                "field ID "
                    + nested
                    + " is projected under the projected field ID "
                    + projection.fieldId());
          }
        }
      }
    }
    for (int id : rowFilter.fieldIds()) {
      if (schema.field(id).isEmpty()) {
        throw invalid("row filter references unknown field ID " + id);
      }
    }
  }

  private static PassportException invalid(String problem) {
    return new PassportException(ErrorCode.INVALID_ARGUMENT, "Read restrictions: " + problem);
  }
}
