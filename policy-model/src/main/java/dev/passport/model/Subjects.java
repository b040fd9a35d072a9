package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Static constructors for {@link Subject}s that simplify as they build: {@code anyOf(everyone(),
 * x)} is {@code everyone()}, nested unions flatten, duplicates go, and {@code not(not(x))} is
 * {@code x}.
 *
 * <pre>{@code
 * Subject readers = anyOf(hasRole("analyst"), isUser("alice"));
 * }</pre>
 */
public final class Subjects {
  private static final Subject EVERYONE = new Subject.Everyone();
  private static final Subject NOBODY = new Subject.AnyOf(List.of());

  private Subjects() {}

  public static Subject everyone() {
    return EVERYONE;
  }

  public static Subject nobody() {
    return NOBODY;
  }

  /** The role in session scope (inherited and secondary roles count). */
  public static Subject hasRole(String role) {
    return new Subject.HasRole(role, RoleScope.IN_SESSION);
  }

  /** The role as the session's primary role only. */
  public static Subject hasPrimaryRole(String role) {
    return new Subject.HasRole(role, RoleScope.PRIMARY);
  }

  public static Subject isUser(String user) {
    return new Subject.IsUser(user);
  }

  public static Subject inGroup(String group) {
    return new Subject.InGroup(group);
  }

  public static Subject attributeEquals(String key, String value) {
    return new Subject.AttributeEquals(key, value);
  }

  public static Subject anyOf(Subject... subjects) {
    return anyOf(List.of(subjects));
  }

  public static Subject anyOf(List<Subject> subjects) {
    requireNonNull(subjects, "subjects is null");
    Set<Subject> flat = new LinkedHashSet<>();
    for (Subject subject : subjects) {
      requireNonNull(subject, "subject is null");
      if (subject instanceof Subject.Everyone) {
        return EVERYONE;
      }
      if (subject instanceof Subject.AnyOf any) {
        flat.addAll(any.subjects());
      } else {
        flat.add(subject);
      }
    }
    if (flat.size() == 1) {
      return flat.iterator().next();
    }
    return new Subject.AnyOf(new ArrayList<>(flat));
  }

  public static Subject allOf(Subject... subjects) {
    return allOf(List.of(subjects));
  }

  public static Subject allOf(List<Subject> subjects) {
    requireNonNull(subjects, "subjects is null");
    Set<Subject> flat = new LinkedHashSet<>();
    for (Subject subject : subjects) {
      requireNonNull(subject, "subject is null");
      if (isNobody(subject)) {
        return NOBODY;
      }
      if (subject instanceof Subject.Everyone) {
        continue;
      }
      if (subject instanceof Subject.AllOf all) {
        flat.addAll(all.subjects());
      } else {
        flat.add(subject);
      }
    }
    if (flat.isEmpty()) {
      return EVERYONE;
    }
    if (flat.size() == 1) {
      return flat.iterator().next();
    }
    return new Subject.AllOf(new ArrayList<>(flat));
  }

  public static Subject not(Subject subject) {
    requireNonNull(subject, "subject is null");
    if (subject instanceof Subject.Not not) {
      return not.subject();
    }
    if (subject instanceof Subject.Everyone) {
      return NOBODY;
    }
    if (isNobody(subject)) {
      return EVERYONE;
    }
    return new Subject.Not(subject);
  }

  /** Whether any node of the subject tree, the root included, satisfies the predicate. */
  public static boolean anyMatch(Subject subject, Predicate<Subject> predicate) {
    requireNonNull(subject, "subject is null");
    requireNonNull(predicate, "predicate is null");
    if (predicate.test(subject)) {
      return true;
    }
    switch (subject.kind()) {
      case EVERYONE:
      case HAS_ROLE:
      case IS_USER:
      case IN_GROUP:
      case ATTRIBUTE_EQUALS:
        return false;
      case ANY_OF:
        return anyMatch(((Subject.AnyOf) subject).subjects(), predicate);
      case ALL_OF:
        return anyMatch(((Subject.AllOf) subject).subjects(), predicate);
      case NOT:
        return anyMatch(((Subject.Not) subject).subject(), predicate);
    }
    throw new AssertionError("unreachable: " + subject.kind());
  }

  private static boolean anyMatch(List<Subject> subjects, Predicate<Subject> predicate) {
    for (Subject member : subjects) {
      if (anyMatch(member, predicate)) {
        return true;
      }
    }
    return false;
  }

  /** Who a subject matches, in words for messages: {@code role analyst or user alice}. */
  public static String describe(Subject subject) {
    requireNonNull(subject, "subject is null");
    switch (subject.kind()) {
      case EVERYONE:
        return "everyone";
      case HAS_ROLE:
        Subject.HasRole role = (Subject.HasRole) subject;
        return "role "
            + role.role()
            + (role.scope() == RoleScope.PRIMARY ? " (as the primary role)" : "");
      case IS_USER:
        return "user " + ((Subject.IsUser) subject).user();
      case IN_GROUP:
        return "group " + ((Subject.InGroup) subject).group();
      case ATTRIBUTE_EQUALS:
        Subject.AttributeEquals attribute = (Subject.AttributeEquals) subject;
        return "whoever has " + attribute.key() + " = '" + attribute.value() + "'";
      case ANY_OF:
        List<Subject> anyOf = ((Subject.AnyOf) subject).subjects();
        return anyOf.isEmpty() ? "nobody" : joined(anyOf, " or ");
      case ALL_OF:
        List<Subject> allOf = ((Subject.AllOf) subject).subjects();
        return allOf.isEmpty() ? "everyone" : joined(allOf, " and ");
      case NOT:
        return "not (" + describe(((Subject.Not) subject).subject()) + ")";
    }
    throw new AssertionError("unreachable: " + subject.kind());
  }

  private static String joined(List<Subject> subjects, String separator) {
    List<String> parts = new ArrayList<>();
    for (Subject member : subjects) {
      String described = describe(member);
      boolean compound = member instanceof Subject.AnyOf || member instanceof Subject.AllOf;
      parts.add(compound ? "(" + described + ")" : described);
    }
    return String.join(separator, parts);
  }

  /** Whether the subject is the empty union, which matches no principal. */
  public static boolean isNobody(Subject subject) {
    return subject instanceof Subject.AnyOf any && any.subjects().isEmpty();
  }
}
