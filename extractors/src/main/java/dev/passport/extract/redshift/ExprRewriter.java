package dev.passport.extract.redshift;

import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.Securable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rebuilds an expression bottom-up, replacing unqualified columns (a policy's parameters) by other
 * expressions: the table columns an attachment binds them to, or the masked value. Columns of a
 * lookup's mapping table (qualified) are left alone.
 */
final class ExprRewriter {
  private ExprRewriter() {}

  /**
   * The expression with every unqualified column for which {@code replacement} answers non-null
   * replaced by that answer.
   */
  static Expr replaceColumns(Expr expr, Function<String, Expr> replacement) {
    switch (expr.kind()) {
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case BOOLEAN_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case MASKED_VALUE:
      case CURRENT_USER:
      case CURRENT_ROLE:
      case SESSION_ATTRIBUTE:
      case COLUMN_TAG_VALUE:
      case OPAQUE:
        return expr;
      case COLUMN:
        {
          Expr.Column column = (Expr.Column) expr;
          if (column.qualifier().isPresent()) {
            return expr;
          }
          Expr replaced = replacement.apply(column.name());
          return replaced == null ? expr : replaced;
        }
      case FUNCTION_CALL:
        {
          Expr.FunctionCall call = (Expr.FunctionCall) expr;
          return Expressions.function(call.name(), all(call.arguments(), replacement));
        }
      case COMPARISON:
        {
          Expr.Comparison comparison = (Expr.Comparison) expr;
          return Expressions.compare(
              comparison.operator(),
              replaceColumns(comparison.left(), replacement),
              replaceColumns(comparison.right(), replacement));
        }
      case ARITHMETIC:
        {
          Expr.Arithmetic arithmetic = (Expr.Arithmetic) expr;
          return Expressions.arithmetic(
              arithmetic.operator(),
              replaceColumns(arithmetic.left(), replacement),
              replaceColumns(arithmetic.right(), replacement));
        }
      case AND:
        return Expressions.and(all(((Expr.And) expr).terms(), replacement));
      case OR:
        return Expressions.or(all(((Expr.Or) expr).terms(), replacement));
      case NOT:
        return Expressions.not(replaceColumns(((Expr.Not) expr).term(), replacement));
      case IN:
        {
          Expr.In in = (Expr.In) expr;
          return Expressions.in(
              replaceColumns(in.value(), replacement), all(in.list(), replacement));
        }
      case LIKE:
        {
          Expr.Like like = (Expr.Like) expr;
          return new Expr.Like(
              replaceColumns(like.value(), replacement),
              replaceColumns(like.pattern(), replacement),
              like.caseInsensitive());
        }
      case IS_NULL:
        return Expressions.isNull(replaceColumns(((Expr.IsNull) expr).value(), replacement));
      case CASE:
        {
          Expr.Case caseWhen = (Expr.Case) expr;
          List<Expr.WhenClause> clauses = new ArrayList<>();
          for (Expr.WhenClause clause : caseWhen.whenClauses()) {
            clauses.add(
                Expressions.when(
                    replaceColumns(clause.condition(), replacement),
                    replaceColumns(clause.result(), replacement)));
          }
          return Expressions.caseWhen(clauses, replaceColumns(caseWhen.otherwise(), replacement));
        }
      case CAST:
        {
          Expr.Cast cast = (Expr.Cast) expr;
          return Expressions.cast(replaceColumns(cast.value(), replacement), cast.type());
        }
      case HAS_ROLE:
        {
          Expr.HasRole hasRole = (Expr.HasRole) expr;
          return Expressions.hasRole(replaceColumns(hasRole.role(), replacement), hasRole.scope());
        }
      case IN_GROUP:
        return new Expr.InGroup(replaceColumns(((Expr.InGroup) expr).group(), replacement));
      case LOOKUP:
        {
          Expr.Lookup lookup = (Expr.Lookup) expr;
          return new Expr.Lookup(
              lookup.table(),
              lookup.alias(),
              replaceColumns(lookup.condition(), replacement),
              lookup.probe().map(probe -> replaceColumns(probe, replacement)),
              lookup.column());
        }
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  /** The mapping tables of every lookup in the expression. */
  static List<Securable> lookupTables(Expr expr) {
    List<Securable> tables = new ArrayList<>();
    collect(expr, tables);
    return tables;
  }

  private static void collect(Expr expr, List<Securable> tables) {
    if (expr instanceof Expr.Lookup lookup) {
      tables.add(lookup.table());
      collect(lookup.condition(), tables);
      lookup.probe().ifPresent(probe -> collect(probe, tables));
    } else if (expr instanceof Expr.FunctionCall call) {
      call.arguments().forEach(argument -> collect(argument, tables));
    } else if (expr instanceof Expr.Comparison comparison) {
      collect(comparison.left(), tables);
      collect(comparison.right(), tables);
    } else if (expr instanceof Expr.Arithmetic arithmetic) {
      collect(arithmetic.left(), tables);
      collect(arithmetic.right(), tables);
    } else if (expr instanceof Expr.And and) {
      and.terms().forEach(term -> collect(term, tables));
    } else if (expr instanceof Expr.Or or) {
      or.terms().forEach(term -> collect(term, tables));
    } else if (expr instanceof Expr.Not not) {
      collect(not.term(), tables);
    } else if (expr instanceof Expr.In in) {
      collect(in.value(), tables);
      in.list().forEach(member -> collect(member, tables));
    } else if (expr instanceof Expr.Case caseWhen) {
      for (Expr.WhenClause clause : caseWhen.whenClauses()) {
        collect(clause.condition(), tables);
        collect(clause.result(), tables);
      }
      collect(caseWhen.otherwise(), tables);
    } else if (expr instanceof Expr.Cast cast) {
      collect(cast.value(), tables);
    } else if (expr instanceof Expr.IsNull isNull) {
      collect(isNull.value(), tables);
    } else if (expr instanceof Expr.Like like) {
      collect(like.value(), tables);
      collect(like.pattern(), tables);
    }
  }

  private static List<Expr> all(List<Expr> exprs, Function<String, Expr> replacement) {
    List<Expr> result = new ArrayList<>(exprs.size());
    for (Expr expr : exprs) {
      result.add(replaceColumns(expr, replacement));
    }
    return result;
  }
}
