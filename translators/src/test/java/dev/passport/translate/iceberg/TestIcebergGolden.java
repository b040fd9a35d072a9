package dev.passport.translate.iceberg;

import dev.passport.fixtures.SamplePolicySets;
import dev.passport.translate.identity.IdentityMap;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestIcebergGolden {
  static List<String> samples() {
    return SamplePolicySets.NAMES;
  }

  @ParameterizedTest
  @MethodSource("samples")
  void testSampleMatchesGoldenFile(String name) throws Exception {
    GoldenFiles.assertMatches(
        IcebergReadRestrictions.translate(
            SamplePolicySets.byName(name),
            IdentityMap.standard(),
            IcebergReadRestrictionsOptions.defaults()),
        "iceberg-read-restrictions/" + name + ".txt");
  }
}
