package dev.passport.translate.iceberg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An independent reader of the REST {@code read-restrictions} JSON, written from the spec text
 * only: the filter on original values (two-valued; a comparison with NULL is false, its negation
 * true, as a reader that computes {@code not-eq} as {@code !eq} does), then the projections. Values
 * are those of the evaluator's rows: String, BigDecimal, Boolean, LocalDate, LocalDateTime.
 */
final class ReferenceApplier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IcebergSchema schema;
  private final JsonNode restrictions;
  private final byte[] querySalt;

  ReferenceApplier(IcebergSchema schema, String json, String querySalt) throws Exception {
    this.schema = schema;
    this.restrictions = JSON.readTree(json).get("read-restrictions");
    this.querySalt = querySalt.getBytes(StandardCharsets.UTF_8);
  }

  /** The row as the reader returns it, or empty when the filter discards it. */
  Optional<Map<String, Object>> read(Map<String, Object> row) throws Exception {
    JsonNode filter = restrictions.get("required-row-filter");
    if (filter != null && !filter.isNull() && !test(filter, row)) {
      return Optional.empty();
    }
    Map<String, Object> result = new LinkedHashMap<>(row);
    JsonNode projections = restrictions.get("required-column-projections");
    if (projections != null) {
      for (JsonNode projection : projections) {
        IcebergField field = schema.field(projection.get("field-id").asInt()).orElseThrow();
        String name = field.name();
        result.put(name, project(projection.get("action").asText(), field, row.get(name)));
      }
    }
    return Optional.of(result);
  }

  private boolean test(JsonNode node, Map<String, Object> row) {
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    String type = node.get("type").asText();
    switch (type) {
      case "true":
        return true;
      case "false":
        return false;
      case "and":
        return test(node.get("left"), row) && test(node.get("right"), row);
      case "or":
        return test(node.get("left"), row) || test(node.get("right"), row);
      case "not":
        return !test(node.get("child"), row);
      default:
        break;
    }
    JsonNode reference = node.has("child") ? node.get("child") : node.get("left");
    if (!"reference".equals(reference.get("type").asText()) || !reference.has("id")) {
      throw new AssertionError("Not an IdReference: " + reference);
    }
    IcebergField field = schema.field(reference.get("id").asInt()).orElseThrow();
    Object value = row.get(field.name());
    switch (type) {
      case "is-null":
        return value == null;
      case "not-null":
        return value != null;
      case "in":
      case "not-in":
        {
          boolean found = false;
          for (JsonNode member : node.get("values")) {
            found |= value != null && compare(value, literal(member, field)) == 0;
          }
          return type.equals("in") == found;
        }
      default:
        break;
    }
    JsonNode right = node.get("right");
    Object literal = literal(right.has("value") ? right.get("value") : right, field);
    switch (type) {
      case "eq":
        return value != null && compare(value, literal) == 0;
      case "not-eq":
        return !(value != null && compare(value, literal) == 0);
      case "lt":
        return value != null && compare(value, literal) < 0;
      case "lt-eq":
        return value != null && compare(value, literal) <= 0;
      case "gt":
        return value != null && compare(value, literal) > 0;
      case "gt-eq":
        return value != null && compare(value, literal) >= 0;
      case "starts-with":
        return value != null && ((String) value).startsWith((String) literal);
      case "not-starts-with":
        return !(value != null && ((String) value).startsWith((String) literal));
      default:
        throw new AssertionError("Unknown predicate " + type);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object value, Object literal) {
    if (value instanceof BigDecimal number) {
      return number.compareTo((BigDecimal) literal);
    }
    return ((Comparable) value).compareTo(literal);
  }

  private static Object literal(JsonNode node, IcebergField field) {
    IcebergType type = field.type();
    String name = type.name();
    if (type.isString()) {
      return node.asText();
    }
    if (type.isIntegral() || type.isDecimal() || name.equals("double") || name.equals("float")) {
      return new BigDecimal(node.asText());
    }
    if (name.equals("boolean")) {
      return node.asBoolean();
    }
    if (name.equals("date")) {
      return LocalDate.parse(node.asText());
    }
    if (name.startsWith("timestamp")) {
      return LocalDateTime.parse(node.asText());
    }
    throw new AssertionError("No literal of type " + name);
  }

  private Object project(String action, IcebergField field, Object value) throws Exception {
    switch (action) {
      case "replace-with-null":
        return null;
      case "mask-to-fixed-value":
        return fixedValue(field.type());
      default:
        break;
    }
    if (value == null) {
      return null;
    }
    switch (action) {
      case "mask-alphanum":
        return maskAlphanum((String) value);
      case "show-first-4":
        {
          String text = (String) value;
          if (text.codePointCount(0, text.length()) <= 4) {
            return text;
          }
          int cut = text.offsetByCodePoints(0, 4);
          return text.substring(0, cut) + maskAlphanum(text.substring(cut));
        }
      case "show-last-4":
        {
          String text = (String) value;
          int count = text.codePointCount(0, text.length());
          if (count <= 4) {
            return text;
          }
          int cut = text.offsetByCodePoints(0, count - 4);
          return maskAlphanum(text.substring(0, cut)) + text.substring(cut);
        }
      case "truncate-to-year":
        return value instanceof LocalDate date
            ? date.withDayOfYear(1)
            : ((LocalDateTime) value).toLocalDate().withDayOfYear(1).atStartOfDay();
      case "truncate-to-month":
        return value instanceof LocalDate date
            ? date.withDayOfMonth(1)
            : ((LocalDateTime) value).toLocalDate().withDayOfMonth(1).atStartOfDay();
      case "sha-256-global":
        return sha256(new byte[0], (String) value);
      case "sha-256-query-local":
        return sha256(querySalt, (String) value);
      default:
        throw new AssertionError("A reader must fail on an unknown action: " + action);
    }
  }

  private static String sha256(byte[] salt, String value) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(salt);
    digest.update(value.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  static String maskAlphanum(String text) {
    StringBuilder result = new StringBuilder();
    text.codePoints()
        .forEach(
            codePoint -> {
              if (codePoint >= '0' && codePoint <= '9') {
                result.append('n');
              } else if ("(),.-@".indexOf(codePoint) >= 0) {
                result.appendCodePoint(codePoint);
              } else {
                result.append('x');
              }
            });
    return result.toString();
  }

  static Object fixedValue(IcebergType type) {
    String name = type.name();
    if (type.isString()) {
      return "XXXXXXXX";
    }
    if (type.isIntegral() || type.isDecimal() || name.equals("double") || name.equals("float")) {
      return BigDecimal.ZERO;
    }
    switch (name) {
      case "boolean":
        return Boolean.FALSE;
      case "date":
        return LocalDate.EPOCH;
      case "time":
        return LocalTime.MIDNIGHT;
      case "timestamp":
      case "timestamp_ns":
        return LocalDateTime.of(1970, 1, 1, 0, 0);
      default:
        throw new AssertionError("No fixed value in this applier for " + name);
    }
  }
}
