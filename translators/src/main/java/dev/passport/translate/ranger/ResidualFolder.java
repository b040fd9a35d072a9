package dev.passport.translate.ranger;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Expr;
import dev.passport.model.ExprTrees;
import dev.passport.model.Expressions;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.RoleScope;
import dev.passport.model.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Folds the identity tests of subjects and expressions for one {@link PrincipalClass}, so that what
 * is left depends on the row only (plus {@code current_user} for classes without a user name). What
 * Ranger cannot tell apart (a primary role from a session role, session attributes) is decided the
 * closest way and reported.
 */
final class ResidualFolder {
  private final PrincipalClass principalClass;
  private final Function<String, Optional<String>> columnTagValue;
  private final Consumer<Loss> losses;

  ResidualFolder(
      PrincipalClass principalClass,
      Function<String, Optional<String>> columnTagValue,
      Consumer<Loss> losses) {
    this.principalClass = requireNonNull(principalClass, "principalClass is null");
    this.columnTagValue = requireNonNull(columnTagValue, "columnTagValue is null");
    this.losses = requireNonNull(losses, "losses is null");
  }

  PrincipalClass principalClass() {
    return principalClass;
  }

  /** Whether the class matches the subject. */
  boolean matches(Subject subject, Origin origin) {
    switch (subject.kind()) {
      case EVERYONE:
        return true;
      case HAS_ROLE:
        Subject.HasRole hasRole = (Subject.HasRole) subject;
        return hasRole(hasRole.role(), hasRole.scope(), origin);
      case IS_USER:
        return principalClass.user().map(((Subject.IsUser) subject).user()::equals).orElse(false);
      case IN_GROUP:
        return principalClass.groups().contains(((Subject.InGroup) subject).group());
      case ATTRIBUTE_EQUALS:
        Subject.AttributeEquals attribute = (Subject.AttributeEquals) subject;
        losses.accept(
            new Loss(
                origin,
                "Ranger policy items cannot test the principal attribute "
                    + attribute.key()
                    + "; it is decided from the attributes the source records for each user",
                LossDirection.UNKNOWN));
        return attribute.value().equals(principalClass.attributes().get(attribute.key()));
      case ANY_OF:
        boolean any = false;
        for (Subject part : ((Subject.AnyOf) subject).subjects()) {
          any |= matches(part, origin);
        }
        return any;
      case ALL_OF:
        boolean all = true;
        for (Subject part : ((Subject.AllOf) subject).subjects()) {
          all &= matches(part, origin);
        }
        return all;
      case NOT:
        return !matches(((Subject.Not) subject).subject(), origin);
    }
    throw new IllegalStateException("Unknown subject kind " + subject.kind());
  }

  private boolean hasRole(String role, RoleScope scope, Origin origin) {
    if (scope == RoleScope.PRIMARY) {
      losses.accept(
          new Loss(
              origin,
              "Ranger cannot tell the primary role "
                  + role
                  + " from a role merely held in the session; each known user's first granted"
                  + " role is taken as primary, other callers are tested for membership",
              LossDirection.UNKNOWN));
      if (principalClass.user().isPresent()) {
        return principalClass.primaryRole().map(role::equals).orElse(false);
      }
    }
    return principalClass.roles().contains(role);
  }

  /** The expression with this class's identity substituted and constants folded. */
  Expr fold(Expr expr, Origin origin) {
    return ExprTrees.rewrite(expr, node -> substitute(node, origin));
  }

  /** The replacement of an identity node; empty for every other node, which is rebuilt. */
  private Optional<Expr> substitute(Expr expr, Origin origin) {
    switch (expr.kind()) {
      case CURRENT_USER:
        return Optional.of(principalClass.user().<Expr>map(Expressions::literal).orElse(expr));
      case CURRENT_ROLE:
        losses.accept(
            new Loss(
                origin,
                "Ranger has no current (primary) role; CURRENT_ROLE() is taken as the first role"
                    + " the principal is granted",
                LossDirection.UNKNOWN));
        return Optional.of(
            principalClass
                .primaryRole()
                .<Expr>map(Expressions::literal)
                .orElse(Expressions.nullLiteral()));
      case HAS_ROLE:
        Expr.HasRole hasRole = (Expr.HasRole) expr;
        Expr role = fold(hasRole.role(), origin);
        if (role instanceof Expr.StringLiteral name) {
          return Optional.of(Expressions.literal(hasRole(name.value(), hasRole.scope(), origin)));
        }
        // A mapping-table column: the class's roles are a finite list.
        if (hasRole.scope() == RoleScope.PRIMARY) {
          return Optional.of(
              principalClass
                  .primaryRole()
                  .map(primary -> Expressions.equal(role, Expressions.literal(primary)))
                  .orElse(Expressions.alwaysFalse()));
        }
        return Optional.of(membership(role, principalClass.roles()));
      case IN_GROUP:
        Expr group = fold(((Expr.InGroup) expr).group(), origin);
        if (group instanceof Expr.StringLiteral name) {
          return Optional.of(Expressions.literal(principalClass.groups().contains(name.value())));
        }
        return Optional.of(membership(group, List.copyOf(principalClass.groups())));
      case SESSION_ATTRIBUTE:
        String attributeName = ((Expr.SessionAttribute) expr).name();
        losses.accept(
            new Loss(
                origin,
                "Ranger policies cannot read the session attribute "
                    + attributeName
                    + "; the value the source records for each user is written in (NULL for"
                    + " others)",
                LossDirection.UNKNOWN));
        return Optional.of(
            Optional.ofNullable(principalClass.attributes().get(attributeName))
                .<Expr>map(Expressions::literal)
                .orElse(Expressions.nullLiteral()));
      case COLUMN_TAG_VALUE:
        return Optional.of(
            columnTagValue
                .apply(((Expr.ColumnTagValue) expr).tag())
                .<Expr>map(Expressions::literal)
                .orElse(Expressions.nullLiteral()));
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case BOOLEAN_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
      case COLUMN:
      case MASKED_VALUE:
      case FUNCTION_CALL:
      case COMPARISON:
      case ARITHMETIC:
      case AND:
      case OR:
      case NOT:
      case IN:
      case LIKE:
      case IS_NULL:
      case CASE:
      case CAST:
      case LOOKUP:
      case OPAQUE:
        return Optional.empty();
    }
    throw new IllegalStateException("Unknown expression kind " + expr.kind());
  }

  private static Expr membership(Expr value, List<String> names) {
    if (names.isEmpty()) {
      return Expressions.alwaysFalse();
    }
    List<Expr> literals = new ArrayList<>();
    for (String name : names) {
      literals.add(Expressions.literal(name));
    }
    return Expressions.in(value, literals);
  }
}
