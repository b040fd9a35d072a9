package dev.passport.enforce.diff;

import java.util.Locale;

/** Who a row of the effective-access comparison stands for. */
public enum DiffPrincipalKind {
  /** A user of either set, with the roles that set gives it. */
  USER,
  /** A user, in neither set, holding exactly this role in the session. */
  ROLE,
  /** A user, in neither set, in exactly this group. */
  GROUP,
  /** A user in neither set, with no roles or groups: what everyone else gets. */
  ANY_OTHER_USER,
  /**
   * Sessions with the attribute values some rule tests ({@code app.tier = 'gold'}), named by those
   * tests. Nobody knows which sessions have them, so this class is never evaluated: it only names
   * whom a difference in such rules concerns (see {@link PolicyDiff}).
   */
  SESSION_ATTRIBUTE;

  /** The lower-case name used in reports, e.g. {@code any_other_user}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
