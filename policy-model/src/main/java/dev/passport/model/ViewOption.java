package dev.passport.model;

/** View properties that matter when a view acts as a policy. */
public enum ViewOption {
  /** Snowflake SECURE VIEW: the definition is hidden and optimisations cannot leak rows. */
  SECURE,
  /** PostgreSQL security_barrier. */
  SECURITY_BARRIER,
  /** PostgreSQL security_invoker: base tables are checked as the caller, not the owner. */
  SECURITY_INVOKER
}
