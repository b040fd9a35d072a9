package dev.passport.extract.snowflake;

import dev.passport.model.ComparisonOperator;
import dev.passport.model.DateUnit;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.RoleScope;
import dev.passport.model.SaltScope;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.Transform;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a converted Snowflake masking body, in which the masked argument is already {@link
 * Expr.MaskedValue}, into ordered mask rules. CASE arms (IFF and DECODE arrive as CASEs; nested
 * CASEs are flattened, conditions ANDed in order, so first-match semantics are kept) become rules:
 * the identity part of an arm's condition becomes the rule's {@link Subject}, the rest stays as a
 * condition on the row. Each value becomes a {@link Transform} by its shape; a value of no known
 * shape is a {@link Transform.Expression}.
 */
final class SnowflakeMaskShapes {
  private static final Set<String> EMAIL_PATTERNS =
      Set.of(".+@", ".*@", "^.+@", "^.*@", "[^@]+@", "^[^@]+@", "[^@]*@", "^[^@]*@");

  private final String maskedFamily;

  SnowflakeMaskShapes(String maskedFamily) {
    this.maskedFamily = maskedFamily;
  }

  /** The rules of a body, appended to {@code rules}; the returned transform is the default. */
  Transform rules(Expr body, List<MaskRule> rules) {
    Expr value = body;
    while (value instanceof Expr.Case caseWhen) {
      for (Expr.WhenClause clause : caseWhen.whenClauses()) {
        arm(clause.condition(), clause.result(), rules);
      }
      value = caseWhen.otherwise();
    }
    return transform(value);
  }

  private void arm(Expr condition, Expr result, List<MaskRule> rules) {
    if (result instanceof Expr.Case inner) {
      for (Expr.WhenClause clause : inner.whenClauses()) {
        arm(Expressions.and(condition, clause.condition()), clause.result(), rules);
      }
      arm(condition, inner.otherwise(), rules);
      return;
    }
    rules.add(rule(condition, transform(result)));
  }

  private static MaskRule rule(Expr condition, Transform transform) {
    Optional<Subject> whole = identityOnly(condition);
    if (whole.isPresent()) {
      return MaskRule.when(whole.get(), transform);
    }
    if (condition instanceof Expr.And and) {
      List<Subject> subjects = new ArrayList<>();
      List<Expr> rest = new ArrayList<>();
      for (Expr term : and.terms()) {
        Optional<Subject> subject = identityOnly(term);
        if (subject.isPresent()) {
          subjects.add(subject.get());
        } else {
          rest.add(term);
        }
      }
      return new MaskRule(Subjects.allOf(subjects), Expressions.and(rest), transform);
    }
    return new MaskRule(Subjects.everyone(), condition, transform);
  }

