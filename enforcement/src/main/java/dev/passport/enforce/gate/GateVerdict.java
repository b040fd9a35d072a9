package dev.passport.enforce.gate;

/** The gate's answer for a transfer. */
public enum GateVerdict {
  /** Every destination principal sees no more than at the source, per column and row. */
  PASS,
  /** Some destination principal sees more: a finding of severity FAIL says who and what. */
  FAIL,
  /**
   * Nothing was shown to be looser, but some comparison could not be decided (a loss, an unknown
   * comparison, grants not recorded): a person has to look.
   */
  REVIEW
}
