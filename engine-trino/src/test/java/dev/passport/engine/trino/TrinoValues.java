package dev.passport.engine.trino;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Values in and out of Trino: literals for INSERT, and one comparable text form per value. */
final class TrinoValues {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private TrinoValues() {}

  /** A Trino literal of {@code type} for a JVM value. */
  static String literal(Object value, String type) {
    if (value == null) {
      return "CAST(NULL AS " + type + ")";
    }
    if (value instanceof String text) {
      return "CAST(" + quote(text) + " AS " + type + ")";
    }
    if (value instanceof LocalDateTime timestamp) {
      return "CAST(" + quote(TIMESTAMP.format(timestamp)) + " AS " + type + ")";
    }
    if (value instanceof BigDecimal number) {
      return "CAST(" + quote(number.toPlainString()) + " AS " + type + ")";
    }
    return "CAST(" + quote(value.toString()) + " AS " + type + ")";
  }

  static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /**
   * The value as text tagged with its kind: text exactly as it is (byte for byte), numbers by value
   * (so Trino's {@code 1234.60} of a {@code decimal(13,2)} and the JVM's {@code 1234.6} agree),
   * dates and timestamps in ISO form.
   */
  static String comparable(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      return "text:" + text;
    }
    if (value instanceof BigDecimal number) {
      return "number:" + plain(number);
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return "number:" + plain(BigDecimal.valueOf(((Number) value).longValue()));
    }
    if (value instanceof Double || value instanceof Float) {
      // By value: Trino's client and the JVM agree on the double, not on how it is written.
      return "number:" + plain(new BigDecimal(value.toString()));
    }
    if (value instanceof LocalDate date) {
      return "date:" + date;
    }
    if (value instanceof LocalDateTime timestamp) {
      return "timestamp:" + timestamp;
    }
    if (value instanceof Boolean bool) {
      return "boolean:" + bool;
    }
    return value.getClass().getSimpleName() + ":" + value;
  }

  static List<String> comparableRow(List<?> row) {
    List<String> result = new ArrayList<>();
    for (Object value : row) {
      result.add(comparable(value));
    }
    return result;
  }

  private static String plain(BigDecimal number) {
    return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
  }
}
