package dev.passport.enforce.diff;

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
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Subject;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
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
  /** The axes compared and the differences found. */
  record Outcome(
      List<DiffPrincipal> principals, List<Securable> tables, List<AccessDifference> differences) {}

  /** One table of the union, under each side's own name for it. */
  private record ComparedTable(
      Securable display, Securable leftName, Securable rightName, Set<String> columns) {}

  private final PolicySet left;
  private final PolicySet right;
  private final Action action;
  private final Evaluator leftEvaluator;
  private final Evaluator rightEvaluator;
  private final SqlDialect leftDialect;
  private final SqlDialect rightDialect;

  private EffectiveAccessDiff(PolicySet left, PolicySet right, PolicyDiffOptions options) {
    this.left = left;
    this.right = right;
    this.action = options.action();
    this.leftEvaluator = Evaluator.compile(left, options.evaluation());
    this.rightEvaluator = Evaluator.compile(right, options.evaluation());
    this.leftDialect = SqlDialect.forSystem(left.source().system());
    this.rightDialect = SqlDialect.forSystem(right.source().system());
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
    List<Securable> tableNames = new ArrayList<>();
    for (ComparedTable table : tables) {
      tableNames.add(table.display());
    }
    return new Outcome(principals, tableNames, differences);
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
    compareRows(principal, table, leftDecision.rowFilter(), rightDecision.rowFilter(), differences);
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
                    columnOrigins(left, table.leftName(), column)),
                new DiffSide(
                    DiffDescriptions.column(rightColumn, rightDialect),
                    columnOrigins(right, table.rightName(), column)),
                stricter.get()));
      }
    }
  }

  private void compareRows(
      DiffPrincipal principal,
      ComparedTable table,
      Expr leftFilter,
      Expr rightFilter,
      List<AccessDifference> differences) {
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
                DiffDescriptions.rows(leftFilter, leftDialect),
                filterOrigins(left, table.leftName())),
            new DiffSide(
                DiffDescriptions.rows(rightFilter, rightDialect),
                filterOrigins(right, table.rightName())),
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

  private List<Origin> filterOrigins(PolicySet set, Securable table) {
    List<Origin> origins = new ArrayList<>();
    for (RowFilter filter : set.rowFilters()) {
      if (compatible(filter.table(), table) && filter.actions().contains(action)) {
        origins.add(filter.origin());
      }
    }
    return origins;
  }

  private static List<Origin> columnOrigins(PolicySet set, Securable table, String column) {
    Set<String> tags = new HashSet<>();
    for (Tag tag : set.tags()) {
      for (TagAssignment assignment : tag.assignments()) {
        Securable target = assignment.target();
        boolean onColumn =
            target.level() == SecurableLevel.COLUMN
                && target.column().get().equals(column)
                && compatible(target.tableOnly(), table);
        boolean onTable = target.level() == SecurableLevel.TABLE && compatible(target, table);
        if (onColumn || onTable) {
          tags.add(tag.name());
        }
      }
    }
    List<Origin> origins = new ArrayList<>();
    for (ColumnMask mask : set.columnMasks()) {
      boolean direct =
          mask.column().isPresent()
              && mask.column().get().column().get().equals(column)
              && compatible(mask.column().get().tableOnly(), table);
      boolean tagged = mask.tag().isPresent() && tags.contains(mask.tag().get().tag());
      if (direct || tagged) {
        origins.add(mask.origin());
      }
    }
    for (Grant grant : set.grants()) {
      Securable securable = grant.securable();
      if (securable.level() == SecurableLevel.COLUMN
          && securable.column().get().equals(column)
          && compatible(securable.tableOnly(), table)) {
        origins.add(grant.origin());
      }
    }
    return origins;
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
