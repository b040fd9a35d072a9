package dev.passport.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.DdlReadResult;
import dev.passport.model.RowFilter;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

class TestExtractionBenchmark {
  @Test
  void testScriptIsDeterministicAndMostlyPolicies() {
    SyntheticDdlScript first = SyntheticDdlScript.generate(10_000);
    SyntheticDdlScript second = SyntheticDdlScript.generate(10_000);

    assertThat(first).isEqualTo(second);
    assertThat(first.statementCount()).isEqualTo(10_000);
    assertThat(first.script().chars().filter(character -> character == ';')).hasSize(10_000);
    assertThat(first.policyCount()).isGreaterThan(9_000);
    // SELECT policies have USING, INSERT WITH CHECK, UPDATE both, ALL USING: 5 texts per 4.
    assertThat(first.expressions()).hasSizeBetween(first.policyCount(), 2 * first.policyCount());
    assertThat(first.expressions())
        .anyMatch(text -> text.startsWith("EXISTS (SELECT 1 FROM app.memberships"))
        .anyMatch(text -> text.startsWith("CASE WHEN"))
        .anyMatch(text -> text.contains("current_setting('app.tenant_id', true)"))
        .anyMatch(text -> text.startsWith("region IN ("));
  }

  @Test
  void testSetupExtractsEveryPolicyWithoutLossAndBaselinesParse() throws Exception {
    ExtractionBenchmark benchmark = new ExtractionBenchmark();
    // Small enough to stay fast; still every policy shape, and a policy on each of the 200 tables.
    benchmark.statements = 1_200;

    // setUp() refuses to run when statements are skipped or expressions are lost.
    benchmark.setUp();
    DdlReadResult result = benchmark.extract();

    assertThat(result.skipped()).isEmpty();
    assertThat(result.policySet().losses()).isEmpty();
    assertThat(result.policySet().rowFilters()).hasSize(benchmark.script.policyCount());
    assertThat(result.policySet().rowFilters().stream().map(RowFilter::table).distinct())
        .hasSize(SyntheticDdlScript.TABLES);
    Blackhole blackhole =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    benchmark.jsqlparserExpressionsAlone(blackhole);
    benchmark.boundedParserExpressionsAlone(blackhole);
    blackhole.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
  }
}
