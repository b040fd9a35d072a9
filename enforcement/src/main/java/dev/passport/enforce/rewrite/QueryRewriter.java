package dev.passport.enforce.rewrite;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AbstractFromitem;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.FromItemVisitor;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Walks a parsed query and replaces every table reference (not a CTE name in scope) with what the
 * {@link TableHandler} says: a derived table, or the table itself when no policy touches it. Every
 * construct it does not know how to walk is refused, and {@link SqlRewriter} then checks the result
 * with JSqlParser's own table finder, so a reference missed here is refused there.
 */
final class QueryRewriter {
  /** Decides what one table reference becomes. */
  interface TableHandler {
    /**
     * The derived table's query text (without parentheses or alias), or empty to leave the
     * reference as it is.
     *
     * @throws PassportException to refuse the statement
     */
    Optional<String> replace(Table table);
  }

  private final TableHandler handler;
  private final boolean upperCaseFolding;
  private final Set<String> untouched = new HashSet<>();
  private int replaced;

  QueryRewriter(TableHandler handler, boolean upperCaseFolding) {
    this.handler = requireNonNull(handler, "handler is null");
    this.upperCaseFolding = upperCaseFolding;
  }

  /** Names (as written) of table references left in place, for the coverage check. */
  Set<String> untouched() {
    return untouched;
  }

  int replacedCount() {
    return replaced;
  }

  void rewrite(Select select) {
    select(select, Set.of());
  }

  private void select(Select select, Set<String> outerScope) {
    Set<String> scope = withItems(select.getWithItemsList(), outerScope);
    if (select instanceof PlainSelect plain) {
      plainSelect(plain, scope);
    } else if (select instanceof SetOperationList setOperations) {
      for (Select member : setOperations.getSelects()) {
        select(member, scope);
      }
    } else if (select instanceof ParenthesedSelect parenthesed) {
      select(parenthesed.getSelect(), scope);
    } else if (select instanceof Values values) {
      expression(values.getExpressions(), scope);
    } else {
      throw refuse("the query form " + select.getClass().getSimpleName());
    }
    orderBy(select.getOrderByElements(), scope);
  }

  private Set<String> withItems(List<WithItem<?>> items, Set<String> outerScope) {
    if (items == null || items.isEmpty()) {
      return outerScope;
    }
    Set<String> scope = new HashSet<>(outerScope);
    boolean recursive = false;
    for (WithItem<?> item : items) {
      recursive |= item.isRecursive();
    }
    if (recursive) {
      for (WithItem<?> item : items) {
        scope.add(normalise(item.getAlias().getName()));
      }
    }
    for (WithItem<?> item : items) {
      if (!(item.getParenthesedStatement() instanceof ParenthesedSelect body)) {
        throw refuse("a WITH item that is not a query (" + item.getAlias().getName() + ")");
      }
      select(body, Set.copyOf(scope));
      // A non-recursive CTE is visible only to the items after it and to the main query.
      scope.add(normalise(item.getAlias().getName()));
    }
    return scope;
  }

