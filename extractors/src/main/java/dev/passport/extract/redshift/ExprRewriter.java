package dev.passport.extract.redshift;

import dev.passport.model.Expr;
import dev.passport.model.ExprTrees;
import dev.passport.model.Securable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds a policy's parameters: unqualified columns (the parameters) are replaced by other
 * expressions, the table columns an attachment binds them to or the masked value. Columns of a
 * lookup's mapping table (qualified) are left alone.
 */
final class ExprRewriter {
  private ExprRewriter() {}

  /**
   * The expression with every unqualified column for which {@code replacement} answers non-null
   * replaced by that answer.
   */
  static Expr replaceColumns(Expr expr, Function<String, Expr> replacement) {
    return ExprTrees.rewrite(
        expr,
        node -> {
          if (node instanceof Expr.Column column && column.qualifier().isEmpty()) {
            return Optional.ofNullable(replacement.apply(column.name()));
          }
          return Optional.empty();
        });
  }

  /** The mapping tables of every lookup in the expression. */
  static List<Securable> lookupTables(Expr expr) {
    List<Securable> tables = new ArrayList<>();
    ExprTrees.forEach(
        expr,
        node -> {
          if (node instanceof Expr.Lookup lookup) {
            tables.add(lookup.table());
          }
        });
    return tables;
  }
}
