package dev.passport.enforce.diff;

import dev.passport.enforce.report.DecidingRules;
import dev.passport.enforce.report.SessionAttributeRules;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.Disclosure;
import dev.passport.model.DisclosureOrder;
import dev.passport.model.Expr;
import dev.passport.model.Grant;
import dev.passport.model.Implication;
import dev.passport.model.Implications;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.sql.SqlDialect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The effective-access half of a diff: both sets compiled, then for every principal and principal
 * class, table and column, what each side discloses, compared by the disclosure order.
 */
final class EffectiveAccessDiff {
  /** The axes compared, the differences found and the notes. */
  record Outcome(
      List<DiffPrincipal> principals,
      List<Securable> tables,
      List<AccessDifference> differences,
      List<AccessNote> notes) {}

  /** One table of the union, under each side's own name for it. */
  private record ComparedTable(
      Securable display, Securable leftName, Securable rightName, Set<String> columns) {}

  /** Session-rule cells in report order: access, rows, then columns by name. */
  private static final Comparator<Cell> CELL_ORDER =
      Comparator.comparing(Cell::aspect).thenComparing(cell -> cell.column().orElse(""));

  private final PolicySet left;
  private final PolicySet right;
  private final Action action;
  private final Evaluator leftEvaluator;
  private final Evaluator rightEvaluator;
  private final SqlDialect leftDialect;
  private final SqlDialect rightDialect;
  private final DecidingRules leftRules;
  private final DecidingRules rightRules;

  private EffectiveAccessDiff(PolicySet left, PolicySet right, PolicyDiffOptions options) {
    this.left = left;
    this.right = right;
    this.action = options.action();
    this.leftEvaluator = Evaluator.compile(left, options.evaluation());
    this.rightEvaluator = Evaluator.compile(right, options.evaluation());
    this.leftDialect = SqlDialect.forSystem(left.source().system());
    this.rightDialect = SqlDialect.forSystem(right.source().system());
    this.leftRules = new DecidingRules(leftEvaluator);
    this.rightRules = new DecidingRules(rightEvaluator);
  }

  static Outcome compare(PolicySet left, PolicySet right, PolicyDiffOptions options) {
    return new EffectiveAccessDiff(left, right, options).run();
  }

  private Outcome run() {
    List<DiffPrincipal> principals = principals();
    List<ComparedTable> tables = tables();
    String stranger = strangerName();
    List<AccessDifference> differences = new ArrayList<>();
    for (DiffPrincipal principal : principals) {
      PrincipalContext context = context(principal, stranger);
      for (ComparedTable table : tables) {
        compareTable(principal, context, table, differences);
      }
    }
    List<AccessNote> notes = new ArrayList<>();
    for (ComparedTable table : tables) {
      compareSessionRules(table, differences, notes);
    }
    List<Securable> tableNames = new ArrayList<>();
    for (ComparedTable table : tables) {
      tableNames.add(table.display());
    }
    return new Outcome(principals, tableNames, differences, notes);
  }

  private void compareTable(
      DiffPrincipal principal,
      PrincipalContext context,
      ComparedTable table,
      List<AccessDifference> differences) {
    Decision leftDecision = leftEvaluator.decide(context, table.leftName(), action);
    Decision rightDecision = rightEvaluator.decide(context, table.rightName(), action);
    if (leftDecision.allowed() != rightDecision.allowed()) {
      differences.add(
          new AccessDifference(
              principal,
              table.display(),
              Optional.empty(),
              AccessAspect.ACCESS,
              accessSide(leftDecision),
              accessSide(rightDecision),
              leftDecision.allowed() ? StricterSide.RIGHT : StricterSide.LEFT));
      // The denied side shows no rows and no columns; saying so per column would only repeat it.
      return;
    }
    if (!leftDecision.allowed()) {
      return;
    }
    compareRows(principal, context, table, leftDecision, rightDecision, differences);
    for (String column : table.columns()) {
      ColumnDecision leftColumn =
          leftEvaluator.column(context, table.leftName().column(column), action);
      ColumnDecision rightColumn =
          rightEvaluator.column(context, table.rightName().column(column), action);
      Optional<StricterSide> stricter = compareColumns(leftColumn, rightColumn);
      if (stricter.isPresent()) {
        differences.add(
            new AccessDifference(
                principal,
                table.display(),
                Optional.of(column),
                AccessAspect.COLUMN,
                new DiffSide(
                    DiffDescriptions.column(leftColumn, leftDialect),
                    columnOrigins(leftRules, context, leftDecision, column)),
                new DiffSide(
                    DiffDescriptions.column(rightColumn, rightDialect),
                    columnOrigins(rightRules, context, rightDecision, column)),
                stricter.get()));
      }
    }
  }

