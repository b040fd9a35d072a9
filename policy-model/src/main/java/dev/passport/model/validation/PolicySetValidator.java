package dev.passport.model.validation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.Expr;
import dev.passport.model.Grant;
import dev.passport.model.Loss;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.Parameter;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalKind;
import dev.passport.model.RowFilter;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Subject;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import dev.passport.model.View;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a {@link PolicySet} for inconsistencies its types cannot rule out, the checks behind
 * {@code passport validate}. Each finding carries the JSON path of the element in the set's JSON
 * form.
 *
 * <p>Errors: a principal reference (subject, {@code memberOf}, owner, {@code runAs}) to a name the
 * set does not declare, when the set declares principals at all (a set read from DDL alone may know
 * none, and is not faulted for it); a filter or mask on a table the set does not declare, when it
 * declares tables; a mask on a column its table does not have; an attachment naming a missing
 * definition or one of the wrong kind; bindings to unknown parameters or columns; a principal,
 * table or definition declared twice.
 *
 * <p>Warnings: group tests are only checked when the set declares groups (Trino and Ranger groups
 * come from the identity provider); role and group names inside expressions are only warned about,
 * as systems such as Snowflake accept any text there; an {@link Expr.Opaque} without a {@link Loss}
 * for its element's origin; a grant on an undeclared table; role membership cycles; row filters of
 * equal priority on a first-match table.
 */
public final class PolicySetValidator {
  private static final int MAX_CYCLE_NAMES = 10;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private PolicySetValidator() {}

  /** The problems of the set, in document order; empty when there are none. */
  public static List<ValidationProblem> validate(PolicySet set) {
    requireNonNull(set, "set is null");
    return new Run(set).validate();
  }

  /** A child expression and its member path relative to its parent. */
  private record Child(String member, Expr expr) {}

  /** One validation of one set. */
  private static final class Run {
    private final PolicySet set;
    private final List<ValidationProblem> problems = new ArrayList<>();
    private final Map<String, Integer> principalIndexes = new LinkedHashMap<>();
    private final boolean groupsDeclared;

    Run(PolicySet set) {
      this.set = set;
      boolean groups = false;
      for (Principal principal : set.principals()) {
        groups |= principal.kind() == PrincipalKind.GROUP;
      }
      this.groupsDeclared = groups;
    }

    List<ValidationProblem> validate() {
      checkPrincipals();
      checkTables();
      checkGrants();
      checkDefinitions();
      checkRowFilters();
      checkColumnMasks();
      checkViews();
      return List.copyOf(problems);
    }

    private void checkPrincipals() {
      List<Principal> principals = set.principals();
      for (int index = 0; index < principals.size(); index++) {
        String name = principals.get(index).name();
        Integer first = principalIndexes.putIfAbsent(name, index);
        if (first != null) {
          error(
              "$.principals[" + index + "].name",
              "principal '" + name + "' is declared twice (first at $.principals[" + first + "])");
        }
      }
      for (int index = 0; index < principals.size(); index++) {
        List<String> memberOf = principals.get(index).memberOf();
        for (int edge = 0; edge < memberOf.size(); edge++) {
          principalReference(
              memberOf.get(edge),
              "$.principals[" + index + "].memberOf[" + edge + "]",
              "role",
              Severity.ERROR);
        }
      }
      checkMembershipCycles();
    }

    /**
     * Depth-first search over {@code memberOf} edges, iterative so that a long chain of roles
     * cannot overflow the stack; every edge back into the current path closes a cycle.
     */
    private void checkMembershipCycles() {
      Map<String, Integer> state = new HashMap<>();
      for (String start : principalIndexes.keySet()) {
        if (state.containsKey(start)) {
          continue;
        }
        Deque<String> path = new ArrayDeque<>();
        Deque<int[]> nextEdge = new ArrayDeque<>();
        path.addLast(start);
        nextEdge.addLast(new int[] {0});
        state.put(start, 1);
        while (!path.isEmpty()) {
          String current = path.peekLast();
          int principalIndex = principalIndexes.get(current);
          List<String> memberOf = set.principals().get(principalIndex).memberOf();
          int[] cursor = nextEdge.peekLast();
          if (cursor[0] == memberOf.size()) {
            state.put(current, 2);
            path.removeLast();
            nextEdge.removeLast();
            continue;
          }
          int edge = cursor[0]++;
          String target = memberOf.get(edge);
          if (!principalIndexes.containsKey(target)) {
            continue;
          }
          Integer targetState = state.get(target);
          if (targetState == null) {
            state.put(target, 1);
            path.addLast(target);
            nextEdge.addLast(new int[] {0});
          } else if (targetState == 1) {
            warning(
                "$.principals[" + principalIndex + "].memberOf[" + edge + "]",
                "role membership cycle: " + cycle(path, target));
          }
        }
      }
    }

