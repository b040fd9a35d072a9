package dev.passport.translate.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 10,000-table source translates (it took longer than ten minutes while every rule was compared
 * with every table and class) and says what the source says. Speed itself is measured by the
 * benchmarks' RangerTranslationBenchmark, not asserted here.
 */
class TestRangerLargePolicySet {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TABLES = 10_000;

  @Test
  void testTenThousandTablesTranslate() throws Exception {
    Translation translation =
        RangerPolicyTranslator.translate(
            SyntheticPolicySet.create(TABLES),
            IdentityMap.standard(),
            RangerOptions.trino("dev_trino"));
    assertThat(translation.losses()).isEmpty();
    JsonNode policies = JSON.readTree(translation.artifact("dev_trino.json")).get("policies");
    Map<Integer, Integer> byType = new LinkedHashMap<>();
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode policy : policies) {
      byType.merge(policy.get("policyType").asInt(), 1, Integer::sum);
      byName.put(policy.get("name").asText(), policy);
    }
    // One access policy per table, a row filter on every 2nd, an e-mail mask on every 3rd.
    assertThat(byType)
        .containsEntry(RangerJson.ACCESS, TABLES)
        .containsEntry(RangerJson.ROW_FILTER, TABLES / 2)
        .containsEntry(RangerJson.DATA_MASK, (TABLES + 2) / 3);
    assertThat(policies).hasSize(TABLES + TABLES / 2 + (TABLES + 2) / 3);
    assertThat(byName).containsKey("access to cat9.s99.t9999");

    JsonNode access = byName.get("access to cat2.s2.t2").get("policyItems");
    assertThat(access).hasSize(1);
    assertThat(names(access.get(0), "users")).containsExactly("u2", "u202", "u402", "u602", "u802");
    assertThat(names(access.get(0), "groups")).containsExactly("g2");

    // Filter of role r2: its holders see their own rows and region r2; the rest see every row.
    JsonNode filterItems = byName.get("row filter on cat2.s2.t2").get("rowFilterPolicyItems");
    assertThat(filterFor(filterItems, "users", "u2")).isEqualTo("owner = 'u2' OR region = 'r2'");
    assertThat(filterFor(filterItems, "users", "u1")).isNull();
    assertThat(filterFor(filterItems, "groups", "r2"))
        .isEqualTo("owner = current_user OR region = 'r2'");
    JsonNode lastFilter = filterItems.get(filterItems.size() - 1);
    assertThat(names(lastFilter, "groups")).contains("public", "r0", "g0");
    assertThat(lastFilter.get("rowFilterInfo").get("filterExpr").asText()).isEmpty();
    assertThat(byName).doesNotContainKey("row filter on cat1.s1.t1");

    // Mask of table 3: holders of r0 (every role) see the last four characters, the rest a hash.
    JsonNode maskItems = byName.get("mask on cat3.s3.t3.email").get("dataMaskPolicyItems");
    assertThat(maskItems).hasSize(2);
    assertThat(names(maskItems.get(0), "groups")).hasSize(SyntheticPolicySet.ROLES).contains("r0");
    assertThat(maskItems.get(0).get("dataMaskInfo").get("dataMaskType").asText())
        .isEqualTo("CUSTOM");
    assertThat(maskItems.get(0).get("dataMaskInfo").get("valueExpr").asText())
        .contains("rpad('', length(CAST({col} AS varchar)) - 4, '*')");
    assertThat(names(maskItems.get(1), "groups")).contains("public", "g199");
    assertThat(maskItems.get(1).get("dataMaskInfo").get("valueExpr").asText())
        .isEqualTo("lower(to_hex(sha256(to_utf8(CAST({col} AS varchar)))))");
    assertThat(byName).doesNotContainKey("mask on cat4.s4.t4.email");
  }

  private static List<String> names(JsonNode item, String field) {
    List<String> names = new ArrayList<>();
    if (item.has(field)) {
      item.get(field).forEach(name -> names.add(name.asText()));
    }
    return names;
  }

  /** The filter of the first item naming the principal, or null when none does. */
  private static String filterFor(JsonNode items, String field, String name) {
    for (JsonNode item : items) {
      if (names(item, field).contains(name)) {
        return item.get("rowFilterInfo").get("filterExpr").asText();
      }
    }
    return null;
  }
}
