package dev.passport.model.evaluation;

import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value domain of row evaluation: {@code String}, {@code BigDecimal}, {@code Boolean}, {@code
 * LocalDate}, {@code LocalDateTime}, null for SQL NULL. Other numbers are widened to BigDecimal on
 * entry so that one comparison covers them all.
 */
final class SqlValues {
  /**
   * Timestamps print as SQL does ({@code 2024-01-31 08:15:00}, fraction only when non-zero), so a
   * hash or partial mask computed here matches one computed by the engine over {@code CAST(ts AS
   * VARCHAR)}.
   */
  private static final DateTimeFormatter TIMESTAMP_TEXT =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral(' ')
          .appendPattern("HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .toFormatter(Locale.ROOT);

  private static final DateTimeFormatter TIMESTAMP_PARSE =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalEnd()
          .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
          .toFormatter(Locale.ROOT);

  private static final Pattern DECIMAL_TYPE =
      Pattern.compile(
          "(?:decimal|numeric|number)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(-?\\d+)\\s*)?\\))?");
  private static final Pattern TEXT_TYPE =
      Pattern.compile(
          "(?:varchar|char|character|character varying|text|string|nvarchar|nchar)"
              + "\\s*(?:\\(\\s*(\\d+)\\s*\\))?");

  private SqlValues() {}

  /** The value in the evaluation domain. */
  static Object normalize(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof BigDecimal
        || value instanceof Boolean
        || value instanceof LocalDate
        || value instanceof LocalDateTime) {
      return value;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isNaN(number) || Double.isInfinite(number)) {
        throw error("Cannot evaluate the non-finite number " + number);
      }
      return BigDecimal.valueOf(number);
    }
    if (value instanceof Character character) {
      return character.toString();
    }
    throw error("Unsupported value type " + value.getClass().getName() + ": " + value);
  }

  /**
   * The text form used by hashing, partial masks and casts to text: BigDecimal in plain notation,
   * ISO dates, SQL timestamps, {@code true}/{@code false}.
   */
  static String text(Object value) {
    Object normal = normalize(value);
    if (normal == null) {
      return null;
    }
    if (normal instanceof String string) {
      return string;
    }
    if (normal instanceof BigDecimal number) {
      return number.toPlainString();
    }
    if (normal instanceof LocalDateTime timestamp) {
      return TIMESTAMP_TEXT.format(timestamp);
    }
    return normal.toString();
  }

  /** The value of a literal. */
  static Object fromLiteral(Expr.Literal literal) {
    return Expressions.literalValue(literal).orElse(null);
  }

  /** The literal for a value, empty when the value has no literal form. */
  static Optional<Expr.Literal> toLiteral(Object value) {
    if (value == null) {
      return Optional.of(Expressions.nullLiteral());
    }
    if (value instanceof String string) {
      return Optional.of(Expressions.literal(string));
    }
    if (value instanceof BigDecimal number) {
      return Optional.of(Expressions.literal(number));
    }
    if (value instanceof Boolean bool) {
      return Optional.of(Expressions.literal(bool.booleanValue()));
    }
    if (value instanceof LocalDate date) {
      return Optional.of(Expressions.literal(date));
    }
    if (value instanceof LocalDateTime timestamp) {
      return Optional.of(Expressions.literal(timestamp));
    }
    return Optional.empty();
  }

  /**
   * Orders two non-null values. Values of one family compare naturally; a date compares with a
   * timestamp at midnight; text compared with a number, boolean or date is cast to the other side's
   * type first (as an untyped literal is in SQL), and a failed cast is an evaluation error.
   */
  static int compare(Object left, Object right) {
    Object a = normalize(left);
    Object b = normalize(right);
    if (a instanceof String && !(b instanceof String)) {
      a = castLike(a, b);
    } else if (b instanceof String && !(a instanceof String)) {
      b = castLike(b, a);
    }
    if (a instanceof LocalDate date && b instanceof LocalDateTime) {
      a = date.atStartOfDay();
    } else if (b instanceof LocalDate date && a instanceof LocalDateTime) {
      b = date.atStartOfDay();
    }
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(x.compareTo(y));
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof LocalDate x && b instanceof LocalDate y) {
      return Integer.signum(x.compareTo(y));
    }
    if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
      return Integer.signum(x.compareTo(y));
    }
    throw error("Cannot compare " + describe(a) + " with " + describe(b));
  }

  private static Object castLike(Object text, Object target) {
    if (target instanceof BigDecimal) {
      return cast(text, "decimal");
    }
    if (target instanceof Boolean) {
      return cast(text, "boolean");
    }
    if (target instanceof LocalDate) {
      return cast(text, "date");
    }
    if (target instanceof LocalDateTime) {
      return cast(text, "timestamp");
    }
    return text;
  }

  /** SQL CAST to a canonical type; NULL stays NULL; a value that does not convert is an error. */
  static Object cast(Object value, String type) {
    Object normal = normalize(value);
    if (normal == null) {
      return null;
    }
    String target = type.trim().toLowerCase(Locale.ROOT);
    try {
      Matcher text = TEXT_TYPE.matcher(target);
      if (text.matches()) {
        String result = text(normal);
        if (text.group(1) != null) {
          int length = Integer.parseInt(text.group(1));
          if (result.codePointCount(0, result.length()) > length) {
            result = result.substring(0, result.offsetByCodePoints(0, length));
          }
        }
        return result;
      }
      Matcher decimal = DECIMAL_TYPE.matcher(target);
      if (decimal.matches()) {
        BigDecimal number = toNumber(normal);
        if (decimal.group(2) != null) {
          number = number.setScale(Integer.parseInt(decimal.group(2)), RoundingMode.HALF_UP);
        } else if (decimal.group(1) != null) {
          number = number.setScale(0, RoundingMode.HALF_UP);
        }
        return number;
      }
      switch (target) {
        case "integer", "int", "int4":
          return integer(normal, 32);
        case "bigint", "int8", "long":
          return integer(normal, 64);
        case "smallint", "int2":
          return integer(normal, 16);
        case "tinyint":
          return integer(normal, 8);
        case "double", "double precision", "float", "float8", "real", "float4":
          return toNumber(normal);
        case "boolean", "bool":
          return toBoolean(normal);
        case "date":
          return toDate(normal);
        case "timestamp", "datetime", "timestamp without time zone":
          return toTimestamp(normal);
        case "uuid":
          return UUID.fromString(text(normal).trim()).toString();
        case "json":
          return text(normal);
        default:
          throw error("Cannot cast to " + type + ": unsupported type");
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException exception) {
      throw new PassportException(
          ErrorCode.EVALUATION_ERROR,
          "Cannot cast " + describe(normal) + " to " + type + ": " + exception.getMessage(),
          exception);
    } catch (IllegalArgumentException exception) {
      throw new PassportException(
          ErrorCode.EVALUATION_ERROR,
          "Cannot cast " + describe(normal) + " to " + type + ": " + exception.getMessage(),
          exception);
    }
  }

  private static BigDecimal integer(Object value, int bits) {
    BigDecimal number = toNumber(value).setScale(0, RoundingMode.HALF_UP);
    BigInteger limit = BigInteger.ONE.shiftLeft(bits - 1);
    BigInteger whole = number.toBigIntegerExact();
    if (whole.compareTo(limit.negate()) < 0 || whole.compareTo(limit) >= 0) {
      throw error(
          "Value " + number.toPlainString() + " is out of range for a " + bits + "-bit integer");
    }
    return number;
  }

  static BigDecimal toNumber(Object value) {
    if (value instanceof BigDecimal number) {
      return number;
    }
    if (value instanceof String string) {
      return new BigDecimal(string.trim());
    }
    if (value instanceof Boolean bool) {
      return bool ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    throw error("Cannot convert " + describe(value) + " to a number");
  }

  private static Boolean toBoolean(Object value) {
    if (value instanceof Boolean bool) {
      return bool;
    }
    if (value instanceof BigDecimal number) {
      return number.signum() != 0;
    }
    if (value instanceof String string) {
      switch (string.trim().toLowerCase(Locale.ROOT)) {
        case "true", "t", "yes", "y", "on", "1":
          return Boolean.TRUE;
        case "false", "f", "no", "n", "off", "0":
          return Boolean.FALSE;
        default:
          throw error("Cannot cast '" + string + "' to boolean");
      }
    }
    throw error("Cannot cast " + describe(value) + " to boolean");
  }

  private static LocalDate toDate(Object value) {
    if (value instanceof LocalDate date) {
      return date;
    }
    if (value instanceof LocalDateTime timestamp) {
      return timestamp.toLocalDate();
    }
    if (value instanceof String string) {
      String trimmed = string.trim();
      if (trimmed.length() > 10) {
        return LocalDateTime.parse(trimmed, TIMESTAMP_PARSE).toLocalDate();
      }
      return LocalDate.parse(trimmed);
    }
    throw error("Cannot cast " + describe(value) + " to date");
  }

  private static LocalDateTime toTimestamp(Object value) {
    if (value instanceof LocalDateTime timestamp) {
      return timestamp;
    }
    if (value instanceof LocalDate date) {
      return date.atStartOfDay();
    }
    if (value instanceof String string) {
      return LocalDateTime.parse(string.trim(), TIMESTAMP_PARSE);
    }
    throw error("Cannot cast " + describe(value) + " to timestamp");
  }

  static String describe(Object value) {
    if (value == null) {
      return "NULL";
    }
    return value.getClass().getSimpleName() + " " + text(value);
  }

  static PassportException error(String message) {
    return new PassportException(ErrorCode.EVALUATION_ERROR, message);
  }
}
