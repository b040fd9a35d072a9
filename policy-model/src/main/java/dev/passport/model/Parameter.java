package dev.passport.model;

import static java.util.Objects.requireNonNull;

/** A parameter of a {@link Definition}: its normalised name and declared type. */
public record Parameter(String name, String type) {
  public Parameter {
    Checks.requireNonBlank(name, "name");
    requireNonNull(type, "type is null");
  }
}
