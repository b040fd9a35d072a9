package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.MaskRule;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Subject;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.CompiledTable.CompiledColumn;
import dev.passport.model.evaluation.CompiledTable.CompiledFilter;
import dev.passport.model.evaluation.CompiledTable.CompiledGrant;
import dev.passport.model.evaluation.CompiledTable.IndexedMask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Answers "what may this principal do with this table": whether the action is allowed and why, the
 * principal's residual row filter, and the transform of each column. The policy set is compiled
 * once into indexes (by table name, by tag, by schema and catalog for grants, role closures per
 * principal), so a decision looks only at the policies of its table and is cheap enough to make per
 * query. What depends only on the table, or only on the principal context, is worked out on first
 * use and kept in bounded caches. Immutable (the caches only memoise) and thread-safe. {@link
 * #isAllowed}, {@link #rowFilter} and {@link #column} answer one part of a decision for less, and
 * keep their answers per resolved principal and table (the residual row filter and the column
 * decisions already substituted): a repeated question is one slot read chosen by the user's and the
 * table's name strings, and a few compares, by reference when the caller passes the same objects or
 * parts again and by value otherwise.
 *
 * <h2>Who is asking</h2>
 *
 * <ul>
 *   <li><b>Session roles.</b> {@link PrincipalContext#roles()} when non-empty, the first being the
 *       primary role. When empty, the user's {@link Principal#memberOf()} from the policy set
 *       (GROUP principals skipped for the primary role); none when the user is unknown, and none
 *       when the user is flagged {@link PrincipalFlag#NO_INHERIT} (PostgreSQL: a NOINHERIT user
 *       acts as itself until it sets a role).
 *   <li><b>Roles in effect</b> (scope IN_SESSION): the user's own name (a PostgreSQL user is a role
 *       and is "in" it), the session roles, and everything reachable from them through {@code
 *       memberOf} edges, transitively and cycle-safe. When the session roles come from the policy
 *       set the walk also starts at the user principal; explicit session roles are taken as the
 *       whole session, so roles the user holds but did not activate do not count. A principal
 *       flagged NO_INHERIT is in effect itself but passes nothing on: its own {@code memberOf}
 *       edges are not followed.
 *   <li><b>Primary role</b> (scope PRIMARY): only the first session role, exactly, no inheritance.
 *   <li><b>Groups</b>: {@link PrincipalContext#groups()}, or when empty the GROUP principals among
 *       the roles in effect.
 *   <li><b>Attributes</b>: the user principal's attributes, overridden key by key by {@link
 *       PrincipalContext#attributes()}.
 * </ul>
 *
 * <h2>Partial evaluation</h2>
 *
 * Identity values in predicates, mask conditions and custom masks are replaced by the caller's:
 * {@code CurrentUser} by the user, {@code CurrentRole} by the primary role (NULL without one),
 * {@code HasRole}/{@code InGroup} of a literal by TRUE or FALSE, of a non-literal (a mapping-table
 * column inside a lookup) by {@code e IN (roles…)} or {@code e = primary} (FALSE when there are
 * none), {@code SessionAttribute} by its value or NULL, {@code ColumnTagValue} by the tag's value
 * on the masked column (the column's own assignment, else the table's; NULL outside masks). The
 * tree is rebuilt through {@link Expressions}, so constants fold; a lookup keeps its shape with its
 * condition folded (FALSE when it can match no mapping row). {@link Expr.Opaque} stays, and never
 * admits a row (see {@link RowEvaluator}).
 *
 * <h2>Access</h2>
 *
 * In order: a user flagged {@link PrincipalFlag#SUPERUSER} is allowed; the table owner (the user or
 * a role in effect) is allowed; when the policy set records no grants at all, access is denied
 * ("denied: the policy set records no grants"): the evaluator fails closed, and an empty list is
 * not taken to mean that everyone may read. A caller that knows its source did not model grants
 * (row filters and masks only) opts in with {@link
 * EvaluationOptions#withAccessAssumedWithoutGrants()} through {@link #compile(PolicySet,
 * EvaluationOptions)}; access is then allowed ("allowed: no grants recorded; access assumed by
 * option"). Otherwise the grants on the table, its schema, its catalog and its columns whose
 * grantee matches and whose privileges cover the action decide: a DENY on the table or above wins,
 * then an ALLOW on the table or above, then column ALLOWs make only those columns readable; no
 * matching grant denies. A column-level DENY makes that column unreadable.
 *
 * <h2>Row filter</h2>
 *
 * The residual is FALSE when access is denied. Without a {@link Table} entry the table's filters
 * combine as {@link RowSecurity#allAnd()}; when row security is disabled it is TRUE. Superusers,
 * users flagged BYPASS_ROW_SECURITY, the owner when {@link RowSecurity#ownerExempt()} and
 * principals matching {@link RowSecurity#exempt()} see every row. Otherwise the filters of the
 * table whose actions include the action and whose {@code appliesTo} matches combine by the table's
 * {@link CombinationRule}: ALL_AND ands them, ANY_OR ors them, PERMISSIVE_RESTRICTIVE ands the OR
 * of the permissive ones with every restrictive one (FALSE when no permissive one applies),
 * FIRST_MATCH takes the one with the lowest priority (the first listed on ties). With none
 * applicable the residual is FALSE when {@link RowSecurity#noneApplicableMeansNoRows()}, else TRUE.
 * Identity is always the caller's; {@link RowFilter#runAs()} is not substituted.
 *
 * <h2>Columns</h2>
 *
 * Every column of the table entry, then every other column a direct mask names, in that order. A
 * column is unreadable when access is denied, when a column DENY matches, or when only column
 * grants allow and none covers it. A superuser reads every column unmasked. Otherwise the direct
 * masks of the column whose {@code appliesTo} matches are candidates, the highest priority winning
 * (the first listed on ties); with none, the tag masks whose {@link TagReference} matches a tag on
 * the column (value when given; data type compared case-insensitively with the column's type when
 * given), chosen the same way. The chosen mask's rules become residual {@link
 * ConditionalTransform}s: rules whose subject does not match go, conditions are partially
 * evaluated, FALSE or NULL ones go, and a TRUE one ends the list and becomes {@code otherwise}. An
 * opaque condition or custom expression among them masks the column fully ({@code Nullify}). A
 * column without a mask is {@code Identity}.
 */
public final class Evaluator {
  private static final Expr FALSE = Expressions.alwaysFalse();
  private static final Expr TRUE = Expressions.alwaysTrue();
  private static final Function<String, Optional<String>> NO_COLUMN_TAGS = tag -> Optional.empty();

  /** Folds predicates that hold no identity value, so whoever it stands for is never read. */
  private static final ResolvedPrincipal ANONYMOUS =
      new ResolvedPrincipal(
          "(anyone)", Optional.empty(), Optional.empty(), Set.of(), Set.of(), Map.of());

  // Enough for every user of a large deployment, and every table a busy engine touches; beyond
  // that the caches start over (see NamedCache).
  private static final int PRINCIPAL_CACHE_BOUND = 16_384;
  private static final int TABLE_CACHE_BOUND = 65_536;
  // Pairs of a principal and a table with memoised fast-path answers, a few hundred bytes each;
  // beyond that the compiled tables, which hold them, start over.
  private static final int MEMO_BOUND = 131_072;
  private static final Action[] ACTIONS = Action.values();
  // Slots of the shortcut (a power of two, in sets of two): 256 KiB of references, several
  // times the context-and-table pairs a busy engine asks about at once.
  private static final int SHORTCUTS = 1 << 16;

  private final PolicySet policySet;
  private final EvaluationOptions options;
  private final Map<String, Principal> principals;
  private final Map<String, Set<String>> closures;
  private final Map<String, Table> tablesByQualifiedName;
  private final Map<String, List<Table>> tablesByName;
  private final Map<String, List<RowFilter>> filtersByTable;
  private final Map<String, List<IndexedMask>> masksByTable;
  private final Map<String, List<IndexedMask>> masksByTag;
  private final Map<String, List<Grant>> tableGrantsByTable;
  private final Map<String, List<Grant>> schemaGrantsBySchema;
  private final List<Grant> schemaGrants;
  private final Map<String, List<Grant>> catalogGrantsByCatalog;
  private final List<Grant> catalogGrants;
  private final Map<String, List<TagOnObject>> tagsByTable;
  private final Map<String, List<Securable>> namesByTable;
  private final NamedCache<PrincipalContext, ResolvedPrincipal> resolvedPrincipals;
  private final Function<PrincipalContext, ResolvedPrincipal> resolveUncached;
  private final NamedCache<Securable, CompiledTable> compiledTables;
  private final Function<Securable, CompiledTable> compileTable;
  private final AtomicInteger memos = new AtomicInteger();
  // Written without locks: a slot holds an immutable shortcut or null, and a lost write only
  // sends a later call down the slower path.
  private final Shortcut[] shortcuts = new Shortcut[SHORTCUTS];

  private Evaluator(PolicySet policySet, EvaluationOptions options) {
    this.policySet = policySet;
    this.options = options;
    Map<String, Principal> principalMap = new HashMap<>();
    for (Principal principal : policySet.principals()) {
      principalMap.putIfAbsent(principal.name(), principal);
    }
    this.principals = Collections.unmodifiableMap(principalMap);
    Map<String, Set<String>> closureMap = new HashMap<>();
    for (String name : principalMap.keySet()) {
      closureMap.put(name, closure(name, principalMap));
    }
    this.closures = Collections.unmodifiableMap(closureMap);

    Map<String, Table> byQualifiedName = new HashMap<>();
    Map<String, List<Table>> byName = new HashMap<>();
    Map<String, Securable> names = new LinkedHashMap<>();
    for (Table table : policySet.tables()) {
      byQualifiedName.putIfAbsent(table.name().qualifiedName(), table);
      add(byName, tableName(table.name()), table);
      names.putIfAbsent(table.name().qualifiedName(), table.name());
    }
    this.tablesByQualifiedName = byQualifiedName;
    this.tablesByName = byName;

    Map<String, List<RowFilter>> filters = new HashMap<>();
    for (RowFilter filter : policySet.rowFilters()) {
      add(filters, tableName(filter.table()), filter);
      names.putIfAbsent(filter.table().qualifiedName(), filter.table());
    }
    this.filtersByTable = filters;

    Map<String, List<IndexedMask>> byTable = new HashMap<>();
    Map<String, List<IndexedMask>> byTag = new HashMap<>();
    List<ColumnMask> masks = policySet.columnMasks();
    for (int index = 0; index < masks.size(); index++) {
      ColumnMask mask = masks.get(index);
      IndexedMask indexed = new IndexedMask(index, mask);
      if (mask.column().isPresent()) {
        Securable table = mask.column().get().tableOnly();
        add(byTable, tableName(table), indexed);
        names.putIfAbsent(table.qualifiedName(), table);
      } else {
        add(byTag, mask.tag().get().tag(), indexed);
      }
    }
    this.masksByTable = byTable;
    this.masksByTag = byTag;

    Map<String, List<Grant>> tableGrants = new HashMap<>();
    Map<String, List<Grant>> schemaGrantMap = new HashMap<>();
    List<Grant> schemaGrantList = new ArrayList<>();
    Map<String, List<Grant>> catalogGrantMap = new HashMap<>();
    List<Grant> catalogGrantList = new ArrayList<>();
    for (Grant grant : policySet.grants()) {
      Securable securable = grant.securable();
      switch (securable.level()) {
        case COLUMN:
        case TABLE:
          add(tableGrants, tableName(securable), grant);
          names.putIfAbsent(securable.tableOnly().qualifiedName(), securable.tableOnly());
          break;
        case SCHEMA:
          add(schemaGrantMap, securable.schema().get(), grant);
          schemaGrantList.add(grant);
          break;
        case CATALOG:
          add(catalogGrantMap, securable.catalog().get(), grant);
          catalogGrantList.add(grant);
          break;
      }
    }
    this.tableGrantsByTable = tableGrants;
    this.schemaGrantsBySchema = schemaGrantMap;
    this.schemaGrants = schemaGrantList;
    this.catalogGrantsByCatalog = catalogGrantMap;
    this.catalogGrants = catalogGrantList;

    Map<String, List<TagOnObject>> tags = new HashMap<>();
    for (Tag tag : policySet.tags()) {
      for (TagAssignment assignment : tag.assignments()) {
        SecurableLevel level = assignment.target().level();
        if (level == SecurableLevel.TABLE || level == SecurableLevel.COLUMN) {
          add(tags, tableName(assignment.target()), new TagOnObject(tag.name(), assignment));
        }
      }
    }
    this.tagsByTable = tags;

    Map<String, List<Securable>> nameIndex = new HashMap<>();
    for (Securable name : names.values()) {
      add(nameIndex, tableName(name).toLowerCase(Locale.ROOT), name);
    }
    this.namesByTable = nameIndex;
    // A resolved principal and a compiled table depend on the (immutable) policy set only, so
    // they are worked out once and shared by every later decision.
    this.resolvedPrincipals = new NamedCache<>(PRINCIPAL_CACHE_BOUND, Evaluator::sameContext);
    this.resolveUncached = this::resolveUncached;
    this.compiledTables = new NamedCache<>(TABLE_CACHE_BOUND, Evaluator::sameTable);
    this.compileTable = name -> compileTable(name.tableOnly());
  }

  /**
   * Compiles the policy set's indexes with {@link EvaluationOptions#defaults()}; the result answers
   * any number of decisions.
   */
  public static Evaluator compile(PolicySet policySet) {
    return compile(policySet, EvaluationOptions.defaults());
  }

  /**
   * Compiles the policy set's indexes; the result answers any number of decisions. Of the options,
   * the evaluator reads {@link EvaluationOptions#assumeAccessWithoutGrants()}.
   */
  public static Evaluator compile(PolicySet policySet, EvaluationOptions options) {
    return new Evaluator(
        requireNonNull(policySet, "policySet is null"), requireNonNull(options, "options is null"));
  }

  public PolicySet policySet() {
    return policySet;
  }

  public EvaluationOptions options() {
    return options;
  }

  /**
   * The roles in effect for the caller (scope IN_SESSION): the user's own name, the session roles
   * and what they inherit, in discovery order.
   */
  public Set<String> effectiveRoles(PrincipalContext context) {
    return resolve(requireNonNull(context, "context is null")).effectiveRoles();
  }

  /**
   * Whether {@code subject} (a grantee, or whom a filter, mask or rule applies to) takes in the
   * caller, by the same test the decisions use; an attribute the context lacks does not match.
   */
  public boolean applies(Subject subject, PrincipalContext context) {
    requireNonNull(subject, "subject is null");
    return resolve(requireNonNull(context, "context is null")).matches(subject);
  }

  /**
   * Resolves a dotted name, as qualified in the source, to a table the policy set knows (from its
   * tables, row filters, masks and grants). A suffix ({@code schema.table} or {@code table}) is
   * enough when only one known table ends with it; names are compared exactly, and
   * case-insensitively only when nothing matches exactly.
   *
   * @throws PassportException UNKNOWN_TABLE (with close names when there are some), or
   *     AMBIGUOUS_NAME listing the candidates
   */
  public Securable resolveTable(String name) {
    requireNonNull(name, "name is null");
    List<String> parts = List.of(name.trim().split("\\.", -1));
    if (name.isBlank() || parts.size() > 3 || parts.stream().anyMatch(String::isBlank)) {
      throw new PassportException(
          ErrorCode.UNKNOWN_TABLE, "'" + name + "' is not a table name (catalog.schema.table)");
    }
    List<Securable> candidates =
        namesByTable.getOrDefault(parts.get(parts.size() - 1).toLowerCase(Locale.ROOT), List.of());
    List<Securable> matches = suffixMatches(candidates, parts, false);
    if (matches.isEmpty()) {
      matches = suffixMatches(candidates, parts, true);
    }
    if (matches.size() == 1) {
      Table table = tablesByQualifiedName.get(matches.get(0).qualifiedName());
      return table != null ? table.name() : matches.get(0);
    }
    if (matches.size() > 1) {
      List<String> listed = new ArrayList<>();
      for (Securable match : matches) {
        listed.add(match.qualifiedName());
      }
      throw new PassportException(
          ErrorCode.AMBIGUOUS_NAME,
          "Table name '" + name + "' is ambiguous; it matches " + String.join(", ", listed));
    }
    throw new PassportException(ErrorCode.UNKNOWN_TABLE, unknownTableMessage(name, parts));
  }

  private static List<Securable> suffixMatches(
      List<Securable> candidates, List<String> parts, boolean ignoreCase) {
    List<Securable> matches = new ArrayList<>();
    for (Securable candidate : candidates) {
      if (endsWith(candidate.parts(), parts, ignoreCase)) {
        matches.add(candidate);
      }
    }
    // One table is often named more and less qualified (a filter on schema.t, a table entry
    // catalog.schema.t): the less qualified spelling is the same table, not a second candidate.
    List<Securable> distinct = new ArrayList<>();
    for (Securable match : matches) {
      boolean covered = false;
      for (Securable other : matches) {
        if (other != match
            && other.parts().size() > match.parts().size()
            && endsWith(other.parts(), match.parts(), false)) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        distinct.add(match);
      }
    }
    return distinct;
  }

  private static boolean endsWith(List<String> whole, List<String> suffix, boolean ignoreCase) {
    if (suffix.size() > whole.size()) {
      return false;
    }
    int offset = whole.size() - suffix.size();
    for (int index = 0; index < suffix.size(); index++) {
      String left = whole.get(offset + index);
      String right = suffix.get(index);
      if (ignoreCase ? !left.equalsIgnoreCase(right) : !left.equals(right)) {
        return false;
      }
    }
    return true;
  }

  private String unknownTableMessage(String name, List<String> parts) {
    String wanted = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
    Set<String> close = new TreeSet<>();
    for (Map.Entry<String, List<Securable>> entry : namesByTable.entrySet()) {
      if (distance(entry.getKey(), wanted) <= Math.max(1, wanted.length() / 4)) {
        for (Securable securable : entry.getValue()) {
          close.add(securable.qualifiedName());
        }
      }
    }
    String message = "Unknown table '" + name + "'";
    if (!close.isEmpty()) {
      List<String> suggestions = new ArrayList<>(close);
      message +=
          "; did you mean "
              + String.join(", ", suggestions.subList(0, Math.min(5, suggestions.size())))
              + "?";
    }
    return message;
  }

  private static int distance(String left, String right) {
    int[] previous = new int[right.length() + 1];
    int[] current = new int[right.length() + 1];
    for (int column = 0; column <= right.length(); column++) {
      previous[column] = column;
    }
    for (int row = 1; row <= left.length(); row++) {
      current[0] = row;
      for (int column = 1; column <= right.length(); column++) {
        int cost = left.charAt(row - 1) == right.charAt(column - 1) ? 0 : 1;
        current[column] =
            Math.min(
                Math.min(current[column - 1] + 1, previous[column] + 1),
                previous[column - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[right.length()];
  }

  /**
   * The decision for the caller, table and action; see the class documentation for the rules.
   *
   * @param table a table (a column securable stands for its table); pass one from {@link
   *     #resolveTable} or the policy set, since a less qualified name is matched against the
   *     policies of every table it is compatible with
   * @throws IllegalArgumentException when {@code table} names a schema or catalog
   */
  public Decision decide(PrincipalContext context, Securable table, Action action) {
    requireNonNull(context, "context is null");
    requireNonNull(table, "table is null");
    requireNonNull(action, "action is null");
    Securable target = tableOf(table);
    CompiledTable compiled = compiledTable(target);
    ResolvedPrincipal principal = resolve(context);
    Reasons reasons = Reasons.recording();
    Access access = access(principal, compiled, action, reasons);
    Expr rowFilter = FALSE;
    List<RowFilter> appliedFilters = new ArrayList<>();
    if (access.allowed()) {
      rowFilter = rowFilter(principal, compiled, action, reasons, appliedFilters);
    } else {
      reasons.add(() -> "no rows: access is denied");
    }
    List<CompiledColumn> columns = compiled.columns();
    ColumnDecision[] decisions = new ColumnDecision[columns.size()];
    Map<String, ColumnMask> appliedMasks = new LinkedHashMap<>();
    for (int index = 0; index < decisions.length; index++) {
      CompiledColumn column = columns.get(index);
      decisions[index] = column(principal, compiled, column, access, reasons, appliedMasks);
    }
    // The policy set's name for a known table; otherwise the caller's, spelling and all.
    return new Decision(
        compiled.entry().isPresent() ? compiled.name() : target,
        action,
        access.allowed(),
        reasons.toList(),
        access.grantedBy(),
        rowFilter,
        compiled.columnMap(decisions),
        appliedFilters,
        appliedMasks);
  }

  /**
   * Whether the action is allowed on the table: {@code decide(context, table, action).allowed()},
   * without working out the row filter, the columns or the reasons.
   *
   * @throws IllegalArgumentException when {@code table} names a schema or catalog
   */
  public boolean isAllowed(PrincipalContext context, Securable table, Action action) {
    requireNonNull(context, "context is null");
    requireNonNull(table, "table is null");
    requireNonNull(action, "action is null");
    requireTableOrColumn(table);
    return shortcut(context, table).allowed(action);
  }

  /**
   * The caller's residual row filter: {@code decide(context, table, action).rowFilter()}, without
   * working out the columns or the reasons.
   *
   * @throws IllegalArgumentException when {@code table} names a schema or catalog
   */
  public Expr rowFilter(PrincipalContext context, Securable table, Action action) {
    requireNonNull(context, "context is null");
    requireNonNull(table, "table is null");
    requireNonNull(action, "action is null");
    requireTableOrColumn(table);
    return shortcut(context, table).rowFilter(action);
  }

  /**
   * The caller's decision on one column: {@code decide(context, table, action).columns().get(c)}
   * for a column {@code c} the decision lists, without working out the other columns, the row
   * filter or the reasons. A column the decision would not list (the policy set neither describes
   * nor directly masks it) is decided by the same rules as a listed column of unknown type.
   *
   * @param column a column securable
   * @throws IllegalArgumentException when {@code column} is not a column
   */
  public ColumnDecision column(PrincipalContext context, Securable column, Action action) {
    requireNonNull(context, "context is null");
    requireNonNull(column, "column is null");
    requireNonNull(action, "action is null");
    if (column.column().isEmpty()) {
      throw new IllegalArgumentException("Not a column: " + column);
    }
    Shortcut shortcut = shortcut(context, column);
    if (shortcut.position < 0) {
      Memo memo = shortcut.memo;
      CompiledTable compiled = memo.table;
      return column(
          memo.principal,
          compiled,
          unlistedColumn(compiled, column.column().get()),
          memo.access(action),
          Reasons.DISCARD,
          new HashMap<>());
    }
    return shortcut.column(action);
  }

  /**
   * The mask the evaluator chooses for the caller on one column, by the same rules as {@link
   * #column}: empty when the column is shown as it is or hidden. For a column the decision lists it
   * is {@code decide(...).appliedMasks().get(c)}; for one it does not list (masked only through a
   * tag, say) it is worked out here, so a report can name the rule.
   *
   * @param column a column securable
   * @throws IllegalArgumentException when {@code column} is not a column
   */
  public Optional<ColumnMask> appliedMask(
      PrincipalContext context, Securable column, Action action) {
    requireNonNull(context, "context is null");
    requireNonNull(column, "column is null");
    requireNonNull(action, "action is null");
    if (column.column().isEmpty()) {
      throw new IllegalArgumentException("Not a column: " + column);
    }
    String name = column.column().get();
    Shortcut shortcut = shortcut(context, column);
    if (shortcut.position < 0) {
      Memo memo = shortcut.memo;
      Map<String, ColumnMask> applied = new HashMap<>();
      column(
          memo.principal,
          memo.table,
          unlistedColumn(memo.table, name),
          memo.access(action),
          Reasons.DISCARD,
          applied);
      return Optional.ofNullable(applied.get(name));
    }
    return Optional.ofNullable(
        decide(context, column.tableOnly(), action).appliedMasks().get(name));
  }

  private static void requireTableOrColumn(Securable table) {
    if (table.table().isEmpty()) {
      throw new IllegalArgumentException("A decision is about a table, not " + table);
    }
  }

  private static Securable tableOf(Securable table) {
    Securable target = table.level() == SecurableLevel.COLUMN ? table.tableOnly() : table;
    if (target.level() != SecurableLevel.TABLE) {
      throw new IllegalArgumentException("A decision is about a table, not " + table);
    }
    return target;
  }

  // ---------------------------------------------------------------- principal

  private ResolvedPrincipal resolve(PrincipalContext context) {
    return resolvedPrincipals.get(context.user(), context, resolveUncached);
  }

  /**
   * Filed under the table's bare name and told apart by catalog and schema: hashing or comparing
   * two Securables whole chases a dozen objects per side, which profiling showed to dominate a
   * fast-path call. Spellings of one table, and its columns, share the entry (nothing compiled
   * depends on the spelling).
   *
   * @param table a table or one of its columns
   */
  private CompiledTable compiledTable(Securable table) {
    return compiledTables.get(table.table().get(), table, compileTable);
  }

  private static boolean sameTable(Securable left, Securable right) {
    return left.table().equals(right.table())
        && left.schema().equals(right.schema())
        && left.catalog().equals(right.catalog());
  }

  // ---------------------------------------------------------------- memoised answers

  /**
   * The fast paths' answers for one resolved principal on one compiled table, worked out on first
   * use. They depend only on the principal, the table, the action and the column, all fixed for the
   * life of the evaluator, so keeping them changes no answer; a repeated call is then a lookup or
   * two and a field or array read. Racing calls compute an answer twice, to equal values, and every
   * answer is immutable, so the plain reads need no lock.
   */
  final class Memo {
    private final ResolvedPrincipal principal;
    private final CompiledTable table;
    // Per action, 2 bits: known, then allowed. Updates may race and lose bits, never set wrong
    // ones: a lost bit is only computed again.
    private volatile int allowedBits;
    // Access per action, then the row filter per action, then per action one slot per column of
    // the table, in its order.
    private final AtomicReferenceArray<Object> answers;

    private Memo(ResolvedPrincipal principal, CompiledTable table) {
      this.principal = principal;
      this.table = table;
      this.answers = new AtomicReferenceArray<>(ACTIONS.length * (2 + table.columns().size()));
    }

    boolean allowed(Action action) {
      int bits = allowedBits >>> (2 * action.ordinal());
      if ((bits & 1) != 0) {
        return (bits & 2) != 0;
      }
      boolean allowed = access(action).allowed();
      allowedBits |= (allowed ? 3 : 1) << (2 * action.ordinal());
      return allowed;
    }

    Access access(Action action) {
      Access access = (Access) answers.get(action.ordinal());
      if (access == null) {
        access = Evaluator.this.access(principal, table, action, Reasons.DISCARD);
        answers.set(action.ordinal(), access);
      }
      return access;
    }

    Expr rowFilter(Action action) {
      int slot = ACTIONS.length + action.ordinal();
      Expr residual = (Expr) answers.get(slot);
      if (residual == null) {
        residual =
            allowed(action)
                ? Evaluator.this.rowFilter(
                    principal, table, action, Reasons.DISCARD, new ArrayList<>())
                : FALSE;
        answers.set(slot, residual);
      }
      return residual;
    }

    ColumnDecision column(Action action, int position) {
      int slot = ACTIONS.length * 2 + action.ordinal() * table.columns().size() + position;
      ColumnDecision decision = (ColumnDecision) answers.get(slot);
      if (decision == null) {
        decision =
            Evaluator.this.column(
                principal,
                table,
                table.columns().get(position),
                access(action),
                Reasons.DISCARD,
                new HashMap<>());
        answers.set(slot, decision);
      }
      return decision;
    }
  }

  /**
   * The shortcut for the caller's context and table (or column), found by their value: the slot is
   * chosen by the hashes of the user, table and column names, which the JDK keeps in each string,
   * and a shortcut is told apart by comparing each part by identity first, then by value. An engine
   * that keeps its session's context and table names thus pays a few field reads and reference
   * compares; one that builds them per call, a few short string and list compares and never an
   * identity hash or a new shortcut. On a miss the context is resolved and the table compiled
   * through their caches, and a shortcut to their memo is filed under the arguments' value.
   */
  private Shortcut shortcut(PrincipalContext context, Securable table) {
    // The schema and catalog are left out of the hash: reading their strings costs cache misses on
    // every call, and one table name in several schemas only shares a set of slots.
    int hash = context.user().hashCode() * 0x9E3779B9 + table.table().get().hashCode();
    hash = hash * 31 + hash(table.column());
    int first = (hash ^ (hash >>> 16)) & (SHORTCUTS - 2);
    Shortcut[] slots = shortcuts;
    Shortcut shortcut = slots[first];
    if (shortcut != null && shortcut.matches(context, table)) {
      return shortcut;
    }
    Shortcut second = slots[first + 1];
    if (second != null && second.matches(context, table)) {
      return second;
    }
    CompiledTable compiled = compiledTable(table);
    Memo memo = memo(resolve(context), compiled);
    int position = table.column().isPresent() ? compiled.position(table.column().get()) : -1;
    Shortcut added = new Shortcut(context, table, memo, position);
    // Two ways per set: the newest goes first and the one it displaces second, so two keys that
    // share a set do not evict each other on every call.
    slots[first + 1] = shortcut;
    slots[first] = added;
    return added;
  }

  private static int hash(Optional<String> part) {
    return part.isPresent() ? part.get().hashCode() : 0;
  }

  /**
   * Whether two contexts are equal ({@link PrincipalContext#equals}), comparing the parts that are
   * usually shared or empty first and cheaply: a context built per call holds a new attribute map
   * even when it is empty, and comparing two empty maps through their general equals showed up in
   * profiles.
   */
  static boolean sameContext(PrincipalContext left, PrincipalContext right) {
    return left == right
        || (same(left.user(), right.user())
            && sameList(left.roles(), right.roles())
            && sameList(left.groups(), right.groups())
            && sameAttributes(left.attributes(), left.attributes().size(), right.attributes()));
  }

  private static boolean same(Object left, Object right) {
    return left == right || left.equals(right);
  }

  private static boolean sameList(List<String> left, List<String> right) {
    return left == right || (left.size() == right.size() && left.equals(right));
  }

  private static boolean sameAttributes(
      Map<String, String> left, int leftSize, Map<String, String> right) {
    return left == right || (leftSize == right.size() && (leftSize == 0 || left.equals(right)));
  }

  /**
   * A memo filed by the value of a context and a table (or column), with the memo's answers copied
   * next to it on first use, so a repeated call reads one object. It keeps the parts of the first
   * arguments it was filed for, flat, so that telling it apart reads no further object when the
   * caller passes the same parts again. The answers are immutable and only ever set to the memo's,
   * so racing reads and writes need no lock.
   */
  private static final class Shortcut {
    private final String user;
    private final List<String> roles;
    private final List<String> groups;
    private final Map<String, String> attributes;
    private final int attributeCount;
    private final Optional<String> catalog;
    private final Optional<String> schema;
    private final Optional<String> table;
    private final Optional<String> column;
    private final Memo memo;
    // The column's position in the compiled table, or -1 for a table or an unlisted column.
    private final int position;
    // As Memo.allowedBits.
    private volatile int allowedBits;
    // The row filter per action, then the column's decision per action.
    private final Object[] answers = new Object[2 * ACTIONS.length];

    Shortcut(PrincipalContext context, Securable securable, Memo memo, int position) {
      this.user = context.user();
      this.roles = context.roles();
      this.groups = context.groups();
      this.attributes = context.attributes();
      this.attributeCount = attributes.size();
      this.catalog = securable.catalog();
      this.schema = securable.schema();
      this.table = securable.table();
      this.column = securable.column();
      this.memo = memo;
      this.position = position;
    }

    /**
     * Whether the arguments equal the ones this shortcut was filed for: the context by {@link
     * PrincipalContext#equals}, the table or column by its name parts (as the compiled-table cache
     * compares them, the spelling aside).
     */
    boolean matches(PrincipalContext context, Securable securable) {
      return same(table, securable.table())
          && same(column, securable.column())
          && same(schema, securable.schema())
          && same(catalog, securable.catalog())
          && same(user, context.user())
          && sameList(roles, context.roles())
          && sameList(groups, context.groups())
          && sameAttributes(attributes, attributeCount, context.attributes());
    }

    boolean allowed(Action action) {
      int bits = allowedBits >>> (2 * action.ordinal());
      if ((bits & 1) != 0) {
        return (bits & 2) != 0;
      }
      boolean allowed = memo.allowed(action);
      allowedBits |= (allowed ? 3 : 1) << (2 * action.ordinal());
      return allowed;
    }

    Expr rowFilter(Action action) {
      Expr residual = (Expr) answers[action.ordinal()];
      if (residual == null) {
        residual = memo.rowFilter(action);
        answers[action.ordinal()] = residual;
      }
      return residual;
    }

    ColumnDecision column(Action action) {
      int slot = ACTIONS.length + action.ordinal();
      ColumnDecision decision = (ColumnDecision) answers[slot];
      if (decision == null) {
        decision = memo.column(action, position);
        answers[slot] = decision;
      }
      return decision;
    }
  }

  /**
   * The memo of the principal on the table. Resolved principals are shared by every call with an
   * equal context, so the table files memos by the principal's identity.
   */
  private Memo memo(ResolvedPrincipal principal, CompiledTable table) {
    Memo memo = table.memo(principal);
    if (memo != null) {
      return memo;
    }
    memo = table.addMemo(principal, new Memo(principal, table));
    if (memos.incrementAndGet() > MEMO_BOUND) {
      memos.set(0);
      compiledTables.clear();
      Arrays.fill(shortcuts, null);
    }
    return memo;
  }

  private ResolvedPrincipal resolveUncached(PrincipalContext context) {
    Optional<Principal> user = Optional.ofNullable(principals.get(context.user()));
    boolean inherits = user.isPresent() && !user.get().hasFlag(PrincipalFlag.NO_INHERIT);
    List<String> sessionRoles = context.roles();
    boolean fromPolicySet = sessionRoles.isEmpty();
    Optional<String> primary = Optional.empty();
    if (fromPolicySet) {
      sessionRoles = inherits ? user.get().memberOf() : List.of();
      for (String role : sessionRoles) {
        Principal known = principals.get(role);
        if (known == null || known.kind() != PrincipalKind.GROUP) {
          primary = Optional.of(role);
          break;
        }
      }
    } else {
      primary = Optional.of(sessionRoles.get(0));
    }
    Set<String> effective = new LinkedHashSet<>();
    effective.add(context.user());
    if (fromPolicySet && inherits) {
      effective.addAll(closures.get(context.user()));
    }
    for (String role : sessionRoles) {
      Set<String> closure = closures.get(role);
      if (closure == null) {
        effective.add(role);
      } else {
        effective.addAll(closure);
      }
    }
    Set<String> groups = new LinkedHashSet<>(context.groups());
    if (groups.isEmpty()) {
      for (String role : effective) {
        Principal known = principals.get(role);
        if (known != null && known.kind() == PrincipalKind.GROUP) {
          groups.add(role);
        }
      }
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    user.ifPresent(principal -> attributes.putAll(principal.attributes()));
    attributes.putAll(context.attributes());
    return new ResolvedPrincipal(context.user(), user, primary, effective, groups, attributes);
  }

  /** The principal and everything it inherits, following memberOf edges, cycle-safe. */
  private static Set<String> closure(String start, Map<String, Principal> principals) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.add(start);
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      if (!seen.add(name)) {
        continue;
      }
      Principal principal = principals.get(name);
      if (principal == null || principal.hasFlag(PrincipalFlag.NO_INHERIT)) {
        continue;
      }
      for (String parent : principal.memberOf()) {
        if (!seen.contains(parent)) {
          pending.addLast(parent);
        }
      }
    }
    return Collections.unmodifiableSet(seen);
  }

  // ---------------------------------------------------------------- access

  private Access access(
      ResolvedPrincipal principal, CompiledTable table, Action action, Reasons reasons) {
    if (principal.hasFlag(PrincipalFlag.SUPERUSER)) {
      reasons.add(() -> "allowed: " + principal.user() + " is a superuser");
      return Access.ALL;
    }
    if (isOwner(principal, table.owner())) {
      reasons.add(
          () ->
              "allowed: "
                  + principal.user()
                  + " owns "
                  + table.name()
                  + " (owner "
                  + table.owner().get()
                  + ")");
      return Access.ALL;
    }
    if (policySet.grants().isEmpty()) {
      if (options.assumeAccessWithoutGrants()) {
        reasons.add(() -> "allowed: no grants recorded; access assumed by option");
        return Access.ALL;
      }
      reasons.add(() -> "denied: the policy set records no grants");
      return Access.DENIED;
    }
    Optional<Grant> deny = Optional.empty();
    Optional<Grant> allow = Optional.empty();
    // Column grants are rare: their collections are made only when one matches.
    Map<String, Grant> columnAllows = Map.of();
    Set<String> columnDenies = Set.of();
    for (CompiledGrant compiled : table.grants()) {
      Grant grant = compiled.grant();
      if (!compiled.actions().contains(action) || !principal.matches(grant.grantee())) {
        continue;
      }
      if (grant.effect() == GrantEffect.DENY) {
        if (compiled.column().isPresent()) {
          if (columnDenies.isEmpty()) {
            columnDenies = new LinkedHashSet<>();
          }
          columnDenies.add(compiled.column().get());
        } else if (deny.isEmpty()) {
          deny = Optional.of(grant);
        }
      } else if (compiled.column().isPresent()) {
        if (columnAllows.isEmpty()) {
          columnAllows = new LinkedHashMap<>();
        }
        columnAllows.putIfAbsent(compiled.column().get(), grant);
      } else if (allow.isEmpty()) {
        allow = Optional.of(grant);
      }
    }
    if (deny.isPresent()) {
      Grant denying = deny.get();
      reasons.add(() -> "denied: " + describe(denying));
      return Access.DENIED;
    }
    Set<String> denied = Collections.unmodifiableSet(columnDenies);
    if (allow.isPresent()) {
      Grant allowing = allow.get();
      reasons.add(() -> "allowed: " + describe(allowing));
      return new Access(true, allow, Optional.empty(), denied);
    }
    if (!columnAllows.isEmpty()) {
      Set<String> readable = Collections.unmodifiableSet(columnAllows.keySet());
      Grant first = columnAllows.values().iterator().next();
      reasons.add(() -> "allowed for columns " + readable + " only: " + describe(first));
      return new Access(true, Optional.of(first), Optional.of(readable), denied);
    }
    reasons.add(
        () ->
            "denied: no grant allows "
                + action
                + " on "
                + table.name()
                + " to "
                + principal.user()
                + " (roles "
                + principal.effectiveRoles()
                + ")");
    return Access.DENIED;
  }

  private static boolean isOwner(ResolvedPrincipal principal, Optional<String> owner) {
    return owner.isPresent()
        && (owner.get().equals(principal.user())
            || principal.effectiveRoles().contains(owner.get()));
  }

  private static String describe(Grant grant) {
    return grant.describe() + " (" + grant.origin().location() + ")";
  }

  // ---------------------------------------------------------------- row filter

  /** The residual filter; the filters it was made of are added to {@code applied}. */
  private Expr rowFilter(
      ResolvedPrincipal principal,
      CompiledTable table,
      Action action,
      Reasons reasons,
      List<RowFilter> applied) {
    RowSecurity security = table.security();
    if (!security.enabled()) {
      reasons.add(() -> "all rows: row security is disabled on " + table.name());
      return TRUE;
    }
    if (principal.hasFlag(PrincipalFlag.SUPERUSER)) {
      reasons.add(() -> "all rows: superusers bypass row security");
      return TRUE;
    }
    if (principal.hasFlag(PrincipalFlag.BYPASS_ROW_SECURITY)) {
      reasons.add(() -> "all rows: " + principal.user() + " bypasses row security");
      return TRUE;
    }
    if (security.ownerExempt() && isOwner(principal, table.owner())) {
      reasons.add(() -> "all rows: the owner is exempt from row security");
      return TRUE;
    }
    if (principal.matches(security.exempt())) {
      reasons.add(
          () ->
              "all rows: " + principal.user() + " is exempt from row security on " + table.name());
      return TRUE;
    }
    List<CompiledFilter> applicable = new ArrayList<>(table.filters().size());
    for (CompiledFilter filter : table.filters()) {
      if (filter.filter().actions().contains(action)
          && principal.matches(filter.filter().appliesTo())) {
        applicable.add(filter);
      }
    }
    if (applicable.isEmpty()) {
      if (security.noneApplicableMeansNoRows()) {
        reasons.add(() -> "no rows: row security is on and no row filter applies");
        return FALSE;
      }
      reasons.add(() -> "all rows: no row filter applies");
      return TRUE;
    }
    PartialEvaluator partial =
        new PartialEvaluator(principal, NO_COLUMN_TAGS, options.unsetAttributesUnknown());
    Expr residual;
    CombinationRule rule = security.combination();
    switch (rule) {
      case ALL_AND:
        residual = Expressions.and(residuals(applicable, partial));
        break;
      case ANY_OR:
        residual = Expressions.or(residuals(applicable, partial));
        break;
      case PERMISSIVE_RESTRICTIVE:
        {
          List<CompiledFilter> permissive = new ArrayList<>();
          List<CompiledFilter> restrictive = new ArrayList<>();
          for (CompiledFilter filter : applicable) {
            (filter.filter().kind() == FilterKind.RESTRICTIVE ? restrictive : permissive)
                .add(filter);
          }
          if (permissive.isEmpty()) {
            for (CompiledFilter filter : restrictive) {
              applied.add(filter.filter());
            }
            reasons.add(() -> "no rows: only restrictive row filters apply, no permissive one");
            return FALSE;
          }
          List<Expr> terms = new ArrayList<>();
          terms.add(Expressions.or(residuals(permissive, partial)));
          terms.addAll(residuals(restrictive, partial));
          residual = Expressions.and(terms);
          break;
        }
      case FIRST_MATCH:
        {
          CompiledFilter first = applicable.get(0);
          for (CompiledFilter filter : applicable) {
            if (filter.filter().priority() < first.filter().priority()) {
              first = filter;
            }
          }
          applicable = List.of(first);
          residual = first.residual(partial);
          break;
        }
      default:
        throw new AssertionError("unreachable: " + rule);
    }
    List<CompiledFilter> combined = applicable;
    for (CompiledFilter filter : combined) {
      applied.add(filter.filter());
    }
    reasons.add(() -> "row filters " + filterNames(combined) + " combined by " + rule);
    if (table.filtersMayHoldOpaque() && PartialEvaluator.containsOpaque(residual)) {
      reasons.add(() -> "the row filter holds SQL Passport does not understand: it admits no row");
    }
    return residual;
  }

  private static List<Expr> residuals(List<CompiledFilter> filters, PartialEvaluator partial) {
    List<Expr> result = new ArrayList<>(filters.size());
    for (CompiledFilter filter : filters) {
      result.add(filter.residual(partial));
    }
    return result;
  }

  private static List<String> filterNames(List<CompiledFilter> filters) {
    List<String> names = new ArrayList<>();
    for (CompiledFilter filter : filters) {
      names.add(filter.filter().name().orElse(filter.filter().origin().location()));
    }
    return names;
  }

  // ---------------------------------------------------------------- columns

  /** The column's decision; the mask it comes from, if any, is put in {@code applied}. */
  private ColumnDecision column(
      ResolvedPrincipal principal,
      CompiledTable table,
      CompiledColumn column,
      Access access,
      Reasons reasons,
      Map<String, ColumnMask> applied) {
    String name = column.name();
    boolean readable =
        access.allowed()
            && !access.deniedColumns().contains(name)
            && (access.readableColumns().isEmpty()
                || access.readableColumns().get().contains(name));
    if (!readable) {
      return column.denied();
    }
    if (principal.hasFlag(PrincipalFlag.SUPERUSER)) {
      return column.identity();
    }
    IndexedMask chosen = best(column.directMasks(), principal);
    if (chosen == null) {
      chosen = best(column.tagMasks(), principal);
    }
    if (chosen == null) {
      return column.identity();
    }
    applied.put(name, chosen.mask());
    return residualMask(principal, name, chosen.mask(), column.tags(), reasons);
  }

  /** The highest-priority mask (first listed on ties) whose subjects match, or null. */
  private static IndexedMask best(List<IndexedMask> masks, ResolvedPrincipal principal) {
    IndexedMask chosen = null;
    for (IndexedMask mask : masks) {
      if (principal.matches(mask.mask().appliesTo())) {
        chosen = chosen == null ? mask : IndexedMask.better(chosen, mask);
      }
    }
    return chosen;
  }

  private ColumnDecision residualMask(
      ResolvedPrincipal principal,
      String column,
      ColumnMask mask,
      Map<String, String> tags,
      Reasons reasons) {
    PartialEvaluator partial =
        new PartialEvaluator(
            principal, tag -> Optional.ofNullable(tags.get(tag)), options.unsetAttributesUnknown());
    List<ConditionalTransform> rules = new ArrayList<>();
    Transform otherwise = null;
    for (MaskRule rule : mask.rules()) {
      if (!principal.matches(rule.subject())) {
        continue;
      }
      Expr condition = partial.apply(rule.condition());
      if (Expressions.isFalseOrNull(condition)) {
        continue;
      }
      Optional<Transform> transform = residualTransform(rule.transform(), partial);
      if (transform.isEmpty() || PartialEvaluator.containsOpaque(condition)) {
        return opaque(column, mask, reasons);
      }
      if (Expressions.isTrue(condition)) {
        otherwise = transform.get();
        break;
      }
      rules.add(new ConditionalTransform(condition, transform.get()));
    }
    if (otherwise == null) {
      Optional<Transform> transform = residualTransform(mask.otherwise(), partial);
      if (transform.isEmpty()) {
        return opaque(column, mask, reasons);
      }
      otherwise = transform.get();
    }
    ColumnDecision decision = new ColumnDecision(column, true, rules, otherwise);
    reasons.add(
        () -> "column " + column + ": " + decision.kindName() + " by mask " + maskName(mask));
    return decision;
  }

  private static String maskName(ColumnMask mask) {
    return mask.name().orElse(mask.origin().location());
  }

  /** The transform with identity folded; empty when it holds opaque SQL. */
  private static Optional<Transform> residualTransform(
      Transform transform, PartialEvaluator partial) {
    if (!(transform instanceof Transform.Expression expression)) {
      return Optional.of(transform);
    }
    Expr residual = partial.apply(expression.expression());
    if (PartialEvaluator.containsOpaque(residual)) {
      return Optional.empty();
    }
    if (residual instanceof Expr.NullLiteral) {
      return Optional.of(new Transform.Nullify());
    }
    if (residual instanceof Expr.Literal literal) {
      return Optional.of(new Transform.Constant(literal));
    }
    return Optional.of(new Transform.Expression(residual));
  }

  private static ColumnDecision opaque(String column, ColumnMask mask, Reasons reasons) {
    reasons.add(
        () ->
            "column "
                + column
                + ": fully masked, mask "
                + maskName(mask)
                + " holds SQL Passport does not understand");
    return new ColumnDecision(column, true, List.of(), new Transform.Nullify());
  }

  // ---------------------------------------------------------------- compiled tables

  /** Gathers what the class documentation's rules need about {@code target} from the indexes. */
  private CompiledTable compileTable(Securable target) {
    Optional<Table> entry = findTable(target);
    Securable table = entry.map(Table::name).orElse(target);
    List<CompiledGrant> grants = new ArrayList<>();
    for (Grant grant : grantsCovering(table)) {
      grants.add(CompiledGrant.of(grant));
    }
    List<CompiledFilter> filters = new ArrayList<>();
    for (RowFilter filter : filtersByTable.getOrDefault(tableName(table), List.of())) {
      if (filter.table().contains(table)) {
        filters.add(compileFilter(filter));
      }
    }
    Map<String, Optional<String>> types = new LinkedHashMap<>();
    if (entry.isPresent()) {
      for (ColumnInfo column : entry.get().columns()) {
        types.putIfAbsent(column.name(), Optional.of(column.type()));
      }
    }
    Map<String, List<IndexedMask>> direct = new HashMap<>();
    for (IndexedMask mask : masksByTable.getOrDefault(tableName(table), List.of())) {
      Securable column = mask.mask().column().get();
      if (column.tableOnly().contains(table)) {
        types.putIfAbsent(column.column().get(), Optional.empty());
        add(direct, column.column().get(), mask);
      }
    }
    Map<String, String> tableTags = new LinkedHashMap<>();
    Map<String, Map<String, String>> columnTags = new HashMap<>();
    for (TagOnObject tag : tagsByTable.getOrDefault(tableName(table), List.of())) {
      Securable tagged = tag.assignment().target();
      if (!tagged.tableOnly().contains(table)) {
        continue;
      }
      if (tagged.level() == SecurableLevel.TABLE) {
        tableTags.putIfAbsent(tag.tag(), tag.assignment().value());
      } else {
        columnTags
            .computeIfAbsent(tagged.column().get(), key -> new LinkedHashMap<>())
            .putIfAbsent(tag.tag(), tag.assignment().value());
      }
    }
    Map<String, String> sharedTableTags = Collections.unmodifiableMap(tableTags);
    Map<String, Map<String, String>> ownTags = new HashMap<>();
    columnTags.forEach((column, tags) -> ownTags.put(column, Collections.unmodifiableMap(tags)));
    List<CompiledColumn> columns = new ArrayList<>(types.size());
    for (Map.Entry<String, Optional<String>> column : types.entrySet()) {
      Map<String, String> tags =
          CompiledTable.mergeTags(
              sharedTableTags, Optional.ofNullable(ownTags.get(column.getKey())));
      columns.add(
          CompiledColumn.of(
              column.getKey(),
              column.getValue(),
              direct.getOrDefault(column.getKey(), List.of()),
              tagMasks(tags, column.getValue()),
              tags));
    }
    return new CompiledTable(
        table, entry, grants, filters, columns, sharedTableTags, Map.copyOf(ownTags));
  }

  /** A column the table's decisions do not list: no direct mask, no known type. */
  private CompiledColumn unlistedColumn(CompiledTable table, String column) {
    Map<String, String> tags = table.tagsOf(column);
    return CompiledColumn.of(
        column, Optional.empty(), List.of(), tagMasks(tags, Optional.empty()), tags);
  }

  /** The tag masks whose tag reference (name, value, data type) matches a column. */
  private List<IndexedMask> tagMasks(Map<String, String> tags, Optional<String> type) {
    List<IndexedMask> candidates = new ArrayList<>();
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      for (IndexedMask mask : masksByTag.getOrDefault(tag.getKey(), List.of())) {
        TagReference reference = mask.mask().tag().get();
        if (reference.value().isPresent() && !reference.value().get().equals(tag.getValue())) {
          continue;
        }
        if (reference.dataType().isPresent()
            && (type.isEmpty() || !reference.dataType().get().equalsIgnoreCase(type.get()))) {
          continue;
        }
        candidates.add(mask);
      }
    }
    return candidates;
  }

  private static CompiledFilter compileFilter(RowFilter filter) {
    Expr predicate = filter.predicate();
    Optional<Expr> fixed = Optional.empty();
    if (!PartialEvaluator.dependsOnIdentity(predicate)) {
      // Without identity values, folding gives the same tree for every principal.
      fixed = Optional.of(new PartialEvaluator(ANONYMOUS, NO_COLUMN_TAGS, false).apply(predicate));
    }
    return new CompiledFilter(filter, fixed, PartialEvaluator.containsOpaque(predicate));
  }

  /** Grants on the table, its columns, its schema and its catalog, from the indexes only. */
  private List<Grant> grantsCovering(Securable table) {
    List<Grant> result = new ArrayList<>();
    for (Grant grant : tableGrantsByTable.getOrDefault(tableName(table), List.of())) {
      if (grant.securable().tableOnly().contains(table)) {
        result.add(grant);
      }
    }
    List<Grant> schemaLevel =
        table.schema().isPresent()
            ? schemaGrantsBySchema.getOrDefault(table.schema().get(), List.of())
            : schemaGrants;
    for (Grant grant : schemaLevel) {
      if (grant.securable().contains(table)) {
        result.add(grant);
      }
    }
    List<Grant> catalogLevel =
        table.catalog().isPresent()
            ? catalogGrantsByCatalog.getOrDefault(table.catalog().get(), List.of())
            : catalogGrants;
    for (Grant grant : catalogLevel) {
      if (grant.securable().contains(table)) {
        result.add(grant);
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- indexes

  private Optional<Table> findTable(Securable target) {
    Table exact = tablesByQualifiedName.get(target.qualifiedName());
    if (exact != null) {
      return Optional.of(exact);
    }
    for (Table table : tablesByName.getOrDefault(tableName(target), List.of())) {
      if (table.name().contains(target)) {
        return Optional.of(table);
      }
    }
    return Optional.empty();
  }

  private static String tableName(Securable securable) {
    return securable.table().orElseThrow();
  }

  private static <T> void add(Map<String, List<T>> index, String key, T value) {
    index.computeIfAbsent(key, ignored -> new ArrayList<>()).add(value);
  }

  private record TagOnObject(String tag, TagAssignment assignment) {}

  /**
   * The outcome of the grant check: {@code readableColumns} empty means every column; {@code
   * deniedColumns} are excluded either way.
   */
  private record Access(
      boolean allowed,
      Optional<Grant> grantedBy,
      Optional<Set<String>> readableColumns,
      Set<String> deniedColumns) {
    static final Access ALL = new Access(true, Optional.empty(), Optional.empty(), Set.of());
    static final Access DENIED = new Access(false, Optional.empty(), Optional.empty(), Set.of());
  }
}
