package dev.passport.extract.redshift;

import dev.passport.model.ComparisonOperator;
import dev.passport.model.DefinitionBody;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.SaltScope;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.Transform;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises the transform a Redshift masking expression performs, by its shape. Redshift has no
 * masking functions, so masks are plain SQL; the shapes recognised are exactly those whose meaning
 * equals a model {@link Transform}:
 *
 * <ul>
 *   <li>a constant (Redshift requires it cast, {@code '000000XXXX0000'::TEXT}) → Constant, NULL →
 *       Nullify;
 *   <li>the masked column itself (possibly cast) → Identity;
 *   <li>{@code SHA2(x, 256|512)}, {@code MD5(x)} → Hash without salt;
 *   <li>{@code fill || RIGHT(x, n)}, {@code LEFT(x, n) || fill}, {@code LEFT(x, a) || fill ||
 *       RIGHT(x, b)} (with {@code SUBSTRING(x, 1, n)} for {@code LEFT}) → Partial, fill once;
 *   <li>{@code REGEXP_REPLACE(x, 'pattern', 'replacement')} → RegexReplace;
 *   <li>a top-level CASE → one rule per arm (an arm testing identity only gets a {@link Subject},
 *       others keep their condition on the row), its ELSE the default.
 * </ul>
 *
 * Anything else is an {@link Transform.Expression} in which the masked column is {@link
 * Expr.MaskedValue}; an {@link Expr.Opaque} inside (a UDF call) comes with the converter's loss.
 */
final class MaskShapes {
  private MaskShapes() {}

  /** The mask an expression performs on the unqualified column {@code masked}. */
  static DefinitionBody.Mask recognise(Expr expr, String masked) {
    if (expr instanceof Expr.Case caseWhen) {
      List<MaskRule> rules = new ArrayList<>();
      for (Expr.WhenClause clause : caseWhen.whenClauses()) {
        Transform transform = transform(clause.result(), masked);
        Optional<Subject> subject = identityOnly(clause.condition());
        if (subject.isPresent()) {
          rules.add(MaskRule.when(subject.get(), transform));
        } else {
          rules.add(new MaskRule(Subjects.everyone(), clause.condition(), transform));
        }
      }
      return new DefinitionBody.Mask(rules, transform(caseWhen.otherwise(), masked));
    }
    return new DefinitionBody.Mask(List.of(), transform(expr, masked));
  }

  /** The transform of one value expression. */
  static Transform transform(Expr expr, String masked) {
    Expr value = withoutCast(expr);
    if (value instanceof Expr.NullLiteral) {
      return new Transform.Nullify();
    }
    if (value instanceof Expr.Literal literal) {
      return new Transform.Constant(literal);
    }
    if (isMasked(expr, masked)) {
      return new Transform.Identity();
    }
    if (value instanceof Expr.FunctionCall call) {
      Optional<Transform> known = function(call, masked);
      if (known.isPresent()) {
        return known.get();
      }
    }
    Expr custom =
        ExprRewriter.replaceColumns(
            expr, name -> name.equals(masked) ? Expressions.maskedValue() : null);
    return new Transform.Expression(custom);
  }

