package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A row filter attached to a table: the rows a subject may see (and, with {@code check}, may
 * write). The table's {@link RowSecurity} says how several filters combine.
 *
 * @param name the policy's name in the source, when it has one
 * @param table the protected table
 * @param predicate rows for which it is TRUE are visible; columns are the table's
 * @param check for INSERT and UPDATE, the condition new rows must meet (PostgreSQL WITH CHECK)
 * @param appliesTo who the filter applies to
 * @param actions the statements it applies to (PostgreSQL {@code FOR SELECT})
 * @param kind permissive or restrictive, for PostgreSQL's combination
 * @param priority lower runs first under {@link CombinationRule#FIRST_MATCH}
 * @param definition the {@link Definition} it instantiates, when it is an attachment of one
 * @param bindings definition parameter → table column, for attachments
 * @param runAs the identity the predicate is evaluated as; empty means the caller (Trino's {@code
 *     filter_environment} names a definer)
 */
public record RowFilter(
    Optional<String> name,
    Securable table,
    Expr predicate,
    Optional<Expr> check,
    Subject appliesTo,
    Set<Action> actions,
    FilterKind kind,
    int priority,
    Optional<String> definition,
    Map<String, String> bindings,
    Optional<String> runAs,
    Origin origin) {
  public RowFilter {
    requireNonNull(name, "name is null");
    requireNonNull(table, "table is null");
    if (table.level() != SecurableLevel.TABLE) {
      throw new IllegalArgumentException("a row filter is attached to a table: " + table);
    }
    requireNonNull(predicate, "predicate is null");
    requireNonNull(check, "check is null");
    requireNonNull(appliesTo, "appliesTo is null");
    actions = Checks.enumCopy(actions, Action.class, "actions");
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("a row filter applies to at least one action");
    }
    requireNonNull(kind, "kind is null");
    requireNonNull(definition, "definition is null");
    bindings = Checks.orderedCopy(bindings, "bindings");
    requireNonNull(runAs, "runAs is null");
    requireNonNull(origin, "origin is null");
  }

  /** A permissive filter for every action, with no name, definition or check. */
  public static RowFilter of(Securable table, Expr predicate, Subject appliesTo, Origin origin) {
    return new RowFilter(
        Optional.empty(),
        table,
        predicate,
        Optional.empty(),
        appliesTo,
        Set.of(Action.values()),
        FilterKind.PERMISSIVE,
        0,
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        origin);
  }

  public RowFilter withName(String newName) {
    return new RowFilter(
        Optional.of(newName),
        table,
        predicate,
        check,
        appliesTo,
        actions,
        kind,
        priority,
        definition,
        bindings,
        runAs,
        origin);
  }

  public RowFilter withKind(FilterKind newKind) {
    return new RowFilter(
        name,
        table,
        predicate,
        check,
        appliesTo,
        actions,
        newKind,
        priority,
        definition,
        bindings,
        runAs,
        origin);
  }

  public RowFilter withActions(Set<Action> newActions) {
    return new RowFilter(
        name,
        table,
        predicate,
        check,
        appliesTo,
        newActions,
        kind,
        priority,
        definition,
        bindings,
        runAs,
        origin);
  }

  public RowFilter withPriority(int newPriority) {
    return new RowFilter(
        name,
        table,
        predicate,
        check,
        appliesTo,
        actions,
        kind,
        newPriority,
        definition,
        bindings,
        runAs,
        origin);
  }

  public RowFilter withCheck(Expr newCheck) {
    return new RowFilter(
        name,
        table,
        predicate,
        Optional.of(newCheck),
        appliesTo,
        actions,
        kind,
        priority,
        definition,
        bindings,
        runAs,
        origin);
  }
}
