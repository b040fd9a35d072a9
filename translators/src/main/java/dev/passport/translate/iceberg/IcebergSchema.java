package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of an Iceberg table schema that read restrictions need: field IDs, names, types and
 * whether each field is required. Read from the schema JSON of the Iceberg table spec (also as
 * embedded in table metadata or a REST {@code loadTable} result), or derived from a PolicySet table
 * when no Iceberg schema is at hand.
 */
public record IcebergSchema(int schemaId, List<IcebergField> fields) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DECIMAL =
      Pattern.compile("(?:decimal|numeric|number)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

  public IcebergSchema {
    fields = List.copyOf(requireNonNull(fields, "fields is null"));
    Set<Integer> seen = new LinkedHashSet<>();
    for (IcebergField field : flatten(fields)) {
      if (!seen.add(field.id())) {
        throw new PassportException(
            ErrorCode.INVALID_ARGUMENT, "Iceberg schema uses field ID " + field.id() + " twice");
      }
    }
  }

  /**
   * Reads an Iceberg schema from JSON: a schema object ({@code {"type": "struct", "fields": […]}}),
   * or table metadata / a {@code loadTable} result, whose current schema is taken.
   *
   * @throws PassportException INVALID_JSON when the text is not an Iceberg schema
   */
  public static IcebergSchema parse(String json) {
    requireNonNull(json, "json is null");
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid("the top level is an object");
    }
    if (root.has("metadata")) {
      root = root.get("metadata");
    }
    if (root.has("schemas")) {
      int current = root.path("current-schema-id").asInt(0);
      for (JsonNode schema : root.get("schemas")) {
        if (schema.path("schema-id").asInt(0) == current) {
          return readSchema(schema);
        }
      }
      throw invalid("no schema with the current-schema-id " + current);
    }
    if (root.has("schema")) {
      return readSchema(root.get("schema"));
    }
    return readSchema(root);
  }

  /**
   * A schema for a PolicySet table: field IDs 1, 2, … in column order, source SQL types mapped to
   * the closest Iceberg type ({@code string} for types it does not know), NOT NULL columns
   * required.
   */
  public static IcebergSchema fromTable(Table table) {
    requireNonNull(table, "table is null");
    List<IcebergField> fields = new ArrayList<>();
    int id = 1;
    for (ColumnInfo column : table.columns()) {
      fields.add(
          new IcebergField(
              id++, column.name(), !column.nullable(), IcebergType.primitive(type(column.type()))));
    }
    return new IcebergSchema(0, fields);
  }

  private static final Pattern PRECISION = Pattern.compile("\\s*\\(\\s*\\d+\\s*\\)");

  /** The Iceberg primitive type name closest to a source SQL type. */
  public static String type(String sqlType) {
    String type = sqlType.toLowerCase(Locale.ROOT).trim();
    Matcher decimal = DECIMAL.matcher(type);
    if (decimal.matches()) {
      return "decimal("
          + decimal.group(1)
          + ","
          + (decimal.group(2) == null ? "0" : decimal.group(2))
          + ")";
    }
    if (type.startsWith("timestamp") || type.startsWith("datetime")) {
      // timestamptz, timestamp_tz, timestamp_ltz and "with [local] time zone" have a zone, with or
      // without a precision (timestamp_tz(9), timestamp(3) with time zone); timestamp_ntz has none.
      String bare = PRECISION.matcher(type).replaceAll("");
      boolean zoned =
          (bare.contains("time zone") && !bare.contains("without time zone"))
              || (bare.endsWith("tz") && !bare.endsWith("ntz"));
      return zoned ? "timestamptz" : "timestamp";
    }
    switch (type) {
      case "bigint":
      case "int8":
      case "long":
        return "long";
      case "integer":
      case "int":
      case "int4":
      case "smallint":
      case "int2":
      case "tinyint":
        return "int";
      case "boolean":
      case "bool":
        return "boolean";
      case "double":
      case "double precision":
      case "float8":
      case "float":
        return "double";
      case "real":
      case "float4":
        return "float";
      case "date":
        return "date";
      case "time":
        return "time";
      case "uuid":
        return "uuid";
      case "binary":
      case "varbinary":
      case "bytea":
        return "binary";
      default:
        return "string";
    }
  }

  /** The field with the ID, at any depth. */
  public Optional<IcebergField> field(int id) {
    for (IcebergField field : flatten(fields)) {
      if (field.id() == id) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  /**
   * The top-level field of that name: exactly, else case-insensitively when only one field matches
   * so.
   */
  public Optional<IcebergField> column(String name) {
    requireNonNull(name, "name is null");
    IcebergField folded = null;
    int foldedMatches = 0;
    for (IcebergField field : fields) {
      if (field.name().equals(name)) {
        return Optional.of(field);
      }
      if (field.name().equalsIgnoreCase(name)) {
        folded = field;
        foldedMatches++;
      }
    }
    return foldedMatches == 1 ? Optional.of(folded) : Optional.empty();
  }

  /** Every field, nested ones included, parents before their children. */
  public List<IcebergField> allFields() {
    return flatten(fields);
  }

  /** The IDs of every map key, which no projection may target. */
  public Set<Integer> mapKeyIds() {
    Set<Integer> keys = new LinkedHashSet<>();
    for (IcebergField field : flatten(fields)) {
      if (field.type().isMap()) {
        keys.add(field.type().children().get(0).id());
      }
    }
    return keys;
  }

  /** The IDs nested under the field (struct members, list elements, map keys and values). */
  public Set<Integer> nestedIds(int id) {
    Set<Integer> nested = new LinkedHashSet<>();
    field(id).ifPresent(field -> flatten(field.type().children()).forEach(f -> nested.add(f.id())));
    return nested;
  }

  /** The schema with one field renamed, as {@code ALTER TABLE … RENAME COLUMN} leaves it. */
  public IcebergSchema withRenamedColumn(String from, String to) {
    List<IcebergField> renamed = new ArrayList<>();
    boolean found = false;
    for (IcebergField field : fields) {
      if (field.name().equals(from)) {
        renamed.add(new IcebergField(field.id(), to, field.required(), field.type()));
        found = true;
      } else {
        renamed.add(field);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("No column " + from);
    }
    return new IcebergSchema(schemaId + 1, renamed);
  }

  /** Field name → field ID of the top-level fields, as a binding to keep with the policies. */
  public Map<String, Integer> columnIds() {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (IcebergField field : fields) {
      ids.put(field.name(), field.id());
    }
    return ids;
  }

  private static List<IcebergField> flatten(List<IcebergField> fields) {
    List<IcebergField> all = new ArrayList<>();
    for (IcebergField field : fields) {
      all.add(field);
      all.addAll(flatten(field.type().children()));
    }
    return all;
  }

  private static IcebergSchema readSchema(JsonNode schema) {
    if (!schema.isObject() || !"struct".equals(schema.path("type").asText())) {
      throw invalid("a schema is an object of type \"struct\"");
    }
    return new IcebergSchema(schema.path("schema-id").asInt(0), readFields(schema.get("fields")));
  }

  private static List<IcebergField> readFields(JsonNode fields) {
    if (fields == null || !fields.isArray()) {
      throw invalid("a struct has an array of \"fields\"");
    }
    List<IcebergField> result = new ArrayList<>();
    for (JsonNode field : fields) {
      if (!field.path("id").isInt() || !field.path("name").isTextual()) {
        throw invalid("a field has an integer \"id\" and a string \"name\"");
      }
      result.add(
          new IcebergField(
              field.get("id").asInt(),
              field.get("name").asText(),
              field.path("required").asBoolean(false),
              readType(field.get("type"))));
    }
    return result;
  }

  private static IcebergType readType(JsonNode type) {
    if (type == null) {
      throw invalid("a field has a \"type\"");
    }
    if (type.isTextual()) {
      return IcebergType.primitive(type.asText());
    }
    String kind = type.path("type").asText();
    switch (kind) {
      case "struct":
        return IcebergType.struct(readFields(type.get("fields")));
      case "list":
        return IcebergType.list(
            new IcebergField(
                type.path("element-id").asInt(),
                "element",
                type.path("element-required").asBoolean(false),
                readType(type.get("element"))));
      case "map":
        return IcebergType.map(
            new IcebergField(type.path("key-id").asInt(), "key", true, readType(type.get("key"))),
            new IcebergField(
                type.path("value-id").asInt(),
                "value",
                type.path("value-required").asBoolean(false),
                readType(type.get("value"))));
      default:
        throw invalid("unknown type " + type);
    }
  }

  private static PassportException invalid(String problem) {
    return new PassportException(ErrorCode.INVALID_JSON, "Iceberg schema: " + problem);
  }
}
