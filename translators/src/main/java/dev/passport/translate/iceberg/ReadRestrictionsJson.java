package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;

/**
 * Writes {@link ReadRestrictions} as the Iceberg REST {@code read-restrictions} member of a {@code
 * loadTable} result: references are {@code {"type": "reference", "id": n}}, comparison literals
 * {@code {"type": "literal", "value": v}}, constant filters bare booleans (the non-deprecated
 * form). A missing row filter means "every row"; a denied principal gets {@code false}.
 */
public final class ReadRestrictionsJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReadRestrictionsJson() {}

  /** {@code {"read-restrictions": {…}}}, pretty-printed, ending in a newline. */
  public static String write(ReadRestrictions restrictions) {
    ObjectNode root = NODES.objectNode();
    root.set("read-restrictions", toJson(restrictions));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new PassportException(ErrorCode.INTERNAL_ERROR, "Cannot write JSON: " + e, e);
    }
  }

  /** The {@code read-restrictions} object itself. */
  public static ObjectNode toJson(ReadRestrictions restrictions) {
    requireNonNull(restrictions, "restrictions is null");
    ObjectNode object = NODES.objectNode();
    if (!restrictions.allowed()) {
      object.set("required-row-filter", BooleanNode.FALSE);
      return object;
    }
    if (!restrictions.projections().isEmpty()) {
      ArrayNode projections = object.putArray("required-column-projections");
      for (ColumnProjection projection : restrictions.projections()) {
        ObjectNode entry = projections.addObject();
        entry.put("field-id", projection.fieldId());
        entry.put("action", projection.action().id());
      }
    }
    if (!restrictions.rowFilter().isTrue()) {
      object.set("required-row-filter", predicate(restrictions.rowFilter()));
    }
    return object;
  }

  /** One predicate in REST JSON form. */
  public static JsonNode predicate(IcebergPredicate predicate) {
    requireNonNull(predicate, "predicate is null");
    String type = predicate.type();
    switch (type) {
      case "true":
        return BooleanNode.TRUE;
      case "false":
        return BooleanNode.FALSE;
      case "and":
      case "or":
        {
          ObjectNode node = NODES.objectNode();
          node.put("type", type);
          node.set("left", predicate(predicate.children().get(0)));
          node.set("right", predicate(predicate.children().get(1)));
          return node;
        }
      case "not":
        {
          ObjectNode node = NODES.objectNode();
          node.put("type", type);
          node.set("child", predicate(predicate.children().get(0)));
          return node;
        }
      case "is-null":
      case "not-null":
      case "is-nan":
      case "not-nan":
        {
          ObjectNode node = NODES.objectNode();
          node.put("type", type);
          node.set("child", reference(predicate.fieldId()));
          return node;
        }
      case "in":
      case "not-in":
        {
          ObjectNode node = NODES.objectNode();
          node.put("type", type);
          node.set("child", reference(predicate.fieldId()));
          ArrayNode values = node.putArray("values");
          for (Object value : predicate.values()) {
            values.add(value(value));
          }
          return node;
        }
      default:
        {
          ObjectNode node = NODES.objectNode();
          node.put("type", type);
          node.set("left", reference(predicate.fieldId()));
          ObjectNode literal = NODES.objectNode();
          literal.put("type", "literal");
          literal.set("value", value(predicate.values().get(0)));
          node.set("right", literal);
          return node;
        }
    }
  }

  private static ObjectNode reference(int fieldId) {
    ObjectNode reference = NODES.objectNode();
    reference.put("type", "reference");
    reference.put("id", fieldId);
    return reference;
  }

  private static JsonNode value(Object value) {
    if (value instanceof String text) {
      return NODES.textNode(text);
    }
    if (value instanceof Long number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Double number) {
      return NODES.numberNode(number);
    }
    return NODES.booleanNode((Boolean) value);
  }
}
