package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ComparisonOperator;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Evaluates a residual expression against one row with SQL's three-valued logic. Booleans are
 * {@code Boolean}, UNKNOWN is null. Identity values must have been folded by {@link Evaluator}
 * first; meeting one here is an error, as is an unknown function or a failed cast.
 */
final class Interpreter {
  private static final Object UNBOUND = new Object();

  private final Row row;
  private final LookupSource lookups;
  private final Object maskedValue;
  private final Map<String, Row> aliases;

  private Interpreter(Row row, LookupSource lookups, Object maskedValue, Map<String, Row> aliases) {
    this.row = requireNonNull(row, "row is null");
    this.lookups = requireNonNull(lookups, "lookups is null");
    this.maskedValue = maskedValue;
    this.aliases = aliases;
  }

  /** For predicates and expressions with no masked value in scope. */
  static Interpreter forRow(Row row, LookupSource lookups) {
    return new Interpreter(row, lookups, UNBOUND, Map.of());
  }

  /** For mask conditions and custom masks, where {@link Expr.MaskedValue} is bound. */
  static Interpreter forMask(Row row, LookupSource lookups, Object maskedValue) {
    return new Interpreter(row, lookups, SqlValues.normalize(maskedValue), Map.of());
  }

  /** The predicate's truth value; a non-boolean result is an error. */
  TriState test(Expr predicate) {
    Object value = evaluate(predicate);
    if (value == null) {
      return TriState.UNKNOWN;
    }
    if (value instanceof Boolean bool) {
      return bool ? TriState.TRUE : TriState.FALSE;
    }
    throw SqlValues.error("Not a predicate, its value is " + SqlValues.describe(value));
  }

