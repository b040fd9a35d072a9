package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Origin;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.identity.TargetPrincipals;
import java.util.Locale;
import java.util.Optional;

/**
 * A class of callers that the source policies treat alike, as the Iceberg-side translators write
 * one rule, filter or view per class: one known user (with the roles the PolicySet gives it), the
 * holders of one role or group whom the source does not know by name, or everyone else.
 *
 * @param context how the evaluator is asked about the class; role, group and public classes use
 *     {@link Audiences#UNNAMED_USER}, which {@link Audiences#withCurrentUser} turns back into
 *     {@code current_user} in residual expressions
 * @param target the target principals; empty when the identity map denies the class
 */
public record Audience(
    Kind kind,
    String name,
    PrincipalContext context,
    Optional<TargetPrincipals> target,
    boolean superuser,
    Origin origin) {
  /** What the class stands for. */
  public enum Kind {
    USER,
    ROLE,
    GROUP,
    PUBLIC
  }

  public Audience {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    requireNonNull(context, "context is null");
    requireNonNull(target, "target is null");
    requireNonNull(origin, "origin is null");
  }

  /** Whether the class is one user whose name the evaluator substituted for current_user. */
  public boolean namedUser() {
    return kind == Kind.USER;
  }

  /** {@code user alice}, {@code holders of role analyst}, {@code everyone else}. */
  public String describe() {
    switch (kind) {
      case USER:
        return "user " + name;
      case ROLE:
        return "holders of role " + name;
      case GROUP:
        return "members of group " + name;
      case PUBLIC:
        return "everyone else";
    }
    throw new IllegalStateException("Unknown kind " + kind);
  }

  /** A file-name-safe identifier: {@code user-alice}, {@code role-analyst}, {@code public}. */
  public String fileName() {
    if (kind == Kind.PUBLIC) {
      return "public";
    }
    String safe = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return kind.name().toLowerCase(Locale.ROOT) + "-" + safe;
  }
}
