package dev.passport.model.validation;

/** How bad a {@link ValidationProblem} is. */
public enum Severity {
  /** The set is inconsistent: an evaluation or translation of it would be wrong or arbitrary. */
  ERROR,
  /** The set is usable but probably not what its author meant, or loses information silently. */
  WARNING
}
