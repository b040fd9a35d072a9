package dev.passport.translate.opa;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.ExprKind;
import dev.passport.model.Expressions;
import dev.passport.model.Grant;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Subject;
import dev.passport.model.SubjectKind;
import dev.passport.model.Subjects;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import dev.passport.translate.opa.OpaFacts.ClassAccess;
import dev.passport.translate.opa.OpaFacts.FactClass;
import dev.passport.translate.opa.OpaFacts.FactTable;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import dev.passport.translate.sql.TransformSqlPrinter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Translates a {@link PolicySet} into Open Policy Agent policies for Trino's OPA access control.
 *
 * <p>The artifacts:
 *
 * <ul>
 *   <li>{@code passport.rego}: one Rego v1 module (package {@link OpaOptions#packageName()}) with
 *       Trino's entry points {@code allow}, {@code batch}, {@code rowFilters}, {@code columnMask}
 *       and {@code batchColumnMasks}. It is generic logic: it finds the caller's principal classes
 *       from the user and groups Trino sends, and looks their rights up in the facts.
 *   <li>{@code data.json}: the facts. Principal classes (each source user, role and group as the
 *       {@link IdentityMap} maps it to Trino users and groups, plus {@code default} for every other
 *       caller) and, per table, what each class may do: actions, the row filter and the column
 *       masks as Trino SQL, the columns it may not read.
 *   <li>{@code passport_test.rego}: {@code opa test} cases derived from the policy set.
 *   <li>{@code access-control.properties}: Trino's configuration for the plugin.
 * </ul>
 *
 * <p>Each class's rights are the {@link Evaluator}'s decisions for a session of that class, so the
 * output agrees with the evaluator by construction wherever Trino can say the same thing. Trino's
 * OPA input carries the user and the groups only; what it cannot decide fails closed and is
 * reported as a {@link Loss}: a test of the current (primary) role or a session attribute in a
 * filter or mask (FALSE filter, NULL mask), a subject tested on the primary role (the strictest of
 * the decisions with and without that role primary), a mapping-table lookup (FALSE or NULL, unless
 * {@link OpaOptions.LookupHandling#AS_CALLER}), SQL Trino cannot say. Roles the identity map turns
 * into Trino roles cannot be recognised (the OPA input has no roles); principals the map denies are
 * treated as every other caller. A caller in several classes gets the strictest of their answers:
 * all must allow, every row filter applies, disagreeing masks become NULL.
 */
public final class OpaTranslator {
  /** The artifact names. */
  public static final String MODULE_FILE = "passport.rego";

  public static final String DATA_FILE = "data.json";
  public static final String TEST_FILE = "passport_test.rego";
  public static final String TRINO_CONFIG_FILE = "access-control.properties";

  /** The user name a class session has when it is not a source user. */
  static final String ANONYMOUS_USER = "passport:any-caller";

  /** A primary role that no policy names, for "some other role is primary". */
  static final String OTHER_ROLE = "passport:another-role";

  // Identity values Trino cannot evaluate are replaced, before evaluation, by columns with these
  // names: the evaluator leaves columns alone, so a marker survives exactly where the value still
  // matters after folding.
  private static final String MARKER = "\u0001passport:";
  private static final String CURRENT_USER_MARKER = MARKER + "current_user";
  private static final String CURRENT_ROLE_MARKER = MARKER + "current_role";
  private static final String PRIMARY_ROLE_MARKER = MARKER + "primary_role";
  private static final String SESSION_MARKER = MARKER + "session:";

  private static final SqlDialect TRINO = SqlDialect.TRINO;
  private static final List<Action> WRITE_ACTIONS =
      List.of(Action.INSERT, Action.UPDATE, Action.DELETE);

  private final PolicySet set;
  private final IdentityMap identities;
  private final OpaOptions options;
  private final Evaluator named;
  private final Evaluator anonymous;
  private final Map<String, Principal> principals = new LinkedHashMap<>();
  private final Set<Loss> losses = new LinkedHashSet<>();

  private OpaTranslator(PolicySet set, IdentityMap identities, OpaOptions options) {
    this.set = set;
    this.identities = identities;
    this.options = options;
    for (Principal principal : set.principals()) {
      principals.putIfAbsent(principal.name(), principal);
    }
    this.named = Evaluator.compile(marked(set, false));
    this.anonymous = Evaluator.compile(marked(set, true));
  }

  /**
   * The OPA artifacts for the policy set ({@link #MODULE_FILE}, {@link #DATA_FILE}, {@link
   * #TEST_FILE}, {@link #TRINO_CONFIG_FILE}) and what they cannot say exactly.
   */
  public static Translation translate(
      PolicySet policySet, IdentityMap identityMap, OpaOptions options) {
    requireNonNull(policySet, "policySet is null");
    requireNonNull(identityMap, "identityMap is null");
    requireNonNull(options, "options is null");
    return new OpaTranslator(policySet, identityMap, options).run();
  }

  private Translation run() {
    List<CallerClass> classes = classes();
    reportPolicies();
    List<FactTable> tables = new ArrayList<>();
    for (Securable table : tables()) {
      tables.add(table(table, classes));
    }
    Map<String, FactClass> factClasses = new LinkedHashMap<>();
    for (CallerClass callerClass : classes) {
      factClasses.put(
          callerClass.id(),
          new FactClass(
              callerClass.description(),
              callerClass.login(),
              callerClass.users(),
              callerClass.groups(),
              callerClass.subsumes()));
    }
    OpaFacts facts =
        new OpaFacts(
            set.source().system().id() + " " + set.source().locator(), factClasses, tables);
    Map<String, String> artifacts = new LinkedHashMap<>();
    artifacts.put(MODULE_FILE, RegoModule.module(options));
    artifacts.put(DATA_FILE, facts.toJson(options.factsPath()));
    artifacts.put(TEST_FILE, RegoModule.tests(facts, options));
    artifacts.put(TRINO_CONFIG_FILE, RegoModule.accessControlProperties(options));
    return new Translation(artifacts, List.copyOf(losses));
  }

  // ---------------------------------------------------------------- principal classes

  private List<CallerClass> classes() {
    boolean primarySubjects = usesPrimaryRoleSubjects();
    List<CallerClass> classes = new ArrayList<>();
    Map<String, String> principalOfClass = new LinkedHashMap<>();
    for (Principal principal : principals.values()) {
      boolean login =
          principal.kind() == PrincipalKind.USER || principal.hasFlag(PrincipalFlag.LOGIN);
      List<PrincipalContext> variants =
          login ? loginVariants(principal, primarySubjects) : holderVariants(principal.name());
      if (!login && primarySubjects) {
        variants =
            List.of(
                variants.get(0),
                PrincipalContext.user(ANONYMOUS_USER)
                    .withRoles(List.of(OTHER_ROLE, principal.name())));
      }
      Optional<CallerClass> created =
          callerClass(principal.kind(), principal.name(), login, variants, principal.origin());
      created.ifPresent(
          callerClass -> {
            classes.add(callerClass);
            principalOfClass.put(callerClass.id(), principal.name());
          });
    }
    // Users a subject names that the set does not list are still users Trino may send.
    for (String user : namedUsers()) {
      if (!principals.containsKey(user)) {
        callerClass(
                PrincipalKind.USER,
                user,
                true,
                List.of(PrincipalContext.user(user)),
                Origin.of(set.source().system()).withObject(user))
            .ifPresent(classes::add);
      }
    }
    List<CallerClass> result = new ArrayList<>();
    for (CallerClass callerClass : classes) {
      String name = principalOfClass.get(callerClass.id());
      List<String> subsumes = new ArrayList<>();
      if (name != null) {
        Set<String> closure = closure(name);
        for (CallerClass other : classes) {
          String otherName = principalOfClass.get(other.id());
          if (otherName != null
              && !otherName.equals(name)
              && closure.contains(otherName)
              && !closure(otherName).contains(name)) {
            subsumes.add(other.id());
          }
        }
      }
      result.add(callerClass.withSubsumes(subsumes));
    }
    reportSharedTargets(result);
    result.add(
        new CallerClass(
            OpaFacts.DEFAULT_CLASS,
            "every other caller",
            false,
            List.of(),
            List.of(),
            List.of(),
            List.of(PrincipalContext.user(ANONYMOUS_USER)),
            Origin.of(set.source().system())));
    return result;
  }

  private Optional<CallerClass> callerClass(
      PrincipalKind kind,
      String name,
      boolean login,
      List<PrincipalContext> variants,
      Origin origin) {
    String described = IdentityMap.describe(kind, name);
    Optional<TargetPrincipals> target = identities.map(kind, name);
    if (target.isEmpty()) {
      loss(
          origin,
          "The identity map gives "
              + described
              + " no Trino principal, so Trino cannot recognise it; its callers are treated as"
              + " every other caller",
          LossDirection.UNKNOWN);
      return Optional.empty();
    }
    TargetPrincipals principals = target.get();
    if (!principals.roles().isEmpty()) {
      loss(
          origin,
          "The identity map makes "
              + described
              + " the Trino role(s) "
              + principals.roles()
              + ", but Trino's OPA input carries only the user and groups; holders known only"
              + " by those roles are treated as every other caller",
          LossDirection.UNKNOWN);
    }
    if (principals.users().isEmpty() && principals.groups().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CallerClass(
            kind.name().toLowerCase(Locale.ROOT) + ":" + name,
            login ? described : "holders of " + described,
            login,
            principals.users(),
            principals.groups(),
            List.of(),
            variants,
            origin));
  }

  /**
   * A source user's sessions. Without primary-role subjects its recorded roles suffice; with them,
   * every role it holds may be the primary one, or another role (PUBLIC) may be.
   */
  private List<PrincipalContext> loginVariants(Principal principal, boolean primarySubjects) {
    PrincipalContext base = PrincipalContext.user(principal.name());
    List<PrincipalContext> variants = new ArrayList<>();
    variants.add(base);
    if (!primarySubjects
        || principal.hasFlag(PrincipalFlag.NO_INHERIT)
        || principal.memberOf().isEmpty()) {
      return variants;
    }
    List<String> roles = principal.memberOf();
    for (String role : roles) {
      Principal known = principals.get(role);
      if (known != null && known.kind() == PrincipalKind.GROUP) {
        continue;
      }
      List<String> ordered = new ArrayList<>();
      ordered.add(role);
      for (String other : roles) {
        if (!other.equals(role)) {
          ordered.add(other);
        }
      }
      variants.add(base.withRoles(ordered));
    }
    List<String> other = new ArrayList<>();
    other.add(OTHER_ROLE);
    other.addAll(roles);
    variants.add(base.withRoles(other));
    return variants;
  }

  private static List<PrincipalContext> holderVariants(String role) {
    return List.of(PrincipalContext.user(ANONYMOUS_USER).withRoles(List.of(role)));
  }

  /** The principal and every role and group it inherits, as the evaluator walks them. */
  private Set<String> closure(String start) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.add(start);
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      if (!seen.add(name)) {
        continue;
      }
      Principal principal = principals.get(name);
      if (principal != null && !principal.hasFlag(PrincipalFlag.NO_INHERIT)) {
        pending.addAll(principal.memberOf());
      }
    }
    return seen;
  }

  private void reportSharedTargets(List<CallerClass> classes) {
    Map<String, CallerClass> byTarget = new LinkedHashMap<>();
    for (CallerClass callerClass : classes) {
      String key = new TreeSet<>(callerClass.users()) + "|" + new TreeSet<>(callerClass.groups());
      CallerClass first = byTarget.putIfAbsent(key, callerClass);
      if (first != null) {
        loss(
            callerClass.origin(),
            first.description()
                + " and "
                + callerClass.description()
                + " become the same Trino principals (users "
                + callerClass.users()
                + ", groups "
                + callerClass.groups()
                + "); their callers get the strictest of both",
            LossDirection.STRICTER);
      }
    }
  }

  private Set<String> namedUsers() {
    Set<String> users = new LinkedHashSet<>();
    for (Subject subject : subjects()) {
      collectUsers(subject, users);
    }
    return users;
  }

  private static void collectUsers(Subject subject, Set<String> users) {
    Subjects.anyMatch(
        subject,
        node -> {
          if (node instanceof Subject.IsUser user) {
            users.add(user.user());
          }
          return false;
        });
  }

  private List<Subject> subjects() {
    List<Subject> subjects = new ArrayList<>();
    for (Grant grant : set.grants()) {
      subjects.add(grant.grantee());
    }
    for (RowFilter filter : set.rowFilters()) {
      subjects.add(filter.appliesTo());
    }
    for (ColumnMask mask : set.columnMasks()) {
      subjects.add(mask.appliesTo());
      for (MaskRule rule : mask.rules()) {
        subjects.add(rule.subject());
      }
    }
    for (Table table : set.tables()) {
      subjects.add(table.rowSecurity().exempt());
    }
    return subjects;
  }

  private boolean usesPrimaryRoleSubjects() {
    for (Subject subject : subjects()) {
      if (Subjects.anyMatch(subject, OpaTranslator::isPrimaryRoleSubject)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPrimaryRoleSubject(Subject subject) {
    return subject instanceof Subject.HasRole role && role.scope() == RoleScope.PRIMARY;
  }

  // ---------------------------------------------------------------- policy-level losses

  private void reportPolicies() {
    for (Grant grant : set.grants()) {
      reportAttributes(grant.grantee(), grant.origin());
    }
    for (RowFilter filter : set.rowFilters()) {
      reportAttributes(filter.appliesTo(), filter.origin());
      filter
          .runAs()
          .ifPresent(
              runAs ->
                  loss(
                      filter.origin(),
                      "Trino evaluates the row filter as the caller, not as "
                          + runAs
                          + "; identity values in it were decided for the caller",
                      LossDirection.UNKNOWN));
      if (filter.check().isPresent()) {
        loss(
            filter.origin(),
            "Trino checks written rows against the row filter it applies to reads; the source's"
                + " separate check on written rows (WITH CHECK) is not carried",
            LossDirection.UNKNOWN);
      }
    }
    for (ColumnMask mask : set.columnMasks()) {
      reportAttributes(mask.appliesTo(), mask.origin());
      for (MaskRule rule : mask.rules()) {
        reportAttributes(rule.subject(), mask.origin());
      }
    }
  }

  private void reportAttributes(Subject subject, Origin origin) {
    if (Subjects.anyMatch(subject, node -> node.kind() == SubjectKind.ATTRIBUTE_EQUALS)) {
      loss(
          origin,
          "Trino's OPA input carries no principal attributes; the attribute test is decided from"
              + " the attributes the source records for each known user, and fails for every"
              + " other caller",
          LossDirection.UNKNOWN);
    }
  }

  // ---------------------------------------------------------------- tables

  /** Every table the set names, each once, at its most qualified spelling. */
  private List<Securable> tables() {
    Map<String, Securable> names = new LinkedHashMap<>();
    for (Table table : set.tables()) {
      names.putIfAbsent(table.name().qualifiedName(), table.name());
    }
    for (RowFilter filter : set.rowFilters()) {
      names.putIfAbsent(filter.table().qualifiedName(), filter.table());
    }
    for (ColumnMask mask : set.columnMasks()) {
      mask.column()
          .ifPresent(
              column -> names.putIfAbsent(column.tableOnly().qualifiedName(), column.tableOnly()));
    }
    for (Grant grant : set.grants()) {
      SecurableLevel level = grant.securable().level();
      if (level == SecurableLevel.TABLE || level == SecurableLevel.COLUMN) {
        Securable table = grant.securable().tableOnly();
        names.putIfAbsent(table.qualifiedName(), table);
      }
    }
    List<Securable> tables = new ArrayList<>();
    for (Securable name : names.values()) {
      boolean covered = false;
      for (Securable other : names.values()) {
        if (other != name && other.parts().size() > name.parts().size() && name.contains(other)) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        tables.add(name);
      }
    }
    return tables;
  }

  private Optional<Table> tableEntry(Securable name) {
    for (Table table : set.tables()) {
      if (table.name().qualifiedName().equals(name.qualifiedName())) {
        return Optional.of(table);
      }
    }
    return Optional.empty();
  }

  private FactTable table(Securable table, List<CallerClass> classes) {
    Optional<Table> entry = tableEntry(table);
    Map<String, ClassAccess> access = new LinkedHashMap<>();
    List<String> columns = new ArrayList<>();
    for (CallerClass callerClass : classes) {
      Outcome select = decide(callerClass, table, Action.SELECT);
      if (columns.isEmpty()) {
        for (String column : select.columns().keySet()) {
          columns.add(name(column));
        }
      }
      access(callerClass, table, entry, select)
          .ifPresent(classAccess -> access.put(callerClass.id(), classAccess));
    }
    Optional<String> catalog =
        table
            .catalog()
            .map(name -> options.catalogs().getOrDefault(name, name))
            .or(options::defaultCatalog)
            .map(this::name);
    return new FactTable(
        table.qualifiedName(),
        catalog,
        table.schema().map(this::name),
        name(table.table().orElseThrow()),
        entry.isPresent() ? Optional.of(columns) : Optional.empty(),
        access);
  }

  private String name(String name) {
    return options.lowerCaseNames() ? name.toLowerCase(Locale.ROOT) : name;
  }

  private Optional<ClassAccess> access(
      CallerClass callerClass, Securable table, Optional<Table> entry, Outcome select) {
    if (select.varies()) {
      reportPrimaryRole(table);
    }
    List<String> actions = new ArrayList<>();
    if (select.allowed()) {
      actions.add(Action.SELECT.name());
    }
    for (Action action : WRITE_ACTIONS) {
      Outcome outcome = decide(callerClass, table, action);
      if (outcome.varies()) {
        reportPrimaryRole(table);
      }
      if (!outcome.allowed()) {
        continue;
      }
      if (!outcome.columns().values().stream().allMatch(ColumnDecision::readable)) {
        loss(
            grantOrigin(table),
            "Column-level "
                + action
                + " rights on "
                + table
                + " are not carried: the facts say only whether a class may "
                + action
                + " the whole table, so callers with column rights only may not",
            LossDirection.STRICTER);
        continue;
      }
      if (!outcome.rowFilter().equals(select.rowFilter())) {
        loss(
            filterOrigin(table, filter -> !filter.actions().containsAll(List.of(Action.values()))),
            "The source filters "
                + action
                + " on "
                + table
                + " differently from SELECT, but Trino applies one row filter to every statement;"
                + " callers whose filters differ may not "
                + action,
            LossDirection.STRICTER);
        continue;
      }
      actions.add(action.name());
    }
    if (actions.isEmpty()) {
      return Optional.empty();
    }
    if (!select.allowed()) {
      return Optional.of(
          new ClassAccess(actions, Optional.of(OpaFacts.FALSE), List.of(), Map.of()));
    }
    Optional<String> rowFilter = renderFilter(select.rowFilter(), table);
    List<String> denied = new ArrayList<>();
    Map<String, String> masks = new LinkedHashMap<>();
    for (ColumnDecision column : select.columns().values()) {
      if (!column.readable()) {
        denied.add(name(column.column()));
        continue;
      }
      Optional<String> type =
          entry.flatMap(known -> known.column(column.column())).map(ColumnInfo::type);
      renderMask(column, table, type).ifPresent(mask -> masks.put(name(column.column()), mask));
    }
    return Optional.of(new ClassAccess(actions, rowFilter, denied, masks));
  }

  private void reportPrimaryRole(Securable table) {
    loss(
        primaryRoleOrigin(table),
        "Trino cannot tell which role is a session's primary (current) role; on "
            + table
            + " callers get the strictest of the decisions for each role that may be primary",
        LossDirection.STRICTER);
  }

  // ---------------------------------------------------------------- decisions

  /** The decision of a class: the strictest of its sessions' decisions. */
  private record Outcome(
      boolean allowed, Expr rowFilter, Map<String, ColumnDecision> columns, boolean varies) {}

  private Outcome decide(CallerClass callerClass, Securable table, Action action) {
    Evaluator evaluator = callerClass.login() ? named : anonymous;
    List<Decision> decisions = new ArrayList<>();
    for (PrincipalContext variant : callerClass.variants()) {
      decisions.add(evaluator.decide(variant, table, action));
    }
    Decision first = decisions.get(0);
    boolean varies = false;
    for (Decision decision : decisions) {
      varies |=
          decision.allowed() != first.allowed()
              || !decision.rowFilter().equals(first.rowFilter())
              || !decision.columns().equals(first.columns());
    }
    if (!varies) {
      return new Outcome(first.allowed(), first.rowFilter(), first.columns(), false);
    }
    boolean allowed = decisions.stream().allMatch(Decision::allowed);
    List<Expr> filters = new ArrayList<>();
    for (Decision decision : decisions) {
      filters.add(decision.rowFilter());
    }
    Map<String, ColumnDecision> columns = new LinkedHashMap<>();
    for (String column : first.columns().keySet()) {
      boolean readable = true;
      boolean same = true;
      for (Decision decision : decisions) {
        ColumnDecision other = decision.columns().get(column);
        readable &= other != null && other.readable();
        same &= first.columns().get(column).equals(other);
      }
      columns.put(
          column,
          same
              ? first.columns().get(column)
              : new ColumnDecision(column, readable, List.of(), new Transform.Nullify()));
    }
    return new Outcome(
        allowed, allowed ? Expressions.and(filters) : Expressions.alwaysFalse(), columns, true);
  }

  // ---------------------------------------------------------------- rendering

  /** An expression with the markers put back: the current user, and what Trino cannot say. */
  private record Restored(Expr expr, Set<String> unsayable) {}

  private static Restored restore(Expr expr) {
    Set<String> unsayable = new LinkedHashSet<>();
    Expr restored =
        ExprTrees.map(
            expr,
            node -> {
              if (node instanceof Expr.Column column
                  && column.qualifier().isEmpty()
                  && column.name().startsWith(MARKER)) {
                if (column.name().equals(CURRENT_USER_MARKER)) {
                  return Expressions.currentUser();
                }
                unsayable.add(column.name());
              }
              return node;
            });
    return new Restored(restored, unsayable);
  }

  /** The row filter as Trino SQL; empty for every row; FALSE where Trino cannot say it. */
  private Optional<String> renderFilter(Expr residual, Securable table) {
    if (Expressions.isTrue(residual)) {
      return Optional.empty();
    }
    Restored restored = restore(residual);
    if (!restored.unsayable().isEmpty()) {
      for (String marker : restored.unsayable()) {
        loss(
            filterOrigin(
                table,
                filter ->
                    dev.passport.model.ExprTrees.anyMatch(filter.predicate(), construct(marker))),
            "Trino's OPA input cannot tell "
                + describeMarker(marker)
                + "; the row filter on "
                + table
                + " is FALSE for the callers it matters to",
            LossDirection.STRICTER);
      }
      return Optional.of(OpaFacts.FALSE);
    }
    if (!lookupsAllowed(restored.expr(), table, true)) {
      return Optional.of(OpaFacts.FALSE);
    }
    try {
      return Optional.of(ExpressionPrinter.print(restored.expr(), TRINO));
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      loss(
          filterOrigin(table, filter -> !printable(filter.predicate())),
          "The row filter on "
              + table
              + " cannot be written in Trino SQL ("
              + e.getMessage()
              + "); Trino gets FALSE",
          LossDirection.STRICTER);
      return Optional.of(OpaFacts.FALSE);
    }
  }

  /** The mask as Trino SQL; empty for no mask; NULL where Trino cannot say it. */
  private Optional<String> renderMask(
      ColumnDecision decision, Securable table, Optional<String> type) {
    String column = decision.column();
    if (decision.rules().isEmpty() && decision.otherwise().kind() == TransformKind.IDENTITY) {
      return Optional.empty();
    }
    List<ConditionalTransform> rules = new ArrayList<>();
    Set<String> unsayable = new LinkedHashSet<>();
    for (ConditionalTransform rule : decision.rules()) {
      Restored condition = restore(rule.condition());
      unsayable.addAll(condition.unsayable());
      rules.add(new ConditionalTransform(condition.expr(), restore(rule.transform(), unsayable)));
    }
    Transform otherwise = restore(decision.otherwise(), unsayable);
    Securable columnName = table.column(column);
    if (!unsayable.isEmpty()) {
      for (String marker : unsayable) {
        loss(
            maskOrigin(columnName, construct(marker)),
            "Trino's OPA input cannot tell "
                + describeMarker(marker)
                + "; the mask of "
                + columnName
                + " is NULL for the callers it matters to",
            LossDirection.STRICTER);
      }
      return Optional.of(OpaFacts.NULL);
    }
    ColumnDecision restored = new ColumnDecision(column, true, rules, otherwise);
    List<Expr> parts = new ArrayList<>();
    for (ConditionalTransform rule : rules) {
      parts.add(rule.condition());
      if (rule.transform() instanceof Transform.Expression expression) {
        parts.add(expression.expression());
      }
    }
    if (otherwise instanceof Transform.Expression expression) {
      parts.add(expression.expression());
    }
    for (Expr part : parts) {
      if (!lookupsAllowed(part, columnName, false)) {
        return Optional.of(OpaFacts.NULL);
      }
    }
    try {
      return printMask(restored, type, options.hashSalt());
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      loss(
          maskOrigin(columnName, node -> node.kind() == ExprKind.OPAQUE),
          "The mask of "
              + columnName
              + " cannot be written in Trino SQL ("
              + e.getMessage()
              + "); the column is masked to NULL",
          LossDirection.STRICTER);
      return Optional.of(OpaFacts.NULL);
    }
  }

  private static Transform restore(Transform transform, Set<String> unsayable) {
    if (transform instanceof Transform.Expression expression) {
      Restored restored = restore(expression.expression());
      unsayable.addAll(restored.unsayable());
      return new Transform.Expression(restored.expr());
    }
    return transform;
  }

  /**
   * A residual mask as one Trino SQL expression of the column: the transform, or a CASE over the
   * row conditions; empty when the column is shown unchanged.
   *
   * @throws PassportException NOT_SUPPORTED when Trino cannot say part of it
   */
  static Optional<String> printMask(
      ColumnDecision decision, Optional<String> columnType, Optional<String> salt) {
    String column = decision.column();
    if (!decision.readable()) {
      throw new IllegalArgumentException("An unreadable column has no mask: " + column);
    }
    if (decision.rules().isEmpty() && decision.otherwise().kind() == TransformKind.IDENTITY) {
      return Optional.empty();
    }
    return Optional.of(
        TransformSqlPrinter.print(
            decision,
            TRINO,
            ExpressionPrinter.identifier(column, TRINO),
            columnType,
            TransformSqlPrinter.storedSalt(decision, salt)));
  }

  private boolean lookupsAllowed(Expr expr, Securable where, boolean filter) {
    List<Securable> lookups = new ArrayList<>();
    dev.passport.model.ExprTrees.anyMatch(
        expr,
        node -> {
          if (node instanceof Expr.Lookup lookup) {
            lookups.add(lookup.table());
          }
          return false;
        });
    if (lookups.isEmpty()) {
      return true;
    }
    Origin origin =
        filter
            ? filterOrigin(
                where, f -> dev.passport.model.ExprTrees.anyMatch(f.predicate(), isLookup()))
            : maskOrigin(where, isLookup());
    String what = filter ? "The row filter on " + where : "The mask of " + where;
    if (options.lookups() == OpaOptions.LookupHandling.FAIL_CLOSED) {
      loss(
          origin,
          what
              + " consults the mapping table "
              + lookups.get(0)
              + ", which Trino reads as the caller, who may not be allowed to; it is written as "
              + (filter ? "FALSE" : "NULL")
              + " (lookups AS_CALLER keeps the subquery)",
          LossDirection.STRICTER);
      return false;
    }
    loss(
        origin,
        what
            + " consults the mapping table "
            + lookups.get(0)
            + " as the caller: the table must exist in Trino with the same rows and be readable"
            + " by every caller",
        LossDirection.UNKNOWN);
    return true;
  }

  private static Predicate<Expr> isLookup() {
    return node -> node.kind() == ExprKind.LOOKUP;
  }

  private static boolean printable(Expr expr) {
    try {
      ExpressionPrinter.print(expr, TRINO, Expressions.column("masked_value"));
      return true;
    } catch (PassportException e) {
      return false;
    }
  }

  private static String describeMarker(String marker) {
    if (marker.equals(CURRENT_ROLE_MARKER)) {
      return "the current role (it carries no roles)";
    }
    if (marker.equals(PRIMARY_ROLE_MARKER)) {
      return "whether a role is the session's primary role (it carries no roles)";
    }
    return "the session attribute " + marker.substring(SESSION_MARKER.length());
  }

  /** The source construct a marker stands for. */
  private static Predicate<Expr> construct(String marker) {
    if (marker.equals(CURRENT_ROLE_MARKER)) {
      return node -> node.kind() == ExprKind.CURRENT_ROLE;
    }
    if (marker.equals(PRIMARY_ROLE_MARKER)) {
      return node -> node instanceof Expr.HasRole role && role.scope() == RoleScope.PRIMARY;
    }
    String attribute = marker.substring(SESSION_MARKER.length());
    return node ->
        node instanceof Expr.SessionAttribute session && session.name().equals(attribute);
  }

  // ---------------------------------------------------------------- origins

  private Origin derived(Securable securable) {
    return Origin.of(set.source().system())
        .withKind(OriginKind.DERIVED)
        .withObject(securable.qualifiedName());
  }

  private Origin filterOrigin(Securable table, Predicate<RowFilter> test) {
    for (RowFilter filter : set.rowFilters()) {
      if (filter.table().contains(table) && test.test(filter)) {
        return filter.origin();
      }
    }
    for (RowFilter filter : set.rowFilters()) {
      if (filter.table().contains(table)) {
        return filter.origin();
      }
    }
    return derived(table);
  }

  private Origin maskOrigin(Securable column, Predicate<Expr> test) {
    Origin fallback = null;
    for (ColumnMask mask : set.columnMasks()) {
      boolean applies =
          mask.column().map(masked -> masked.contains(column)).orElse(mask.tag().isPresent());
      if (!applies) {
        continue;
      }
      if (fallback == null && mask.column().isPresent()) {
        fallback = mask.origin();
      }
      List<Expr> parts = new ArrayList<>();
      for (MaskRule rule : mask.rules()) {
        parts.add(rule.condition());
        if (rule.transform() instanceof Transform.Expression expression) {
          parts.add(expression.expression());
        }
      }
      if (mask.otherwise() instanceof Transform.Expression expression) {
        parts.add(expression.expression());
      }
      for (Expr part : parts) {
        if (dev.passport.model.ExprTrees.anyMatch(part, test)) {
          return mask.origin();
        }
      }
    }
    return fallback != null ? fallback : derived(column);
  }

  private Origin grantOrigin(Securable table) {
    for (Grant grant : set.grants()) {
      if (grant.securable().level() == SecurableLevel.COLUMN
          && grant.securable().tableOnly().contains(table)) {
        return grant.origin();
      }
    }
    return derived(table);
  }

  private Origin primaryRoleOrigin(Securable table) {
    for (Grant grant : set.grants()) {
      if (grant.securable().tableOnly().contains(table)
          && Subjects.anyMatch(grant.grantee(), OpaTranslator::isPrimaryRoleSubject)) {
        return grant.origin();
      }
    }
    for (RowFilter filter : set.rowFilters()) {
      if (filter.table().contains(table)
          && Subjects.anyMatch(filter.appliesTo(), OpaTranslator::isPrimaryRoleSubject)) {
        return filter.origin();
      }
    }
    for (ColumnMask mask : set.columnMasks()) {
      boolean applies =
          mask.column().map(column -> column.tableOnly().contains(table)).orElse(true);
      if (!applies) {
        continue;
      }
      boolean primary =
          Subjects.anyMatch(mask.appliesTo(), OpaTranslator::isPrimaryRoleSubject)
              || mask.rules().stream()
                  .anyMatch(
                      rule ->
                          Subjects.anyMatch(rule.subject(), OpaTranslator::isPrimaryRoleSubject));
      if (primary) {
        return mask.origin();
      }
    }
    return derived(table);
  }

  private void loss(Origin origin, String reason, LossDirection direction) {
    losses.add(new Loss(origin, reason, direction));
  }

  // ---------------------------------------------------------------- marking

  /** The set with identity values Trino cannot evaluate replaced by marker columns. */
  private static PolicySet marked(PolicySet set, boolean markCurrentUser) {
    List<RowFilter> filters = new ArrayList<>();
    for (RowFilter filter : set.rowFilters()) {
      filters.add(
          new RowFilter(
              filter.name(),
              filter.table(),
              mark(filter.predicate(), markCurrentUser),
              filter.check().map(check -> mark(check, markCurrentUser)),
              filter.appliesTo(),
              filter.actions(),
              filter.kind(),
              filter.priority(),
              filter.definition(),
              filter.bindings(),
              filter.runAs(),
              filter.origin()));
    }
    List<ColumnMask> masks = new ArrayList<>();
    for (ColumnMask mask : set.columnMasks()) {
      List<MaskRule> rules = new ArrayList<>();
      for (MaskRule rule : mask.rules()) {
        rules.add(
            new MaskRule(
                rule.subject(),
                mark(rule.condition(), markCurrentUser),
                mark(rule.transform(), markCurrentUser)));
      }
      masks.add(
          new ColumnMask(
              mask.name(),
              mask.column(),
              mask.tag(),
              rules,
              mark(mask.otherwise(), markCurrentUser),
              mask.appliesTo(),
              mask.priority(),
              mask.definition(),
              mask.bindings(),
              mask.origin()));
    }
    return new PolicySet(
        set.source(),
        set.principals(),
        set.tables(),
        set.grants(),
        set.definitions(),
        filters,
        masks,
        set.tags(),
        set.views(),
        set.losses());
  }

  private static Transform mark(Transform transform, boolean markCurrentUser) {
    if (transform instanceof Transform.Expression expression) {
      return new Transform.Expression(mark(expression.expression(), markCurrentUser));
    }
    return transform;
  }

  private static Expr mark(Expr expr, boolean markCurrentUser) {
    return ExprTrees.map(
        expr,
        node -> {
          if (node instanceof Expr.CurrentUser) {
            return markCurrentUser ? Expressions.column(CURRENT_USER_MARKER) : node;
          }
          if (node instanceof Expr.CurrentRole) {
            return Expressions.column(CURRENT_ROLE_MARKER);
          }
          if (node instanceof Expr.HasRole role && role.scope() == RoleScope.PRIMARY) {
            return Expressions.column(PRIMARY_ROLE_MARKER);
          }
          if (node instanceof Expr.SessionAttribute session) {
            return Expressions.column(SESSION_MARKER + session.name());
          }
          return node;
        });
  }
}
