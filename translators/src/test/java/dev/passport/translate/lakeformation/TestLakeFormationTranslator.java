package dev.passport.translate.lakeformation;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.function;
import static dev.passport.model.Expressions.in;
import static dev.passport.model.Expressions.isNull;
import static dev.passport.model.Expressions.like;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.not;
import static dev.passport.model.Expressions.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.Expr;
import dev.passport.model.LossDirection;
import dev.passport.model.PassportException;
import dev.passport.translate.Translation;
import dev.passport.translate.iceberg.GoldenFiles;
import dev.passport.translate.identity.IdentityMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestLakeFormationTranslator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LakeFormationOptions OPTIONS =
      LakeFormationOptions.forAccount("123456789012");

  static List<String> samples() {
    return SamplePolicySets.NAMES;
  }

  @ParameterizedTest
  @MethodSource("samples")
  void testSampleMatchesGoldenFile(String name) throws Exception {
    GoldenFiles.assertMatches(
        LakeFormationTranslator.translate(
            SamplePolicySets.byName(name), IdentityMap.standard(), OPTIONS),
        "lakeformation/" + name + ".txt");
  }

  @Test
  void testPartiqlSubset() {
    assertThat(
            PartiqlFilters.print(
                or(
                    in(column("region"), literal("WEST"), literal("O'Hare")),
                    not(isNull(column("Rep"))),
                    like(column("rep"), literal("a%")))))
        .isEqualTo("region IN ('WEST', 'O''Hare') OR \"Rep\" IS NOT NULL OR rep LIKE 'a%'");
    assertThatThrownBy(() -> PartiqlFilters.print(equal(column("a"), column("b"))))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("two columns");
    assertThatThrownBy(
            () -> PartiqlFilters.print(equal(function("upper", column("a")), literal("X"))))
        .hasMessageContaining("function call");
    List<Expr> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(literal("value-" + i));
    }
    assertThatThrownBy(() -> PartiqlFilters.print(in(column("a"), many)))
        .hasMessageContaining("2048");
  }

  @Test
  void testMasksBecomeExclusionsAndFiltersStayPerPrincipal() throws Exception {
    Translation translation =
        LakeFormationTranslator.translate(
            SamplePolicySets.redshiftSales(), IdentityMap.standard(), OPTIONS);
    JsonNode filters = JSON.readTree(translation.artifact(LakeFormationTranslator.FILTERS_FILE));
    JsonNode alice = find(filters, "customers_user-alice");
    assertThat(alice.at("/TableData/RowFilter/FilterExpression").asText())
        .isEqualTo("region IN ('WEST', 'NORTH')");
    assertThat(alice.at("/TableData/ColumnWildcard/ExcludedColumnNames").toString())
        .isEqualTo("[\"ssn\",\"birth_date\"]");
    assertThat(translation.losses())
        .anyMatch(
            loss ->
                loss.direction() == LossDirection.STRICTER
                    && loss.reason().startsWith("Lake Formation cannot mask: column birth_date"));
    JsonNode grants = JSON.readTree(translation.artifact(LakeFormationTranslator.GRANTS_FILE));
    boolean granted = false;
    for (JsonNode grant : grants) {
      if (grant.at("/Resource/DataCellsFilter/Name").asText().equals("customers_user-alice")) {
        assertThat(grant.at("/Principal/DataLakePrincipalIdentifier").asText())
            .isEqualTo("arn:aws:iam::123456789012:user/alice");
        assertThat(grant.get("Permissions").toString()).isEqualTo("[\"SELECT\"]");
        granted = true;
      }
    }
    assertThat(granted).isTrue();
  }

  @Test
  void testCurrentUserFilterOfUnnamedClassIsDenied() throws Exception {
    Translation translation =
        LakeFormationTranslator.translate(SamplePolicySets.tiny(), IdentityMap.standard(), OPTIONS);
    JsonNode filters = JSON.readTree(translation.artifact(LakeFormationTranslator.FILTERS_FILE));
    assertThat(find(filters, "accounts_role-reader")).isNull();
    assertThat(
            find(filters, "accounts_user-alice")
                .at("/TableData/RowFilter/FilterExpression")
                .asText())
        .isEqualTo("owner = 'alice'");
    assertThat(translation.losses())
        .anyMatch(
            loss ->
                loss.reason().contains("holders of role reader")
                    && loss.reason().contains("current user")
                    && loss.direction() == LossDirection.STRICTER);
  }

  @Test
  void testTagsAreCreatedAndAssigned() throws Exception {
    Translation translation =
        LakeFormationTranslator.translate(
            SamplePolicySets.snowflakeCustomers(), IdentityMap.standard(), OPTIONS);
    JsonNode tags = JSON.readTree(translation.artifact(LakeFormationTranslator.TAGS_FILE));
    assertThat(tags.get(0).get("TagKey").asText()).isEqualTo("GOVERNANCE.TAGS.PII");
    assertThat(tags.get(0).get("TagValues").toString()).contains("\"email\"");
    JsonNode assignments =
        JSON.readTree(translation.artifact(LakeFormationTranslator.TAG_ASSIGNMENTS_FILE));
    assertThat(assignments.get(0).at("/Resource/TableWithColumns/ColumnNames").toString())
        .isEqualTo("[\"EMAIL\"]");
  }

  private static JsonNode find(JsonNode filters, String name) {
    for (JsonNode filter : filters) {
      if (filter.at("/TableData/Name").asText().equals(name)) {
        return filter;
      }
    }
    return null;
  }
}
