package dev.passport.translate.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.LossDirection;
import dev.passport.translate.Translation;
import dev.passport.translate.iceberg.GoldenFiles;
import dev.passport.translate.identity.IdentityMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestSecureViewTranslator {
  static List<String> samples() {
    return SamplePolicySets.NAMES;
  }

  @ParameterizedTest
  @MethodSource("samples")
  void testSampleMatchesGoldenFile(String name) throws Exception {
    GoldenFiles.assertMatches(
        SecureViewTranslator.translate(
            SamplePolicySets.byName(name), IdentityMap.standard(), SecureViewOptions.defaults()),
        "views/" + name + ".txt");
  }

  @Test
  void testRestrictedViewsAreReportedAsBypassable() {
    Translation translation =
        SecureViewTranslator.translate(
            SamplePolicySets.tiny(), IdentityMap.standard(), SecureViewOptions.defaults());
    assertThat(translation.artifact(SecureViewTranslator.TRINO_FILE))
        .contains("CREATE OR REPLACE VIEW shop.public.accounts_role_reader SECURITY DEFINER")
        .contains("WHERE owner = current_user");
    assertThat(translation.artifact(SecureViewTranslator.SPARK_FILE))
        .contains("WHERE owner = current_user()");
    assertThat(translation.losses())
        .filteredOn(loss -> loss.direction() == LossDirection.LOOSER)
        .extracting(loss -> loss.reason().substring(0, loss.reason().indexOf(" filters")))
        .containsExactly(
            "The view of shop.public.accounts for user alice",
            "The view of shop.public.accounts for holders of role reader");
  }

  @Test
  void testSparkMasksMirrorTheEvaluator() {
    Translation translation =
        SecureViewTranslator.translate(
            SamplePolicySets.redshiftSales(), IdentityMap.standard(), SecureViewOptions.defaults());
    String spark = translation.artifact(SecureViewTranslator.SPARK_FILE);
    assertThat(spark)
        .contains("trunc(birth_date, 'YEAR') AS birth_date")
        .contains("CAST(NULL AS STRING) AS ssn")
        .contains("lower(sha2(customer_email, 256))");
  }
}
