package dev.passport.translate.ranger;

import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Enumerates the principal classes of a PolicySet in Ranger's most-specific-first order. */
final class PrincipalClasses {
  /** Every Ranger user is implicitly in this group. */
  static final String PUBLIC_GROUP = "public";

  private PrincipalClasses() {}

  /**
   * Users first (in PolicySet order), then roles and groups with the deepest inheritance first (a
   * holder of a child role should meet the child's item before its parent's), then public.
   */
  static List<PrincipalClass> of(PolicySet set, IdentityMap identities, Consumer<Loss> losses) {
    Map<String, Principal> byName = new LinkedHashMap<>();
    for (Principal principal : set.principals()) {
      byName.putIfAbsent(principal.name(), principal);
    }
    List<PrincipalClass> users = new ArrayList<>();
    List<PrincipalClass> holders = new ArrayList<>();
    for (Principal principal : set.principals()) {
      Optional<TargetPrincipals> target = identities.map(principal);
      if (target.isEmpty()) {
        losses.accept(
            new Loss(
                principal.origin(),
                "The identity map gives "
                    + IdentityMap.describe(principal.kind(), principal.name())
                    + " no Ranger principal; it is denied everything in the output",
                LossDirection.STRICTER));
      }
      List<String> roles = new ArrayList<>();
      Set<String> groups = new LinkedHashSet<>();
      closure(principal, byName, roles, groups);
      Optional<String> primaryRole = Optional.empty();
      if (principal.kind() == PrincipalKind.USER && !principal.hasFlag(PrincipalFlag.NO_INHERIT)) {
        for (String role : principal.memberOf()) {
          Principal known = byName.get(role);
          if (known == null || known.kind() != PrincipalKind.GROUP) {
            primaryRole = Optional.of(role);
            break;
          }
        }
      }
      TargetPrincipals memberships = TargetPrincipals.group(PUBLIC_GROUP);
      for (String role : roles) {
        memberships = memberships.union(target(identities, byName, role, PrincipalKind.ROLE));
      }
      for (String group : groups) {
        memberships = memberships.union(target(identities, byName, group, PrincipalKind.GROUP));
      }
      PrincipalClass.Kind kind =
          switch (principal.kind()) {
            case USER -> PrincipalClass.Kind.USER;
            case ROLE -> PrincipalClass.Kind.ROLE;
            case GROUP -> PrincipalClass.Kind.GROUP;
          };
      PrincipalClass principalClass =
          new PrincipalClass(
              kind,
              principal.name(),
              principal.kind() == PrincipalKind.USER
                  ? Optional.of(principal.name())
                  : Optional.empty(),
              primaryRole,
              roles,
              groups,
              principal.flags(),
              principal.kind() == PrincipalKind.USER ? principal.attributes() : Map.of(),
              target,
              memberships,
              principal.origin());
      if (kind == PrincipalClass.Kind.USER) {
        users.add(principalClass);
      } else {
        holders.add(principalClass);
      }
    }
    List<PrincipalClass> sortedHolders = new ArrayList<>(holders);
    sortedHolders.sort(
        Comparator.comparingInt(
                (PrincipalClass holder) -> holder.roles().size() + holder.groups().size())
            .reversed());
    List<PrincipalClass> classes = new ArrayList<>(users);
    classes.addAll(sortedHolders);
    classes.add(
        new PrincipalClass(
            PrincipalClass.Kind.PUBLIC,
            PUBLIC_GROUP,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Set.of(),
            Set.of(),
            Map.of(),
            Optional.of(TargetPrincipals.group(PUBLIC_GROUP)),
            TargetPrincipals.group(PUBLIC_GROUP),
            Origin.of(set.source().system())));
    return List.copyOf(classes);
  }

  private static TargetPrincipals target(
      IdentityMap identities, Map<String, Principal> byName, String name, PrincipalKind kind) {
    Principal principal = byName.get(name);
    return identities
        .map(principal == null ? kind : principal.kind(), name)
        .orElse(TargetPrincipals.none());
  }

  // The evaluator's roles in effect: the principal itself and everything reachable through
  // memberOf, where a NO_INHERIT principal is in effect itself but passes nothing on.
  private static void closure(
      Principal start, Map<String, Principal> byName, List<String> roles, Set<String> groups) {
    Deque<String> pending = new ArrayDeque<>();
    pending.add(start.name());
    Set<String> seen = new LinkedHashSet<>();
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      if (!seen.add(name)) {
        continue;
      }
      Principal member = byName.get(name);
      if (member != null && member.kind() == PrincipalKind.GROUP) {
        groups.add(name);
      } else {
        roles.add(name);
      }
      if (member != null && !member.hasFlag(PrincipalFlag.NO_INHERIT)) {
        pending.addAll(member.memberOf());
      }
    }
  }
}
