package dev.passport.model;

/**
 * Which roles a role test looks at. Snowflake tells them apart: {@code CURRENT_ROLE() = 'X'} looks
 * only at the primary role, {@code IS_ROLE_IN_SESSION('X')} at every role active in the session and
 * every role they inherit. Most other systems only have {@link #IN_SESSION}.
 */
public enum RoleScope {
  /** Only the session's primary (current) role, without inheritance. */
  PRIMARY,
  /** Any role active in the session, primary or secondary, and every role those inherit. */
  IN_SESSION
}