  private void compareRows(
      DiffPrincipal principal,
      PrincipalContext context,
      ComparedTable table,
      Decision leftDecision,
      Decision rightDecision,
      List<AccessDifference> differences) {
    Expr leftFilter = leftDecision.rowFilter();
    Expr rightFilter = rightDecision.rowFilter();
    Expr leftNormalised = DiffNormaliser.expr(leftFilter);
    Expr rightNormalised = DiffNormaliser.expr(rightFilter);
    if (leftNormalised.equals(rightNormalised)) {
      return;
    }
    Optional<StricterSide> stricter =
        stricterFilter(
            Implications.implies(leftNormalised, rightNormalised),
            Implications.implies(rightNormalised, leftNormalised));
    if (stricter.isEmpty()) {
      return;
    }
    differences.add(
        new AccessDifference(
            principal,
            table.display(),
            Optional.empty(),
            AccessAspect.ROW_FILTER,
            new DiffSide(
                DiffDescriptions.rows(leftFilter, leftDialect), filterOrigins(leftDecision)),
            new DiffSide(
                DiffDescriptions.rows(rightFilter, rightDialect), filterOrigins(rightDecision)),
            stricter.get()));
  }

  /**
   * Which filter admits fewer rows, from the implications both ways; empty when they are proved
   * equivalent. A side proved to admit no row the other does not is called stricter even when the
   * converse is undecided: it is at least as strict.
   */
  static Optional<StricterSide> stricterFilter(
      Implication leftImpliesRight, Implication rightImpliesLeft) {
    if (leftImpliesRight == Implication.HOLDS && rightImpliesLeft == Implication.HOLDS) {
      return Optional.empty();
    }
    if (leftImpliesRight == Implication.HOLDS) {
      return Optional.of(StricterSide.LEFT);
    }
    if (rightImpliesLeft == Implication.HOLDS) {
      return Optional.of(StricterSide.RIGHT);
    }
    if (leftImpliesRight == Implication.FAILS && rightImpliesLeft == Implication.FAILS) {
      return Optional.of(StricterSide.NEITHER);
    }
    return Optional.of(StricterSide.UNKNOWN);
  }

  /**
   * Which side discloses less of the column, empty when both disclose the same. A denied column
   * discloses nothing; a transform that depends on the row is compared through every transform it
   * may apply.
   */
  static Optional<StricterSide> compareColumns(ColumnDecision left, ColumnDecision right) {
    if (!left.readable() || !right.readable()) {
      if (left.readable() == right.readable()) {
        return Optional.empty();
      }
      return Optional.of(left.readable() ? StricterSide.RIGHT : StricterSide.LEFT);
    }
    if (sameDecision(left, right)) {
      return Optional.empty();
    }
    boolean leftNeverMore = true;
    boolean rightNeverMore = true;
    for (Transform leftTransform : outcomes(left)) {
      for (Transform rightTransform : outcomes(right)) {
        Disclosure disclosure = DisclosureOrder.compare(leftTransform, rightTransform);
        switch (disclosure) {
          case SAME:
            break;
          case LESS:
            rightNeverMore = false;
            break;
          case MORE:
            leftNeverMore = false;
            break;
          case UNKNOWN:
            return Optional.of(StricterSide.UNKNOWN);
        }
      }
    }
    if (leftNeverMore && rightNeverMore) {
      return Optional.empty();
    }
    if (leftNeverMore) {
      return Optional.of(StricterSide.LEFT);
    }
    if (rightNeverMore) {
      return Optional.of(StricterSide.RIGHT);
    }
    return Optional.of(StricterSide.NEITHER);
  }

  private static boolean sameDecision(ColumnDecision left, ColumnDecision right) {
    if (left.rules().size() != right.rules().size()
        || !DiffNormaliser.transform(left.otherwise())
            .equals(DiffNormaliser.transform(right.otherwise()))) {
      return false;
    }
    for (int index = 0; index < left.rules().size(); index++) {
      ConditionalTransform leftRule = left.rules().get(index);
      ConditionalTransform rightRule = right.rules().get(index);
      if (!DiffNormaliser.expr(leftRule.condition())
              .equals(DiffNormaliser.expr(rightRule.condition()))
          || !DiffNormaliser.transform(leftRule.transform())
              .equals(DiffNormaliser.transform(rightRule.transform()))) {
        return false;
      }
    }
    return true;
  }

