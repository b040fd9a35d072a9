package dev.passport.model.json;

import static dev.passport.model.Expressions.cast;
import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.or;
import static dev.passport.model.Expressions.sessionAttribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.passport.model.Action;
import dev.passport.model.ArithmeticOperator;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.DateUnit;
import dev.passport.model.DefinitionKind;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.ExprKind;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.FilterKind;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Privilege;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.SubjectKind;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import dev.passport.model.ViewOption;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestPolicySetCodec {
  private static final int RANDOM_SETS = 300;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(PolicySetCodec.schema());

  /** The enums the JSON format spells out, each of which the random sets must cover. */
  private static final List<Class<? extends Enum<?>>> ENUM_TYPES =
      List.of(
          SystemKind.class,
          ExtractionMethod.class,
          PrincipalKind.class,
          PrincipalFlag.class,
          OriginKind.class,
          CombinationRule.class,
          Privilege.class,
          GrantEffect.class,
          GrantVia.class,
          DefinitionKind.class,
          Action.class,
          FilterKind.class,
          ViewOption.class,
          LossDirection.class,
          RoleScope.class,
          ComparisonOperator.class,
          ArithmeticOperator.class,
          HashAlgorithm.class,
          SaltScope.class,
          FillMode.class,
          DateUnit.class);

  private static final Origin POLICY_ORIGIN =
      Origin.declared(SystemKind.POSTGRESQL, "tenant_isolation")
          .withSql("CREATE POLICY tenant_isolation ON accounts USING (...)")
          .at("schema.sql", 12);

  @Test
  void testRandomSetsRoundTripByteIdenticallyAndMatchTheSchema() throws Exception {
    RandomPolicySets generator = new RandomPolicySets(20_240_601L);
    for (int index = 0; index < RANDOM_SETS; index++) {
      PolicySet set = generator.next();
      String json = PolicySetCodec.toJson(set);
      PolicySet read = PolicySetCodec.fromJson(json, "random-" + index + ".json");
      assertThat(read).as("set %d read back", index).isEqualTo(set);
      assertThat(PolicySetCodec.toJson(read)).as("set %d written again", index).isEqualTo(json);
      assertThat(SCHEMA.validate(MAPPER.readTree(json)))
          .as("schema problems of set %d:%n%s", index, json)
          .isEmpty();
    }
    // The property is only as strong as the sets it ran on.
    assertThat(generator.exprKinds()).containsExactlyInAnyOrder(ExprKind.values());
    assertThat(generator.transformKinds()).containsExactlyInAnyOrder(TransformKind.values());
    assertThat(generator.subjectKinds()).containsExactlyInAnyOrder(SubjectKind.values());
    for (Class<? extends Enum<?>> type : ENUM_TYPES) {
      assertThat(generator.enumConstants())
          .as(type.getSimpleName())
          .contains(type.getEnumConstants());
    }
    Set<String> optionalNames =
        generator.optionals().stream()
            .map(entry -> entry.substring(0, entry.indexOf('=')))
            .collect(Collectors.toSet());
    for (String name : optionalNames) {
      assertThat(generator.optionals()).contains(name + "=present", name + "=absent");
    }
    assertThat(optionalNames).hasSize(21);
  }

  @Test
  void testGoldenDocument() {
    String expected =
        """
        {
          "passport": 1,
          "source": {
            "system": "postgresql",
            "locator": "schema.sql",
            "method": "ddl",
            "extractedAt": "2024-05-01T12:00:00Z"
          },
          "principals": [
            {
              "name": "analyst",
              "kind": "role",
              "memberOf": [],
              "attributes": {},
              "flags": [],
              "origin": {
                "system": "postgresql",
                "kind": "declared"
              }
            },
            {
              "name": "alice",
              "kind": "user",
              "memberOf": [
                "analyst"
              ],
              "attributes": {
                "department": "sales"
              },
              "flags": [
                "login"
              ],
              "origin": {
                "system": "postgresql",
                "kind": "declared"
              }
            }
          ],
          "tables": [
            {
              "name": {
                "schema": "public",
                "table": "accounts",
                "spelling": "public.accounts"
              },
              "columns": [
                {
                  "name": "tenant_id",
                  "type": "integer",
                  "nullable": false
                },
                {
                  "name": "ssn",
                  "type": "varchar",
                  "nullable": true
                }
              ],
              "owner": "admin",
              "rowSecurity": {
                "enabled": true,
                "combination": "permissive_restrictive",
                "noneApplicableMeansNoRows": true,
                "ownerExempt": true,
                "exempt": {
                  "kind": "any_of",
                  "subjects": []
                }
              }
            }
          ],
          "grants": [],
          "definitions": [],
          "rowFilters": [
            {
              "name": "tenant_isolation",
              "table": {
                "schema": "public",
                "table": "accounts",
                "spelling": "public.accounts"
              },
              "predicate": {
                "kind": "or",
                "terms": [
                  {
                    "kind": "comparison",
                    "operator": "equal",
                    "left": {
                      "kind": "column",
                      "name": "tenant_id"
                    },
                    "right": {
                      "kind": "cast",
                      "value": {
                        "kind": "session_attribute",
                        "name": "app.tenant"
                      },
                      "type": "integer"
                    }
                  },
                  {
                    "kind": "comparison",
                    "operator": "greater_than",
                    "left": {
                      "kind": "column",
                      "name": "balance"
                    },
                    "right": {
                      "kind": "number_literal",
                      "value": 0.000000000000000000012
                    }
                  }
                ]
              },
              "appliesTo": {
                "kind": "has_role",
                "role": "analyst",
                "scope": "in_session"
              },
              "actions": [
                "select",
                "insert",
                "update",
                "delete"
              ],
              "kind": "permissive",
              "priority": 0,
              "bindings": {},
              "origin": {
                "system": "postgresql",
                "kind": "declared",
                "object": "tenant_isolation",
                "sql": "CREATE POLICY tenant_isolation ON accounts USING (...)",
                "file": "schema.sql",
                "line": 12
              }
            }
          ],
          "columnMasks": [
            {
              "column": {
                "schema": "public",
                "table": "accounts",
                "column": "ssn",
                "spelling": "public.accounts.ssn"
              },
              "rules": [
                {
                  "subject": {
                    "kind": "is_user",
                    "user": "alice"
                  },
                  "condition": {
                    "kind": "boolean_literal",
                    "value": true
                  },
                  "transform": {
                    "kind": "identity"
                  }
                }
              ],
              "otherwise": {
                "kind": "partial",
                "keepFirst": 0,
                "keepLast": 4,
                "fill": "*",
                "mode": "each_character"
              },
              "appliesTo": {
                "kind": "everyone"
              },
              "priority": 0,
              "bindings": {},
              "origin": {
                "system": "postgresql",
                "kind": "declared",
                "object": "ssn_mask"
              }
            }
          ],
          "tags": [],
          "views": [],
          "losses": [
            {
              "origin": {
                "system": "postgresql",
                "kind": "declared",
                "object": "ssn_mask"
              },
              "reason": "a \\"quoted\\" reason, ünïcødé",
              "direction": "stricter"
            }
          ]
        }
        """;

    String json = PolicySetCodec.toJson(goldenSet());

    assertThat(json).isEqualTo(expected);
    assertThat(PolicySetCodec.fromJson(expected, "golden.json")).isEqualTo(goldenSet());
  }

  @Test
  void testDecimalsKeepEveryDigit() {
    String precise = "12345678901234567890.000000000000000000000000000001";
    PolicySet set = withPredicate(equal(column("amount"), literal(new BigDecimal(precise))));

    String json = PolicySetCodec.toJson(set);
    PolicySet read = PolicySetCodec.fromJson(json, "decimal.json");

    assertThat(json).contains("\"value\": " + precise + "\n");
    Expr.Comparison comparison = (Expr.Comparison) read.rowFilters().get(0).predicate();
    assertThat(((Expr.NumberLiteral) comparison.right()).value())
        .isEqualTo(new BigDecimal(precise));
  }

  @Test
  void testWriteThenReadFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("policies.json");

    PolicySetCodec.write(goldenSet(), file);

    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(PolicySetCodec.toJson(goldenSet()))
        .endsWith("}\n")
        .doesNotContain("\r");
    assertThat(PolicySetCodec.read(file)).isEqualTo(goldenSet());
  }

  @Test
  void testReadSkipsAByteOrderMark(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("bom.json");
    Files.writeString(file, "\uFEFF" + PolicySetCodec.toJson(goldenSet()), StandardCharsets.UTF_8);

    assertThat(PolicySetCodec.read(file)).isEqualTo(goldenSet());
  }

  @Test
  void testReadingAMissingFileIsAnIoError(@TempDir Path directory) {
    Path file = directory.resolve("absent.json");

    assertThatThrownBy(() -> PolicySetCodec.read(file))
        .isInstanceOf(PassportException.class)
        .hasMessageStartingWith(file.toString())
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.IO_ERROR);
  }

  @Test
  void testUnknownVersion() {
    String json = minimalDocument().replace("\"passport\": 1", "\"passport\": 2");

    assertError(json, ErrorCode.UNSUPPORTED_FORMAT_VERSION)
        .isEqualTo(
            "v.json: $.passport: format version 2 is not supported; this build reads version 1");
  }

  @Test
  void testVersionOfTheWrongTypeIsUnsupported() {
    String json = minimalDocument().replace("\"passport\": 1", "\"passport\": \"1\"");

    assertError(json, ErrorCode.UNSUPPORTED_FORMAT_VERSION).contains("version \"1\" is not");
  }

  @Test
  void testMissingVersion() {
    String json = minimalDocument().replace("\"passport\": 1,", "");

    assertError(json, ErrorCode.UNSUPPORTED_FORMAT_VERSION)
        .isEqualTo("v.json: $.passport: no format version; this build reads version 1");
  }

  @Test
  void testVersionIsCheckedBeforeMembers() {
    String json = minimalDocument().replace("\"passport\": 1,", "\"passport\": 7, \"future\": [],");

    assertError(json, ErrorCode.UNSUPPORTED_FORMAT_VERSION).contains("version 7");
  }

  @ParameterizedTest
  @MethodSource("malformedDocuments")
  void testMalformedJsonNamesLineAndColumn(String json, String location) {
    assertError(json, ErrorCode.INVALID_JSON)
        .startsWith("v.json: " + location + ": malformed JSON");
  }

  static Stream<Object[]> malformedDocuments() {
    return Stream.of(
        new Object[] {"{\n  \"passport\": 1,\n  \"source\": {,\n}", "line 3, column 14"},
        new Object[] {"{\"passport\": 1}\n{}", "line 2, column 1"},
        new Object[] {"{\"passport\": 1, \"passport\": 1}", "line 1, column 27"},
        new Object[] {"[1, 2", "line 1, column 6"});
  }

  @Test
  void testEmptyDocument() {
    assertError("  ", ErrorCode.INVALID_JSON).isEqualTo("v.json: empty document");
  }

  @Test
  void testRootMustBeAnObject() {
    assertError("[]", ErrorCode.INVALID_JSON)
        .isEqualTo("v.json: $: expected an object, found an array");
  }

  @Test
  void testUnknownMemberNamesItsPath() {
    String json =
        PolicySetCodec.toJson(goldenSet())
            .replace("\"fill\": \"*\",", "\"fill\": \"*\", \"fil\": \"#\",");

    assertError(json, ErrorCode.INVALID_JSON)
        .startsWith(
            "v.json: $.columnMasks[0].otherwise.fil: unknown member; expected one of kind,");
  }

  @Test
  void testUnknownMemberWithAnOddNameIsQuotedInThePath() {
    String json = minimalDocument().replace("\"passport\": 1,", "\"passport\": 1, \"it's\": 0,");

    assertError(json, ErrorCode.INVALID_JSON).startsWith("v.json: $['it\\'s']: unknown member");
  }

  @Test
  void testUnknownExpressionKind() {
    String json =
        PolicySetCodec.toJson(goldenSet())
            .replace("\"kind\": \"session_attribute\"", "\"kind\": \"foo\"");

    assertError(json, ErrorCode.INVALID_JSON)
        .isEqualTo(
            "v.json: $.rowFilters[0].predicate.terms[0].right.value.kind:"
                + " unknown expression kind 'foo'");
  }

  @Test
  void testUnknownTransformAndSubjectKinds() {
    String golden = PolicySetCodec.toJson(goldenSet());

    assertError(
            golden.replace("\"kind\": \"partial\"", "\"kind\": \"scramble\""),
            ErrorCode.INVALID_JSON)
        .isEqualTo("v.json: $.columnMasks[0].otherwise.kind: unknown transform kind 'scramble'");
    assertError(
            golden.replace("\"kind\": \"is_user\"", "\"kind\": \"is_admin\""),
            ErrorCode.INVALID_JSON)
        .isEqualTo(
            "v.json: $.columnMasks[0].rules[0].subject.kind: unknown subject kind 'is_admin'");
  }

  @Test
  void testConstantTransformTakesOnlyLiterals() {
    String json =
        PolicySetCodec.toJson(goldenSet())
            .replaceFirst(
                "\"kind\": \"partial\",[^}]*",
                "\"kind\": \"constant\", \"value\": {\"kind\": \"current_user\"}");

    assertError(json, ErrorCode.INVALID_JSON)
        .startsWith("v.json: $.columnMasks[0].otherwise.value.kind: expected a literal kind");
  }

  @Test
  void testBadEnumValue() {
    String json = PolicySetCodec.toJson(goldenSet()).replace("\"in_session\"", "\"IN_SESSION\"");

    assertError(json, ErrorCode.INVALID_JSON)
        .isEqualTo(
            "v.json: $.rowFilters[0].appliesTo.scope: unknown value 'IN_SESSION';"
                + " expected one of primary, in_session");
  }

  @Test
  void testDuplicateSetValue() {
    String json =
        PolicySetCodec.toJson(goldenSet()).replace("\"select\",", "\"select\", \"select\",");

    assertError(json, ErrorCode.INVALID_JSON)
        .isEqualTo("v.json: $.rowFilters[0].actions[1]: duplicate value 'select'");
  }

  @Test
  void testWrongTypes() {
    String golden = PolicySetCodec.toJson(goldenSet());

    assertError(
            golden.replaceFirst("\"priority\": 0", "\"priority\": \"0\""), ErrorCode.INVALID_JSON)
        .isEqualTo("v.json: $.rowFilters[0].priority: expected an integer, found a string \"0\"");
    assertError(golden.replace("\"keepLast\": 4", "\"keepLast\": 4.5"), ErrorCode.INVALID_JSON)
        .isEqualTo(
            "v.json: $.columnMasks[0].otherwise.keepLast: expected an integer, found a number 4.5");
    assertError(
            golden.replace("\"keepLast\": 4", "\"keepLast\": 4294967296"), ErrorCode.INVALID_JSON)
        .isEqualTo("v.json: $.columnMasks[0].otherwise.keepLast: integer out of range: 4294967296");
    assertError(golden.replace("\"owner\": \"admin\"", "\"owner\": null"), ErrorCode.INVALID_JSON)
        .isEqualTo("v.json: $.tables[0].owner: expected a string, found null");
    assertError(
            golden.replace("\"department\": \"sales\"", "\"department\": 7"),
            ErrorCode.INVALID_JSON)
        .isEqualTo(
            "v.json: $.principals[1].attributes.department: expected a string, found a number");
    assertError(golden.replace("\"grants\": []", "\"grants\": {}"), ErrorCode.INVALID_JSON)
        .isEqualTo("v.json: $.grants: expected an array, found an object");
  }

  @Test
  void testMissingMember() {
    String json = PolicySetCodec.toJson(goldenSet()).replace("\"locator\": \"schema.sql\",", "");

    assertError(json, ErrorCode.INVALID_JSON).isEqualTo("v.json: $.source.locator: missing member");
  }

  @Test
  void testModelRuleViolationNamesTheObject() {
    String json =
        PolicySetCodec.toJson(goldenSet()).replace("\"keepFirst\": 0", "\"keepFirst\": -1");

    assertError(json, ErrorCode.INVALID_JSON)
        .isEqualTo(
            "v.json: $.columnMasks[0].otherwise: keepFirst and keepLast must not be negative");
  }

  @Test
  void testAndWithOneTermIsRejected() {
    String json =
        minimalDocument()
            .replace(
                "\"rowFilters\": []",
                """
                "rowFilters": [{"table": {"table": "t", "spelling": "t"},
                  "predicate": {"kind": "and", "terms": [{"kind": "boolean_literal", "value": true}]},
                  "appliesTo": {"kind": "everyone"}, "actions": ["select"], "kind": "permissive",
                  "priority": 0, "bindings": {}, "origin": {"system": "trino", "kind": "declared"}}]\
                """);

    assertError(json, ErrorCode.INVALID_JSON)
        .isEqualTo(
            "v.json: $.rowFilters[0].predicate: AND needs at least two terms; use Expressions.and");
  }

  @Test
  void testBadDateIsRejected() {
    String json =
        minimalDocument()
            .replace(
                "\"method\": \"file\"",
                "\"method\": \"file\", \"extractedAt\": \"2024-02-30T00:00:00Z\"");

    assertError(json, ErrorCode.INVALID_JSON)
        .isEqualTo("v.json: $.source.extractedAt: not an ISO-8601 value: '2024-02-30T00:00:00Z'");
  }

  @Test
  void testNumberThatWouldPrintEndlesslyIsRejected() {
    String json = withPredicateJson("{\"kind\": \"number_literal\", \"value\": 1e999999999}");

    assertError(json, ErrorCode.INVALID_JSON)
        .isEqualTo(
            "v.json: $.rowFilters[0].predicate.value: number has more than 1000 digits when written out");
  }

  @Test
  void testTooDeepNestingIsRejectedWithItsPath() {
    int depth = PolicySetCodec.MAX_NESTING_DEPTH + 10;
    String predicate =
        "{\"kind\": \"not\", \"term\": ".repeat(depth)
            + "{\"kind\": \"boolean_literal\", \"value\": true}"
            + "}".repeat(depth);
    String json = withPredicateJson(predicate);

    assertError(json, ErrorCode.INVALID_JSON)
        .startsWith("v.json: $.rowFilters[0].predicate.term.term.term.")
        .endsWith(": nesting deeper than 500 levels (line 8, column 12003)");
  }

  @Test
  void testSetTooDeepToReadBackIsNotWritten() {
    Expr predicate = literal(true);
    for (int level = 0; level < PolicySetCodec.MAX_NESTING_DEPTH; level++) {
      predicate = new Expr.Not(predicate);
    }
    PolicySet set = withPredicate(predicate);

    assertThatThrownBy(() -> PolicySetCodec.toJson(set))
        .isInstanceOf(PassportException.class)
        .hasMessageStartingWith("$.rowFilters[0].predicate.term.term")
        .hasMessageEndingWith("nesting deeper than 500 levels cannot be written")
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.INVALID_POLICY_SET);
  }

  @Test
  void testNestingJustWithinTheBoundRoundTrips() {
    // Root, rowFilters array, filter object and predicate take four levels.
    Expr predicate = literal(true);
    for (int level = 0; level < PolicySetCodec.MAX_NESTING_DEPTH - 4; level++) {
      predicate = new Expr.Not(predicate);
    }
    PolicySet set = withPredicate(predicate);

    assertThat(PolicySetCodec.fromJson(PolicySetCodec.toJson(set), "deep.json")).isEqualTo(set);
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertError(
      String json, ErrorCode code) {
    PassportException error = null;
    try {
      PolicySetCodec.fromJson(json, "v.json");
    } catch (PassportException e) {
      error = e;
    }
    assertThat(error).as("reading should fail").isNotNull();
    assertThat(error.errorCode()).as(error.getMessage()).isEqualTo(code);
    return assertThat(error.getMessage());
  }

  private static String minimalDocument() {
    return """
        {
          "passport": 1,
          "source": {"system": "trino", "locator": "rules.json", "method": "file"},
          "principals": [],
          "tables": [],
          "grants": [],
          "definitions": [],
          "rowFilters": [],
          "columnMasks": [],
          "tags": [],
          "views": [],
          "losses": []
        }
        """;
  }

  private static String withPredicateJson(String predicate) {
    return minimalDocument()
        .replace(
            "\"rowFilters\": []",
            "\"rowFilters\": [{\"table\": {\"table\": \"t\", \"spelling\": \"t\"}, \"predicate\": "
                + predicate
                + ", \"appliesTo\": {\"kind\": \"everyone\"}, \"actions\": [\"select\"],"
                + " \"kind\": \"permissive\", \"priority\": 0, \"bindings\": {},"
                + " \"origin\": {\"system\": \"trino\", \"kind\": \"declared\"}}]");
  }

  private static PolicySet withPredicate(Expr predicate) {
    return PolicySet.builder(Source.of(SystemKind.TRINO, "rules.json", ExtractionMethod.FILE))
        .addRowFilter(
            RowFilter.of(
                Securable.table("s", "t"),
                predicate,
                Subjects.everyone(),
                Origin.of(SystemKind.TRINO)))
        .build();
  }

  static PolicySet goldenSet() {
    Origin catalog = Origin.of(SystemKind.POSTGRESQL);
    Origin maskOrigin = Origin.declared(SystemKind.POSTGRESQL, "ssn_mask");
    Securable accounts = Securable.table("public", "accounts");
    Expr predicate =
        or(
            equal(column("tenant_id"), cast(sessionAttribute("app.tenant"), "integer")),
            Expressions.compare(
                ComparisonOperator.GREATER_THAN,
                column("balance"),
                literal(new BigDecimal("0.0000000000000000000120"))));
    List<ColumnInfo> columns = new ArrayList<>();
    columns.add(new ColumnInfo("tenant_id", "integer", false));
    columns.add(new ColumnInfo("ssn", "varchar", true));
    return new PolicySet(
        new Source(
            SystemKind.POSTGRESQL,
            "schema.sql",
            ExtractionMethod.DDL,
            Optional.of(Instant.parse("2024-05-01T12:00:00Z"))),
        List.of(
            Principal.role("analyst", catalog),
            Principal.user("alice", catalog)
                .withMemberOf(List.of("analyst"))
                .withAttributes(Map.of("department", "sales"))
                .withFlags(EnumSet.of(PrincipalFlag.LOGIN))),
        List.of(new Table(accounts, columns, Optional.of("admin"), RowSecurity.postgresql(false))),
        List.of(),
        List.of(),
        List.of(
            RowFilter.of(accounts, predicate, Subjects.hasRole("analyst"), POLICY_ORIGIN)
                .withName("tenant_isolation")),
        List.of(
            ColumnMask.of(
                accounts.column("ssn"),
                List.of(MaskRule.when(Subjects.isUser("alice"), new Transform.Identity())),
                new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER),
                maskOrigin)),
        List.of(),
        List.of(),
        List.of(new Loss(maskOrigin, "a \"quoted\" reason, ünïcødé", LossDirection.STRICTER)));
  }
}
