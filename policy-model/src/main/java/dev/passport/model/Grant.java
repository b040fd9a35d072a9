package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Privileges on a securable for a subject (usually a role, a user or PUBLIC). A grant on a schema
 * or catalog covers what it contains; a grant on a column covers that column only.
 *
 * <pre>{@code
 * Grant.allow(Subjects.hasRole("analyst"), Set.of(Privilege.SELECT), customers, origin);
 * }</pre>
 */
public record Grant(
    Subject grantee,
    Set<Privilege> privileges,
    Securable securable,
    GrantEffect effect,
    boolean withGrantOption,
    GrantVia via,
    Origin origin) {
  public Grant {
    requireNonNull(grantee, "grantee is null");
    privileges = Checks.enumCopy(privileges, Privilege.class, "privileges");
    if (privileges.isEmpty()) {
      throw new IllegalArgumentException("a grant needs at least one privilege");
    }
    requireNonNull(securable, "securable is null");
    requireNonNull(effect, "effect is null");
    requireNonNull(via, "via is null");
    requireNonNull(origin, "origin is null");
  }

  /** A direct ALLOW grant without grant option. */
  public static Grant allow(
      Subject grantee, Set<Privilege> privileges, Securable securable, Origin origin) {
    return new Grant(
        grantee, privileges, securable, GrantEffect.ALLOW, false, GrantVia.DIRECT, origin);
  }

  /** The grant in one line, e.g. {@code SELECT, INSERT on sales.customers to role analyst}. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    if (effect == GrantEffect.DENY) {
      text.append("DENY ");
    }
    boolean first = true;
    for (Privilege privilege : privileges) {
      if (!first) {
        text.append(", ");
      }
      text.append(privilege.name());
      first = false;
    }
    text.append(" on ").append(securable.qualifiedName());
    text.append(" to ").append(Subjects.describe(grantee));
    if (withGrantOption) {
      text.append(" with grant option");
    }
    return text.toString();
  }

  /** Whether one of the privileges allows the action. */
  public boolean allows(Action action) {
    for (Privilege privilege : privileges) {
      if (privilege.allows(action)) {
        return true;
      }
    }
    return false;
  }
}