  Object evaluate(Expr expr) {
    switch (expr.kind()) {
      case NULL_LITERAL:
      case STRING_LITERAL:
      case NUMBER_LITERAL:
      case BOOLEAN_LITERAL:
      case DATE_LITERAL:
      case TIMESTAMP_LITERAL:
        return SqlValues.fromLiteral((Expr.Literal) expr);
      case COLUMN:
        return column((Expr.Column) expr);
      case MASKED_VALUE:
        if (maskedValue == UNBOUND) {
          throw SqlValues.error("The masked value is only defined inside a column mask");
        }
        return maskedValue;
      case FUNCTION_CALL:
        return function((Expr.FunctionCall) expr);
      case COMPARISON:
        return comparison((Expr.Comparison) expr);
      case ARITHMETIC:
        return arithmetic((Expr.Arithmetic) expr);
      case AND:
        return and((Expr.And) expr);
      case OR:
        return or((Expr.Or) expr);
      case NOT:
        return test(((Expr.Not) expr).term()).not().toBoolean();
      case IN:
        return in((Expr.In) expr);
      case LIKE:
        return like((Expr.Like) expr);
      case IS_NULL:
        return evaluate(((Expr.IsNull) expr).value()) == null;
      case CASE:
        return caseWhen((Expr.Case) expr);
      case CAST:
        {
          Expr.Cast cast = (Expr.Cast) expr;
          return SqlValues.cast(evaluate(cast.value()), cast.type());
        }
      case CURRENT_USER:
      case CURRENT_ROLE:
      case HAS_ROLE:
      case IN_GROUP:
      case SESSION_ATTRIBUTE:
      case COLUMN_TAG_VALUE:
        throw SqlValues.error(
            "Identity value "
                + expr.kind().id()
                + " was not folded; evaluate the residual from Evaluator.decide");
      case LOOKUP:
        return lookup((Expr.Lookup) expr);
      case OPAQUE:
        throw new UnknownResult("opaque " + ((Expr.Opaque) expr).dialect().id() + " SQL");
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  private Object column(Expr.Column column) {
    if (column.qualifier().isPresent()) {
      Row bound = aliases.get(column.qualifier().get());
      if (bound != null) {
        return valueOf(bound, column.name(), column.qualifier().get() + "." + column.name());
      }
    }
    return valueOf(row, column.name(), column.name());
  }

  private static Object valueOf(Row source, String name, String display) {
    if (!source.has(name)) {
      throw SqlValues.error("Row has no column " + display + ": " + source.values().keySet());
    }
    return SqlValues.normalize(source.value(name));
  }

  private Object comparison(Expr.Comparison comparison) {
    Object left = evaluate(comparison.left());
    Object right = evaluate(comparison.right());
    ComparisonOperator operator = comparison.operator();
    if (operator == ComparisonOperator.IS_DISTINCT_FROM
        || operator == ComparisonOperator.IS_NOT_DISTINCT_FROM) {
      boolean distinct;
      if (left == null || right == null) {
        distinct = (left == null) != (right == null);
      } else {
        distinct = SqlValues.compare(left, right) != 0;
      }
      return operator == ComparisonOperator.IS_DISTINCT_FROM ? distinct : !distinct;
    }
    if (left == null || right == null) {
      return null;
    }
    return Expressions.holds(operator, SqlValues.compare(left, right));
  }

  private Object and(Expr.And and) {
    TriState result = TriState.TRUE;
    for (Expr term : and.terms()) {
      result = result.and(test(term));
      if (result == TriState.FALSE) {
        return Boolean.FALSE;
      }
    }
    return result.toBoolean();
  }

  private Object or(Expr.Or or) {
    TriState result = TriState.FALSE;
    for (Expr term : or.terms()) {
      result = result.or(test(term));
      if (result == TriState.TRUE) {
        return Boolean.TRUE;
      }
    }
    return result.toBoolean();
  }

  private Object in(Expr.In in) {
    Object value = evaluate(in.value());
    List<Object> members = new ArrayList<>(in.list().size());
    for (Expr member : in.list()) {
      members.add(evaluate(member));
    }
    return membership(value, members);
  }

  /** SQL IN: TRUE on a match, else UNKNOWN when the value or any member is NULL, else FALSE. */
  private static Boolean membership(Object value, List<Object> members) {
    if (members.isEmpty()) {
      return Boolean.FALSE;
    }
    if (value == null) {
      return null;
    }
    boolean unknown = false;
    for (Object member : members) {
      if (member == null) {
        unknown = true;
      } else if (SqlValues.compare(value, member) == 0) {
        return Boolean.TRUE;
      }
    }
    return unknown ? null : Boolean.FALSE;
  }

  private Object like(Expr.Like like) {
    Object value = evaluate(like.value());
    Object pattern = evaluate(like.pattern());
    if (value == null || pattern == null) {
      return null;
    }
    return Patterns.like(SqlValues.text(pattern), like.caseInsensitive())
        .matcher(SqlValues.text(value))
        .matches();
  }

  private Object caseWhen(Expr.Case expr) {
    for (Expr.WhenClause clause : expr.whenClauses()) {
      if (test(clause.condition()) == TriState.TRUE) {
        return evaluate(clause.result());
      }
    }
    return evaluate(expr.otherwise());
  }

  private Object lookup(Expr.Lookup lookup) {
    Optional<List<Row>> table = lookups.rows(lookup.table());
    if (table.isEmpty()) {
      throw new UnknownResult(
          "mapping table " + lookup.table().qualifiedName() + " is not available");
    }
    Object probe = null;
    if (lookup.probe().isPresent()) {
      probe = evaluate(lookup.probe().get());
    }
    List<Object> selected = new ArrayList<>();
    for (Row mapping : table.get()) {
      Map<String, Row> scope = new HashMap<>(aliases);
      scope.put(lookup.alias(), mapping);
      Interpreter inner = new Interpreter(row, lookups, maskedValue, scope);
      if (inner.test(lookup.condition()) != TriState.TRUE) {
        continue;
      }
      if (lookup.column().isEmpty()) {
        return Boolean.TRUE;
      }
      selected.add(
          valueOf(mapping, lookup.column().get(), lookup.alias() + "." + lookup.column().get()));
    }
    if (lookup.column().isEmpty()) {
      return Boolean.FALSE;
    }
    return membership(probe, selected);
  }

  private Object arithmetic(Expr.Arithmetic arithmetic) {
    Object left = evaluate(arithmetic.left());
    Object right = evaluate(arithmetic.right());
    if (left == null || right == null) {
      return null;
    }
    if (left instanceof LocalDate date && right instanceof BigDecimal days) {
      switch (arithmetic.operator()) {
        case ADD:
          return date.plusDays(days.longValueExact());
        case SUBTRACT:
          return date.minusDays(days.longValueExact());
        default:
          break;
      }
    }
    if (left instanceof LocalDate a && right instanceof LocalDate b) {
      if (arithmetic.operator() == dev.passport.model.ArithmeticOperator.SUBTRACT) {
        return BigDecimal.valueOf(ChronoUnit.DAYS.between(b, a));
      }
    }
    BigDecimal a = number(left, arithmetic.operator().symbol());
    BigDecimal b = number(right, arithmetic.operator().symbol());
    switch (arithmetic.operator()) {
      case ADD:
        return a.add(b);
      case SUBTRACT:
        return a.subtract(b);
      case MULTIPLY:
        return a.multiply(b);
      case DIVIDE:
        if (b.signum() == 0) {
          throw SqlValues.error("Division by zero");
        }
        return a.divide(b, MathContext.DECIMAL128).stripTrailingZeros();
      case MODULUS:
        if (b.signum() == 0) {
          throw SqlValues.error("Division by zero");
        }
        return a.remainder(b);
    }
    throw new AssertionError("unreachable: " + arithmetic.operator());
  }

  private static BigDecimal number(Object value, String where) {
    if (value instanceof BigDecimal number) {
      return number;
    }
    if (value instanceof String) {
      return (BigDecimal) SqlValues.cast(value, "decimal");
    }
    throw SqlValues.error("Operator " + where + " needs numbers, not " + SqlValues.describe(value));
  }

  private Object function(Expr.FunctionCall call) {
    String name = call.name();
    List<Expr> arguments = call.arguments();
    // coalesce evaluates lazily: SQL engines stop at the first non-NULL argument.
    if (name.equals("coalesce")) {
      for (Expr argument : arguments) {
        Object value = evaluate(argument);
        if (value != null) {
          return value;
        }
      }
      return null;
    }
    List<Object> values = new ArrayList<>(arguments.size());
    for (Expr argument : arguments) {
      values.add(evaluate(argument));
    }
    return Functions.call(name, values);
  }

  /** The canonical functions over evaluated arguments. */
  static final class Functions {
    private Functions() {}

    static Object call(String name, List<Object> values) {
      switch (name) {
        case "nullif":
          arity(name, values, 2, 2);
          if (values.get(0) == null) {
            return null;
          }
          if (values.get(1) != null && SqlValues.compare(values.get(0), values.get(1)) == 0) {
            return null;
          }
          return values.get(0);
        case "concat":
          {
            StringBuilder text = new StringBuilder();
            for (Object value : values) {
              if (value == null) {
                return null;
              }
              text.append(SqlValues.text(value));
            }
            return text.toString();
          }
        default:
          break;
      }
      for (Object value : values) {
        if (value == null) {
          // Every remaining canonical function is strict: NULL in, NULL out.
          checkKnown(name, values);
          return null;
        }
      }
      return strict(name, values);
    }

    private static void checkKnown(String name, List<Object> values) {
      switch (name) {
        case "lower",
        "upper",
        "length",
        "char_length",
        "character_length",
        "substring",
        "substr",
        "left",
        "right",
        "trim",
        "btrim",
        "ltrim",
        "rtrim",
        "replace",
        "abs",
        "round",
        "floor",
        "ceil",
        "ceiling",
        "sha2",
        "md5",
        "regexp_replace",
        "regexp_like",
        "date_trunc",
        "year",
        "quarter",
        "month",
        "day",
        "split_part",
        "lpad",
        "rpad",
        "starts_with",
        "reverse",
        "strpos":
          return;
        default:
          throw unknown(name, values);
      }
    }

    private static PassportException unknown(String name, List<Object> values) {
      return new PassportException(
          ErrorCode.EVALUATION_ERROR,
          "Unknown function " + name + " with " + values.size() + " argument(s)");
    }

    private static Object strict(String name, List<Object> values) {
      switch (name) {
        case "lower":
          arity(name, values, 1, 1);
          return text(values, 0).toLowerCase(Locale.ROOT);
        case "upper":
          arity(name, values, 1, 1);
          return text(values, 0).toUpperCase(Locale.ROOT);
        case "length", "char_length", "character_length":
          {
            arity(name, values, 1, 1);
            String text = text(values, 0);
            return BigDecimal.valueOf(text.codePointCount(0, text.length()));
          }
        case "substring", "substr":
          {
            arity(name, values, 2, 3);
            String text = text(values, 0);
            long start = integer(values, 1);
            long length = values.size() == 3 ? integer(values, 2) : Long.MAX_VALUE / 4;
            if (length < 0) {
              throw SqlValues.error("Negative substring length " + length);
            }
            // SQL positions are 1-based and a start before 1 eats into the length.
            long from = Math.max(start, 1);
            long to = start + length;
            return codePoints(text, from - 1, to - 1);
          }
        case "left":
          {
            arity(name, values, 2, 2);
            String text = text(values, 0);
            long count = integer(values, 1);
            int total = text.codePointCount(0, text.length());
            return codePoints(text, 0, count >= 0 ? count : total + count);
          }
        case "right":
          {
            arity(name, values, 2, 2);
            String text = text(values, 0);
            long count = integer(values, 1);
            int total = text.codePointCount(0, text.length());
            return codePoints(text, count >= 0 ? total - count : -count, total);
          }
        case "reverse":
          arity(name, values, 1, 1);
          return new StringBuilder(text(values, 0)).reverse().toString();
        case "trim", "btrim":
          arity(name, values, 1, 2);
          return trim(text(values, 0), values.size() == 2 ? text(values, 1) : " ", true, true);
        case "ltrim":
          arity(name, values, 1, 2);
          return trim(text(values, 0), values.size() == 2 ? text(values, 1) : " ", true, false);
        case "rtrim":
          arity(name, values, 1, 2);
          return trim(text(values, 0), values.size() == 2 ? text(values, 1) : " ", false, true);
        case "replace":
          arity(name, values, 2, 3);
          return text(values, 0)
              .replace(text(values, 1), values.size() == 3 ? text(values, 2) : "");
        case "strpos":
          {
            arity(name, values, 2, 2);
            String text = text(values, 0);
            int index = text.indexOf(text(values, 1));
            return BigDecimal.valueOf(index < 0 ? 0 : text.codePointCount(0, index) + 1);
          }
        case "abs":
          arity(name, values, 1, 1);
          return number(values, 0).abs();
        case "round":
          {
            arity(name, values, 1, 2);
            int digits = values.size() == 2 ? (int) integer(values, 1) : 0;
            return roundHalfUp(number(values, 0), digits);
          }
        case "floor":
          arity(name, values, 1, 1);
          return number(values, 0).setScale(0, RoundingMode.FLOOR);
        case "ceil", "ceiling":
          arity(name, values, 1, 1);
          return number(values, 0).setScale(0, RoundingMode.CEILING);
        case "sha2":
          {
            arity(name, values, 1, 2);
            long bits = values.size() == 2 ? integer(values, 1) : 256;
            String algorithm;
            if (bits == 0 || bits == 256) {
              algorithm = "SHA-256";
            } else if (bits == 224) {
              algorithm = "SHA-224";
            } else if (bits == 384) {
              algorithm = "SHA-384";
            } else if (bits == 512) {
              algorithm = "SHA-512";
            } else {
              throw SqlValues.error("sha2 supports 224, 256, 384 and 512 bits, not " + bits);
            }
            return Digests.hex(algorithm, text(values, 0).getBytes(StandardCharsets.UTF_8));
          }
        case "md5":
          arity(name, values, 1, 1);
          return Digests.hex("MD5", text(values, 0).getBytes(StandardCharsets.UTF_8));
        case "regexp_replace":
          {
            arity(name, values, 3, 4);
            boolean ignoreCase = values.size() == 4 && text(values, 3).contains("i");
            Matcher matcher = Patterns.regex(text(values, 1), ignoreCase).matcher(text(values, 0));
            try {
              return matcher.replaceAll(text(values, 2));
            } catch (IllegalArgumentException | IndexOutOfBoundsException exception) {
              throw SqlValues.error(
                  "Invalid replacement '" + text(values, 2) + "': " + exception.getMessage());
            }
          }
        case "regexp_like":
          {
            arity(name, values, 2, 3);
            boolean ignoreCase = values.size() == 3 && text(values, 2).contains("i");
            return Patterns.regex(text(values, 1), ignoreCase).matcher(text(values, 0)).find();
          }
        case "date_trunc":
          {
            arity(name, values, 2, 2);
            return truncate(values.get(1), text(values, 0));
          }
        case "year":
          arity(name, values, 1, 1);
          return BigDecimal.valueOf(date(values, 0).getYear());
        case "quarter":
          arity(name, values, 1, 1);
          return BigDecimal.valueOf((date(values, 0).getMonthValue() - 1) / 3 + 1);
        case "month":
          arity(name, values, 1, 1);
          return BigDecimal.valueOf(date(values, 0).getMonthValue());
        case "day":
          arity(name, values, 1, 1);
          return BigDecimal.valueOf(date(values, 0).getDayOfMonth());
        case "split_part":
          {
            arity(name, values, 3, 3);
            String text = text(values, 0);
            String delimiter = text(values, 1);
            long index = integer(values, 2);
            if (index < 1) {
              throw SqlValues.error("split_part field position must be positive: " + index);
            }
            if (delimiter.isEmpty()) {
              return index == 1 ? text : "";
            }
            String[] parts = text.split(java.util.regex.Pattern.quote(delimiter), -1);
            return index <= parts.length ? parts[(int) index - 1] : "";
          }
        case "lpad", "rpad":
          {
            arity(name, values, 2, 3);
            return pad(
                text(values, 0),
                integer(values, 1),
                values.size() == 3 ? text(values, 2) : " ",
                name.equals("lpad"));
          }
        case "starts_with":
          arity(name, values, 2, 2);
          return text(values, 0).startsWith(text(values, 1));
        default:
          throw unknown(name, values);
      }
    }

    static BigDecimal roundHalfUp(BigDecimal number, int digits) {
      BigDecimal rounded = number.setScale(digits, RoundingMode.HALF_UP);
      return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }

    /**
     * Truncates a date or timestamp; weeks start on Monday, as ISO and SQL's date_trunc have it.
     */
    static Object truncate(Object value, String unit) {
      Object normal = SqlValues.normalize(value);
      if (normal instanceof String) {
        normal =
            SqlValues.cast(normal, ((String) normal).trim().length() > 10 ? "timestamp" : "date");
      }
      String key = unit.trim().toLowerCase(Locale.ROOT);
      if (normal instanceof LocalDate date) {
        switch (key) {
          case "year":
            return date.withDayOfYear(1);
          case "quarter":
            return date.withMonth((date.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1);
          case "month":
            return date.withDayOfMonth(1);
          case "week":
            return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case "day", "hour", "minute", "second":
            return date;
          default:
            throw SqlValues.error("Unknown date unit '" + unit + "'");
        }
      }
      if (normal instanceof LocalDateTime timestamp) {
        switch (key) {
          case "year", "quarter", "month", "week":
            return ((LocalDate) truncate(timestamp.toLocalDate(), key)).atStartOfDay();
          case "day":
            return timestamp.truncatedTo(ChronoUnit.DAYS);
          case "hour":
            return timestamp.truncatedTo(ChronoUnit.HOURS);
          case "minute":
            return timestamp.truncatedTo(ChronoUnit.MINUTES);
          case "second":
            return timestamp.truncatedTo(ChronoUnit.SECONDS);
          default:
            throw SqlValues.error("Unknown date unit '" + unit + "'");
        }
      }
      throw SqlValues.error(
          "date_trunc needs a date or timestamp, not " + SqlValues.describe(normal));
    }

    private static String pad(String text, long length, String fill, boolean left) {
      if (length < 0) {
        length = 0;
      }
      int[] codePoints = text.codePoints().toArray();
      if (codePoints.length >= length) {
        return new String(codePoints, 0, (int) length);
      }
      int[] fillPoints = fill.codePoints().toArray();
      if (fillPoints.length == 0) {
        return text;
      }
      StringBuilder padding = new StringBuilder();
      for (int index = 0; index < length - codePoints.length; index++) {
        padding.appendCodePoint(fillPoints[index % fillPoints.length]);
      }
      return left ? padding + text : text + padding;
    }

    private static String trim(String text, String characters, boolean leading, boolean trailing) {
      int start = 0;
      int end = text.length();
      while (leading && start < end) {
        int codePoint = text.codePointAt(start);
        if (characters.indexOf(codePoint) < 0) {
          break;
        }
        start += Character.charCount(codePoint);
      }
      while (trailing && end > start) {
        int codePoint = text.codePointBefore(end);
        if (characters.indexOf(codePoint) < 0) {
          break;
        }
        end -= Character.charCount(codePoint);
      }
      return text.substring(start, end);
    }

    /** The code points in [from, to) of the text, clipped to it. */
    private static String codePoints(String text, long from, long to) {
      int total = text.codePointCount(0, text.length());
      long start = Math.max(0, Math.min(from, total));
      long end = Math.max(start, Math.min(to, total));
      int startIndex = text.offsetByCodePoints(0, (int) start);
      int endIndex = text.offsetByCodePoints(startIndex, (int) (end - start));
      return text.substring(startIndex, endIndex);
    }

    private static void arity(String name, List<Object> values, int minimum, int maximum) {
      if (values.size() < minimum || values.size() > maximum) {
        throw new PassportException(
            ErrorCode.EVALUATION_ERROR,
            "Function "
                + name
                + " takes "
                + (minimum == maximum ? "" + minimum : minimum + " to " + maximum)
                + " argument(s), not "
                + values.size());
      }
    }

    private static String text(List<Object> values, int index) {
      return SqlValues.text(values.get(index));
    }

    private static BigDecimal number(List<Object> values, int index) {
      return Interpreter.number(values.get(index), "argument " + (index + 1));
    }

    private static long integer(List<Object> values, int index) {
      BigDecimal number = number(values, index);
      try {
        return number.longValueExact();
      } catch (ArithmeticException exception) {
        throw SqlValues.error("Expected an integer, got " + number.toPlainString());
      }
    }

    private static LocalDate date(List<Object> values, int index) {
      Object value = values.get(index);
      if (value instanceof LocalDateTime timestamp) {
        return timestamp.toLocalDate();
      }
      if (value instanceof LocalDate date) {
        return date;
      }
      return (LocalDate) SqlValues.cast(value, "date");
    }
  }
}
