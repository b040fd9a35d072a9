package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * The nine actions of Iceberg REST {@code required-column-projections}, each with the types it is
 * "Applicable to" in the spec.
 */
public enum ProjectionAction {
  MASK_ALPHANUM("mask-alphanum"),
  MASK_TO_FIXED_VALUE("mask-to-fixed-value"),
  REPLACE_WITH_NULL("replace-with-null"),
  SHOW_FIRST_4("show-first-4"),
  SHOW_LAST_4("show-last-4"),
  TRUNCATE_TO_YEAR("truncate-to-year"),
  TRUNCATE_TO_MONTH("truncate-to-month"),
  SHA_256_GLOBAL("sha-256-global"),
  SHA_256_QUERY_LOCAL("sha-256-query-local");

  private static final Set<String> FIXED_VALUE_PRIMITIVES =
      Set.of(
          "boolean",
          "int",
          "long",
          "float",
          "double",
          "string",
          "date",
          "time",
          "timestamp",
          "timestamptz",
          "timestamp_ns",
          "timestamptz_ns",
          "uuid",
          "binary",
          "variant");
  private static final Set<String> HASHABLE = Set.of("string", "int", "long", "binary");

  private final String id;

  ProjectionAction(String id) {
    this.id = id;
  }

  /** The action's name in the REST JSON. */
  public String id() {
    return id;
  }

  public static ProjectionAction fromId(String id) {
    for (ProjectionAction action : values()) {
      if (action.id.equals(id)) {
        return action;
      }
    }
    throw new IllegalArgumentException("Unknown read-restriction action: " + id);
  }

  /** Whether the spec allows the action on a field of this type and nullability. */
  public boolean appliesTo(IcebergField field) {
    requireNonNull(field, "field is null");
    IcebergType type = field.type();
    switch (this) {
      case MASK_ALPHANUM:
      case SHOW_FIRST_4:
      case SHOW_LAST_4:
        return type.isString();
      case MASK_TO_FIXED_VALUE:
        return hasFixedValue(type);
      case REPLACE_WITH_NULL:
        return field.optional();
      case TRUNCATE_TO_YEAR:
      case TRUNCATE_TO_MONTH:
        return type.isDateOrTimestamp();
      case SHA_256_GLOBAL:
      case SHA_256_QUERY_LOCAL:
        return HASHABLE.contains(type.name());
    }
    throw new IllegalStateException("Unknown action " + this);
  }

  /** Whether mask-to-fixed-value defines a value for the type (recursively for structs). */
  public static boolean hasFixedValue(IcebergType type) {
    String name = type.name();
    if (name.equals("list") || name.equals("map")) {
      return true;
    }
    if (name.equals("struct")) {
      for (IcebergField child : type.children()) {
        if (!hasFixedValue(child.type())) {
          return false;
        }
      }
      return true;
    }
    return FIXED_VALUE_PRIMITIVES.contains(name) || type.isDecimal() || name.startsWith("fixed[");
  }
}
