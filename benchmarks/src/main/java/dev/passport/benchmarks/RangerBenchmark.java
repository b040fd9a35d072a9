package dev.passport.benchmarks;

import dev.passport.model.PolicySet;
import dev.passport.model.evaluation.Evaluator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Apache Ranger's engine on the same synthetic catalogs and request pool as {@link
 * EvaluatorBenchmark}: the policies are what {@code RangerPolicyTranslator} writes for the set, and
 * every call builds a fresh Ranger request, as an engine's plugin does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RangerBenchmark {
  @Param({"1000", "10000"})
  public int policies;

  /**
   * Tables translated at a time, 0 for the whole set at once: {@code -p slice=100} for a translator
   * too slow for the whole set (see {@link RangerEngine#load(int, int)}).
   */
  @Param({"0"})
  public int slice;

  private RangerEngine ranger;
  private RangerEngine.Request[] pool;
  private int next;

  @Setup(Level.Trial)
  public void load() {
    PolicySet set = SyntheticCatalogs.policySet(policies);
    // The evaluator only supplies each user's groups (its roles in effect), as a group provider
    // would; it takes no part in the measurement.
    Evaluator evaluator = Evaluator.compile(set);
    ranger = slice == 0 ? RangerEngine.load(policies) : RangerEngine.load(policies, slice);
    List<SyntheticCatalogs.Request> requests =
        SyntheticCatalogs.requests(policies, EvaluatorBenchmark.POOL_SIZE, EvaluatorBenchmark.SEED);
    pool = new RangerEngine.Request[requests.size()];
    int disagreements = 0;
    for (int index = 0; index < pool.length; index++) {
      SyntheticCatalogs.Request request = requests.get(index);
      pool[index] =
          RangerEngine.Request.of(
              evaluator, request.principal(), request.table(), request.action());
      if (ranger.isAccessAllowed(pool[index]).getIsAllowed() != request.expectedAllowed()) {
        disagreements++;
      }
    }
    if (disagreements > 0) {
      throw new IllegalStateException(
          disagreements + " pooled requests were not decided by Ranger as the grants say");
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    ranger.close();
  }

  private RangerEngine.Request nextRequest() {
    RangerEngine.Request request = pool[next];
    next = (next + 1) & (EvaluatorBenchmark.POOL_SIZE - 1);
    return request;
  }

  @Benchmark
  public RangerAccessResult isAccessAllowed() {
    return ranger.isAccessAllowed(nextRequest());
  }

  @Benchmark
  public RangerAccessResult evalRowFilterPolicies() {
    return ranger.evalRowFilterPolicies(nextRequest());
  }

  @Benchmark
  public RangerAccessResult evalDataMaskPolicies() {
    return ranger.evalDataMaskPolicies(nextRequest(), SyntheticCatalogs.MASKED_COLUMN);
  }
}
