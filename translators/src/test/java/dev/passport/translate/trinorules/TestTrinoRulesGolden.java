package dev.passport.translate.trinorules;

import dev.passport.fixtures.SamplePolicySets;
import dev.passport.translate.iceberg.GoldenFiles;
import dev.passport.translate.identity.IdentityMap;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestTrinoRulesGolden {
  static List<String> samples() {
    return SamplePolicySets.NAMES;
  }

  @ParameterizedTest
  @MethodSource("samples")
  void testSampleMatchesGoldenFile(String name) throws Exception {
    GoldenFiles.assertMatches(
        TrinoRulesTranslator.translate(
            SamplePolicySets.byName(name),
            IdentityMap.standard(),
            TrinoRulesOptions.defaults().withPolicyUser("policy_svc")),
        "trino-rules/" + name + ".txt");
  }
}
