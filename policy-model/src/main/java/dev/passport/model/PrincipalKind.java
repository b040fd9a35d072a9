package dev.passport.model;

/** What a {@link Principal} is in its system. */
public enum PrincipalKind {
  USER,
  ROLE,
  GROUP
}
