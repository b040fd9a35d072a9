package dev.passport.extract.postgresql;

import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FilterKind;
import dev.passport.model.Origin;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Subject;
import dev.passport.model.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL semantics shared by the DDL and the catalog reader, so that both build exactly the
 * same model elements from the same facts.
 */
final class PostgresqlModel {
  private PostgresqlModel() {}

  /** A role; one that can log in is a user. Memberships are sorted: PostgreSQL has no order. */
  static Principal principal(
      String name, Set<PrincipalFlag> flags, Collection<String> memberOf, Origin origin) {
    List<String> sorted = new ArrayList<>(memberOf);
    sorted.sort(null);
    PrincipalKind kind =
        flags.contains(PrincipalFlag.LOGIN) ? PrincipalKind.USER : PrincipalKind.ROLE;
    return new Principal(name, kind, sorted, Map.of(), flags, origin);
  }

  static Table table(
      Securable name,
      List<ColumnInfo> columns,
      Optional<String> owner,
      boolean rowSecurity,
      boolean forced) {
    return new Table(
        name,
        columns,
        owner,
        rowSecurity ? RowSecurity.postgresql(forced) : RowSecurity.disabled());
  }

  /**
   * A policy as a row filter. As PostgreSQL applies them: without USING a permissive policy admits
   * no row and a restrictive one does not restrict; ALL and UPDATE without WITH CHECK check with
   * USING; an INSERT policy without WITH CHECK admits no new row when permissive.
   *
   * @param command all, select, insert, update or delete
   */
  static RowFilter rowFilter(
      String name,
      Securable table,
      boolean permissive,
      String command,
      Subject appliesTo,
      Optional<Expr> using,
      Optional<Expr> check,
      Origin origin) {
    Expr neutral = permissive ? Expressions.alwaysFalse() : Expressions.alwaysTrue();
    Expr predicate = using.orElse(neutral);
    Optional<Expr> effectiveCheck = check;
    if (check.isEmpty()) {
      if (command.equals("all") || command.equals("update")) {
        effectiveCheck = Optional.of(predicate);
      } else if (command.equals("insert")) {
        effectiveCheck = Optional.of(neutral);
      }
    }
    return new RowFilter(
        Optional.of(name),
        table,
        predicate,
        effectiveCheck,
        appliesTo,
        actions(command),
        permissive ? FilterKind.PERMISSIVE : FilterKind.RESTRICTIVE,
        0,
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        origin);
  }

  static Set<Action> actions(String command) {
    return switch (command) {
      case "select" -> EnumSet.of(Action.SELECT);
      case "insert" -> EnumSet.of(Action.INSERT);
      case "update" -> EnumSet.of(Action.UPDATE);
      case "delete" -> EnumSet.of(Action.DELETE);
      default -> EnumSet.allOf(Action.class);
    };
  }

  /** Grants sort by object, then grantee. */
  static int grantOrder(
      Securable leftObject, Subject leftGrantee, Securable rightObject, Subject rightGrantee) {
    int byObject = leftObject.qualifiedName().compareTo(rightObject.qualifiedName());
    return byObject != 0 ? byObject : leftGrantee.toString().compareTo(rightGrantee.toString());
  }
}
