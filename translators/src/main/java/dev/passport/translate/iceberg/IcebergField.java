package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

/**
 * A field of an Iceberg schema: a top-level column, a struct member, a list element or a map key or
 * value. Policies bind to {@code id}, which survives renames; {@code name} is only how the field is
 * found when a policy is first bound.
 */
public record IcebergField(int id, String name, boolean required, IcebergType type) {
  public IcebergField {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  public boolean optional() {
    return !required;
  }
}
