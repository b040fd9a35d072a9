package dev.passport.model;

/** How the grantee came to hold a privilege. */
public enum GrantVia {
  /** Granted to the grantee itself. */
  DIRECT,
  /** Held through a role the grantee is a member of, as a catalog view reports it. */
  ROLE,
  /** Reachable only through a view whose owner holds the privilege. */
  VIEW
}
