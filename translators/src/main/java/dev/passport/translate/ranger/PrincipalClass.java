package dev.passport.translate.ranger;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Origin;
import dev.passport.model.PrincipalFlag;
import dev.passport.translate.identity.TargetPrincipals;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A set of callers that every source policy treats alike, and the Ranger principals it becomes: one
 * known user with all its roles and groups, the holders of one role or one group (callers the
 * source does not know by name), or everyone else ({@code public}).
 *
 * @param user the source user, for a user class; role and group classes have no user name, so
 *     {@code current_user} stays in their expressions
 * @param primaryRole the first role a user is granted, which the source may take as the session's
 *     primary role
 * @param roles every role in effect: the principal's own name (a user is a role in PostgreSQL), the
 *     roles it is granted and everything they inherit
 * @param groups every group the class is in, inherited ones included
 * @param target the Ranger principals; empty when the identity map denies the class
 * @param memberships the Ranger principals the class's roles and groups become, to know which role
 *     and group items a user falls through to
 */
record PrincipalClass(
    Kind kind,
    String name,
    Optional<String> user,
    Optional<String> primaryRole,
    List<String> roles,
    Set<String> groups,
    Set<PrincipalFlag> flags,
    Map<String, String> attributes,
    Optional<TargetPrincipals> target,
    TargetPrincipals memberships,
    Origin origin) {
  enum Kind {
    USER,
    ROLE,
    GROUP,
    PUBLIC
  }

  PrincipalClass {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    requireNonNull(user, "user is null");
    requireNonNull(primaryRole, "primaryRole is null");
    roles = List.copyOf(requireNonNull(roles, "roles is null"));
    groups = Set.copyOf(requireNonNull(groups, "groups is null"));
    flags = Set.copyOf(requireNonNull(flags, "flags is null"));
    attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    requireNonNull(target, "target is null");
    requireNonNull(memberships, "memberships is null");
    requireNonNull(origin, "origin is null");
  }

  boolean hasFlag(PrincipalFlag flag) {
    return flags.contains(flag);
  }

  String describe() {
    switch (kind) {
      case USER:
        return "user " + name;
      case ROLE:
        return "holders of role " + name;
      case GROUP:
        return "members of group " + name;
      case PUBLIC:
        return "every other user (public)";
    }
    throw new IllegalStateException("Unknown kind " + kind);
  }
}