  private static List<Transform> outcomes(ColumnDecision decision) {
    List<Transform> transforms = new ArrayList<>();
    for (ConditionalTransform rule : decision.rules()) {
      transforms.add(rule.transform());
    }
    transforms.add(decision.otherwise());
    return transforms;
  }

  private static DiffSide accessSide(Decision decision) {
    if (!decision.allowed()) {
      return new DiffSide("denied", List.of());
    }
    if (decision.grantedBy().isPresent()) {
      Grant grant = decision.grantedBy().get();
      return new DiffSide("allowed by " + grant.describe(), List.of(grant.origin()));
    }
    return new DiffSide("allowed", List.of());
  }

  // ------------------------------------------------------------------------------ origins

  /** The filters the principal's rows were decided by. */
  private static List<Origin> filterOrigins(Decision decision) {
    List<Origin> origins = new ArrayList<>();
    for (RowFilter filter : decision.appliedRowFilters()) {
      origins.add(filter.origin());
    }
    return origins;
  }

  /**
   * The mask chosen for the principal on the column and the column grants that match it (see {@link
   * DecidingRules}).
   */
  private List<Origin> columnOrigins(
      DecidingRules rules, PrincipalContext context, Decision decision, String column) {
    Set<Origin> origins = new LinkedHashSet<>();
    for (ColumnMask mask : rules.masks(context, decision, column, action)) {
      origins.add(mask.origin());
    }
    for (Grant grant : rules.columnGrants(context, decision, column, action)) {
      origins.add(grant.origin());
    }
    return List.copyOf(origins);
  }

  // ------------------------------------------------------------------------------ session rules

  /** Where a rule chosen by a session attribute bears: table access, rows, or one column. */
  private record Cell(AccessAspect aspect, Optional<String> column) {}

  /**
   * A grant, filter or mask whose subject reads a session attribute, with what it is compared by
   * (its content without name and origin, normalised) and how a report names it.
   */
  private record SessionRule(
      Cell cell, List<Object> content, String description, Origin origin, Set<String> tests) {}

  /**
   * Rules chosen by a session attribute value are matched by nobody the diff evaluates, so the
   * evaluated principals agree whatever they say: where the two sides' such rules for one cell
   * differ, that is an UNKNOWN difference for the sessions they test; where they are the same, a
   * note.
   */
  private void compareSessionRules(
      ComparedTable table, List<AccessDifference> differences, List<AccessNote> notes) {
    Map<Cell, List<SessionRule>> leftCells =
        byCell(cellRules(left, table.leftName(), table.columns(), true));
    Map<Cell, List<SessionRule>> rightCells =
        byCell(cellRules(right, table.rightName(), table.columns(), true));
    if (leftCells.isEmpty() && rightCells.isEmpty()) {
      return;
    }
    // What a session gets on a cell also depends on the cell's other rules (a filter for
    // everyone whose priority moved past the session's one): only where those agree too is the
    // cell the same for the sessions.
    Map<Cell, List<SessionRule>> leftAll =
        byCell(cellRules(left, table.leftName(), table.columns(), false));
    Map<Cell, List<SessionRule>> rightAll =
        byCell(cellRules(right, table.rightName(), table.columns(), false));
    boolean sameRowSecurity =
        rowSecurity(left, table.leftName()).equals(rowSecurity(right, table.rightName()));
    Set<Cell> cells = new TreeSet<>(CELL_ORDER);
    cells.addAll(leftCells.keySet());
    cells.addAll(rightCells.keySet());
    for (Cell cell : cells) {
      List<SessionRule> leftRules = leftCells.getOrDefault(cell, List.of());
      List<SessionRule> rightRules = rightCells.getOrDefault(cell, List.of());
      Set<String> tests = new TreeSet<>();
      for (SessionRule rule : leftRules) {
        tests.addAll(rule.tests());
      }
      for (SessionRule rule : rightRules) {
        tests.addAll(rule.tests());
      }
      DiffPrincipal sessions =
          new DiffPrincipal(DiffPrincipalKind.SESSION_ATTRIBUTE, String.join(" or ", tests));
      boolean sameCell =
          contents(leftAll.getOrDefault(cell, List.of()))
                  .equals(contents(rightAll.getOrDefault(cell, List.of())))
              && (cell.aspect() != AccessAspect.ROW_FILTER || sameRowSecurity);
      if (contents(leftRules).equals(contents(rightRules)) && sameCell) {
        notes.add(
            new AccessNote(
                sessions,
                table.display(),
                cell.column(),
                cell.aspect(),
                "both sides choose the same rules by session attribute values; what "
                    + sessions.label()
                    + " get was not evaluated",
                sessionSide(leftRules),
                sessionSide(rightRules)));
      } else {
        differences.add(
            new AccessDifference(
                sessions,
                table.display(),
                cell.column(),
                cell.aspect(),
                sessionSide(leftRules),
                sessionSide(rightRules),
                StricterSide.UNKNOWN));
      }
    }
  }