  /**
   * The subject of a condition that tests identity only: role tests of literal roles, {@code
   * CURRENT_USER() = 'u'} or {@code IN}, a session attribute compared with a literal, and their
   * AND, OR and NOT.
   */
  static Optional<Subject> identityOnly(Expr condition) {
    if (condition instanceof Expr.HasRole hasRole
        && hasRole.role() instanceof Expr.StringLiteral role) {
      return Optional.of(
          hasRole.scope() == RoleScope.PRIMARY
              ? Subjects.hasPrimaryRole(role.value())
              : Subjects.hasRole(role.value()));
    }
    if (condition instanceof Expr.Comparison comparison
        && comparison.operator() == ComparisonOperator.EQUAL) {
      return identityEquals(comparison.left(), comparison.right())
          .or(() -> identityEquals(comparison.right(), comparison.left()));
    }
    if (condition instanceof Expr.In in) {
      List<Subject> subjects = new ArrayList<>();
      for (Expr member : in.list()) {
        Optional<Subject> subject = identityEquals(in.value(), member);
        if (subject.isEmpty()) {
          return Optional.empty();
        }
        subjects.add(subject.get());
      }
      return Optional.of(Subjects.anyOf(subjects));
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

  private static Optional<Subject> identityEquals(Expr identity, Expr value) {
    if (!(value instanceof Expr.StringLiteral literal)) {
      return Optional.empty();
    }
    if (identity instanceof Expr.CurrentUser) {
      return Optional.of(Subjects.isUser(literal.value()));
    }
    if (identity instanceof Expr.CurrentRole) {
      return Optional.of(Subjects.hasPrimaryRole(literal.value()));
    }
    if (identity instanceof Expr.SessionAttribute attribute) {
      return Optional.of(Subjects.attributeEquals(attribute.name(), literal.value()));
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

  /** The transform a value expression performs on the masked value. */
  Transform transform(Expr expr) {
    if (isMaskedCast(expr)) {
      return new Transform.Identity();
    }
    Optional<Expr.Literal> constant = constant(expr);
    if (constant.isPresent()) {
      return constant.get() instanceof Expr.NullLiteral
          ? new Transform.Nullify()
          : new Transform.Constant(constant.get());
    }
    Expr value = withoutCasts(expr);
    if (value instanceof Expr.FunctionCall call) {
      Optional<Transform> known = function(call);
      if (known.isPresent()) {
        return known.get();
      }
    }
    return new Transform.Expression(expr);
  }

  private Optional<Transform> function(Expr.FunctionCall call) {
    List<Expr> arguments = call.arguments();
    switch (call.name()) {
      case "sha2":
        if ((arguments.size() == 1 || arguments.size() == 2) && isMasked(arguments.get(0))) {
          Optional<Integer> bits =
              arguments.size() == 1 ? Optional.of(256) : integer(arguments.get(1));
          if (bits.equals(Optional.of(256))) {
            return Optional.of(new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE));
          }
          if (bits.equals(Optional.of(512))) {
            return Optional.of(new Transform.Hash(HashAlgorithm.SHA512, SaltScope.NONE));
          }
        }
        return Optional.empty();
      case "md5":
        return arguments.size() == 1 && isMasked(arguments.get(0))
            ? Optional.of(new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE))
            : Optional.empty();
      case "sha1":
        return arguments.size() == 1 && isMasked(arguments.get(0))
            ? Optional.of(new Transform.Hash(HashAlgorithm.SHA1, SaltScope.NONE))
            : Optional.empty();
      case "regexp_replace":
        return regexpReplace(arguments);
      case "concat":
        return partial(arguments);
      case "date_trunc":
        if (arguments.size() == 2 && isMasked(arguments.get(1))) {
          return unit(arguments.get(0)).map(Transform.DateTruncate::new);
        }
        return Optional.empty();
      case "date_from_parts":
        return dateFromParts(arguments);
      default:
        return Optional.empty();
    }
  }

  /**
   * {@code REGEXP_REPLACE(val, pattern[, replacement])}; the e-mail idiom is {@link
   * Transform.Email}.
   */
  private static Optional<Transform> regexpReplace(List<Expr> arguments) {
    if (arguments.size() < 2 || arguments.size() > 3 || !isMasked(arguments.get(0))) {
      return Optional.empty();
    }
    if (!(arguments.get(1) instanceof Expr.StringLiteral patternLiteral)) {
      return Optional.empty();
    }
    String replacementText = "";
    if (arguments.size() == 3) {
      if (!(arguments.get(2) instanceof Expr.StringLiteral replacement)) {
        return Optional.empty();
      }
      replacementText = unescape(replacement.value());
    }
    String pattern = unescape(patternLiteral.value());
    if (EMAIL_PATTERNS.contains(pattern) && replacementText.equals("*****@")) {
      return Optional.of(new Transform.Email());
    }
    return javaReplacement(replacementText)
        .map(replacement -> new Transform.RegexReplace(pattern, replacement));
  }

  /**
   * A Snowflake single-quoted string's backslash escapes, which the converter keeps as written:
   * {@code '\\d'} is the regular expression {@code \d}, {@code '\@'} is {@code @}.
   */
  private static String unescape(String written) {
    StringBuilder value = new StringBuilder(written.length());
    for (int index = 0; index < written.length(); index++) {
      char character = written.charAt(index);
      if (character == '\\' && index + 1 < written.length()) {
        char next = written.charAt(++index);
        switch (next) {
          case 'n' -> value.append('\n');
          case 't' -> value.append('\t');
          case 'r' -> value.append('\r');
          case '0' -> value.append('\0');
          default -> value.append(next);
        }
      } else {
        value.append(character);
      }
    }
    return value.toString();
  }

  /** A POSIX replacement as a Java one: {@code \1} is {@code $1}, a literal {@code $} escaped. */
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
   * {@code fill || RIGHT(v, n)}, {@code LEFT(v, n) || fill}, {@code LEFT(v,a) || f || RIGHT(v,b)}.
   */
  private static Optional<Transform> partial(List<Expr> parts) {
    if (parts.size() == 2) {
      Optional<Integer> last = side(parts.get(1), "right");
      if (parts.get(0) instanceof Expr.StringLiteral fill && last.isPresent()) {
        return Optional.of(new Transform.Partial(0, last.get(), fill.value(), FillMode.ONCE));
      }
      Optional<Integer> first = side(parts.get(0), "left");
      if (parts.get(1) instanceof Expr.StringLiteral fill && first.isPresent()) {
        return Optional.of(new Transform.Partial(first.get(), 0, fill.value(), FillMode.ONCE));
      }
      return Optional.empty();
    }
    if (parts.size() == 3 && parts.get(1) instanceof Expr.StringLiteral fill) {
      Optional<Integer> first = side(parts.get(0), "left");
      Optional<Integer> last = side(parts.get(2), "right");
      if (first.isPresent() && last.isPresent()) {
        return Optional.of(
            new Transform.Partial(first.get(), last.get(), fill.value(), FillMode.ONCE));
      }
    }
    return Optional.empty();
  }

  /** The length {@code n} of {@code LEFT(v, n)} / {@code SUBSTR(v, 1, n)}, or of {@code RIGHT}. */
  private static Optional<Integer> side(Expr expr, String which) {
    if (!(withoutCasts(expr) instanceof Expr.FunctionCall call)) {
      return Optional.empty();
    }
    List<Expr> arguments = call.arguments();
    if (call.name().equals(which) && arguments.size() == 2 && isMasked(arguments.get(0))) {
      return integer(arguments.get(1)).filter(length -> length >= 0);
    }
    if (which.equals("left")
        && call.name().equals("substring")
        && arguments.size() == 3
        && isMasked(arguments.get(0))
        && integer(arguments.get(1)).equals(Optional.of(1))) {
      return integer(arguments.get(2)).filter(length -> length >= 0);
    }
    return Optional.empty();
  }

  /** {@code DATE_FROM_PARTS(YEAR(v), 1, 1)} and {@code (YEAR(v), MONTH(v), 1)} truncate. */
  private static Optional<Transform> dateFromParts(List<Expr> arguments) {
    if (arguments.size() != 3 || !isPartOf(arguments.get(0), "year")) {
      return Optional.empty();
    }
    boolean firstDay = integer(arguments.get(2)).equals(Optional.of(1));
    if (!firstDay) {
      return Optional.empty();
    }
    if (integer(arguments.get(1)).equals(Optional.of(1))) {
      return Optional.of(new Transform.DateTruncate(DateUnit.YEAR));
    }
    if (isPartOf(arguments.get(1), "month")) {
      return Optional.of(new Transform.DateTruncate(DateUnit.MONTH));
    }
    return Optional.empty();
  }

  private static boolean isPartOf(Expr expr, String function) {
    return expr instanceof Expr.FunctionCall call
        && call.name().equals(function)
        && call.arguments().size() == 1
        && isMasked(call.arguments().get(0));
  }

  /** A date unit written as a string ({@code 'month'}) or a bare word ({@code MONTH}). */
  private static Optional<DateUnit> unit(Expr expr) {
    String name;
    if (expr instanceof Expr.StringLiteral literal) {
      name = literal.value();
    } else if (expr instanceof Expr.Column column && column.qualifier().isEmpty()) {
      name = column.name();
    } else {
      return Optional.empty();
    }
    String upper = name.trim().toUpperCase(Locale.ROOT);
    for (DateUnit unit : DateUnit.values()) {
      if (unit.name().equals(upper) || (unit.name() + "S").equals(upper)) {
        return Optional.of(unit);
      }
    }
    return switch (upper) {
      case "YY", "YYYY", "YR", "YRS", "YEARS" -> Optional.of(DateUnit.YEAR);
      case "MM", "MON", "MONS", "MONTHS" -> Optional.of(DateUnit.MONTH);
      case "D", "DD", "DAYS" -> Optional.of(DateUnit.DAY);
      default -> Optional.empty();
    };
  }

  /** A literal, through casts that keep its value; a date or string cast to a timestamp folds. */
  private Optional<Expr.Literal> constant(Expr expr) {
    if (expr instanceof Expr.Literal literal) {
      return Optional.of(literal);
    }
    if (!(expr instanceof Expr.Cast cast)) {
      return Optional.empty();
    }
    Optional<Expr.Literal> inner = constant(cast.value());
    if (inner.isEmpty()) {
      return Optional.empty();
    }
    Expr.Literal value = inner.get();
    String family = SnowflakeTypes.family(cast.type());
    if (value instanceof Expr.NullLiteral) {
      return inner;
    }
    if (family.equals("timestamp")) {
      if (value instanceof Expr.DateLiteral date) {
        return Optional.of((Expr.Literal) Expressions.literal(date.value().atStartOfDay()));
      }
      if (value instanceof Expr.StringLiteral string) {
        try {
          return Optional.of(
              (Expr.Literal)
                  Expressions.literal(
                      LocalDateTime.parse(string.value().trim().replace(' ', 'T'))));
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
      return value instanceof Expr.TimestampLiteral ? inner : Optional.empty();
    }
    if (family.equals("date")) {
      if (value instanceof Expr.DateLiteral) {
        return inner;
      }
      if (value instanceof Expr.StringLiteral string) {
        try {
          return Optional.of(
              (Expr.Literal) Expressions.literal(LocalDate.parse(string.value().trim())));
        } catch (DateTimeParseException e) {
          return Optional.empty();
        }
      }
      return Optional.empty();
    }
    if (SnowflakeTypes.isText(family) && value instanceof Expr.StringLiteral) {
      return cast.type().contains("(") ? Optional.empty() : inner;
    }
    if (family.equals("decimal") && value instanceof Expr.NumberLiteral number) {
      return number.value().scale() <= 0 ? inner : Optional.empty();
    }
    return Optional.empty();
  }

  /** The masked value, possibly cast to its own type family or to unbounded text. */
  private boolean isMaskedCast(Expr expr) {
    Expr current = expr;
    while (current instanceof Expr.Cast cast) {
      String family = SnowflakeTypes.family(cast.type());
      boolean keeps =
          (family.equals(maskedFamily) || SnowflakeTypes.isText(family))
              && !cast.type().contains("(");
      if (!keeps) {
        return false;
      }
      current = cast.value();
    }
    return current instanceof Expr.MaskedValue;
  }

  private static boolean isMasked(Expr expr) {
    Expr current = expr;
    while (current instanceof Expr.Cast cast
        && SnowflakeTypes.isText(SnowflakeTypes.family(cast.type()))
        && !cast.type().contains("(")) {
      current = cast.value();
    }
    return current instanceof Expr.MaskedValue;
  }

  private static Expr withoutCasts(Expr expr) {
    Expr current = expr;
    while (current instanceof Expr.Cast cast) {
      current = cast.value();
    }
    return current;
  }

  private static Optional<Integer> integer(Expr expr) {
    Expr value = withoutCasts(expr);
    BigDecimal number;
    if (value instanceof Expr.NumberLiteral literal) {
      number = literal.value();
    } else if (value instanceof Expr.StringLiteral string) {
      try {
        number = new BigDecimal(string.value().trim());
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(number.intValueExact());
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }
}