    /** The cycle closed by an edge back to {@code target}; long cycles are shortened. */
    private static String cycle(Deque<String> path, String target) {
      List<String> names = new ArrayList<>();
      boolean inCycle = false;
      for (String name : path) {
        inCycle |= name.equals(target);
        if (inCycle) {
          names.add(name);
        }
      }
      StringBuilder text = new StringBuilder();
      for (int index = 0; index < names.size(); index++) {
        if (index == MAX_CYCLE_NAMES && names.size() > MAX_CYCLE_NAMES + 1) {
          text.append("(").append(names.size() - MAX_CYCLE_NAMES - 1).append(" more) -> ");
          index = names.size() - 1;
        }
        text.append(names.get(index)).append(" -> ");
      }
      return text.append(target).toString();
    }

    private void checkTables() {
      Map<String, Integer> seen = new HashMap<>();
      List<Table> tables = set.tables();
      for (int index = 0; index < tables.size(); index++) {
        Table table = tables.get(index);
        String path = "$.tables[" + index + "]";
        Integer first = seen.putIfAbsent(table.name().qualifiedName(), index);
        if (first != null) {
          error(
              path + ".name",
              "table " + table.name() + " is declared twice (first at $.tables[" + first + "])");
        }
        if (table.owner().isPresent()) {
          principalReference(table.owner().get(), path + ".owner", "owner", Severity.ERROR);
        }
        checkSubject(table.rowSecurity().exempt(), path + ".rowSecurity.exempt");
        if (table.rowSecurity().enabled()
            && table.rowSecurity().combination() == CombinationRule.FIRST_MATCH) {
          checkFirstMatchPriorities(table);
        }
      }
    }

    /** Under first match, filters of equal priority leave the winner to chance. */
    private void checkFirstMatchPriorities(Table table) {
      Map<Integer, Integer> byPriority = new HashMap<>();
      List<RowFilter> filters = set.rowFilters();
      for (int index = 0; index < filters.size(); index++) {
        RowFilter filter = filters.get(index);
        if (!table.name().contains(filter.table())) {
          continue;
        }
        Integer first = byPriority.putIfAbsent(filter.priority(), index);
        if (first != null) {
          warning(
              "$.rowFilters[" + index + "].priority",
              "row filters $.rowFilters["
                  + first
                  + "] and $.rowFilters["
                  + index
                  + "] on "
                  + table.name()
                  + " have the same priority "
                  + filter.priority()
                  + " under first_match; which applies first is undefined");
        }
      }
    }

    private void checkGrants() {
      List<Grant> grants = set.grants();
      for (int index = 0; index < grants.size(); index++) {
        Grant grant = grants.get(index);
        String path = "$.grants[" + index + "]";
        checkSubject(grant.grantee(), path + ".grantee");
        Securable securable = grant.securable();
        SecurableLevel level = securable.level();
        if (set.tables().isEmpty()
            || (level != SecurableLevel.TABLE && level != SecurableLevel.COLUMN)) {
          continue;
        }
        // Grants are often read more widely than table metadata, hence only a warning.
        Optional<Table> table = table(securable);
        if (table.isEmpty() && !isView(securable)) {
          warning(
              path + ".securable",
              "grant on "
                  + securable.tableOnly()
                  + ", which is not among the set's tables or views");
        } else if (table.isPresent()
            && level == SecurableLevel.COLUMN
            && !table.get().columns().isEmpty()
            && table.get().column(securable.column().get()).isEmpty()) {
          warning(
              path + ".securable",
              "grant on column '"
                  + securable.column().get()
                  + "', which table "
                  + table.get().name()
                  + " does not have");
        }
      }
    }

