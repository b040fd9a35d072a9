package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user, role or group of the source system. {@code memberOf} holds the role membership edges: the
 * roles and groups this principal is a direct member of, in the order the system lists them (the
 * first is the default or primary role where the system has one). Following the edges gives the
 * role hierarchy.
 *
 * <pre>{@code
 * Principal.user("alice").withMemberOf(List.of("analyst"));
 * }</pre>
 */
public record Principal(
    String name,
    PrincipalKind kind,
    List<String> memberOf,
    Map<String, String> attributes,
    Set<PrincipalFlag> flags,
    Origin origin) {
  public Principal {
    Checks.requireNonBlank(name, "name");
    requireNonNull(kind, "kind is null");
    memberOf = List.copyOf(requireNonNull(memberOf, "memberOf is null"));
    attributes = Checks.orderedCopy(attributes, "attributes");
    flags = Checks.enumCopy(flags, PrincipalFlag.class, "flags");
    requireNonNull(origin, "origin is null");
  }

  public static Principal user(String name, Origin origin) {
    return new Principal(name, PrincipalKind.USER, List.of(), Map.of(), Set.of(), origin);
  }

  public static Principal role(String name, Origin origin) {
    return new Principal(name, PrincipalKind.ROLE, List.of(), Map.of(), Set.of(), origin);
  }

  public static Principal group(String name, Origin origin) {
    return new Principal(name, PrincipalKind.GROUP, List.of(), Map.of(), Set.of(), origin);
  }

  public Principal withMemberOf(List<String> roles) {
    return new Principal(name, kind, roles, attributes, flags, origin);
  }

  public Principal withAttributes(Map<String, String> newAttributes) {
    return new Principal(name, kind, memberOf, newAttributes, flags, origin);
  }

  public Principal withFlags(Set<PrincipalFlag> newFlags) {
    return new Principal(name, kind, memberOf, attributes, newFlags, origin);
  }

  public boolean hasFlag(PrincipalFlag flag) {
    return flags.contains(flag);
  }
}
