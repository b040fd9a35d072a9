package dev.passport.benchmarks;

import dev.passport.model.PolicySet;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one {@link Evaluator#decide} call on a compiled synthetic catalog, cycling through a
 * fixed pool of requests of which three in four are allowed: the counterpart of Ranger's {@code
 * isAccessAllowed} benchmark (shared/reference/ranger.md, "Performance anchor").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class EvaluatorBenchmark {
  /** A power of two, so the next request is found with a mask instead of a division. */
  static final int POOL_SIZE = 4096;

  private static final long SEED = 20261123L;

  @Param({"100", "1000", "10000"})
  public int policies;

  private Evaluator evaluator;
  private SyntheticCatalogs.Request[] pool;
  private int next;

  @Setup(Level.Trial)
  public void compile() {
    PolicySet set = SyntheticCatalogs.policySet(policies);
    evaluator = Evaluator.compile(set);
    List<SyntheticCatalogs.Request> requests =
        SyntheticCatalogs.requests(policies, POOL_SIZE, SEED);
    pool = requests.toArray(new SyntheticCatalogs.Request[0]);
    checkPool();
  }

  /**
   * Refuses to measure when the evaluator disagrees with how the pool was built: a benchmark of an
   * evaluator that denies everything would be fast and meaningless.
   */
  private void checkPool() {
    int disagreements = 0;
    String example = "";
    for (SyntheticCatalogs.Request request : pool) {
      Decision decision = evaluator.decide(request.principal(), request.table(), request.action());
      if (decision.allowed() != request.expectedAllowed()) {
        disagreements++;
        example = request + " -> " + decision.reasons();
      }
    }
    if (disagreements > 0) {
      throw new IllegalStateException(
          disagreements
              + " of "
              + pool.length
              + " requests were not decided as the synthetic grants say, e.g. "
              + example);
    }
  }

  @Benchmark
  public Decision decide() {
    SyntheticCatalogs.Request request = pool[next];
    next = (next + 1) & (POOL_SIZE - 1);
    return evaluator.decide(request.principal(), request.table(), request.action());
  }
}
