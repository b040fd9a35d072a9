package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A view, kept for view-based policy analysis: a view that tests identity in its WHERE clause or
 * select list acts as a row filter or mask, and is only a protection for principals who cannot read
 * its base tables directly.
 */
public record View(
    Securable name,
    Optional<String> sql,
    List<Securable> baseTables,
    Set<ViewOption> options,
    Optional<String> owner,
    Origin origin) {
  public View {
    requireNonNull(name, "name is null");
    requireNonNull(sql, "sql is null");
    baseTables = List.copyOf(requireNonNull(baseTables, "baseTables is null"));
    options = Checks.enumCopy(options, ViewOption.class, "options");
    requireNonNull(owner, "owner is null");
    requireNonNull(origin, "origin is null");
  }
}
