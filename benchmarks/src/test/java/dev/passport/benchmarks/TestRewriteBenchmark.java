package dev.passport.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The rewrite benchmark measures a real rewrite: a benchmark whose set lost its grants would time a
 * refusal instead (a set without grants denies everyone), and setUp() must say so.
 */
class TestRewriteBenchmark {
  @Test
  void testSetupRewritesTheStatementAndTheBaselineParses() throws Exception {
    RewriteBenchmark benchmark = new RewriteBenchmark();

    benchmark.setUp();

    assertThat(benchmark.rewrite())
        .contains("WHERE tenant = 'acme'")
        .contains("'*****'")
        .startsWith("WITH");
    // The three baselines parse and print the same statement, only bounded differently.
    String printed = benchmark.jsqlparserParseAndPrint();
    assertThat(printed).startsWith("WITH recent AS").contains("LIMIT 100");
    assertThat(benchmark.jsqlparserBoundedParseAndPrint()).isEqualTo(printed);
    assertThat(benchmark.passportBoundedParseAndPrint()).isEqualTo(printed);
    benchmark.tearDown();
  }
}
