package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Who a rule applies to. Build subjects through {@link Subjects}, which simplifies as it builds.
 * Subjects test identity only; tests on row values belong in an {@link Expr}.
 */
public sealed interface Subject
    permits Subject.Everyone,
        Subject.HasRole,
        Subject.IsUser,
        Subject.InGroup,
        Subject.AttributeEquals,
        Subject.AnyOf,
        Subject.AllOf,
        Subject.Not {
  /** The kind of this node, for exhaustive switches. */
  SubjectKind kind();

  /** Every principal, including ones the policy set does not know (PostgreSQL PUBLIC). */
  record Everyone() implements Subject {
    @Override
    public SubjectKind kind() {
      return SubjectKind.EVERYONE;
    }
  }

  /** The principal has the role, in the given scope. */
  record HasRole(String role, RoleScope scope) implements Subject {
    @Override
    public SubjectKind kind() {
      return SubjectKind.HAS_ROLE;
    }

    public HasRole {
      Checks.requireNonBlank(role, "role");
      requireNonNull(scope, "scope is null");
    }
  }

  /** The principal is this user. */
  record IsUser(String user) implements Subject {
    @Override
    public SubjectKind kind() {
      return SubjectKind.IS_USER;
    }

    public IsUser {
      Checks.requireNonBlank(user, "user");
    }
  }

  /** The principal is in this group (an identity-provider group, as Trino and Ranger see it). */
  record InGroup(String group) implements Subject {
    @Override
    public SubjectKind kind() {
      return SubjectKind.IN_GROUP;
    }

    public InGroup {
      Checks.requireNonBlank(group, "group");
    }
  }

  /** The principal's attribute {@code key} has exactly this value. */
  record AttributeEquals(String key, String value) implements Subject {
    @Override
    public SubjectKind kind() {
      return SubjectKind.ATTRIBUTE_EQUALS;
    }

    public AttributeEquals {
      Checks.requireNonBlank(key, "key");
      requireNonNull(value, "value is null");
    }
  }

  /** Any of the subjects; with none, nobody. */
  record AnyOf(List<Subject> subjects) implements Subject {
    @Override
    public SubjectKind kind() {
      return SubjectKind.ANY_OF;
    }

    public AnyOf {
      subjects = List.copyOf(requireNonNull(subjects, "subjects is null"));
    }
  }

  /** All of the subjects; with none, everyone. */
  record AllOf(List<Subject> subjects) implements Subject {
    @Override
    public SubjectKind kind() {
      return SubjectKind.ALL_OF;
    }

    public AllOf {
      subjects = List.copyOf(requireNonNull(subjects, "subjects is null"));
    }
  }

  /** Everyone the subject does not match. */
  record Not(Subject subject) implements Subject {
    @Override
    public SubjectKind kind() {
      return SubjectKind.NOT;
    }

    public Not {
      requireNonNull(subject, "subject is null");
    }
  }
}
