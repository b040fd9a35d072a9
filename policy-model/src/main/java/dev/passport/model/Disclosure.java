package dev.passport.model;

/** The outcome of comparing what two policies disclose. */
public enum Disclosure {
  /** The first discloses strictly less: it is stricter. */
  LESS,
  /** Both disclose the same. */
  SAME,
  /** The first discloses strictly more: it is looser. */
  MORE,
  /** It cannot be told (custom expressions, incomparable transforms). */
  UNKNOWN
}
