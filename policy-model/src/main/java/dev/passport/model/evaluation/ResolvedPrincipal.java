package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.RoleScope;
import dev.passport.model.Subject;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link PrincipalContext} with the policy set's knowledge applied: the primary role, every role
 * in effect (session roles and what they inherit), groups and attributes. Built by {@link
 * Evaluator}; everything a subject or an identity value needs, without further lookups.
 */
final class ResolvedPrincipal {
  private final String user;
  private final Optional<Principal> userPrincipal;
  private final Optional<String> primaryRole;
  private final Set<String> effectiveRoles;
  private final Set<String> groups;
  private final Map<String, String> attributes;
  private final Set<PrincipalFlag> flags;

  ResolvedPrincipal(
      String user,
      Optional<Principal> userPrincipal,
      Optional<String> primaryRole,
      Set<String> effectiveRoles,
      Set<String> groups,
      Map<String, String> attributes) {
    this.user = requireNonNull(user, "user is null");
    this.userPrincipal = requireNonNull(userPrincipal, "userPrincipal is null");
    this.primaryRole = requireNonNull(primaryRole, "primaryRole is null");
    this.effectiveRoles = Collections.unmodifiableSet(new LinkedHashSet<>(effectiveRoles));
    this.groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    // Asked on every decision: an EnumSet answers without walking the principal's flag list.
    Set<PrincipalFlag> userFlags = EnumSet.noneOf(PrincipalFlag.class);
    userPrincipal.ifPresent(principal -> userFlags.addAll(principal.flags()));
    this.flags = userFlags;
  }

  String user() {
    return user;
  }

  Optional<Principal> userPrincipal() {
    return userPrincipal;
  }

  Optional<String> primaryRole() {
    return primaryRole;
  }

  Set<String> effectiveRoles() {
    return effectiveRoles;
  }

  Set<String> groups() {
    return groups;
  }

  Map<String, String> attributes() {
    return attributes;
  }

  boolean hasFlag(PrincipalFlag flag) {
    return flags.contains(flag);
  }

  boolean hasRole(String role, RoleScope scope) {
    if (scope == RoleScope.PRIMARY) {
      return primaryRole.isPresent() && primaryRole.get().equals(role);
    }
    return effectiveRoles.contains(role);
  }

  /** Whether the subject matches this principal. */
  boolean matches(Subject subject) {
    switch (subject.kind()) {
      case EVERYONE:
        return true;
      case HAS_ROLE:
        {
          Subject.HasRole hasRole = (Subject.HasRole) subject;
          return hasRole(hasRole.role(), hasRole.scope());
        }
      case IS_USER:
        return user.equals(((Subject.IsUser) subject).user());
      case IN_GROUP:
        return groups.contains(((Subject.InGroup) subject).group());
      case ATTRIBUTE_EQUALS:
        {
          Subject.AttributeEquals equals = (Subject.AttributeEquals) subject;
          return equals.value().equals(attributes.get(equals.key()));
        }
      case ANY_OF:
        for (Subject member : ((Subject.AnyOf) subject).subjects()) {
          if (matches(member)) {
            return true;
          }
        }
        return false;
      case ALL_OF:
        for (Subject member : ((Subject.AllOf) subject).subjects()) {
          if (!matches(member)) {
            return false;
          }
        }
        return true;
      case NOT:
        return !matches(((Subject.Not) subject).subject());
    }
    throw new AssertionError("unreachable: " + subject.kind());
  }

  List<String> describe() {
    return List.of(
        "user " + user,
        "primary role " + primaryRole.orElse("(none)"),
        "roles " + effectiveRoles,
        "groups " + groups);
  }
}
