package dev.passport.translate.trinorules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import dev.passport.translate.sql.TransformSqlPrinter;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestTrinoRules {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CALLER = "zed";

  static List<String> samples() {
    return SamplePolicySets.NAMES;
  }

  private static JsonSchema schema() throws Exception {
    try (InputStream in = TestTrinoRules.class.getResourceAsStream("trino-rules.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(JSON.readTree(in));
    }
  }

  private static Translation translate(PolicySet set) {
    return TrinoRulesTranslator.translate(
        set, IdentityMap.standard(), TrinoRulesOptions.defaults().withPolicyUser("policy_svc"));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void testEveryRulesFileMatchesTheSchema(String name) throws Exception {
    JsonSchema schema = schema();
    Translation translation = translate(SamplePolicySets.byName(name));
    assertThat(translation.artifacts()).hasSizeGreaterThan(1);
    for (Map.Entry<String, String> artifact : translation.artifacts().entrySet()) {
      assertThat(schema.validate(JSON.readTree(artifact.getValue())))
          .as(artifact.getKey())
          .isEmpty();
    }
  }

  @Test
  void testSchemaRejectsMisspeltMembersAndMaskWithDeny() throws Exception {
    JsonSchema schema = schema();
    assertThat(schema.validate(JSON.readTree("{\"tables\": [{\"privilege\": [\"SELECT\"]}]}")))
        .isNotEmpty();
    assertThat(
            schema.validate(
                JSON.readTree(
                    "{\"tables\": [{\"privileges\": [], \"columns\": [{\"name\": \"a\","
                        + " \"allow\": false, \"mask\": \"x\"}]}]}")))
        .isNotEmpty();
  }

  @Test
  void testRulesEndWithExplicitDenyAndCatalogFileHasNoCatalogMatchers() throws Exception {
    Translation translation = translate(SamplePolicySets.tiny());
    JsonNode system = JSON.readTree(translation.artifact(TrinoRulesTranslator.SYSTEM_FILE));
    JsonNode tables = system.get("tables");
    JsonNode last = tables.get(tables.size() - 1);
    assertThat(last.toString()).isEqualTo("{\"privileges\":[]}");
    JsonNode catalogLevel =
        JSON.readTree(translation.artifact(TrinoRulesTranslator.catalogFile("shop")));
    assertThat(catalogLevel.has("catalogs")).isFalse();
    for (JsonNode rule : catalogLevel.get("tables")) {
      assertThat(rule.has("catalog")).isFalse();
    }
  }

  @Test
  void testPrincipalNamesAreEscapedAnchoredRegexes() {
    assertThat(TrinoRegex.exactly("sys:secadmin")).isEqualTo("^sys\\:secadmin$");
    assertThat(TrinoRegex.anyOf(List.of("a.b", "c+d"))).isEqualTo("^(?:a\\.b|c\\+d)$");
    String regex = TrinoRegex.exactly("we.ird(name)|x*é");
    assertThat(Pattern.compile(regex).matcher("we.ird(name)|x*é").matches()).isTrue();
    assertThat(Pattern.compile(regex).matcher("weXird(name)|x*é").matches()).isFalse();
    assertThat(Pattern.compile(TrinoRegex.exactly("bob")).matcher("bobby").matches()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void testFirstMatchGivesTheEvaluatorsAnswers(String name) throws Exception {
    PolicySet set = SamplePolicySets.byName(name);
    Evaluator evaluator = Evaluator.compile(set);
    IdentityMap identities = IdentityMap.standard();
    JsonNode rules = JSON.readTree(translate(set).artifact(TrinoRulesTranslator.SYSTEM_FILE));
    List<PrincipalContext> callers = new ArrayList<>();
    for (Principal principal : set.principals()) {
      if (principal.kind() == PrincipalKind.USER
          || principal.flags().contains(PrincipalFlag.LOGIN)) {
        callers.add(PrincipalContext.user(principal.name()));
      } else {
        callers.add(PrincipalContext.user(CALLER).withRoles(List.of(principal.name())));
      }
    }
    callers.add(PrincipalContext.user(CALLER));
    int checked = 0;
    for (PrincipalContext caller : callers) {
      Identity identity = identity(set, evaluator, identities, caller);
      for (Table table : set.tables()) {
        Optional<JsonNode> rule = firstMatch(rules, identity, table);
        String where = name + " " + caller + " on " + table.name();
        Set<String> privileges = new LinkedHashSet<>();
        rule.ifPresent(found -> found.get("privileges").forEach(p -> privileges.add(p.asText())));
        for (Action action : Action.values()) {
          assertThat(privileges.contains(action.name()))
              .as(where + " " + action)
              .isEqualTo(evaluator.isAllowed(caller, table.name(), action));
        }
        Decision decision = evaluator.decide(caller, table.name(), Action.SELECT);
        if (!decision.allowed()) {
          continue;
        }
        checked++;
        JsonNode found = rule.orElseThrow();
        String expectedFilter =
            Expressions.isTrue(decision.rowFilter())
                ? null
                : Expressions.isFalseOrNull(decision.rowFilter())
                    ? "false"
                    : ExpressionPrinter.print(decision.rowFilter(), SqlDialect.TRINO);
        String filter =
            found.has("filter") ? callerSubstituted(found.get("filter").asText(), caller) : null;
        assertThat(filter).as(where + " filter").isEqualTo(expectedFilter);
        for (ColumnDecision column : decision.columns().values()) {
          JsonNode entry = column(found, column.column());
          if (!column.readable()) {
            assertThat(entry).as(where + " " + column.column()).isNotNull();
            assertThat(entry.get("allow").asBoolean()).isFalse();
          } else if (column.unconditional().isPresent()
              && column.unconditional().get().kind() == TransformKind.IDENTITY) {
            assertThat(entry).as(where + " " + column.column() + " unmasked").isNull();
          } else {
            assertThat(entry).as(where + " " + column.column() + " masked").isNotNull();
            String expected;
            try {
              expected =
                  TransformSqlPrinter.print(
                      column,
                      SqlDialect.TRINO,
                      ExpressionPrinter.identifier(column.column(), SqlDialect.TRINO),
                      table.column(column.column()).map(ColumnInfo::type),
                      TransformSqlPrinter.storedSalt(column, Optional.empty()));
            } catch (PassportException notSupported) {
              expected = "NULL";
            }
            assertThat(callerSubstituted(entry.get("mask").asText(), caller))
                .as(where + " " + column.column() + " mask")
                .isEqualTo(expected);
          }
        }
      }
    }
    assertThat(checked).as("allowed cases checked").isPositive();
  }

  private static String callerSubstituted(String sql, PrincipalContext caller) {
    return sql.replace("current_user", "'" + caller.user() + "'");
  }

  private static JsonNode column(JsonNode rule, String name) {
    if (!rule.has("columns")) {
      return null;
    }
    for (JsonNode column : rule.get("columns")) {
      if (column.get("name").asText().equals(name)) {
        return column;
      }
    }
    return null;
  }

  /** Who the caller is in Trino: a user name, and groups and roles from the identity map. */
  record Identity(String user, Set<String> groups, Set<String> roles) {}

  private static Identity identity(
      PolicySet set, Evaluator evaluator, IdentityMap identities, PrincipalContext caller) {
    Set<String> groups = new LinkedHashSet<>();
    Set<String> roles = new LinkedHashSet<>();
    String user = caller.user();
    for (String role : evaluator.effectiveRoles(caller)) {
      Optional<Principal> principal = set.principal(role);
      if (principal.isEmpty()) {
        continue;
      }
      TargetPrincipals target = identities.map(principal.get()).orElse(TargetPrincipals.none());
      groups.addAll(target.groups());
      roles.addAll(target.roles());
      if (!target.users().isEmpty() && role.equals(caller.user())) {
        user = target.users().get(0);
      }
    }
    return new Identity(user, groups, roles);
  }

  /** Trino's table-rule selection, written from its documentation: the first rule that matches. */
  private static Optional<JsonNode> firstMatch(JsonNode rules, Identity identity, Table table) {
    for (JsonNode rule : rules.get("tables")) {
      if (matches(rule, "user", List.of(identity.user()))
          && matches(rule, "group", new ArrayList<>(identity.groups()))
          && matches(rule, "role", new ArrayList<>(identity.roles()))
          && matches(rule, "catalog", List.of(table.name().catalog().orElse("iceberg")))
          && matches(rule, "schema", List.of(table.name().schema().orElseThrow()))
          && matches(rule, "table", List.of(table.name().table().orElseThrow()))) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  private static boolean matches(JsonNode rule, String member, List<String> values) {
    if (!rule.has(member)) {
      return true;
    }
    Pattern pattern = Pattern.compile(rule.get(member).asText());
    for (String value : values) {
      if (pattern.matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Role r may read column id only; the filter for everyone reads the hidden secret. */
  private static PolicySet hiddenColumnFilter(Expr predicate) {
    SystemKind system = SystemKind.PASSPORT;
    Securable table = Securable.table("lake", "s", "t");
    return PolicySet.builder(Source.of(system, "hidden.json", ExtractionMethod.FILE))
        .addPrincipal(Principal.role("r", Origin.declared(system, "r")))
        .addTable(
            new Table(
                table,
                List.of(
                    new ColumnInfo("id", "bigint", false),
                    new ColumnInfo("secret", "varchar", true)),
                Optional.empty(),
                RowSecurity.allAnd()))
        .addGrant(
            Grant.allow(
                Subjects.hasRole("r"),
                Set.of(Privilege.SELECT),
                table.column("id"),
                Origin.declared(system, "grant")))
        .addRowFilter(
            RowFilter.of(table, predicate, Subjects.everyone(), Origin.declared(system, "f")))
        .build();
  }

  @Test
  void testFilterReadingHiddenColumnUsesFilterEnvironment() throws Exception {
    PolicySet set =
        hiddenColumnFilter(
            Expressions.equal(Expressions.column("secret"), Expressions.literal("x")));
    Translation withUser = translate(set);
    JsonNode rule =
        JSON.readTree(withUser.artifact(TrinoRulesTranslator.SYSTEM_FILE)).get("tables").get(0);
    assertThat(rule.get("group").asText()).isEqualTo("^r$");
    assertThat(rule.get("filter").asText()).isEqualTo("secret = 'x'");
    assertThat(rule.get("filter_environment").get("user").asText()).isEqualTo("policy_svc");
    assertThat(rule.get("columns").get(0).toString())
        .isEqualTo("{\"name\":\"secret\",\"allow\":false}");
    assertThat(withUser.losses()).noneMatch(loss -> loss.reason().contains("12390"));

    Translation without =
        TrinoRulesTranslator.translate(set, IdentityMap.standard(), TrinoRulesOptions.defaults());
    assertThat(without.artifact(TrinoRulesTranslator.SYSTEM_FILE))
        .doesNotContain("filter_environment");
    assertThat(without.losses())
        .anyMatch(
            loss -> loss.reason().contains("12390") && loss.direction() == LossDirection.STRICTER);
  }

  @Test
  void testFilterNeedingCallerCannotUseFilterEnvironment() {
    PolicySet set =
        hiddenColumnFilter(
            Expressions.equal(Expressions.column("secret"), Expressions.currentUser()));
    Translation translation = translate(set);
    assertThat(translation.artifact(TrinoRulesTranslator.SYSTEM_FILE))
        .contains("secret = current_user")
        .doesNotContain("filter_environment");
    assertThat(translation.losses())
        .anyMatch(loss -> loss.reason().contains("needs the caller's current_user"));
  }
}
