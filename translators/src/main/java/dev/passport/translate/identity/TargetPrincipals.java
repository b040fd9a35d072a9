package dev.passport.translate.identity;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The target-side principals one source principal becomes. Empty lists everywhere mean the source
 * principal has no counterpart, which translators treat as denied.
 */
public record TargetPrincipals(List<String> users, List<String> groups, List<String> roles) {
  private static final TargetPrincipals NONE =
      new TargetPrincipals(List.of(), List.of(), List.of());

  public TargetPrincipals {
    users = List.copyOf(requireNonNull(users, "users is null"));
    groups = List.copyOf(requireNonNull(groups, "groups is null"));
    roles = List.copyOf(requireNonNull(roles, "roles is null"));
  }

  public static TargetPrincipals none() {
    return NONE;
  }

  public static TargetPrincipals user(String name) {
    return new TargetPrincipals(List.of(name), List.of(), List.of());
  }

  public static TargetPrincipals group(String name) {
    return new TargetPrincipals(List.of(), List.of(name), List.of());
  }

  public static TargetPrincipals role(String name) {
    return new TargetPrincipals(List.of(), List.of(), List.of(name));
  }

  public boolean isEmpty() {
    return users.isEmpty() && groups.isEmpty() && roles.isEmpty();
  }

  /** Both sets of principals, each name once, this one's first. */
  public TargetPrincipals union(TargetPrincipals other) {
    requireNonNull(other, "other is null");
    return new TargetPrincipals(
        merge(users, other.users), merge(groups, other.groups), merge(roles, other.roles));
  }

  private static List<String> merge(List<String> first, List<String> second) {
    LinkedHashSet<String> merged = new LinkedHashSet<>(first);
    merged.addAll(second);
    return new ArrayList<>(merged);
  }
}
