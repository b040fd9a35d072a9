package dev.passport.model;

/** How a {@link Transform.Partial} hides the middle of a value. */
public enum FillMode {
  /** The fill character replaces each hidden character. */
  EACH_CHARACTER,
  /** The fill text replaces all hidden characters at once. */
  ONCE
}
