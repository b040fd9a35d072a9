package dev.passport.translate.ranger;

import static java.util.Objects.requireNonNull;

import dev.passport.model.PrincipalFlag;
import dev.passport.model.RoleScope;
import dev.passport.model.Subject;
import dev.passport.translate.identity.TargetPrincipals;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The principal classes by position, with the answers {@link ResidualFolder#matches} would give
 * computed once per subject for all classes together. A large source has thousands of classes and
 * as many rules; asking every class about every rule one by one is what made translation quadratic.
 * Bit {@code i} of a returned set stands for {@code classes().get(i)}. Returned sets are shared and
 * must not be changed.
 */
final class PrincipalClassIndex {
  private final List<PrincipalClass> classes;
  private final BitSet all;
  private final BitSet withUser;
  private final BitSet withTarget;
  private final Map<String, BitSet> byUser = new HashMap<>();
  private final Map<String, BitSet> byGroup = new HashMap<>();
  private final Map<String, BitSet> byRole = new HashMap<>();
  private final Map<String, BitSet> byPrimaryRole = new HashMap<>();
  private final Map<String, BitSet> targetUsers = new HashMap<>();
  private final Map<String, BitSet> targetGroups = new HashMap<>();
  private final Map<String, BitSet> targetRoles = new HashMap<>();
  private final Map<String, BitSet> reachUsers = new HashMap<>();
  private final Map<String, BitSet> reachGroups = new HashMap<>();
  private final Map<String, BitSet> reachRoles = new HashMap<>();
  private final Map<Subject, BitSet> subjects = new HashMap<>();
  private final Map<PrincipalFlag, BitSet> flagged = new EnumMap<>(PrincipalFlag.class);
  private final BitSet holders;
  private final BitSet namedUsers;
  private final BitSet usersWithoutFallback;
  private final int[] fallbacks;
  private final Map<Integer, BitSet> fallingTo = new HashMap<>();

  PrincipalClassIndex(List<PrincipalClass> classes) {
    this.classes = List.copyOf(requireNonNull(classes, "classes is null"));
    int size = this.classes.size();
    all = new BitSet(size);
    all.set(0, size);
    withUser = new BitSet(size);
    withTarget = new BitSet(size);
    holders = new BitSet(size);
    namedUsers = new BitSet(size);
    usersWithoutFallback = new BitSet(size);
    for (PrincipalFlag flag : PrincipalFlag.values()) {
      flagged.put(flag, new BitSet(size));
    }
    for (int position = 0; position < size; position++) {
      PrincipalClass principalClass = this.classes.get(position);
      for (PrincipalFlag flag : principalClass.flags()) {
        flagged.get(flag).set(position);
      }
      if (principalClass.user().isPresent()) {
        withUser.set(position);
        add(byUser, principalClass.user().get(), position);
      }
      if (principalClass.primaryRole().isPresent()) {
        add(byPrimaryRole, principalClass.primaryRole().get(), position);
      }
      for (String role : principalClass.roles()) {
        add(byRole, role, position);
      }
      for (String group : principalClass.groups()) {
        add(byGroup, group, position);
      }
      if (principalClass.target().isPresent()) {
        TargetPrincipals target = principalClass.target().get();
        withTarget.set(position);
        (principalClass.kind() == PrincipalClass.Kind.USER ? namedUsers : holders).set(position);
        addAll(targetUsers, targetGroups, targetRoles, target, position);
        addAll(reachUsers, reachGroups, reachRoles, target, position);
      }
      addAll(reachUsers, reachGroups, reachRoles, principalClass.memberships(), position);
    }
    // The holder item a user falls through to when it has none of its own: the same for every
    // table, since items are always laid out in class order.
    fallbacks = new int[size];
    for (int position = 0; position < size; position++) {
      PrincipalClass principalClass = this.classes.get(position);
      BitSet candidates =
          principalClass.kind() == PrincipalClass.Kind.USER
              ? targeting(principalClass.memberships())
              : new BitSet();
      candidates.and(holders);
      fallbacks[position] = candidates.nextSetBit(0);
      if (namedUsers.get(position)) {
        if (fallbacks[position] < 0) {
          usersWithoutFallback.set(position);
        } else {
          fallingTo.computeIfAbsent(fallbacks[position], ignored -> new BitSet()).set(position);
        }
      }
    }
  }

  List<PrincipalClass> classes() {
    return classes;
  }

  int size() {
    return classes.size();
  }

  /** The classes the identity map gives Ranger principals, which are the ones items name. */
  BitSet withTarget() {
    return withTarget;
  }

  /** The classes with the flag. */
  BitSet flagged(PrincipalFlag flag) {
    return flagged.get(flag);
  }

  /** The role, group and public classes with Ranger principals, whose items users fall to. */
  BitSet holders() {
    return holders;
  }

  /** The user classes with Ranger principals. */
  BitSet namedUsers() {
    return namedUsers;
  }

  /** The user classes with Ranger principals that fall through to no holder's item. */
  BitSet usersWithoutFallback() {
    return usersWithoutFallback;
  }

  /** The user classes whose {@link #fallback} is the holder. */
  BitSet fallingTo(int holder) {
    BitSet users = fallingTo.get(holder);
    return users == null ? new BitSet() : users;
  }

  /**
   * The first role, group or public class with Ranger principals whose target a user class's
   * memberships overlap; -1 for other classes and for users that reach none.
   */
  int fallback(int position) {
    return fallbacks[position];
  }

  /** The classes the subject matches, as {@link ResidualFolder#matches} decides for each. */
  BitSet matching(Subject subject) {
    BitSet cached = subjects.get(subject);
    if (cached == null) {
      cached = compute(subject);
      subjects.put(subject, cached);
    }
    return cached;
  }

  /** A new set of the classes whose Ranger principals overlap {@code principals}. */
  BitSet targeting(TargetPrincipals principals) {
    return overlapping(targetUsers, targetGroups, targetRoles, principals);
  }

  /**
   * A new set of the classes whose Ranger principals or memberships overlap {@code principals}: the
   * callers an item naming {@code principals} reaches.
   */
  BitSet reaching(TargetPrincipals principals) {
    return overlapping(reachUsers, reachGroups, reachRoles, principals);
  }

  private BitSet compute(Subject subject) {
    switch (subject.kind()) {
      case EVERYONE:
        return all;
      case HAS_ROLE:
        Subject.HasRole hasRole = (Subject.HasRole) subject;
        BitSet holders = copy(byRole.get(hasRole.role()));
        if (hasRole.scope() == RoleScope.PRIMARY) {
          // Known users are tested for their primary role, other classes for membership.
          BitSet primary = copy(byPrimaryRole.get(hasRole.role()));
          primary.and(withUser);
          holders.andNot(withUser);
          holders.or(primary);
        }
        return holders;
      case IS_USER:
        return copy(byUser.get(((Subject.IsUser) subject).user()));
      case IN_GROUP:
        return copy(byGroup.get(((Subject.InGroup) subject).group()));
      case ATTRIBUTE_EQUALS:
        Subject.AttributeEquals attribute = (Subject.AttributeEquals) subject;
        BitSet matching = new BitSet(size());
        for (int position = 0; position < size(); position++) {
          if (attribute.value().equals(classes.get(position).attributes().get(attribute.key()))) {
            matching.set(position);
          }
        }
        return matching;
      case ANY_OF:
        BitSet any = new BitSet(size());
        for (Subject part : ((Subject.AnyOf) subject).subjects()) {
          any.or(matching(part));
        }
        return any;
      case ALL_OF:
        BitSet every = copy(all);
        for (Subject part : ((Subject.AllOf) subject).subjects()) {
          every.and(matching(part));
        }
        return every;
      case NOT:
        BitSet others = copy(all);
        others.andNot(matching(((Subject.Not) subject).subject()));
        return others;
    }
    throw new IllegalStateException("Unknown subject kind " + subject.kind());
  }

  private static BitSet overlapping(
      Map<String, BitSet> users,
      Map<String, BitSet> groups,
      Map<String, BitSet> roles,
      TargetPrincipals principals) {
    BitSet overlapping = new BitSet();
    orAll(overlapping, users, principals.users());
    orAll(overlapping, groups, principals.groups());
    orAll(overlapping, roles, principals.roles());
    return overlapping;
  }

  private static void orAll(BitSet into, Map<String, BitSet> index, List<String> names) {
    for (String name : names) {
      BitSet positions = index.get(name);
      if (positions != null) {
        into.or(positions);
      }
    }
  }

  private static void addAll(
      Map<String, BitSet> users,
      Map<String, BitSet> groups,
      Map<String, BitSet> roles,
      TargetPrincipals principals,
      int position) {
    for (String user : principals.users()) {
      add(users, user, position);
    }
    for (String group : principals.groups()) {
      add(groups, group, position);
    }
    for (String role : principals.roles()) {
      add(roles, role, position);
    }
  }

  private static void add(Map<String, BitSet> index, String name, int position) {
    index.computeIfAbsent(name, ignored -> new BitSet()).set(position);
  }

  private static BitSet copy(BitSet bits) {
    return bits == null ? new BitSet() : (BitSet) bits.clone();
  }
}
