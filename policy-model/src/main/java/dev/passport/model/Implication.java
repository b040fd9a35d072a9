package dev.passport.model;

/**
 * Whether one row predicate (the antecedent) provably implies another (the consequent), as decided
 * by {@link Implications#implies}. A row filter admits a row only when its predicate is TRUE, so
 * "implies" means: every row for which the antecedent is TRUE makes the consequent TRUE as well.
 */
public enum Implication {
  /** The antecedent implies the consequent: it admits no row the consequent does not. */
  HOLDS,
  /**
   * Proved not to imply: some row makes the antecedent TRUE and the consequent FALSE or NULL, and
   * one such row was constructed.
   */
  FAILS,
  /** It cannot be decided: the predicates use terms or operators beyond the decision procedure. */
  UNKNOWN
}
