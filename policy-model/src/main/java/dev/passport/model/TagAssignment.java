package dev.passport.model;

import static java.util.Objects.requireNonNull;

/** A tag set on an object with a value ({@code ALTER TABLE … MODIFY COLUMN c SET TAG t = 'v'}). */
public record TagAssignment(Securable target, String value, Origin origin) {
  public TagAssignment {
    requireNonNull(target, "target is null");
    requireNonNull(value, "value is null");
    requireNonNull(origin, "origin is null");
  }
}
