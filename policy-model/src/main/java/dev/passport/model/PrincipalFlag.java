package dev.passport.model;

/** Properties of a principal that change how policies apply to it. */
public enum PrincipalFlag {
  /** Bypasses every check, row security included (PostgreSQL and Redshift superusers). */
  SUPERUSER,
  /** Bypasses row-level security but not grants (PostgreSQL BYPASSRLS, Redshift IGNORE RLS). */
  BYPASS_ROW_SECURITY,
  /** Does not inherit the privileges of the roles it is a member of (PostgreSQL NOINHERIT). */
  NO_INHERIT,
  /** Can log in; a user in systems that do not distinguish users from roles. */
  LOGIN
}
