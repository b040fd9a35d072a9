package dev.passport.extract.views;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.snowflake.SnowflakePolicies;
import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.Conversion;
import dev.passport.extract.sql.ConversionScope;
import dev.passport.extract.sql.FunctionAliases;
import dev.passport.extract.sql.IdentifierNormaliser;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlExpressionConverter;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.DefinitionBody;
import dev.passport.model.Expr;
import dev.passport.model.ExprKind;
import dev.passport.model.ExprTrees;
import dev.passport.model.Expressions;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.ParseException;
import dev.passport.model.PolicySet;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Subjects;
import dev.passport.model.Table;
import dev.passport.model.View;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Finds views that act as policies, on any system whose SQL the shared layer reads (PostgreSQL,
 * Greenplum, Redshift, Snowflake). A view's SQL ({@link View#sql()}, parsed in the set's dialect)
 * that tests the caller's identity ({@code CURRENT_ROLE()}, {@code IS_ROLE_IN_SESSION}, {@code
 * current_user}, {@code current_setting(…)}, {@code pg_has_role} …)
 *
 * <ul>
 *   <li>in its WHERE clause, or in the ON condition of an inner join (a mapping table joined on the
 *       caller's identity, which becomes an {@link Expr.Lookup}), acts as a row filter: a {@link
 *       RowFilter} on the view whose predicate is over the base tables' columns (qualifiers
 *       dropped);
 *   <li>in a CASE (or IFF, DECODE) of its select list, acts as a mask: a {@link ColumnMask} on the
 *       view's output column, rules and transforms recognised as for Snowflake masking policies,
 *       the masked value being the column the CASE reveals.
 * </ul>
 *
 * Each gets an origin of kind {@link OriginKind#VIEW}. A view is only a boundary for principals who
 * cannot read its base tables directly: every grantee of an ALLOW grant covering SELECT on a base
 * table (or its schema or database) bypasses it, recorded as a {@link Loss} (LOOSER). Views whose
 * SQL does not parse, or tests identity in a shape not analysed (a set operation), give a loss of
 * direction UNKNOWN. Running it twice adds nothing the second time.
 */
public final class ViewPolicyDetector {
  private static final Set<ExprKind> IDENTITY =
      EnumSet.of(
          ExprKind.CURRENT_USER,
          ExprKind.CURRENT_ROLE,
          ExprKind.HAS_ROLE,
          ExprKind.IN_GROUP,
          ExprKind.SESSION_ATTRIBUTE);

  private ViewPolicyDetector() {}

  /**
   * The set with the row filters, masks and losses of the views that act as policies added. A set
   * from a system the shared SQL layer has no dialect for is returned unchanged.
   */
  public static PolicySet detect(PolicySet set) {
    requireNonNull(set, "set is null");
    SqlDialect dialect;
    try {
      dialect = SqlDialect.of(set.source().system());
    } catch (IllegalArgumentException e) {
      return set;
    }
    SqlExpressionConverter converter =
        SqlExpressionConverter.of(BoundedSqlParser.of(dialect), FunctionAliases.none());
    PolicySet.Builder builder = set.toBuilder();
    boolean changed = false;
    for (View view : set.views()) {
      if (view.sql().isEmpty() || alreadyDetected(set, view)) {
        continue;
      }
      changed |= new Run(set, view, converter, builder).detect();
    }
    return changed ? builder.build() : set;
  }

  private static boolean alreadyDetected(PolicySet set, View view) {
    for (RowFilter filter : set.rowFilters()) {
      if (filter.origin().kind() == OriginKind.VIEW && filter.table().equals(view.name())) {
        return true;
      }
    }
    for (ColumnMask mask : set.columnMasks()) {
      if (mask.origin().kind() == OriginKind.VIEW
          && mask.column().map(column -> column.tableOnly().equals(view.name())).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /** The analysis of one view. */
  private static final class Run {
    private final PolicySet set;
    private final View view;
    private final SqlExpressionConverter converter;
    private final PolicySet.Builder builder;
    private final Origin origin;
    private final IdentifierNormaliser identifiers;

    Run(PolicySet set, View view, SqlExpressionConverter converter, PolicySet.Builder builder) {
      this.set = set;
      this.view = view;
      this.converter = converter;
      this.builder = builder;
      this.origin = view.origin().withKind(OriginKind.VIEW).withObject(view.name().qualifiedName());
      this.identifiers = converter.dialect().identifiers();
    }

    boolean detect() {
      String sql = view.sql().get().trim();
      SqlLocation location = SqlLocation.start(converter.dialect().system());
      Statement statement;
      try {
        statement = converter.parser().parseStatement(sql, location);
      } catch (ParseException e) {
        if (mentionsIdentity(sql)) {
          builder.addLoss(
              new Loss(
                  origin,
                  "view "
                      + view.name().qualifiedName()
                      + " tests the caller's identity but its SQL is not understood; whatever"
                      + " policy it acts as is not in the set",
                  LossDirection.UNKNOWN));
          return true;
        }
        return false;
      }
      Select select =
          statement instanceof CreateView create
              ? create.getSelect()
              : statement instanceof Select plain ? plain : null;
      if (!(select instanceof PlainSelect plain)) {
        if (mentionsIdentity(sql)) {
          builder.addLoss(
              new Loss(
                  origin,
                  "view "
                      + view.name().qualifiedName()
                      + " tests the caller's identity in a query shape that is not analysed",
                  LossDirection.UNKNOWN));
          return true;
        }
        return false;
      }
      Set<String> qualifiers = new LinkedHashSet<>();
      addQualifiers(plain.getFromItem(), qualifiers);
      if (plain.getJoins() != null) {
        for (Join join : plain.getJoins()) {
          addQualifiers(join.getFromItem(), qualifiers);
        }
      }
      List<Expr> filterTerms = new ArrayList<>();
      List<Loss> losses = new ArrayList<>();
      // Types of the base tables' columns let the converter drop casts that change nothing, so
      // a catalog's normalised view text ("(owner)::text = CURRENT_USER") and the script's text
      // give the same predicate.
      Map<String, List<ColumnInfo>> knownColumns = new LinkedHashMap<>();
      for (Table table : set.tables()) {
        knownColumns.put(table.name().qualifiedName(), table.columns());
      }
      Securable typedTable = view.baseTables().size() == 1 ? view.baseTables().get(0) : view.name();
      ConversionScope scope =
          ConversionScope.forTable(typedTable, origin, location)
              .withQualifiers(qualifiers)
              .withKnownColumns(knownColumns);
      if (plain.getJoins() != null) {
        for (Join join : plain.getJoins()) {
          joinFilter(join, scope, filterTerms, losses);
        }
      }
      if (plain.getWhere() != null) {
        Conversion where = converter.convert(plain.getWhere(), scope);
        Expr predicate = SnowflakePolicies.normaliseIdentity(where.expr());
        if (testsIdentity(predicate)) {
          filterTerms.add(0, predicate);
          losses.addAll(where.losses());
        }
      }
      boolean found = false;
      if (!filterTerms.isEmpty()) {
        RowFilter filter =
            new RowFilter(
                Optional.of(view.name().qualifiedName()),
                view.name(),
                Expressions.and(filterTerms),
                Optional.empty(),
                Subjects.everyone(),
                EnumSet.of(Action.SELECT),
                FilterKind.PERMISSIVE,
                0,
                Optional.empty(),
                Map.of(),
                Optional.empty(),
                origin);
        builder.addRowFilter(filter);
        bypasses("row filter");
        found = true;
      }
      for (SelectItem<?> item : plain.getSelectItems()) {
        found |= selectItemMask(item, scope, losses);
      }
      losses.forEach(builder::addLoss);
      if (found) {
        describeViewAsTable(plain);
      }
      return found;
    }

    /**
     * Filters and masks on the view need the view among the set's tables, as every policy's table
     * must be; its columns are the select list's names, typed from the base tables. A select list
     * with an unnamed expression or a star leaves the column list empty (unknown) rather than
     * partial, which readers would take for the whole.
     */
    private void describeViewAsTable(PlainSelect plain) {
      for (Table table : set.tables()) {
        if (table.name().equals(view.name())) {
          return;
        }
      }
      List<ColumnInfo> columns = new ArrayList<>();
      for (SelectItem<?> item : plain.getSelectItems()) {
        Expression expression = item.getExpression();
        Optional<String> name =
            expression == null ? Optional.empty() : outputName(item, expression);
        if (name.isEmpty()) {
          columns.clear();
          break;
        }
        columns.add(new ColumnInfo(name.get(), columnType(name.get()).orElse(""), true));
      }
      builder.addTable(new Table(view.name(), columns, view.owner(), RowSecurity.allAnd()));
    }

    private void addQualifiers(FromItem item, Set<String> qualifiers) {
      if (item instanceof net.sf.jsqlparser.schema.Table table) {
        List<String> parts = identifiers.splitQualified(table.getFullyQualifiedName());
        qualifiers.add(parts.get(parts.size() - 1));
        qualifiers.add(String.join(".", parts));
        if (parts.size() == 3) {
          qualifiers.add(parts.get(1) + "." + parts.get(2));
        }
        Alias alias = table.getAlias();
        if (alias != null && alias.getName() != null) {
          qualifiers.add(identifiers.normalise(alias.getName()));
        }
      }
    }

    /**
     * An inner join on a mapping table whose ON condition tests identity filters rows as {@code
     * EXISTS (SELECT 1 FROM mapping alias WHERE on)}.
     */
    private void joinFilter(
        Join join, ConversionScope scope, List<Expr> filterTerms, List<Loss> losses) {
      if (join.getOnExpressions() == null || join.getOnExpressions().isEmpty()) {
        return;
      }
      for (Expression on : join.getOnExpressions()) {
        if (!mentionsIdentity(on.toString())) {
          continue;
        }
        boolean inner = !join.isLeft() && !join.isRight() && !join.isFull() && !join.isOuter();
        if (!inner || !(join.getFromItem() instanceof net.sf.jsqlparser.schema.Table table)) {
          losses.add(
              new Loss(
                  origin,
                  "view "
                      + view.name().qualifiedName()
                      + " tests identity in an outer join or a join on a subquery, which is not"
                      + " analysed",
                  LossDirection.UNKNOWN));
          continue;
        }
        String alias =
            table.getAlias() != null && table.getAlias().getName() != null
                ? " " + table.getAlias().getName()
                : "";
        String exists =
            "EXISTS (SELECT 1 FROM " + table.getFullyQualifiedName() + alias + " WHERE " + on + ")";
        Set<String> others = new LinkedHashSet<>(scope.tableQualifiers());
        Set<String> joined = new LinkedHashSet<>();
        addQualifiers(table, joined);
        others.removeAll(joined);
        Conversion conversion = converter.convert(exists, scope.withQualifiers(others));
        Expr predicate = SnowflakePolicies.normaliseIdentity(conversion.expr());
        filterTerms.add(predicate);
        losses.addAll(conversion.losses());
      }
    }

    private boolean selectItemMask(SelectItem<?> item, ConversionScope scope, List<Loss> losses) {
      Expression expression = item.getExpression();
      if (expression == null || !mentionsIdentity(expression.toString())) {
        return false;
      }
      Conversion conversion = converter.convert(expression, scope);
      Expr value = SnowflakePolicies.normaliseIdentity(conversion.expr());
      if (!(value instanceof Expr.Case) || !testsIdentity(value)) {
        return false;
      }
      Optional<String> outputName = outputName(item, expression);
      if (outputName.isEmpty()) {
        return false;
      }
      Optional<String> revealed = revealedColumn((Expr.Case) value, outputName.get());
      if (revealed.isEmpty()) {
        return false;
      }
      Expr masked =
          ExprTrees.rewrite(
              value,
              node ->
                  node instanceof Expr.Column column
                          && column.qualifier().isEmpty()
                          && column.name().equals(revealed.get())
                      ? Optional.of(Expressions.maskedValue())
                      : Optional.empty());
      String type = columnType(revealed.get()).orElse("varchar");
      DefinitionBody.Mask rules = SnowflakePolicies.maskRules(masked, type);
      Securable column = view.name().column(outputName.get());
      builder.addColumnMask(
          new ColumnMask(
              Optional.of(view.name().qualifiedName() + "." + outputName.get()),
              Optional.of(column),
              Optional.empty(),
              rules.rules(),
              rules.otherwise(),
              Subjects.everyone(),
              0,
              Optional.empty(),
              Map.of(),
              origin));
      losses.addAll(conversion.losses());
      bypasses("mask of column " + outputName.get());
      return true;
    }

    private Optional<String> outputName(SelectItem<?> item, Expression expression) {
      if (item.getAlias() != null && item.getAlias().getName() != null) {
        return Optional.of(identifiers.normalise(item.getAlias().getName()));
      }
      if (expression instanceof Column column) {
        return Optional.of(identifiers.normalise(column.getColumnName()));
      }
      return Optional.empty();
    }

    /** The column a masking CASE shows unchanged: the output's namesake, else the one shown. */
    private Optional<String> revealedColumn(Expr.Case caseWhen, String outputName) {
      List<Expr> results = new ArrayList<>();
      for (Expr.WhenClause clause : caseWhen.whenClauses()) {
        results.add(clause.result());
      }
      results.add(caseWhen.otherwise());
      Set<String> shown = new LinkedHashSet<>();
      for (Expr result : results) {
        Expr current = result;
        while (current instanceof Expr.Cast cast) {
          current = cast.value();
        }
        if (current instanceof Expr.Column column && column.qualifier().isEmpty()) {
          shown.add(column.name());
        }
      }
      if (shown.contains(outputName)) {
        return Optional.of(outputName);
      }
      return shown.size() == 1 ? Optional.of(shown.iterator().next()) : Optional.empty();
    }

    private Optional<String> columnType(String column) {
      for (Securable base : view.baseTables()) {
        for (Table table : set.tables()) {
          if (table.name().qualifiedName().equals(base.qualifiedName())) {
            Optional<String> type = table.column(column).map(ColumnInfo::type);
            if (type.isPresent()) {
              return type;
            }
          }
        }
      }
      return Optional.empty();
    }

    /** A LOOSER loss for every grantee who can read a base table directly. */
    private void bypasses(String what) {
      Map<String, Grant> readers = new LinkedHashMap<>();
      for (Securable base : view.baseTables()) {
        for (Grant grant : set.grants()) {
          if (grant.effect() != GrantEffect.ALLOW || !grant.allows(Action.SELECT)) {
            continue;
          }
          Securable granted = grant.securable();
          Securable covering =
              granted.level() == SecurableLevel.COLUMN ? granted.tableOnly() : granted;
          if (covering.contains(base)) {
            readers.putIfAbsent(
                Subjects.describe(grant.grantee()) + " on " + base.qualifiedName(), grant);
          }
        }
      }
      for (Map.Entry<String, Grant> reader : readers.entrySet()) {
        Grant grant = reader.getValue();
        builder.addLoss(
            new Loss(
                origin,
                Subjects.describe(grant.grantee())
                    + " can read base table "
                    + grant.securable().qualifiedName()
                    + " of view "
                    + view.name().qualifiedName()
                    + " directly ("
                    + grant.describe()
                    + ") and so bypasses the view's "
                    + what,
                LossDirection.LOOSER));
      }
    }
  }

  private static boolean testsIdentity(Expr expr) {
    return ExprTrees.anyMatch(expr, node -> IDENTITY.contains(node.kind()));
  }

  /** A cheap textual test before converting: does the SQL name an identity function at all. */
  private static boolean mentionsIdentity(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    for (String function :
        List.of(
            "current_user",
            "session_user",
            "current_role",
            "is_role_in_session",
            "is_database_role_in_session",
            "is_granted_to_invoker_role",
            "invoker_role",
            "invoker_share",
            "current_account",
            "current_setting",
            "pg_has_role",
            "user_is_member_of",
            "is_member",
            "is_account_group_member")) {
      if (lower.contains(function)) {
        return true;
      }
    }
    return false;
  }
}