  private void plainSelect(PlainSelect select, Set<String> scope) {
    if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
      throw refuse("SELECT … INTO (write CREATE TABLE … AS SELECT instead)");
    }
    if (select.getOracleHierarchical() != null) {
      throw refuse("CONNECT BY");
    }
    if (select.getFromItem() != null) {
      select.setFromItem(fromItem(select.getFromItem(), scope));
    }
    joins(select.getJoins(), scope);
    if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
      for (SelectItem<?> item : select.getDistinct().getOnSelectItems()) {
        expression(item.getExpression(), scope);
      }
    }
    for (SelectItem<?> item : select.getSelectItems()) {
      expression(item.getExpression(), scope);
    }
    expression(select.getWhere(), scope);
    GroupByElement groupBy = select.getGroupBy();
    if (groupBy != null) {
      expression(groupBy.getGroupByExpressionList(), scope);
      if (groupBy.getGroupingSets() != null) {
        for (Expression set : groupBy.getGroupingSets()) {
          expression(set, scope);
        }
      }
    }
    expression(select.getHaving(), scope);
    expression(select.getQualify(), scope);
  }

  private void joins(List<Join> joins, Set<String> scope) {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      join.setFromItem(fromItem(join.getFromItem(), scope));
      if (join.getOnExpressions() != null) {
        for (Expression on : join.getOnExpressions()) {
          expression(on, scope);
        }
      }
    }
  }

  private void orderBy(List<OrderByElement> elements, Set<String> scope) {
    if (elements != null) {
      for (OrderByElement element : elements) {
        expression(element.getExpression(), scope);
      }
    }
  }

  private FromItem fromItem(FromItem item, Set<String> scope) {
    if (item instanceof Table table) {
      return table(table, scope);
    }
    if (item instanceof ParenthesedSelect parenthesed) {
      // Also LATERAL (…), which is a parenthesised select.
      select(parenthesed, scope);
      return item;
    }
    if (item instanceof ParenthesedFromItem parenthesed) {
      parenthesed.setFromItem(fromItem(parenthesed.getFromItem(), scope));
      joins(parenthesed.getJoins(), scope);
      return item;
    }
    throw refuse(
        "the FROM item "
            + item.getClass().getSimpleName()
            + " ("
            + item
            + "): table functions and other sources could read protected tables unseen");
  }

  private FromItem table(Table table, Set<String> scope) {
    if (table.getSchemaName() == null
        && table.getDatabaseName() == null
        && scope.contains(normalise(table.getName()))) {
      return table;
    }
    String plain = table.getFullyQualifiedName();
    Alias alias = table.getAlias();
    String expected = plain + (alias == null ? "" : alias.toString());
    if (!table.toString().equals(expected)) {
      // Time travel, samples, hints, pivots, ONLY: clauses a derived table would drop or change.
      throw refuse("the table reference '" + table + "' (clauses beyond name and alias)");
    }
    if (alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
      throw refuse("a table alias with a column list (" + table + ")");
    }
    Optional<String> derived = handler.replace(table);
    if (derived.isEmpty()) {
      untouched.add(plain);
      return table;
    }
    replaced++;
    String aliasName = alias != null ? alias.getName() : lastPart(table);
    return new DerivedTable(derived.get(), aliasName);
  }

  private static String lastPart(Table table) {
    List<String> parts = table.getNameParts();
    return parts.isEmpty() ? table.getName() : parts.get(0);
  }

  private void expression(Expression expression, Set<String> scope) {
    if (expression == null) {
      return;
    }
    expression.accept(new SubqueryFinder(scope), null);
  }

  String normalise(String identifier) {
    if (identifier.length() >= 2
        && ((identifier.startsWith("\"") && identifier.endsWith("\""))
            || (identifier.startsWith("`") && identifier.endsWith("`")))) {
      String quote = identifier.substring(0, 1);
      return identifier.substring(1, identifier.length() - 1).replace(quote + quote, quote);
    }
    return upperCaseFolding
        ? identifier.toUpperCase(Locale.ROOT)
        : identifier.toLowerCase(Locale.ROOT);
  }

  static PassportException refuse(String construct) {
    return new PassportException(
        ErrorCode.NOT_SUPPORTED,
        "The rewriter cannot prove that it covers " + construct + "; the statement is refused");
  }

  /** Sends every subquery met inside an expression back through the rewriter. */
  private final class SubqueryFinder extends ExpressionVisitorAdapter<Void> {
    private final Set<String> scope;

    SubqueryFinder(Set<String> scope) {
      this.scope = scope;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
      QueryRewriter.this.select(select, scope);
      return null;
    }

    @Override
    public <S> Void visit(Select select, S context) {
      QueryRewriter.this.select(select, scope);
      return null;
    }
  }

  /**
   * A derived table kept as text: the projection is built by the printers, and parsing it back into
   * JSqlParser nodes would double the cost of a rewrite for nothing. Visitors do not look inside,
   * which is what the coverage check relies on (its table is covered by construction).
   */
  static final class DerivedTable extends AbstractFromitem {
    private final String query;

    DerivedTable(String query, String aliasName) {
      this.query = requireNonNull(query, "query is null");
      setAlias(new Alias(aliasName, true));
    }

    @Override
    public <T, S> T accept(FromItemVisitor<T> visitor, S context) {
      return null;
    }

    @Override
    public StringBuilder appendTo(StringBuilder builder) {
      return builder.append('(').append(query).append(')').append(getAlias());
    }

    @Override
    public String toString() {
      return appendTo(new StringBuilder()).toString();
    }
  }
}