  private static Optional<RowSecurity> rowSecurity(PolicySet set, Securable table) {
    for (Table candidate : set.tables()) {
      if (compatible(candidate.name(), table)) {
        return Optional.of(candidate.rowSecurity());
      }
    }
    return Optional.empty();
  }

  private static Map<Cell, List<SessionRule>> byCell(List<SessionRule> rules) {
    Map<Cell, List<SessionRule>> cells = new LinkedHashMap<>();
    for (SessionRule rule : rules) {
      cells.computeIfAbsent(rule.cell(), ignored -> new ArrayList<>()).add(rule);
    }
    return cells;
  }

  /** The rules' contents as a multiset, so order and origins do not count. */
  private static Map<List<Object>, Integer> contents(List<SessionRule> rules) {
    Map<List<Object>, Integer> counts = new HashMap<>();
    for (SessionRule rule : rules) {
      counts.merge(rule.content(), 1, Integer::sum);
    }
    return counts;
  }

  private static DiffSide sessionSide(List<SessionRule> rules) {
    if (rules.isEmpty()) {
      return new DiffSide("no rule chosen by a session attribute value", List.of());
    }
    List<String> descriptions = new ArrayList<>();
    List<Origin> origins = new ArrayList<>();
    for (SessionRule rule : rules) {
      descriptions.add(rule.description());
      origins.add(rule.origin());
    }
    return new DiffSide(
        "chosen by session attribute values, not evaluated: " + String.join("; ", descriptions),
        origins);
  }

  private static String maskName(ColumnMask mask) {
    if (mask.name().isPresent()) {
      return mask.name().get();
    }
    if (mask.column().isPresent()) {
      return "on " + mask.column().get().qualifiedName();
    }
    return "on tag " + mask.tag().get().tag();
  }

