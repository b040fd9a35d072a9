package dev.passport.enforce.gate;

/** How a finding weighs on the verdict, most severe first. */
public enum FindingSeverity {
  /** The destination discloses more: the transfer fails. */
  FAIL,
  /** It could not be decided: the transfer needs review. */
  REVIEW,
  /** Worth knowing, no bearing on the verdict. */
  INFO
}
