package dev.passport.model;

/** How an element came to be in a {@link PolicySet}. */
public enum OriginKind {
  /** Declared as a policy or grant by the source system. */
  DECLARED,
  /** Inferred from a view that acts as a policy (an identity test in its WHERE or select list). */
  VIEW,
  /** Attached through a tag rather than to the object directly. */
  TAG,
  /** Computed by Passport, for example a merge of several source filters for a target. */
  DERIVED
}
