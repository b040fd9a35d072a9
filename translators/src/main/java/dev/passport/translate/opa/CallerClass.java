package dev.passport.translate.opa;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Origin;
import dev.passport.model.evaluation.PrincipalContext;
import java.util.List;

/**
 * A set of Trino callers the translation treats alike, and the source sessions it stands for.
 *
 * @param id the key of the class in the facts: {@code user:alice}, {@code role:analyst}, {@code
 *     group:finance}, or {@code default} for every other caller
 * @param login whether the class is one source user (or login role): its decisions use its own
 *     name, so {@code current_user} is folded away; a Trino user named in {@code users} of a login
 *     class is that source user whatever groups Trino reports
 * @param users the Trino users the identity map gives the class
 * @param groups the Trino groups the identity map gives the class
 * @param subsumes classes whose roles this class inherits: a caller matching both is this class
 * @param variants the source sessions of the class; the class gets the strictest of their decisions
 *     (more than one only when the source tests the primary role, which Trino cannot)
 */
record CallerClass(
    String id,
    String description,
    boolean login,
    List<String> users,
    List<String> groups,
    List<String> subsumes,
    List<PrincipalContext> variants,
    Origin origin) {
  CallerClass {
    requireNonNull(id, "id is null");
    requireNonNull(description, "description is null");
    users = List.copyOf(requireNonNull(users, "users is null"));
    groups = List.copyOf(requireNonNull(groups, "groups is null"));
    subsumes = List.copyOf(requireNonNull(subsumes, "subsumes is null"));
    variants = List.copyOf(requireNonNull(variants, "variants is null"));
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("a class stands for at least one session");
    }
    requireNonNull(origin, "origin is null");
  }

  CallerClass withSubsumes(List<String> newSubsumes) {
    return new CallerClass(id, description, login, users, groups, newSubsumes, variants, origin);
  }
}
