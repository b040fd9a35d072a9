package dev.passport.model;

/** A row filter's part in {@link CombinationRule#PERMISSIVE_RESTRICTIVE}; others ignore it. */
public enum FilterKind {
  PERMISSIVE,
  RESTRICTIVE
}
