package dev.passport.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Expressions;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.Decision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestEvaluatorBenchmark {
  @Test
  void testSetupAgreesWithTheGrantsAndDecideCyclesThroughThePool() {
    EvaluatorBenchmark benchmark = new EvaluatorBenchmark();
    benchmark.policies = 100;

    // compile() refuses to set up when the evaluator disagrees with a request's expected answer.
    benchmark.compile();
    List<Decision> decisions = new ArrayList<>();
    for (int call = 0; call < EvaluatorBenchmark.POOL_SIZE + 1; call++) {
      decisions.add(benchmark.decide());
    }

    assertThat(decisions.stream().limit(EvaluatorBenchmark.POOL_SIZE).filter(Decision::allowed))
        .hasSize(EvaluatorBenchmark.POOL_SIZE * 3 / 4);
    assertThat(decisions.get(EvaluatorBenchmark.POOL_SIZE).table())
        .isEqualTo(decisions.get(0).table());
    // The filters and masks are reached, not just the grants.
    assertThat(decisions)
        .filteredOn(Decision::allowed)
        .anyMatch(decision -> !Expressions.isTrue(decision.rowFilter()));
    // The mask's rule names the parent of the caller's role, so this needs the hierarchy.
    assertThat(decisions)
        .filteredOn(Decision::allowed)
        .anyMatch(
            decision ->
                decision.columns().get("email").unconditional().orElseThrow().kind()
                    == TransformKind.PARTIAL);
  }
}