    private void checkDefinitions() {
      Map<String, Integer> seen = new HashMap<>();
      List<Definition> definitions = set.definitions();
      for (int index = 0; index < definitions.size(); index++) {
        Definition definition = definitions.get(index);
        String path = "$.definitions[" + index + "]";
        Integer first = seen.putIfAbsent(definition.name(), index);
        if (first != null) {
          error(
              path + ".name",
              "definition '"
                  + definition.name()
                  + "' is declared twice (first at $.definitions["
                  + first
                  + "])");
        }
        if (definition.body() instanceof DefinitionBody.Predicate predicate) {
          checkExpr(predicate.predicate(), path + ".body.predicate", definition.origin());
        } else {
          DefinitionBody.Mask mask = (DefinitionBody.Mask) definition.body();
          checkMaskRules(mask.rules(), path + ".body.rules", definition.origin());
          checkTransform(mask.otherwise(), path + ".body.otherwise", definition.origin());
        }
      }
    }

    private void checkRowFilters() {
      List<RowFilter> filters = set.rowFilters();
      for (int index = 0; index < filters.size(); index++) {
        RowFilter filter = filters.get(index);
        String path = "$.rowFilters[" + index + "]";
        Optional<Table> table = table(filter.table());
        if (table.isEmpty() && !set.tables().isEmpty()) {
          error(
              path + ".table",
              "row filter on " + filter.table() + ", which is not among the set's tables");
        }
        checkExpr(filter.predicate(), path + ".predicate", filter.origin());
        if (filter.check().isPresent()) {
          checkExpr(filter.check().get(), path + ".check", filter.origin());
        }
        checkSubject(filter.appliesTo(), path + ".appliesTo");
        checkAttachment(
            filter.definition(), filter.bindings(), table, path, DefinitionBody.Predicate.class);
        if (filter.runAs().isPresent()) {
          principalReference(filter.runAs().get(), path + ".runAs", "principal", Severity.ERROR);
        }
      }
    }

    private void checkColumnMasks() {
      List<ColumnMask> masks = set.columnMasks();
      for (int index = 0; index < masks.size(); index++) {
        ColumnMask mask = masks.get(index);
        String path = "$.columnMasks[" + index + "]";
        Optional<Table> table = Optional.empty();
        if (mask.column().isPresent()) {
          Securable column = mask.column().get();
          table = table(column);
          if (table.isEmpty() && !set.tables().isEmpty()) {
            error(
                path + ".column",
                "mask on " + column + ", whose table is not among the set's tables");
          } else if (table.isPresent()
              && !table.get().columns().isEmpty()
              && table.get().column(column.column().get()).isEmpty()) {
            error(
                path + ".column",
                "mask on column '"
                    + column.column().get()
                    + "', which table "
                    + table.get().name()
                    + " does not have");
          }
        }
        checkMaskRules(mask.rules(), path + ".rules", mask.origin());
        checkTransform(mask.otherwise(), path + ".otherwise", mask.origin());
        checkSubject(mask.appliesTo(), path + ".appliesTo");
        checkAttachment(mask.definition(), mask.bindings(), table, path, DefinitionBody.Mask.class);
      }
    }

    private void checkViews() {
      List<View> views = set.views();
      for (int index = 0; index < views.size(); index++) {
        View view = views.get(index);
        if (view.owner().isPresent()) {
          principalReference(
              view.owner().get(), "$.views[" + index + "].owner", "owner", Severity.ERROR);
        }
      }
    }

    /** The definition an attachment names, and how table columns bind to its parameters. */
    private void checkAttachment(
        Optional<String> definitionName,
        Map<String, String> bindings,
        Optional<Table> table,
        String path,
        Class<? extends DefinitionBody> expectedBody) {
      Optional<Definition> definition = Optional.empty();
      if (definitionName.isPresent()) {
        definition = set.definition(definitionName.get());
        if (definition.isEmpty()) {
          error(path + ".definition", "no definition named '" + definitionName.get() + "'");
        } else if (!expectedBody.isInstance(definition.get().body())) {
          error(
              path + ".definition",
              "definition '"
                  + definitionName.get()
                  + "' has a "
                  + (definition.get().body() instanceof DefinitionBody.Mask ? "mask" : "predicate")
                  + " body and cannot be attached here");
        }
      } else if (!bindings.isEmpty()) {
        error(path + ".bindings", "bindings without a definition to bind to");
      }
      for (Map.Entry<String, String> binding : bindings.entrySet()) {
        String bindingPath = member(path + ".bindings", binding.getKey());
        if (definition.isPresent() && !hasParameter(definition.get(), binding.getKey())) {
          error(
              bindingPath,
              "definition '"
                  + definition.get().name()
                  + "' has no parameter '"
                  + binding.getKey()
                  + "'");
        }
        if (table.isPresent()
            && !table.get().columns().isEmpty()
            && table.get().column(binding.getValue()).isEmpty()) {
          error(
              bindingPath,
              "binds column '"
                  + binding.getValue()
                  + "', which table "
                  + table.get().name()
                  + " does not have");
        }
      }
    }