  /**
   * The grants, filters and masks of the set on the table: those whose subjects read a session
   * value, or with {@code sessionOnly} false all of them.
   */
  private List<SessionRule> cellRules(
      PolicySet set, Securable table, Set<String> columns, boolean sessionOnly) {
    List<SessionRule> rules = new ArrayList<>();
    for (Grant grant : set.grants()) {
      Securable securable = grant.securable();
      if (!grant.allows(action)
          || (sessionOnly && !SessionAttributeRules.readsSessionAttribute(grant.grantee()))) {
        continue;
      }
      Cell cell;
      if (securable.level() == SecurableLevel.COLUMN) {
        if (!compatible(securable.tableOnly(), table)) {
          continue;
        }
        cell = new Cell(AccessAspect.COLUMN, securable.column());
      } else if (securable.level() == SecurableLevel.TABLE
          ? compatible(securable, table)
          : securable.contains(table)) {
        cell = new Cell(AccessAspect.ACCESS, Optional.empty());
      } else {
        continue;
      }
      rules.add(
          new SessionRule(
              cell,
              List.of(
                  "grant",
                  DiffNormaliser.subject(grant.grantee()),
                  new TreeSet<>(grant.privileges()),
                  grant.effect()),
              grant.describe(),
              grant.origin(),
              SessionAttributeRules.conditions(grant.grantee())));
    }
    for (RowFilter filter : set.rowFilters()) {
      if (!compatible(filter.table(), table)
          || !filter.actions().contains(action)
          || (sessionOnly && !SessionAttributeRules.readsSessionAttribute(filter.appliesTo()))) {
        continue;
      }
      RowFilter normalised = DiffNormaliser.rowFilter(filter);
      rules.add(
          new SessionRule(
              new Cell(AccessAspect.ROW_FILTER, Optional.empty()),
              List.of(
                  "row filter",
                  normalised.predicate(),
                  normalised.appliesTo(),
                  normalised.kind(),
                  normalised.priority(),
                  normalised.runAs()),
              "row filter "
                  + filter.name().orElse("on " + filter.table().qualifiedName())
                  + " for "
                  + Subjects.describe(filter.appliesTo()),
              filter.origin(),
              SessionAttributeRules.conditions(filter.appliesTo())));
    }
    Set<String> tableTags = new HashSet<>();
    Map<String, Set<String>> columnTags = new HashMap<>();
    for (Tag tag : set.tags()) {
      for (TagAssignment assignment : tag.assignments()) {
        Securable target = assignment.target();
        if (target.level() == SecurableLevel.TABLE && compatible(target, table)) {
          tableTags.add(tag.name());
        } else if (target.level() == SecurableLevel.COLUMN
            && compatible(target.tableOnly(), table)) {
          columnTags
              .computeIfAbsent(target.column().get(), ignored -> new HashSet<>())
              .add(tag.name());
        }
      }
    }
    for (ColumnMask mask : set.columnMasks()) {
      if (sessionOnly && !SessionAttributeRules.readsSessionAttribute(mask)) {
        continue;
      }
      List<String> masked = new ArrayList<>();
      if (mask.column().isPresent()) {
        if (compatible(mask.column().get().tableOnly(), table)) {
          masked.add(mask.column().get().column().get());
        }
      } else {
        // Value and data type are left out: a tag mask that might reach a column counts there.
        String tag = mask.tag().get().tag();
        for (String column : columns) {
          if (tableTags.contains(tag) || columnTags.getOrDefault(column, Set.of()).contains(tag)) {
            masked.add(column);
          }
        }
      }
      ColumnMask normalised = DiffNormaliser.columnMask(mask);
      for (String column : masked) {
        rules.add(
            new SessionRule(
                new Cell(AccessAspect.COLUMN, Optional.of(column)),
                List.of(
                    "mask",
                    normalised.rules(),
                    normalised.otherwise(),
                    normalised.appliesTo(),
                    normalised.priority(),
                    normalised.tag()),
                "mask "
                    + maskName(mask)
                    + " testing "
                    + String.join(", ", SessionAttributeRules.conditions(mask)),
                mask.origin(),
                SessionAttributeRules.conditions(mask)));
      }
    }
    return rules;
  }

  private static boolean compatible(Securable a, Securable b) {
    return a.contains(b) || b.contains(a);
  }

  // ------------------------------------------------------------------------------ principals

  private List<DiffPrincipal> principals() {
    TreeSet<DiffPrincipal> found =
        new TreeSet<>(
            (a, b) -> {
              int order = a.kind().compareTo(b.kind());
              return order != 0 ? order : a.name().compareTo(b.name());
            });
    for (PolicySet set : List.of(left, right)) {
      for (Principal principal : set.principals()) {
        found.add(new DiffPrincipal(kindOf(principal), principal.name()));
      }
      for (Grant grant : set.grants()) {
        addSubjects(grant.grantee(), found);
      }
      for (RowFilter filter : set.rowFilters()) {
        addSubjects(filter.appliesTo(), found);
      }
      for (ColumnMask mask : set.columnMasks()) {
        addSubjects(mask.appliesTo(), found);
        for (MaskRule rule : mask.rules()) {
          addSubjects(rule.subject(), found);
        }
      }
    }
    List<DiffPrincipal> principals = new ArrayList<>(found);
    principals.add(DiffPrincipal.ANY_OTHER_USER);
    return principals;
  }

  private static DiffPrincipalKind kindOf(Principal principal) {
    return switch (principal.kind()) {
      case USER -> DiffPrincipalKind.USER;
      case ROLE -> DiffPrincipalKind.ROLE;
      case GROUP -> DiffPrincipalKind.GROUP;
    };
  }

  private static void addSubjects(Subject subject, Set<DiffPrincipal> found) {
    switch (subject.kind()) {
      case EVERYONE:
      case ATTRIBUTE_EQUALS:
        return;
      case HAS_ROLE:
        found.add(new DiffPrincipal(DiffPrincipalKind.ROLE, ((Subject.HasRole) subject).role()));
        return;
      case IS_USER:
        found.add(new DiffPrincipal(DiffPrincipalKind.USER, ((Subject.IsUser) subject).user()));
        return;
      case IN_GROUP:
        found.add(new DiffPrincipal(DiffPrincipalKind.GROUP, ((Subject.InGroup) subject).group()));
        return;
      case ANY_OF:
        for (Subject member : ((Subject.AnyOf) subject).subjects()) {
          addSubjects(member, found);
        }
        return;
      case ALL_OF:
        for (Subject member : ((Subject.AllOf) subject).subjects()) {
          addSubjects(member, found);
        }
        return;
      case NOT:
        addSubjects(((Subject.Not) subject).subject(), found);
        return;
    }
    throw new AssertionError("unreachable: " + subject.kind());
  }

