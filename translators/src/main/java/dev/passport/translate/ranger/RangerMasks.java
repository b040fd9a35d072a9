package dev.passport.translate.ranger;

import static dev.passport.model.Expressions.function;
import static dev.passport.model.Expressions.literal;

import dev.passport.model.ArithmeticOperator;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.SaltScope;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.translate.sql.ExpressionPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns a principal's residual mask (ordered conditional transforms and a default) into one Ranger
 * mask: a built-in mask type only where its transformer means exactly the same as the model's
 * transform, else {@code CUSTOM} with the expression printed in the service's dialect and the
 * masked column written as Ranger's {@code {col}} placeholder.
 */
final class RangerMasks {
  static final String MASK_NONE = "MASK_NONE";
  static final String MASK_NULL = "MASK_NULL";
  static final String CUSTOM = "CUSTOM";

  // A bare identifier no real policy uses; printed, then replaced by Ranger's placeholder.
  private static final String PLACEHOLDER = "passport_masked_column_placeholder";
  private static final String RANGER_COLUMN = "{col}";

  private RangerMasks() {}

  /** A Ranger mask: the mask type and, for CUSTOM, the value expression. */
  record Mask(String type, Optional<String> valueExpr) {
    static Mask builtIn(String type) {
      return new Mask(type, Optional.empty());
    }
  }

  /** The Ranger mask for a residual mask; what cannot be said masks fully and is reported. */
  static Mask mask(
      List<ConditionalTransform> rules,
      Transform otherwise,
      RangerServiceType service,
      Origin origin,
      Consumer<Loss> losses) {
    if (rules.isEmpty()) {
      Optional<String> builtIn = builtIn(otherwise, service);
      if (builtIn.isPresent()) {
        return Mask.builtIn(builtIn.get());
      }
    }
    try {
      Expr value;
      if (rules.isEmpty()) {
        value = expression(otherwise, service);
      } else {
        List<Expr.WhenClause> clauses = new ArrayList<>();
        for (ConditionalTransform rule : rules) {
          clauses.add(Expressions.when(rule.condition(), expression(rule.transform(), service)));
        }
        value = Expressions.caseWhen(clauses, expression(otherwise, service));
      }
      return custom(value, service);
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      losses.accept(
          new Loss(
              origin,
              "The mask cannot be written for Ranger "
                  + service.id()
                  + " ("
                  + e.getMessage()
                  + "); the column is masked to NULL instead",
              LossDirection.STRICTER));
      return Mask.builtIn(MASK_NULL);
    }
  }

  private static Mask custom(Expr value, RangerServiceType service) {
    if (value instanceof Expr.NullLiteral) {
      return Mask.builtIn(MASK_NULL);
    }
    if (value instanceof Expr.MaskedValue) {
      return Mask.builtIn(MASK_NONE);
    }
    String printed =
        ExpressionPrinter.print(value, service.dialect(), Expressions.column(PLACEHOLDER));
    return new Mask(CUSTOM, Optional.of(printed.replace(PLACEHOLDER, RANGER_COLUMN)));
  }

  /**
   * The built-in mask type that means exactly the transform in this service. Trino's transformers
   * (ranger-servicedef-trino.json) replace each hidden character by {@code X} and keep strings of
   * four characters or fewer whole, as {@link Transform.Partial} with {@link
   * FillMode#EACH_CHARACTER} does. Hive's UDF transformers differ (lower-case {@code x}, digits to
   * {@code n}, punctuation kept) and its {@code MASK_HASH} nulls non-strings, so Hive gets CUSTOM
   * for everything but NULL and no mask. Trino's {@code MASK_HASH} is upper-case hex, the model's
   * lower-case, so hashes are CUSTOM everywhere.
   */
  static Optional<String> builtIn(Transform transform, RangerServiceType service) {
    switch (transform.kind()) {
      case IDENTITY:
        return Optional.of(MASK_NONE);
      case NULLIFY:
        return Optional.of(MASK_NULL);
      case PARTIAL:
        Transform.Partial partial = (Transform.Partial) transform;
        if (service != RangerServiceType.TRINO
            || partial.mode() != FillMode.EACH_CHARACTER
            || !partial.fill().equals("X")) {
          return Optional.empty();
        }
        if (partial.keepFirst() == 0 && partial.keepLast() == 4) {
          return Optional.of("MASK_SHOW_LAST_4");
        }
        if (partial.keepFirst() == 4 && partial.keepLast() == 0) {
          return Optional.of("MASK_SHOW_FIRST_4");
        }
        return Optional.empty();
      case MASK_CHARACTERS:
        return service == RangerServiceType.TRINO ? Optional.of("MASK") : Optional.empty();
      case DATE_TRUNCATE:
        return service == RangerServiceType.TRINO
                && ((Transform.DateTruncate) transform).unit() == dev.passport.model.DateUnit.YEAR
            ? Optional.of("MASK_DATE_SHOW_YEAR")
            : Optional.empty();
      case CONSTANT:
      case HASH:
      case EMAIL:
      case REGEX_REPLACE:
      case ROUND:
      case EXPRESSION:
        return Optional.empty();
    }
    throw new IllegalStateException("Unknown transform kind " + transform.kind());
  }