    private static boolean hasParameter(Definition definition, String name) {
      for (Parameter parameter : definition.parameters()) {
        if (parameter.name().equals(name)) {
          return true;
        }
      }
      return false;
    }

    private void checkMaskRules(List<MaskRule> rules, String path, Origin origin) {
      for (int index = 0; index < rules.size(); index++) {
        MaskRule rule = rules.get(index);
        String rulePath = path + "[" + index + "]";
        checkSubject(rule.subject(), rulePath + ".subject");
        checkExpr(rule.condition(), rulePath + ".condition", origin);
        checkTransform(rule.transform(), rulePath + ".transform", origin);
      }
    }

    private void checkTransform(Transform transform, String path, Origin origin) {
      if (transform instanceof Transform.Expression expression) {
        checkExpr(expression.expression(), path + ".expression", origin);
      }
    }

    private void checkSubject(Subject subject, String path) {
      switch (subject.kind()) {
        case EVERYONE, ATTRIBUTE_EQUALS -> {}
        case HAS_ROLE ->
            principalReference(
                ((Subject.HasRole) subject).role(), path + ".role", "role", Severity.ERROR);
        case IS_USER ->
            principalReference(
                ((Subject.IsUser) subject).user(), path + ".user", "user", Severity.ERROR);
        case IN_GROUP ->
            groupReference(((Subject.InGroup) subject).group(), path + ".group", Severity.ERROR);
        case ANY_OF -> checkSubjects(((Subject.AnyOf) subject).subjects(), path + ".subjects");
        case ALL_OF -> checkSubjects(((Subject.AllOf) subject).subjects(), path + ".subjects");
        case NOT -> checkSubject(((Subject.Not) subject).subject(), path + ".subject");
      }
    }

    private void checkSubjects(List<Subject> subjects, String path) {
      for (int index = 0; index < subjects.size(); index++) {
        checkSubject(subjects.get(index), path + "[" + index + "]");
      }
    }

    /**
     * Walks an expression; {@code origin} is that of the element holding it, which is where a loss
     * for an opaque part must point.
     */
    private void checkExpr(Expr expr, String path, Origin origin) {
      if (expr instanceof Expr.Opaque opaque && !hasLossFor(origin)) {
        warning(
            path,
            "opaque "
                + opaque.dialect().id()
                + " SQL without a loss for its origin ("
                + origin.location()
                + "): it denies or masks fully, and nothing reports why");
      }
      if (expr instanceof Expr.HasRole hasRole
          && hasRole.role() instanceof Expr.StringLiteral role) {
        principalReference(role.value(), path + ".role", "role", Severity.WARNING);
      }
      if (expr instanceof Expr.InGroup inGroup
          && inGroup.group() instanceof Expr.StringLiteral group) {
        groupReference(group.value(), path + ".group", Severity.WARNING);
      }
      for (Child child : children(expr)) {
        checkExpr(child.expr(), path + "." + child.member(), origin);
      }
    }

    private boolean hasLossFor(Origin origin) {
      for (Loss loss : set.losses()) {
        if (origin.object().isPresent()
            ? origin.object().equals(loss.origin().object())
            : origin.equals(loss.origin())) {
          return true;
        }
      }
      return false;
    }

    private void principalReference(String name, String path, String what, Severity severity) {
      if (!set.principals().isEmpty() && !principalIndexes.containsKey(name)) {
        add(severity, path, what + " '" + name + "' is not among the set's principals");
      }
    }

