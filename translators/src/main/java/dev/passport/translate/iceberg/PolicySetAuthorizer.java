package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Securable;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ReadRestrictionsAuthorizer} over one PolicySet: the catalog caller is mapped back to
 * source principals through the identity map (a source user whose target users include the caller;
 * source roles and groups whose target groups or roles the caller holds), the evaluator decides,
 * and {@link IcebergReadRestrictions} writes the answer. A caller no source principal maps to is
 * "everyone else". Tables are looked up as {@code namespace.table} in the PolicySet; an unknown
 * table is forbidden (fail closed). Thread-safe; compile once, call per request.
 */
public final class PolicySetAuthorizer implements ReadRestrictionsAuthorizer {
  private final Evaluator evaluator;
  private final IdentityMap identities;
  private final Map<String, Map<String, Integer>> columnIds;

  /**
   * @param columnIds per table qualified name, policy column → field ID bindings (see {@link
   *     IcebergReadRestrictions#resolve(Evaluator, PrincipalContext, IcebergSchema, Securable,
   *     Map)})
   */
  public PolicySetAuthorizer(
      PolicySet set, IdentityMap identities, Map<String, Map<String, Integer>> columnIds) {
    this.evaluator = Evaluator.compile(requireNonNull(set, "set is null"));
    this.identities = requireNonNull(identities, "identities is null");
    this.columnIds = Map.copyOf(requireNonNull(columnIds, "columnIds is null"));
  }

  public PolicySetAuthorizer(PolicySet set, IdentityMap identities) {
    this(set, identities, Map.of());
  }

  @Override
  public Optional<ReadRestrictions> authorizeLoadTable(
      Caller caller, List<String> namespace, String table, IcebergSchema schema) {
    requireNonNull(caller, "caller is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(table, "table is null");
    requireNonNull(schema, "schema is null");
    List<String> parts = new ArrayList<>(namespace);
    parts.add(table);
    Securable resolved;
    try {
      resolved = evaluator.resolveTable(String.join(".", parts));
    } catch (PassportException unknown) {
      return Optional.empty();
    }
    ReadRestrictions restrictions =
        IcebergReadRestrictions.resolve(
            evaluator,
            context(caller),
            schema,
            resolved,
            columnIds.getOrDefault(resolved.qualifiedName(), Map.of()));
    return restrictions.allowed() ? Optional.of(restrictions) : Optional.empty();
  }

  /** The source-side identity of a catalog caller. */
  public PrincipalContext context(Caller caller) {
    requireNonNull(caller, "caller is null");
    String user = Audiences.UNNAMED_USER;
    List<String> roles = new ArrayList<>();
    for (Principal principal : evaluator.policySet().principals()) {
      Optional<TargetPrincipals> target = identities.map(principal);
      if (target.isEmpty()) {
        continue;
      }
      boolean isUser = principal.kind() == PrincipalKind.USER;
      if (target.get().users().contains(caller.user())
          && (isUser || user.equals(Audiences.UNNAMED_USER))) {
        user = principal.name();
        continue;
      }
      if (!isUser && holds(caller, target.get())) {
        roles.add(principal.name());
      }
    }
    PrincipalContext context = PrincipalContext.user(user);
    // A known user keeps the roles the PolicySet gives it unless the caller says otherwise.
    if (!roles.isEmpty()) {
      context = context.withRoles(roles);
    }
    return context;
  }

  private static boolean holds(Caller caller, TargetPrincipals target) {
    for (String group : target.groups()) {
      if (caller.groups().contains(group)) {
        return true;
      }
    }
    for (String role : target.roles()) {
      if (caller.roles().contains(role)) {
        return true;
      }
    }
    return false;
  }
}
