package dev.passport.translate.identity;

import static java.util.Objects.requireNonNull;

import dev.passport.model.PrincipalKind;

/**
 * One explicit entry of an {@link IdentityMap}: the source principal and what it becomes. An entry
 * with no target principals denies the source principal even when the defaults would map it.
 */
public record IdentityMapping(PrincipalKind kind, String name, TargetPrincipals target) {
  public IdentityMapping {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    requireNonNull(target, "target is null");
  }
}