  /**
   * The transform as an expression of the masked value, in canonical functions the printer knows.
   *
   * @throws PassportException NOT_SUPPORTED when the service has no way to say it
   */
  static Expr expression(Transform transform, RangerServiceType service) {
    Expr value = Expressions.maskedValue();
    Expr text = Expressions.cast(value, "varchar");
    switch (transform.kind()) {
      case IDENTITY:
        return value;
      case NULLIFY:
        return Expressions.nullLiteral();
      case CONSTANT:
        return ((Transform.Constant) transform).value();
      case HASH:
        Transform.Hash hash = (Transform.Hash) transform;
        if (hash.salt() != SaltScope.NONE) {
          throw unsupported("A salted hash (" + hash.salt() + ")", service);
        }
        if (hash.algorithm() == HashAlgorithm.SHA256) {
          return function("sha2", text, literal(256));
        }
        if (hash.algorithm() == HashAlgorithm.SHA512) {
          return function("sha2", text, literal(512));
        }
        if (hash.algorithm() == HashAlgorithm.MD5) {
          return function("md5", text);
        }
        throw unsupported("The hash " + hash.algorithm(), service);
      case PARTIAL:
        return partial((Transform.Partial) transform, text);
      case MASK_CHARACTERS:
        return function(
            "regexp_replace",
            function(
                "regexp_replace",
                function("regexp_replace", text, literal("[A-Z]"), literal("X")),
                literal("[a-z]"),
                literal("x")),
            literal("[0-9]"),
            literal("0"));
      case EMAIL:
        // Everything up to the last @ becomes *****; a value without @ becomes ***** whole.
        return Expressions.caseWhen(
            List.of(
                Expressions.when(
                    Expressions.like(text, literal("%@%")),
                    function("regexp_replace", text, literal("^.*@"), literal("*****@")))),
            literal("*****"));
      case REGEX_REPLACE:
        Transform.RegexReplace regex = (Transform.RegexReplace) transform;
        return function(
            "regexp_replace", text, literal(regex.pattern()), literal(regex.replacement()));
      case DATE_TRUNCATE:
        String unit = ((Transform.DateTruncate) transform).unit().name().toLowerCase(Locale.ROOT);
        if (service == RangerServiceType.HIVE) {
          throw unsupported("Truncating a date to the " + unit, service);
        }
        return function("date_trunc", literal(unit), value);
      case ROUND:
        return function("round", value, literal(((Transform.Round) transform).digits()));
      case EXPRESSION:
        return ((Transform.Expression) transform).expression();
    }
    throw new IllegalStateException("Unknown transform kind " + transform.kind());
  }

  // Mirrors the evaluator: a value no longer than keepFirst shows whole; keepLast takes only what
  // keepFirst left; a ONCE fill is written even when nothing is left to hide.
  private static Expr partial(Transform.Partial partial, Expr text) {
    int first = partial.keepFirst();
    int last = partial.keepLast();
    Expr length = function("length", text);
    List<Expr> shortValue = new ArrayList<>();
    if (first > 0) {
      shortValue.add(function("left", text, literal(first)));
    }
    shortValue.add(literal(partial.fill()));
    shortValue.add(
        function(
            "right",
            text,
            Expressions.arithmetic(ArithmeticOperator.SUBTRACT, length, literal(first))));
    List<Expr> longValue = new ArrayList<>();
    if (first > 0) {
      longValue.add(function("left", text, literal(first)));
    }
    longValue.add(
        partial.mode() == FillMode.ONCE
            ? literal(partial.fill())
            : function(
                "rpad",
                literal(""),
                Expressions.arithmetic(ArithmeticOperator.SUBTRACT, length, literal(first + last)),
                literal(partial.fill())));
    if (last > 0) {
      longValue.add(function("right", text, literal(last)));
    }
    List<Expr.WhenClause> clauses = new ArrayList<>();
    clauses.add(
        Expressions.when(
            Expressions.compare(ComparisonOperator.LESS_THAN_OR_EQUAL, length, literal(first)),
            text));
    clauses.add(
        Expressions.when(
            Expressions.compare(
                ComparisonOperator.LESS_THAN_OR_EQUAL, length, literal(first + last)),
            partial.mode() == FillMode.ONCE ? function("concat", shortValue) : text));
    return Expressions.caseWhen(clauses, function("concat", longValue));
  }

  private static PassportException unsupported(String construct, RangerServiceType service) {
    return new PassportException(
        ErrorCode.NOT_SUPPORTED,
        construct + " cannot be expressed in Ranger " + service.id() + " masks");
  }
}
