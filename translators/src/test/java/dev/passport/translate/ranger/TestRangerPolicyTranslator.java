package dev.passport.translate.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.model.Action;
import dev.passport.model.FillMode;
import dev.passport.model.LossDirection;
import dev.passport.model.Securable;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestRangerPolicyTranslator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String IDENTITIES_AS_GROUPS =
      """
      {"mappings": [{"source": {"user": "ghost"}, "target": {}}]}
      """;
  private static final String IDENTITIES_AS_ROLES =
      """
      {
        "defaults": {"user": "same-name", "role": "role", "group": "group"},
        "mappings": [
          {"source": {"user": "ghost"}, "target": {}},
          {"source": {"user": "ann"}, "target": {"users": ["ann@lab"]}}
        ]
      }
      """;

  static Stream<Arguments> labCases() {
    return Stream.of(
        Arguments.of(RangerServiceType.TRINO, IDENTITIES_AS_GROUPS),
        Arguments.of(RangerServiceType.TRINO, IDENTITIES_AS_ROLES),
        Arguments.of(RangerServiceType.HIVE, IDENTITIES_AS_GROUPS),
        Arguments.of(RangerServiceType.HIVE, IDENTITIES_AS_ROLES));
  }

  @ParameterizedTest
  @MethodSource("labCases")
  void testLabSetAgreesWithRanger(RangerServiceType service, String identities) throws Exception {
    EquivalenceMatrix.Result result =
        EquivalenceMatrix.run(
            LabPolicySet.create(),
            IdentityMap.parse(identities, "identities.json"),
            EquivalenceMatrix.options(service));
    result.disagreements().forEach(System.out::println);
    assertThat(result.comparisons()).isGreaterThan(50);
    assertThat(result.disagreements()).isEmpty();
  }

  @Test
  void testUnmappedPrincipalIsDeniedAndReported() {
    Translation translation = translateLab(IDENTITIES_AS_GROUPS, RangerServiceType.TRINO);
    assertThat(translation.losses())
        .anyMatch(
            loss ->
                loss.direction() == LossDirection.STRICTER
                    && loss.reason().contains("user ghost")
                    && loss.origin().object().equals(Optional.of("ghost")));
    assertThat(translation.artifact("dev_trino.json")).doesNotContain("\"ghost\"");
  }

  @Test
  void testPrimaryRoleTestIsReported() {
    Translation translation = translateLab(IDENTITIES_AS_GROUPS, RangerServiceType.TRINO);
    assertThat(translation.losses())
        .anyMatch(
            loss ->
                loss.reason().contains("primary role manager")
                    && loss.origin().object().equals(Optional.of("ssn_mask")));
  }

  @Test
  void testFiltersMergeIntoOneItemPerClassMostSpecificFirst() throws Exception {
    JsonNode policies = policies(translateLab(IDENTITIES_AS_GROUPS, RangerServiceType.TRINO));
    JsonNode employees = policy(policies, "row filter on lab.hr.employees");
    JsonNode items = employees.get("rowFilterPolicyItems");
    // eve holds hr and manager: the OR of both permissive filters, ANDed with the restrictive one.
    assertThat(filterFor(items, "eve")).isEqualTo("(region = 'EU' OR dept = 'HR') AND id > 0");
    assertThat(filterFor(items, "cat")).isNull();
    assertThat(items.get(items.size() - 1).get("groups").get(0).asText()).isEqualTo("public");
    assertThat(items.get(items.size() - 1).get("rowFilterInfo").get("filterExpr").asText())
        .isEqualTo("1 = 0");
    JsonNode payroll = policy(policies, "row filter on lab.hr.payroll");
    assertThat(filterFor(payroll.get("rowFilterPolicyItems"), "ann")).isEqualTo("dept = 'ann'");
  }

  @Test
  void testTagMaskBecomesTagPolicyAndOwnMaskWins() throws Exception {
    Translation translation = translateLab(IDENTITIES_AS_GROUPS, RangerServiceType.TRINO);
    JsonNode tagPolicies = JSON.readTree(translation.artifact("dev_trino.json")).get("tagPolicies");
    assertThat(tagPolicies.get("serviceName").asText()).isEqualTo("dev_tag");
    JsonNode tagPolicy = tagPolicies.get("policies").get(0);
    assertThat(tagPolicy.get("resources").get("tag").get("values").get(0).asText())
        .isEqualTo("PII");
    assertThat(tagPolicy.toString()).contains("trino:select", "trino:CUSTOM", "trino:MASK_NONE");
    JsonNode tags = JSON.readTree(translation.artifact("dev_trino_tag.json"));
    // ssn has its own mask, which must win, so only email carries the tag for Ranger.
    assertThat(tags.get("serviceResources")).hasSize(1);
    assertThat(tags.get("serviceResources").get(0).get("resourceElements").get("column").toString())
        .contains("email");
  }

  @Test
  void testRoleHierarchyBecomesRangerRoles() throws Exception {
    JsonNode roles =
        JSON.readTree(
                translateLab(IDENTITIES_AS_ROLES, RangerServiceType.TRINO)
                    .artifact("dev_trino_roles.json"))
            .get("rangerRoles");
    JsonNode staff = null;
    JsonNode manager = null;
    for (JsonNode role : roles) {
      if (role.get("name").asText().equals("staff")) {
        staff = role;
      }
      if (role.get("name").asText().equals("manager")) {
        manager = role;
      }
    }
    assertThat(staff).isNotNull();
    assertThat(staff.get("roles").toString()).contains("manager", "hr");
    assertThat(staff.get("users").toString()).contains("cat").doesNotContain("ghost");
    assertThat(manager.get("users").toString()).contains("ann@lab", "eve");
  }

  @Test
  void testAdminImportHoldsEveryPolicy() throws Exception {
    Translation translation = translateLab(IDENTITIES_AS_GROUPS, RangerServiceType.HIVE);
    JsonNode servicePolicies = JSON.readTree(translation.artifact("dev_hive.json"));
    JsonNode export = JSON.readTree(translation.artifact(RangerPolicyTranslator.ADMIN_IMPORT_FILE));
    assertThat(export.get("metaDataInfo").get("Exported by").asText()).isEqualTo("passport");
    assertThat(export.get("policies"))
        .hasSize(
            servicePolicies.get("policies").size()
                + servicePolicies.get("tagPolicies").get("policies").size());
    assertThat(servicePolicies.get("policies").get(0).get("resources").has("database")).isTrue();
  }

  @Test
  void testSourceWithoutGrantsDeniesOnBothSidesWithoutLoss() throws Exception {
    // No grants recorded: the evaluator allows only superusers and table owners, and so does
    // Ranger with only the owner's policy, so nothing is lost and nothing is reported.
    dev.passport.model.PolicySet set = withoutGrants();
    EquivalenceMatrix.Result result =
        EquivalenceMatrix.run(
            set, IdentityMap.standard(), EquivalenceMatrix.options(RangerServiceType.TRINO));
    result.disagreements().forEach(System.out::println);
    assertThat(result.disagreements()).isEmpty();
    assertThat(result.translation().losses()).isEmpty();
    JsonNode access = policy(policies(result.translation()), "access to shop.public.accounts");
    assertThat(access.get("policyItems")).hasSize(1);
    assertThat(access.get("policyItems").get(0).get("users").toString()).isEqualTo("[\"root\"]");
    Decision alice =
        Evaluator.compile(set)
            .decide(
                PrincipalContext.user("alice"),
                Securable.table("shop", "public", "accounts"),
                Action.SELECT);
    assertThat(alice.allowed()).isFalse();
  }

  static Stream<Arguments> builtInMasks() {
    return Stream.of(
        Arguments.of(new Transform.Nullify(), RangerServiceType.TRINO, "MASK_NULL"),
        Arguments.of(new Transform.Identity(), RangerServiceType.HIVE, "MASK_NONE"),
        Arguments.of(
            new Transform.Partial(0, 4, "X", FillMode.EACH_CHARACTER),
            RangerServiceType.TRINO,
            "MASK_SHOW_LAST_4"),
        Arguments.of(
            new Transform.Partial(4, 0, "X", FillMode.EACH_CHARACTER),
            RangerServiceType.TRINO,
            "MASK_SHOW_FIRST_4"),
        Arguments.of(
            new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER),
            RangerServiceType.TRINO,
            "CUSTOM"),
        Arguments.of(
            new Transform.Partial(0, 4, "X", FillMode.EACH_CHARACTER),
            RangerServiceType.HIVE,
            "CUSTOM"),
        Arguments.of(new Transform.MaskCharacters(), RangerServiceType.TRINO, "MASK"),
        Arguments.of(new Transform.MaskCharacters(), RangerServiceType.HIVE, "CUSTOM"),
        Arguments.of(
            new Transform.DateTruncate(dev.passport.model.DateUnit.YEAR),
            RangerServiceType.TRINO,
            "MASK_DATE_SHOW_YEAR"),
        Arguments.of(
            new Transform.Hash(
                dev.passport.model.HashAlgorithm.SHA256, dev.passport.model.SaltScope.NONE),
            RangerServiceType.TRINO,
            "CUSTOM"));
  }

  @ParameterizedTest
  @MethodSource("builtInMasks")
  void testBuiltInMaskOnlyWhenExactlyEqual(
      Transform transform, RangerServiceType service, String expected) {
    RangerMasks.Mask mask =
        RangerMasks.mask(List.of(), transform, service, LabPolicySet.origin("mask"), loss -> {});
    assertThat(mask.type()).isEqualTo(expected);
    assertThat(mask.valueExpr().isPresent()).isEqualTo(expected.equals("CUSTOM"));
    mask.valueExpr().ifPresent(value -> assertThat(value).contains("{col}"));
  }

  private static dev.passport.model.PolicySet withoutGrants() {
    dev.passport.model.PolicySet tiny = dev.passport.fixtures.SamplePolicySets.tiny();
    return new dev.passport.model.PolicySet(
        tiny.source(),
        tiny.principals(),
        tiny.tables(),
        List.of(),
        tiny.definitions(),
        tiny.rowFilters(),
        tiny.columnMasks(),
        tiny.tags(),
        tiny.views(),
        tiny.losses());
  }

  private static Translation translateLab(String identities, RangerServiceType service) {
    return RangerPolicyTranslator.translate(
        LabPolicySet.create(),
        IdentityMap.parse(identities, "identities.json"),
        EquivalenceMatrix.options(service));
  }

  private static JsonNode policies(Translation translation) throws Exception {
    return JSON.readTree(translation.artifact("dev_trino.json")).get("policies");
  }

  private static JsonNode policy(JsonNode policies, String name) {
    for (JsonNode policy : policies) {
      if (policy.get("name").asText().equals(name)) {
        return policy;
      }
    }
    throw new AssertionError("No policy " + name + " in " + policies);
  }

  private static String filterFor(JsonNode items, String user) {
    for (JsonNode item : items) {
      if (item.has("users") && item.get("users").toString().contains("\"" + user + "\"")) {
        return item.get("rowFilterInfo").get("filterExpr").asText();
      }
    }
    return null;
  }
}