  /** A user name neither set knows, for the principal classes. */
  private String strangerName() {
    Set<String> taken = new HashSet<>();
    for (DiffPrincipal principal : principals()) {
      taken.add(principal.name());
    }
    String name = "passport_other_user";
    while (taken.contains(name)) {
      name = name + "_";
    }
    return name;
  }

  private static PrincipalContext context(DiffPrincipal principal, String stranger) {
    return switch (principal.kind()) {
      case USER -> PrincipalContext.user(principal.name());
      case ROLE -> PrincipalContext.user(stranger).withRoles(List.of(principal.name()));
      case GROUP -> PrincipalContext.user(stranger).withGroups(List.of(principal.name()));
      case ANY_OTHER_USER -> PrincipalContext.user(stranger);
      case SESSION_ATTRIBUTE ->
          throw new IllegalArgumentException(
              "sessions by attribute value are not evaluated: " + principal.label());
    };
  }

  // ------------------------------------------------------------------------------ tables

  private List<ComparedTable> tables() {
    Map<String, TableColumns> leftTables = tablesOf(left);
    Map<String, TableColumns> rightTables = tablesOf(right);
    List<ComparedTable> compared = new ArrayList<>();
    Set<String> matchedRight = new HashSet<>();
    for (TableColumns leftTable : leftTables.values()) {
      Optional<TableColumns> match = match(leftTable.table(), rightTables);
      TreeSet<String> columns = new TreeSet<>(leftTable.columns());
      Securable rightName = leftTable.table();
      if (match.isPresent()) {
        matchedRight.add(match.get().table().qualifiedName());
        columns.addAll(match.get().columns());
        rightName = match.get().table();
      }
      compared.add(new ComparedTable(leftTable.table(), leftTable.table(), rightName, columns));
    }
    for (TableColumns rightTable : rightTables.values()) {
      if (!matchedRight.contains(rightTable.table().qualifiedName())) {
        compared.add(
            new ComparedTable(
                rightTable.table(),
                rightTable.table(),
                rightTable.table(),
                new TreeSet<>(rightTable.columns())));
      }
    }
    return compared;
  }

  /** The same name, else the only compatible one (one side qualifies more than the other). */
  private static Optional<TableColumns> match(Securable table, Map<String, TableColumns> tables) {
    TableColumns exact = tables.get(table.qualifiedName());
    if (exact != null) {
      return Optional.of(exact);
    }
    List<TableColumns> compatible = new ArrayList<>();
    for (TableColumns candidate : tables.values()) {
      if (compatible(candidate.table(), table)) {
        compatible.add(candidate);
      }
    }
    return compatible.size() == 1 ? Optional.of(compatible.get(0)) : Optional.empty();
  }

  private record TableColumns(Securable table, Set<String> columns) {}

  private static Map<String, TableColumns> tablesOf(PolicySet set) {
    Map<String, TableColumns> tables = new LinkedHashMap<>();
    for (Table table : set.tables()) {
      TableColumns entry = table(tables, table.name());
      for (ColumnInfo column : table.columns()) {
        entry.columns().add(column.name());
      }
    }
    for (Grant grant : set.grants()) {
      addSecurable(tables, grant.securable());
    }
    for (RowFilter filter : set.rowFilters()) {
      addSecurable(tables, filter.table());
    }
    for (ColumnMask mask : set.columnMasks()) {
      mask.column().ifPresent(column -> addSecurable(tables, column));
    }
    for (Tag tag : set.tags()) {
      for (TagAssignment assignment : tag.assignments()) {
        addSecurable(tables, assignment.target());
      }
    }
    return tables;
  }

  private static void addSecurable(Map<String, TableColumns> tables, Securable securable) {
    if (securable.level() == SecurableLevel.TABLE) {
      table(tables, securable);
    } else if (securable.level() == SecurableLevel.COLUMN) {
      table(tables, securable.tableOnly()).columns().add(securable.column().get());
    }
  }

  private static TableColumns table(Map<String, TableColumns> tables, Securable table) {
    Securable name = DiffNormaliser.securable(table.tableOnly());
    return tables.computeIfAbsent(
        name.qualifiedName(), ignored -> new TableColumns(name, new TreeSet<>()));
  }
}
