package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is asking: the user, the roles active in the session (the first is the primary role), the
 * identity-provider groups, and session attributes (PostgreSQL settings, JWT claims). An empty role
 * list means "the user's roles as the PolicySet records them".
 *
 * <pre>{@code
 * PrincipalContext.user("alice").withRoles(List.of("analyst")).withAttribute("app.tenant", "7");
 * }</pre>
 */
public record PrincipalContext(
    String user, List<String> roles, List<String> groups, Map<String, String> attributes) {
  public PrincipalContext {
    requireNonNull(user, "user is null");
    if (user.isBlank()) {
      throw new IllegalArgumentException("user is blank");
    }
    roles = List.copyOf(requireNonNull(roles, "roles is null"));
    groups = List.copyOf(requireNonNull(groups, "groups is null"));
    requireNonNull(attributes, "attributes is null");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  public static PrincipalContext user(String user) {
    return new PrincipalContext(user, List.of(), List.of(), Map.of());
  }

  public PrincipalContext withRoles(List<String> newRoles) {
    return new PrincipalContext(user, newRoles, groups, attributes);
  }

  public PrincipalContext withGroups(List<String> newGroups) {
    return new PrincipalContext(user, roles, newGroups, attributes);
  }

  public PrincipalContext withAttribute(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(attributes);
    copy.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
    return new PrincipalContext(user, roles, groups, copy);
  }
}
