package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A classification tag, the values it allows (empty: any) and where it is set. A tag set on a table
 * applies to the table's columns unless a column sets the tag itself.
 */
public record Tag(
    String name, List<String> allowedValues, List<TagAssignment> assignments, Origin origin) {
  public Tag {
    Checks.requireNonBlank(name, "name");
    allowedValues = List.copyOf(requireNonNull(allowedValues, "allowedValues is null"));
    assignments = List.copyOf(requireNonNull(assignments, "assignments is null"));
    requireNonNull(origin, "origin is null");
  }
}