    private void groupReference(String name, String path, Severity severity) {
      if (groupsDeclared && !principalIndexes.containsKey(name)) {
        add(severity, path, "group '" + name + "' is not among the set's principals");
      }
    }

    private Optional<Table> table(Securable securable) {
      if (securable.table().isEmpty()) {
        return Optional.empty();
      }
      Securable wanted = securable.tableOnly();
      for (Table table : set.tables()) {
        if (table.name().contains(wanted)) {
          return Optional.of(table);
        }
      }
      return Optional.empty();
    }

    private boolean isView(Securable securable) {
      Securable wanted = securable.tableOnly();
      for (View view : set.views()) {
        if (view.name().contains(wanted)) {
          return true;
        }
      }
      return false;
    }

    private void error(String path, String message) {
      add(Severity.ERROR, path, message);
    }

    private void warning(String path, String message) {
      add(Severity.WARNING, path, message);
    }

    private void add(Severity severity, String path, String message) {
      problems.add(new ValidationProblem(severity, path, message));
    }
  }

  /** The direct sub-expressions, named by their member in the JSON form. */
  private static List<Child> children(Expr expr) {
    return switch (expr.kind()) {
      case NULL_LITERAL,
          STRING_LITERAL,
          NUMBER_LITERAL,
          BOOLEAN_LITERAL,
          DATE_LITERAL,
          TIMESTAMP_LITERAL,
          COLUMN,
          MASKED_VALUE,
          CURRENT_USER,
          CURRENT_ROLE,
          SESSION_ATTRIBUTE,
          COLUMN_TAG_VALUE,
          OPAQUE ->
          List.of();
      case FUNCTION_CALL -> indexed("arguments", ((Expr.FunctionCall) expr).arguments());
      case COMPARISON ->
          List.of(
              new Child("left", ((Expr.Comparison) expr).left()),
              new Child("right", ((Expr.Comparison) expr).right()));
      case ARITHMETIC ->
          List.of(
              new Child("left", ((Expr.Arithmetic) expr).left()),
              new Child("right", ((Expr.Arithmetic) expr).right()));
      case AND -> indexed("terms", ((Expr.And) expr).terms());
      case OR -> indexed("terms", ((Expr.Or) expr).terms());
      case NOT -> List.of(new Child("term", ((Expr.Not) expr).term()));
      case IN -> {
        List<Child> children = new ArrayList<>();
        children.add(new Child("value", ((Expr.In) expr).value()));
        children.addAll(indexed("list", ((Expr.In) expr).list()));
        yield children;
      }
      case LIKE ->
          List.of(
              new Child("value", ((Expr.Like) expr).value()),
              new Child("pattern", ((Expr.Like) expr).pattern()));
      case IS_NULL -> List.of(new Child("value", ((Expr.IsNull) expr).value()));
      case CASE -> {
        Expr.Case caseExpr = (Expr.Case) expr;
        List<Child> children = new ArrayList<>();
        for (int index = 0; index < caseExpr.whenClauses().size(); index++) {
          Expr.WhenClause clause = caseExpr.whenClauses().get(index);
          children.add(new Child("whenClauses[" + index + "].condition", clause.condition()));
          children.add(new Child("whenClauses[" + index + "].result", clause.result()));
        }
        children.add(new Child("otherwise", caseExpr.otherwise()));
        yield children;
      }
      case CAST -> List.of(new Child("value", ((Expr.Cast) expr).value()));
      case HAS_ROLE -> List.of(new Child("role", ((Expr.HasRole) expr).role()));
      case IN_GROUP -> List.of(new Child("group", ((Expr.InGroup) expr).group()));
      case LOOKUP -> {
        Expr.Lookup lookup = (Expr.Lookup) expr;
        List<Child> children = new ArrayList<>();
        children.add(new Child("condition", lookup.condition()));
        lookup.probe().ifPresent(probe -> children.add(new Child("probe", probe)));
        yield children;
      }
    };
  }

  private static List<Child> indexed(String member, List<Expr> exprs) {
    List<Child> children = new ArrayList<>(exprs.size());
    for (int index = 0; index < exprs.size(); index++) {
      children.add(new Child(member + "[" + index + "]", exprs.get(index)));
    }
    return children;
  }

  private static String member(String parent, String name) {
    if (IDENTIFIER.matcher(name).matches()) {
      return parent + "." + name;
    }
    return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }
}