  private static Optional<Transform> function(Expr.FunctionCall call, String masked) {
    List<Expr> arguments = call.arguments();
    switch (call.name()) {
      case "sha2":
        if (arguments.size() == 2 && isMasked(arguments.get(0), masked)) {
          Optional<Integer> bits = integer(arguments.get(1));
          if (bits.equals(Optional.of(256))) {
            return Optional.of(new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE));
          }
          if (bits.equals(Optional.of(512))) {
            return Optional.of(new Transform.Hash(HashAlgorithm.SHA512, SaltScope.NONE));
          }
        }
        return Optional.empty();
      case "md5":
        if (arguments.size() == 1 && isMasked(arguments.get(0), masked)) {
          return Optional.of(new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE));
        }
        return Optional.empty();
      case "regexp_replace":
        if (arguments.size() == 3
            && isMasked(arguments.get(0), masked)
            && arguments.get(1) instanceof Expr.StringLiteral pattern
            && arguments.get(2) instanceof Expr.StringLiteral replacement) {
          return javaReplacement(replacement.value())
              .map(text -> new Transform.RegexReplace(pattern.value(), text));
        }
        return Optional.empty();
      case "concat":
        return partial(arguments, masked);
      default:
        return Optional.empty();
    }
  }

  /**
   * {@code fill || RIGHT(x, n)}, {@code LEFT(x, n) || fill}, {@code LEFT(x,a) || f || RIGHT(x,b)}.
   */
  private static Optional<Transform> partial(List<Expr> parts, String masked) {
    if (parts.size() == 2) {
      Optional<Integer> last = side(parts.get(1), masked, "right");
      if (parts.get(0) instanceof Expr.StringLiteral fill && last.isPresent()) {
        return Optional.of(new Transform.Partial(0, last.get(), fill.value(), FillMode.ONCE));
      }
      Optional<Integer> first = side(parts.get(0), masked, "left");
      if (parts.get(1) instanceof Expr.StringLiteral fill && first.isPresent()) {
        return Optional.of(new Transform.Partial(first.get(), 0, fill.value(), FillMode.ONCE));
      }
      return Optional.empty();
    }
    if (parts.size() == 3) {
      Optional<Integer> first = side(parts.get(0), masked, "left");
      Optional<Integer> last = side(parts.get(2), masked, "right");
      if (first.isPresent()
          && last.isPresent()
          && parts.get(1) instanceof Expr.StringLiteral fill) {
        return Optional.of(
            new Transform.Partial(first.get(), last.get(), fill.value(), FillMode.ONCE));
      }
    }
    return Optional.empty();
  }

  /** The length {@code n} of {@code LEFT(x, n)} / {@code SUBSTRING(x, 1, n)} or {@code RIGHT}. */
  private static Optional<Integer> side(Expr expr, String masked, String which) {
    if (!(expr instanceof Expr.FunctionCall call)) {
      return Optional.empty();
    }
    List<Expr> arguments = call.arguments();
    if (call.name().equals(which) && arguments.size() == 2 && isMasked(arguments.get(0), masked)) {
      return integer(arguments.get(1)).filter(length -> length >= 0);
    }
    if (which.equals("left")
        && call.name().equals("substring")
        && arguments.size() == 3
        && isMasked(arguments.get(0), masked)
        && integer(arguments.get(1)).equals(Optional.of(1))) {
      return integer(arguments.get(2)).filter(length -> length >= 0);
    }
    return Optional.empty();
  }

  /**
   * A Redshift (POSIX) replacement as a Java one: {@code \1} becomes {@code $1}; a literal {@code
   * $} is escaped. Empty for other backslash escapes, whose meaning is not certain.
   */
  private static Optional<String> javaReplacement(String replacement) {
    StringBuilder java = new StringBuilder();
    for (int index = 0; index < replacement.length(); index++) {
      char character = replacement.charAt(index);
      if (character == '\\') {
        if (index + 1 < replacement.length() && Character.isDigit(replacement.charAt(index + 1))) {
          java.append('$').append(replacement.charAt(++index));
          continue;
        }
        return Optional.empty();
      }
      if (character == '$') {
        java.append("\\$");
        continue;
      }
      java.append(character);
    }
    return Optional.of(java.toString());
  }

  /**
   * The subject of a condition that tests identity only: {@code user_is_member_of(current_user,
   * 'r')}, {@code current_user = 'u'}, {@code current_user IN ('u', …)} and their AND, OR and NOT.
   */
  static Optional<Subject> identityOnly(Expr condition) {
    if (condition instanceof Expr.HasRole hasRole
        && hasRole.role() instanceof Expr.StringLiteral role) {
      return Optional.of(
          hasRole.scope() == dev.passport.model.RoleScope.PRIMARY
              ? Subjects.hasPrimaryRole(role.value())
              : Subjects.hasRole(role.value()));
    }
    if (condition instanceof Expr.Comparison comparison
        && comparison.operator() == ComparisonOperator.EQUAL) {
      if (comparison.left() instanceof Expr.CurrentUser
          && comparison.right() instanceof Expr.StringLiteral user) {
        return Optional.of(Subjects.isUser(user.value()));
      }
      if (comparison.right() instanceof Expr.CurrentUser
          && comparison.left() instanceof Expr.StringLiteral user) {
        return Optional.of(Subjects.isUser(user.value()));
      }
      return Optional.empty();
    }
    if (condition instanceof Expr.In in && in.value() instanceof Expr.CurrentUser) {
      List<Subject> users = new ArrayList<>();
      for (Expr member : in.list()) {
        if (!(member instanceof Expr.StringLiteral user)) {
          return Optional.empty();
        }
        users.add(Subjects.isUser(user.value()));
      }
      return Optional.of(Subjects.anyOf(users));
    }
    if (condition instanceof Expr.Not not) {
      return identityOnly(not.term()).map(Subjects::not);
    }
    if (condition instanceof Expr.And and) {
      return all(and.terms()).map(Subjects::allOf);
    }
    if (condition instanceof Expr.Or or) {
      return all(or.terms()).map(Subjects::anyOf);
    }
    return Optional.empty();
  }

  private static Optional<List<Subject>> all(List<Expr> terms) {
    List<Subject> subjects = new ArrayList<>();
    for (Expr term : terms) {
      Optional<Subject> subject = identityOnly(term);
      if (subject.isEmpty()) {
        return Optional.empty();
      }
      subjects.add(subject.get());
    }
    return Optional.of(subjects);
  }

  private static boolean isMasked(Expr expr, String masked) {
    Expr value = expr;
    // Only a cast to unbounded text leaves every value as it is; a length or a number type may not.
    while (value instanceof Expr.Cast cast && cast.type().equals("varchar")) {
      value = cast.value();
    }
    return value instanceof Expr.Column column
        && column.qualifier().isEmpty()
        && column.name().equals(masked);
  }

  /** The operand of casts without a length or precision, which keep a constant's value. */
  private static Expr withoutCast(Expr expr) {
    Expr current = expr;
    while (current instanceof Expr.Cast cast && !cast.type().contains("(")) {
      current = cast.value();
    }
    return current;
  }

  private static Optional<Integer> integer(Expr expr) {
    if (!(expr instanceof Expr.NumberLiteral number)) {
      return Optional.empty();
    }
    try {
      BigDecimal value = number.value();
      return Optional.of(value.intValueExact());
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }
}
