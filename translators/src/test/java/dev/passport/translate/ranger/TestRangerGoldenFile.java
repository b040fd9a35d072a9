package dev.passport.translate.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.fixtures.SamplePolicySets;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The ServicePolicies of the tiny sample, byte for byte. Regenerate by writing the artifact over
 * the resource after checking the difference by eye.
 */
class TestRangerGoldenFile {
  @Test
  void testTinyServicePoliciesMatchGoldenFile() throws Exception {
    Translation translation =
        RangerPolicyTranslator.translate(
            SamplePolicySets.tiny(), IdentityMap.standard(), RangerOptions.trino("dev_trino"));
    String golden;
    try (InputStream in = getClass().getResourceAsStream("tiny-dev_trino.json")) {
      assertThat(in).as("golden file").isNotNull();
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(translation.artifact("dev_trino.json")).isEqualTo(golden);
    assertThat(translation.losses()).isEmpty();
  }

  @Test
  void testTranslationIsDeterministic() {
    Translation first =
        RangerPolicyTranslator.translate(
            SamplePolicySets.redshiftSales(),
            IdentityMap.standard(),
            RangerOptions.hive("dev_hive"));
    Translation second =
        RangerPolicyTranslator.translate(
            SamplePolicySets.redshiftSales(),
            IdentityMap.standard(),
            RangerOptions.hive("dev_hive"));
    assertThat(first).isEqualTo(second);
  }
}
