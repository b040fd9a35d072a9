package dev.passport.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.passport.model.Action;
import dev.passport.model.ExprKind;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.SubjectKind;
import dev.passport.model.SystemKind;
import dev.passport.model.TransformKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestPolicySetSchema {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(PolicySetCodec.schema());

  @Test
  void testSchemaIsDraft202012() throws Exception {
    JsonNode schema = MAPPER.readTree(PolicySetCodec.schema());

    assertThat(schema.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void testGoldenDocumentIsValid() throws Exception {
    assertThat(validate(PolicySetCodec.toJson(TestPolicySetCodec.goldenSet()))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("invalidDocuments")
  void testSchemaRejects(String description, String from, String to) throws Exception {
    String golden = PolicySetCodec.toJson(TestPolicySetCodec.goldenSet());
    String json = golden.replaceFirst(from, to);
    assertThat(json).as("the replacement applies").isNotEqualTo(golden);

    assertThat(validate(json)).as(description).isNotEmpty();
  }

  static Stream<Object[]> invalidDocuments() {
    return Stream.of(
        new Object[] {"another version", "\"passport\": 1", "\"passport\": 2"},
        new Object[] {"no version", "\"passport\": 1,", ""},
        new Object[] {"unknown top-level member", "\"passport\": 1,", "\"passport\": 1, \"x\": 1,"},
        new Object[] {
          "unknown member of an expression",
          "\"name\": \"balance\"",
          "\"name\": \"balance\", \"x\": 1"
        },
        new Object[] {
          "unknown expression kind", "\"kind\": \"session_attribute\"", "\"kind\": \"foo\""
        },
        new Object[] {"unknown transform kind", "\"kind\": \"partial\"", "\"kind\": \"scramble\""},
        new Object[] {"unknown subject kind", "\"kind\": \"is_user\"", "\"kind\": \"is_admin\""},
        new Object[] {"member of another kind", "\"kind\": \"is_user\"", "\"kind\": \"in_group\""},
        new Object[] {"enum in upper case", "\"in_session\"", "\"IN_SESSION\""},
        new Object[] {"string for an integer", "\"keepLast\": 4", "\"keepLast\": \"4\""},
        new Object[] {"negative keep count", "\"keepLast\": 4", "\"keepLast\": -4"},
        new Object[] {"missing required member", "\"reason\": [^\\n]*\\n", ""},
        new Object[] {
          "unknown securable part",
          "\"spelling\": \"public.accounts\"",
          "\"spelling\": \"x\", \"database\": \"d\""
        },
        new Object[] {"duplicate action", "\"select\",", "\"select\", \"select\","},
        new Object[] {
          "non-literal constant",
          "\"kind\": \"partial\",[^}]*",
          "\"kind\": \"constant\", \"value\": {\"kind\": \"current_user\"}"
        },
        new Object[] {"bad instant", "2024-05-01T12:00:00Z", "yesterday"},
        new Object[] {
          "mask on a column and a tag",
          "\"rules\": \\[\\n        \\{",
          "\"tag\": {\"tag\": \"pii\"}, \"rules\": [{"
        });
  }

  @Test
  void testConstantWithALiteralIsValid() throws Exception {
    String json =
        PolicySetCodec.toJson(TestPolicySetCodec.goldenSet())
            .replaceFirst(
                "\"kind\": \"partial\",[^}]*",
                "\"kind\": \"constant\", \"value\": {\"kind\": \"string_literal\", \"value\": \"***\"}");

    assertThat(validate(json)).isEmpty();
  }

  @Test
  void testSchemaEnumsMatchTheModel() throws Exception {
    JsonNode definitions = MAPPER.readTree(PolicySetCodec.schema()).get("$defs");

    assertThat(strings(definitions.get("ExprKind").get("enum"))).isEqualTo(ids(ExprKind.values()));
    assertThat(strings(definitions.get("TransformKind").get("enum")))
        .isEqualTo(ids(TransformKind.values()));
    assertThat(strings(definitions.get("SubjectKind").get("enum")))
        .isEqualTo(ids(SubjectKind.values()));
    assertThat(strings(definitions.get("Action").get("enum"))).isEqualTo(ids(Action.values()));
    assertThat(strings(definitions.get("PrincipalFlag").get("enum")))
        .isEqualTo(ids(PrincipalFlag.values()));
    List<String> systems = new ArrayList<>();
    for (SystemKind system : SystemKind.values()) {
      systems.add(system.id());
    }
    assertThat(strings(definitions.get("SystemKind").get("enum"))).isEqualTo(systems);
    for (ExprKind kind : ExprKind.values()) {
      assertThat(definitions.has("Expr" + camel(kind.id()))).as(kind.id()).isTrue();
    }
    for (TransformKind kind : TransformKind.values()) {
      assertThat(definitions.has("Transform" + camel(kind.id()))).as(kind.id()).isTrue();
    }
    for (SubjectKind kind : SubjectKind.values()) {
      assertThat(definitions.has("Subject" + camel(kind.id()))).as(kind.id()).isTrue();
    }
  }

  private static Set<ValidationMessage> validate(String json) throws Exception {
    return SCHEMA.validate(MAPPER.readTree(json));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static List<String> ids(Enum<?>[] values) {
    List<String> ids = new ArrayList<>();
    for (Enum<?> value : values) {
      ids.add(value.name().toLowerCase(Locale.ROOT));
    }
    return ids;
  }

  private static String camel(String id) {
    StringBuilder name = new StringBuilder();
    for (String part : id.split("_")) {
      name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return name.toString();
  }
}
