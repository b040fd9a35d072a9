package dev.passport.extract.redshift;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.sql.Conversion;
import dev.passport.extract.sql.ConversionScope;
import dev.passport.extract.sql.QualifiedName;
import dev.passport.extract.sql.SqlExpressionConverter;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.DefinitionKind;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.Parameter;
import dev.passport.model.ParseException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import dev.passport.model.View;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Redshift's policy semantics, shared by {@link RedshiftDdlReader} and {@link
 * RedshiftCatalogReader}: both readers only record facts here (policies, attachments, RLS settings,
 * grants, roles), and {@link #build} turns them into the model the same way, so a script and the
 * catalog of a database that ran it give equal policy sets apart from origins.
 *
 * <p>Mapping:
 *
 * <ul>
 *   <li>An RLS policy is a {@link DefinitionKind#ROW_ACCESS_POLICY} definition over its {@code
 *       WITH} columns; each (table, grantee) it is attached to is a {@link RowFilter} naming it,
 *       whose predicate is the body read over the table's same-named columns (bindings record the
 *       identity mapping), for SELECT, UPDATE and DELETE (Redshift does not filter INSERT).
 *   <li>A table's RLS state is {@link RowSecurity} with {@code noneApplicableMeansNoRows} (RLS on
 *       with no policy for the user shows no rows), no owner exemption, ALL_AND or, under {@code
 *       CONJUNCTION TYPE OR}, ANY_OR; {@code exempt} is {@code sys:secadmin} plus every role
 *       granted {@code IGNORE RLS}. A user granted IGNORE RLS directly is flagged {@link
 *       PrincipalFlag#BYPASS_ROW_SECURITY}: the evaluator reads that flag on the user only, while
 *       {@code exempt} is matched with role inheritance, which is what IGNORE RLS on a role means.
 *   <li>A masking policy is a {@link DefinitionKind#MASKING_POLICY} definition; each output column
 *       of each attachment is a {@link ColumnMask} with the attachment's grantee, priority and
 *       bindings (parameter → input column), its transform recognised by {@link MaskShapes} with
 *       the output column as the masked value. Extra input columns (conditional masking) stay as
 *       columns in the rules' conditions.
 *   <li>Users are {@link PrincipalKind#USER} with LOGIN ({@code CREATEUSER} adds SUPERUSER), roles
 *       and groups likewise; grantees are {@code IsUser}, {@code HasRole}, {@code InGroup} or
 *       everyone for PUBLIC.
 * </ul>
 *
 * Fail closed: an attachment of a policy that is not known becomes a filter that admits no row or a
 * mask that hides the column, each with a {@link Loss}.
 */
final class RedshiftPolicies {
  static final String SECADMIN = "sys:secadmin";
  static final Set<Action> RLS_ACTIONS = EnumSet.of(Action.SELECT, Action.UPDATE, Action.DELETE);
  static final EnumSet<Privilege> TABLE_PRIVILEGES =
      EnumSet.of(
          Privilege.SELECT,
          Privilege.INSERT,
          Privilege.UPDATE,
          Privilege.DELETE,
          Privilege.REFERENCES);
  static final EnumSet<Privilege> SCHEMA_PRIVILEGES = EnumSet.of(Privilege.USAGE, Privilege.CREATE);

  private final SqlExpressionConverter converter;
  private final Map<String, PrincipalState> principals = new LinkedHashMap<>();
  private final Map<String, TableState> tables = new LinkedHashMap<>();
  private final Set<String> ignoreRlsRoles = new TreeSet<>();
  private final Map<String, RlsPolicy> rlsPolicies = new LinkedHashMap<>();
  private final List<RlsAttachment> rlsAttachments = new ArrayList<>();
  private final Map<String, MaskingPolicy> maskingPolicies = new LinkedHashMap<>();
  private final List<MaskAttachment> maskAttachments = new ArrayList<>();
  private final List<GrantState> grants = new ArrayList<>();
  private final Map<String, View> views = new LinkedHashMap<>();
  private final List<Loss> losses = new ArrayList<>();

  RedshiftPolicies(SqlExpressionConverter converter) {
    this.converter = requireNonNull(converter, "converter is null");
  }

  /**
   * An RLS policy as declared.
   *
   * @param predicate the parsed USING expression; {@code location} is where its text starts
   */
  record RlsPolicy(
      String name,
      List<Parameter> parameters,
      Optional<String> alias,
      Expression predicate,
      SqlLocation location,
      Origin origin) {}

  /** An RLS policy attached to a table for one grantee. */
  record RlsAttachment(String policy, Securable table, Subject grantee, Origin origin) {}

  /**
   * A masking policy as declared: one parsed expression per output (a tuple gives several).
   *
   * @param locations where each output's text starts
   */
  record MaskingPolicy(
      String name,
      List<Parameter> parameters,
      List<Expression> outputs,
      List<SqlLocation> locations,
      Origin origin) {}

  /**
   * A masking policy attached to columns for one grantee.
   *
   * @param outputs output columns, each as its path parts (one part for a column, more for a SUPER
   *     path)
   * @param inputs input columns likewise, absent when the outputs are the inputs
   */
  record MaskAttachment(
      String policy,
      Securable table,
      List<List<String>> outputs,
      Optional<List<List<String>>> inputs,
      Subject grantee,
      int priority,
      Origin origin) {}

  private static final class PrincipalState {
    private final String name;
    private final PrincipalKind kind;
    private final Set<String> memberOf = new LinkedHashSet<>();
    private final EnumSet<PrincipalFlag> flags = EnumSet.noneOf(PrincipalFlag.class);
    private final Origin origin;

    PrincipalState(String name, PrincipalKind kind, Origin origin) {
      this.name = name;
      this.kind = kind;
      this.origin = origin;
    }
  }

  private static final class TableState {
    private Securable name;
    private List<ColumnInfo> columns = List.of();
    private Optional<String> owner = Optional.empty();
    private boolean rlsOn;
    private boolean conjunctionOr;

    TableState(Securable name) {
      this.name = name;
    }
  }

  private static final class GrantState {
    private final Subject grantee;
    private Securable securable;
    private final EnumSet<Privilege> privileges = EnumSet.noneOf(Privilege.class);
    private final boolean grantOption;
    private final Origin origin;

    GrantState(Subject grantee, Securable securable, boolean grantOption, Origin origin) {
      this.grantee = grantee;
      this.securable = securable;
      this.grantOption = grantOption;
      this.origin = origin;
    }
  }

  // ---- principals ----

  /** Declares a principal; a second declaration of the same name keeps the first. */
  void declarePrincipal(String name, PrincipalKind kind, Origin origin) {
    principals.putIfAbsent(name, new PrincipalState(name, kind, origin));
    if (kind == PrincipalKind.USER) {
      principals.get(name).flags.add(PrincipalFlag.LOGIN);
    }
  }

  boolean hasPrincipal(String name) {
    return principals.containsKey(name);
  }

  void setFlag(String name, PrincipalFlag flag, boolean on) {
    PrincipalState state = principals.get(name);
    if (state == null) {
      return;
    }
    if (on) {
      state.flags.add(flag);
    } else {
      state.flags.remove(flag);
    }
  }

  /** Makes {@code member} a member of {@code role}, declaring either when unknown. */
  void addMembership(String member, PrincipalKind memberKind, String role, PrincipalKind kind) {
    declarePrincipal(role, kind, Origin.declared(SystemKind.REDSHIFT, role));
    declarePrincipal(member, memberKind, Origin.declared(SystemKind.REDSHIFT, member));
    principals.get(member).memberOf.add(role);
  }

  void removeMembership(String member, String role) {
    PrincipalState state = principals.get(member);
    if (state != null) {
      state.memberOf.remove(role);
    }
  }

  /**
   * Drops a user, role or group: its memberships, and (as Redshift does) its policy attachments.
   */
  void dropPrincipal(String name) {
    principals.remove(name);
    for (PrincipalState state : principals.values()) {
      state.memberOf.remove(name);
    }
    ignoreRlsRoles.remove(name);
    rlsAttachments.removeIf(attachment -> names(attachment.grantee(), name));
    maskAttachments.removeIf(attachment -> names(attachment.grantee(), name));
    grants.removeIf(grant -> names(grant.grantee, name));
  }

  private static boolean names(Subject subject, String name) {
    return subject.equals(Subjects.isUser(name))
        || subject.equals(Subjects.hasRole(name))
        || subject.equals(Subjects.inGroup(name));
  }

  // ---- tables ----

  private TableState table(Securable name) {
    return tables.computeIfAbsent(name.qualifiedName(), key -> new TableState(name));
  }

  boolean hasTable(Securable name) {
    return tables.containsKey(name.qualifiedName());
  }

  /** Declares a table with its columns and owner, replacing what was known of its columns. */
  void declareTable(Securable name, List<ColumnInfo> columns, Optional<String> owner) {
    TableState state = table(name);
    state.columns = List.copyOf(columns);
    state.owner = owner;
  }

  /** The columns known for a table, empty when unknown. */
  List<ColumnInfo> columnsOf(Securable name) {
    TableState state = tables.get(name.qualifiedName());
    return state == null ? List.of() : state.columns;
  }

  void setOwner(Securable name, String owner) {
    table(name).owner = Optional.of(owner);
  }

  /** Row-level security turned on or off, and the conjunction type when given. */
  void setRowSecurity(Securable name, Optional<Boolean> on, Optional<Boolean> conjunctionOr) {
    TableState state = table(name);
    on.ifPresent(value -> state.rlsOn = value);
    conjunctionOr.ifPresent(value -> state.conjunctionOr = value);
  }

  /** Drops a table: its attachments and grants go with it, as Redshift detaches them. */
  void dropTable(Securable name) {
    tables.remove(name.qualifiedName());
    rlsAttachments.removeIf(attachment -> attachment.table().equals(name));
    maskAttachments.removeIf(attachment -> attachment.table().equals(name));
    grants.removeIf(grant -> name.contains(grant.securable));
  }

  /** The RLS policies whose body reads the table as a lookup table. */
  List<String> policiesLookingUp(Securable name) {
    List<String> found = new ArrayList<>();
    for (RlsPolicy policy : rlsPolicies.values()) {
      for (String table : new TablesNamesFinder<Void>().getTables(policy.predicate())) {
        List<String> parts = converter.dialect().identifiers().splitQualified(table);
        if (!parts.isEmpty() && name.table().equals(Optional.of(parts.get(parts.size() - 1)))) {
          found.add(policy.name());
          break;
        }
      }
    }
    return found;
  }

  /** Renames a table; attachments and grants follow it, as they do in Redshift. */
  void renameTable(Securable from, Securable to) {
    TableState state = tables.remove(from.qualifiedName());
    if (state != null) {
      state.name = to;
      tables.put(to.qualifiedName(), state);
    }
    rlsAttachments.replaceAll(
        attachment ->
            attachment.table().equals(from)
                ? new RlsAttachment(
                    attachment.policy(), to, attachment.grantee(), attachment.origin())
                : attachment);
    maskAttachments.replaceAll(
        attachment ->
            attachment.table().equals(from)
                ? new MaskAttachment(
                    attachment.policy(),
                    to,
                    attachment.outputs(),
                    attachment.inputs(),
                    attachment.grantee(),
                    attachment.priority(),
                    attachment.origin())
                : attachment);
    for (GrantState grant : grants) {
      if (from.contains(grant.securable)) {
        grant.securable =
            grant.securable.column().isPresent() ? to.column(grant.securable.column().get()) : to;
      }
    }
  }

  // ---- IGNORE RLS ----

  /** IGNORE RLS granted to (or revoked from) a role: the role joins every table's exemption. */
  void ignoreRlsForRole(String role, boolean granted) {
    if (granted) {
      ignoreRlsRoles.add(role);
    } else {
      ignoreRlsRoles.remove(role);
    }
  }

  // ---- RLS policies ----

  boolean hasRlsPolicy(String name) {
    return rlsPolicies.containsKey(name);
  }

  Optional<RlsPolicy> rlsPolicy(String name) {
    return Optional.ofNullable(rlsPolicies.get(name));
  }

  void putRlsPolicy(RlsPolicy policy) {
    rlsPolicies.put(policy.name(), policy);
  }

  boolean isRlsPolicyAttached(String name) {
    return rlsAttachments.stream().anyMatch(attachment -> attachment.policy().equals(name));
  }

  /** Drops the policy and its attachments. */
  void dropRlsPolicy(String name) {
    rlsPolicies.remove(name);
    rlsAttachments.removeIf(attachment -> attachment.policy().equals(name));
  }

  void attachRls(RlsAttachment attachment) {
    detachRls(attachment.policy(), attachment.table(), attachment.grantee());
    rlsAttachments.add(attachment);
    table(attachment.table());
  }

  /** Removes the attachment; tells whether there was one. */
  boolean detachRls(String policy, Securable table, Subject grantee) {
    return rlsAttachments.removeIf(
        attachment ->
            attachment.policy().equals(policy)
                && attachment.table().equals(table)
                && attachment.grantee().equals(grantee));
  }

  // ---- masking policies ----

  boolean hasMaskingPolicy(String name) {
    return maskingPolicies.containsKey(name);
  }

  Optional<MaskingPolicy> maskingPolicy(String name) {
    return Optional.ofNullable(maskingPolicies.get(name));
  }

  void putMaskingPolicy(MaskingPolicy policy) {
    maskingPolicies.put(policy.name(), policy);
  }

  boolean isMaskingPolicyAttached(String name) {
    return maskAttachments.stream().anyMatch(attachment -> attachment.policy().equals(name));
  }

  void dropMaskingPolicy(String name) {
    maskingPolicies.remove(name);
    maskAttachments.removeIf(attachment -> attachment.policy().equals(name));
  }

  void attachMask(MaskAttachment attachment) {
    detachMask(attachment.policy(), attachment.table(), attachment.outputs(), attachment.grantee());
    maskAttachments.add(attachment);
    table(attachment.table());
  }

  boolean detachMask(String policy, Securable table, List<List<String>> outputs, Subject grantee) {
    return maskAttachments.removeIf(
        attachment ->
            attachment.policy().equals(policy)
                && attachment.table().equals(table)
                && attachment.outputs().equals(outputs)
                && attachment.grantee().equals(grantee));
  }

  // ---- grants ----

  /** Adds privileges, merged per grantee, object and grant option. */
  void grant(
      Subject grantee,
      Securable securable,
      Set<Privilege> privileges,
      boolean option,
      Origin origin) {
    if (privileges.isEmpty()) {
      return;
    }
    for (GrantState existing : grants) {
      if (existing.grantee.equals(grantee)
          && existing.securable.qualifiedName().equals(securable.qualifiedName())
          && existing.grantOption == option) {
        existing.privileges.addAll(privileges);
        return;
      }
    }
    GrantState state = new GrantState(grantee, securable, option, origin);
    state.privileges.addAll(privileges);
    grants.add(state);
  }

  /**
   * Revokes privileges on the securable and what it contains; with {@code optionOnly} only the
   * grant option goes and the privileges stay.
   */
  void revoke(Subject grantee, Securable securable, Set<Privilege> privileges, boolean optionOnly) {
    List<GrantState> regranted = new ArrayList<>();
    for (GrantState existing : grants) {
      if (!existing.grantee.equals(grantee) || !securable.contains(existing.securable)) {
        continue;
      }
      if (optionOnly) {
        if (existing.grantOption) {
          EnumSet<Privilege> kept = EnumSet.copyOf(existing.privileges);
          kept.retainAll(privileges);
          existing.privileges.removeAll(privileges);
          if (!kept.isEmpty()) {
            GrantState without =
                new GrantState(existing.grantee, existing.securable, false, existing.origin);
            without.privileges.addAll(kept);
            regranted.add(without);
          }
        }
      } else {
        existing.privileges.removeAll(privileges);
      }
    }
    grants.removeIf(existing -> existing.privileges.isEmpty());
    for (GrantState state : regranted) {
      grant(state.grantee, state.securable, state.privileges, false, state.origin);
    }
  }

  /** The tables known so far in a schema, for {@code ON ALL TABLES IN SCHEMA}. */
  List<Securable> tablesInSchema(String schema) {
    List<Securable> found = new ArrayList<>();
    for (TableState state : tables.values()) {
      if (state.name.schema().equals(Optional.of(schema))) {
        found.add(state.name);
      }
    }
    return found;
  }

  // ---- views ----

  /**
   * Records a view (replacing one of the same name) with the base tables its SELECT reads; when the
   * SELECT does not parse, the view is kept without base tables and a loss says so, as nobody who
   * bypasses it could then be named.
   */
  void putView(
      Securable name, String sql, Optional<String> owner, SqlLocation location, Origin origin) {
    List<Securable> bases = new ArrayList<>();
    try {
      Statement parsed = converter.parser().parseStatement(sql, location);
      for (String base : new TablesNamesFinder<Void>().getTables(parsed)) {
        Securable table =
            new QualifiedName(converter.dialect().identifiers().splitQualified(base), base)
                .toTable("public", converter.dialect().identifiers());
        if (!bases.contains(table)) {
          bases.add(table);
        }
      }
    } catch (RuntimeException e) {
      String problem = e instanceof ParseException ? e.getMessage() : e.toString();
      losses.add(
          new Loss(
              origin,
              "the base tables of view " + name.qualifiedName() + " are unknown: " + problem,
              LossDirection.UNKNOWN));
    }
    views.put(
        name.qualifiedName(), new View(name, Optional.of(sql), bases, Set.of(), owner, origin));
  }

  boolean hasView(Securable name) {
    return views.containsKey(name.qualifiedName());
  }

  void dropView(Securable name) {
    views.remove(name.qualifiedName());
    grants.removeIf(grant -> name.contains(grant.securable));
  }

  /** The views known so far in a schema, for {@code DROP SCHEMA … CASCADE}. */
  List<Securable> viewsInSchema(String schema) {
    List<Securable> found = new ArrayList<>();
    for (View view : views.values()) {
      if (view.name().schema().equals(Optional.of(schema))) {
        found.add(view.name());
      }
    }
    return found;
  }

  /** The views that read the table, which {@code DROP TABLE … CASCADE} drops with it. */
  List<Securable> viewsReading(Securable table) {
    List<Securable> found = new ArrayList<>();
    for (View view : views.values()) {
      if (view.baseTables().contains(table)) {
        found.add(view.name());
      }
    }
    return found;
  }

  void setViewOwner(Securable name, String owner) {
    View view = views.get(name.qualifiedName());
    views.put(
        name.qualifiedName(),
        new View(
            view.name(),
            view.sql(),
            view.baseTables(),
            view.options(),
            Optional.of(owner),
            view.origin()));
  }

  void addLoss(Loss loss) {
    losses.add(requireNonNull(loss, "loss is null"));
  }

  // ---- the policy set ----

  /** The policy set of everything recorded, in a stable order. */
  PolicySet build(Source source) {
    Map<String, List<ColumnInfo>> knownColumns = new LinkedHashMap<>();
    for (TableState table : tables.values()) {
      if (!table.columns.isEmpty()) {
        knownColumns.put(table.name.qualifiedName(), table.columns);
      }
    }
    List<Loss> allLosses = new ArrayList<>(losses);
    PolicySet.Builder builder = PolicySet.builder(source);

    Map<String, Expr> rlsBodies = new LinkedHashMap<>();
    List<Definition> definitions = new ArrayList<>();
    for (RlsPolicy policy : rlsPolicies.values()) {
      ConversionScope scope =
          ConversionScope.forDefinition(policy.parameters(), policy.origin(), policy.location())
              .withKnownColumns(knownColumns);
      if (policy.alias().isPresent()) {
        scope = scope.withAlias(policy.alias().get());
      }
      Expr predicate = convert(policy.predicate(), scope, allLosses);
      rlsBodies.put(policy.name(), predicate);
      definitions.add(
          new Definition(
              policy.name(),
              DefinitionKind.ROW_ACCESS_POLICY,
              policy.parameters(),
              Optional.empty(),
              new DefinitionBody.Predicate(predicate),
              policy.origin()));
    }
    Map<String, List<Expr>> maskOutputs = new LinkedHashMap<>();
    for (MaskingPolicy policy : maskingPolicies.values()) {
      List<Expr> outputs = new ArrayList<>();
      for (int index = 0; index < policy.outputs().size(); index++) {
        ConversionScope scope =
            ConversionScope.forDefinition(
                    policy.parameters(), policy.origin(), policy.locations().get(index))
                .withKnownColumns(knownColumns);
        outputs.add(convert(policy.outputs().get(index), scope, allLosses));
      }
      maskOutputs.put(policy.name(), outputs);
      String masked = policy.parameters().isEmpty() ? "" : policy.parameters().get(0).name();
      DefinitionBody.Mask body = MaskShapes.recognise(outputs.get(0), masked);
      Optional<String> returnType =
          outputs.size() == 1 && !policy.parameters().isEmpty()
              ? Optional.of(policy.parameters().get(0).type())
              : Optional.empty();
      if (outputs.size() > 1) {
        allLosses.add(
            new Loss(
                policy.origin(),
                "masking policy "
                    + policy.name()
                    + " has "
                    + outputs.size()
                    + " outputs; its definition records the first, its attachments record each",
                LossDirection.UNKNOWN));
      }
      definitions.add(
          new Definition(
              policy.name(),
              DefinitionKind.MASKING_POLICY,
              policy.parameters(),
              returnType,
              body,
              policy.origin()));
    }
    definitions.sort(Comparator.comparing(Definition::name).thenComparing(Definition::kind));
    definitions.forEach(builder::addDefinition);

    List<RlsAttachment> sortedRls = new ArrayList<>(rlsAttachments);
    sortedRls.sort(
        Comparator.comparing((RlsAttachment attachment) -> attachment.table().qualifiedName())
            .thenComparing(RlsAttachment::policy)
            .thenComparing(attachment -> Subjects.describe(attachment.grantee())));
    for (RlsAttachment attachment : sortedRls) {
      builder.addRowFilter(rowFilter(attachment, rlsBodies, allLosses));
    }

    List<MaskAttachment> sortedMasks = new ArrayList<>(maskAttachments);
    sortedMasks.sort(
        Comparator.comparing((MaskAttachment attachment) -> attachment.table().qualifiedName())
            .thenComparing(attachment -> attachment.outputs().toString())
            .thenComparing(MaskAttachment::priority)
            .thenComparing(MaskAttachment::policy)
            .thenComparing(attachment -> Subjects.describe(attachment.grantee())));
    for (MaskAttachment attachment : sortedMasks) {
      columnMasks(attachment, maskOutputs, allLosses).forEach(builder::addColumnMask);
    }

    Subject exempt = exempt();
    tables.values().stream()
        .sorted(Comparator.comparing(table -> table.name.qualifiedName()))
        .forEach(
            table ->
                builder.addTable(
                    new Table(
                        table.name,
                        table.columns,
                        table.owner,
                        new RowSecurity(
                            table.rlsOn,
                            table.conjunctionOr ? CombinationRule.ANY_OR : CombinationRule.ALL_AND,
                            true,
                            false,
                            exempt))));

    List<GrantState> sortedGrants = new ArrayList<>(grants);
    sortedGrants.sort(
        Comparator.comparing((GrantState grant) -> grant.securable.qualifiedName())
            .thenComparing(grant -> Subjects.describe(grant.grantee))
            .thenComparing(grant -> grant.grantOption));
    for (GrantState grant : sortedGrants) {
      builder.addGrant(
          new Grant(
              grant.grantee,
              grant.privileges,
              grant.securable,
              GrantEffect.ALLOW,
              grant.grantOption,
              GrantVia.DIRECT,
              grant.origin));
    }

    views.values().stream()
        .sorted(Comparator.comparing(view -> view.name().qualifiedName()))
        .forEach(builder::addView);

    declareReferenced(exempt);
    principals.values().stream()
        .sorted(Comparator.comparing(principal -> principal.name))
        .forEach(
            principal -> {
              List<String> memberOf = new ArrayList<>(principal.memberOf);
              memberOf.sort(null);
              builder.addPrincipal(
                  new Principal(
                      principal.name,
                      principal.kind,
                      memberOf,
                      Map.of(),
                      principal.flags,
                      principal.origin));
            });
    allLosses.forEach(builder::addLoss);
    return builder.build();
  }

  private Subject exempt() {
    List<Subject> exempt = new ArrayList<>();
    exempt.add(Subjects.hasRole(SECADMIN));
    for (String role : ignoreRlsRoles) {
      exempt.add(Subjects.hasRole(role));
    }
    return Subjects.anyOf(exempt);
  }

  /**
   * Declares the principals that subjects name but no statement or catalog row declared (a role a
   * script attaches to without creating it, the built-in {@code sys:secadmin}), so that every
   * reference resolves.
   */
  private void declareReferenced(Subject exempt) {
    List<Subject> subjects = new ArrayList<>();
    if (!tables.isEmpty()) {
      subjects.add(exempt);
    }
    rlsAttachments.forEach(attachment -> subjects.add(attachment.grantee()));
    maskAttachments.forEach(attachment -> subjects.add(attachment.grantee()));
    grants.forEach(grant -> subjects.add(grant.grantee));
    for (Subject subject : subjects) {
      declareNamed(subject);
    }
    for (TableState table : tables.values()) {
      table.owner.ifPresent(
          owner ->
              declarePrincipal(
                  owner, PrincipalKind.USER, Origin.declared(SystemKind.REDSHIFT, owner)));
    }
  }

  private void declareNamed(Subject subject) {
    if (subject instanceof Subject.HasRole role) {
      declarePrincipal(
          role.role(), PrincipalKind.ROLE, Origin.declared(SystemKind.REDSHIFT, role.role()));
    } else if (subject instanceof Subject.IsUser user) {
      declarePrincipal(
          user.user(), PrincipalKind.USER, Origin.declared(SystemKind.REDSHIFT, user.user()));
    } else if (subject instanceof Subject.InGroup group) {
      declarePrincipal(
          group.group(), PrincipalKind.GROUP, Origin.declared(SystemKind.REDSHIFT, group.group()));
    } else if (subject instanceof Subject.AnyOf any) {
      any.subjects().forEach(this::declareNamed);
    }
  }

  private RowFilter rowFilter(RlsAttachment attachment, Map<String, Expr> bodies, List<Loss> sink) {
    Expr body = bodies.get(attachment.policy());
    if (body == null) {
      sink.add(
          new Loss(
              attachment.origin(),
              "RLS policy "
                  + attachment.policy()
                  + " is attached but not defined in what was read; the filter admits no row",
              LossDirection.STRICTER));
      return new RowFilter(
          Optional.of(attachment.policy()),
          attachment.table(),
          Expressions.opaque(SystemKind.REDSHIFT, "RLS POLICY " + attachment.policy()),
          Optional.empty(),
          attachment.grantee(),
          RLS_ACTIONS,
          FilterKind.PERMISSIVE,
          0,
          Optional.empty(),
          Map.of(),
          Optional.empty(),
          attachment.origin());
    }
    Map<String, String> bindings = new LinkedHashMap<>();
    for (Parameter parameter : rlsPolicies.get(attachment.policy()).parameters()) {
      bindings.put(parameter.name(), parameter.name());
    }
    return new RowFilter(
        Optional.of(attachment.policy()),
        attachment.table(),
        body,
        Optional.empty(),
        attachment.grantee(),
        RLS_ACTIONS,
        FilterKind.PERMISSIVE,
        0,
        Optional.of(attachment.policy()),
        bindings,
        Optional.empty(),
        attachment.origin());
  }

  private List<ColumnMask> columnMasks(
      MaskAttachment attachment, Map<String, List<Expr>> outputsByPolicy, List<Loss> sink) {
    MaskingPolicy policy = maskingPolicies.get(attachment.policy());
    List<List<String>> inputs = attachment.inputs().orElse(attachment.outputs());
    Optional<String> problem = Optional.empty();
    if (policy == null) {
      problem =
          Optional.of(
              "masking policy "
                  + attachment.policy()
                  + " is attached but not defined in what was read; the column is fully masked");
    } else if (inputs.size() != policy.parameters().size()) {
      problem =
          Optional.of(
              "masking policy "
                  + policy.name()
                  + " takes "
                  + policy.parameters().size()
                  + " inputs but is attached with "
                  + inputs.size()
                  + "; the column is fully masked");
    } else if (attachment.outputs().size() != policy.outputs().size()) {
      problem =
          Optional.of(
              "masking policy "
                  + policy.name()
                  + " has "
                  + policy.outputs().size()
                  + " outputs but is attached to "
                  + attachment.outputs().size()
                  + " columns; the columns are fully masked");
    } else if (inputs.stream().anyMatch(path -> path.size() > 1)) {
      problem =
          Optional.of(
              "masking policy "
                  + policy.name()
                  + " reads a path inside a SUPER column, which is not modelled; the column is"
                  + " fully masked");
    }
    List<ColumnMask> masks = new ArrayList<>();
    for (int index = 0; index < attachment.outputs().size(); index++) {
      List<String> output = attachment.outputs().get(index);
      Securable column = attachment.table().column(output.get(0));
      if (problem.isPresent() || output.size() > 1) {
        String reason =
            problem.orElse(
                "masking policy "
                    + attachment.policy()
                    + " masks the path "
                    + String.join(".", output)
                    + " inside a SUPER column, which is not modelled; the whole column is fully"
                    + " masked");
        sink.add(
            new Loss(
                attachment.origin(),
                reason,
                // A hidden column shows no more than any mask would.
                LossDirection.STRICTER));
        masks.add(
            new ColumnMask(
                Optional.of(attachment.policy()),
                Optional.of(column),
                Optional.empty(),
                List.of(),
                new Transform.Expression(
                    Expressions.opaque(
                        SystemKind.REDSHIFT,
                        "MASKING POLICY "
                            + attachment.policy()
                            + " ON "
                            + String.join(".", output))),
                attachment.grantee(),
                attachment.priority(),
                Optional.empty(),
                Map.of(),
                attachment.origin()));
        continue;
      }
      Map<String, Expr> byParameter = new LinkedHashMap<>();
      Map<String, String> bindings = new LinkedHashMap<>();
      for (int position = 0; position < inputs.size(); position++) {
        String parameter = policy.parameters().get(position).name();
        String input = inputs.get(position).get(0);
        byParameter.put(parameter, Expressions.column(input));
        bindings.put(parameter, input);
      }
      Expr bound =
          ExprRewriter.replaceColumns(
              outputsByPolicy.get(policy.name()).get(index), byParameter::get);
      DefinitionBody.Mask mask = MaskShapes.recognise(bound, output.get(0));
      masks.add(
          new ColumnMask(
              Optional.of(policy.name()),
              Optional.of(column),
              Optional.empty(),
              mask.rules(),
              mask.otherwise(),
              attachment.grantee(),
              attachment.priority(),
              Optional.of(policy.name()),
              bindings,
              attachment.origin()));
    }
    return masks;
  }

  private Expr convert(Expression expression, ConversionScope scope, List<Loss> sink) {
    try {
      Conversion conversion = converter.convert(expression, scope);
      sink.addAll(conversion.losses());
      return conversion.expr();
    } catch (ParseException e) {
      sink.add(new Loss(scope.origin(), e.getMessage(), LossDirection.UNKNOWN));
      return Expressions.opaque(SystemKind.REDSHIFT, expression.toString());
    }
  }
}
