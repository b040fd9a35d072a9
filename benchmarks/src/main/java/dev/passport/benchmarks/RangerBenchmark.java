package dev.passport.benchmarks;

import dev.passport.model.PolicySet;
import dev.passport.model.evaluation.Evaluator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
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
 * EvaluatorBenchmark}: the policies are what {@code RangerPolicyTranslator} writes for the set.
 * {@link #isAccessAllowed}, {@link #evalRowFilterPolicies} and {@link #evalDataMaskPolicies} build
 * a fresh Ranger request (resource and request objects) per call, as an engine's plugin does, from
 * the pooled user string and group set: the counterparts of the evaluator's {@code NewArguments}
 * variants, which build a new context and table per call from the pooled strings and lists. The
 * {@code PrebuiltRequest} variants reuse a request built once per pooled request: the counterparts
 * of the evaluator's variants whose caller keeps its context and table.
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
  private RangerAccessRequestImpl[] accessRequests;
  private RangerAccessRequestImpl[] rowFilterRequests;
  private RangerAccessRequestImpl[] dataMaskRequests;
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
    prebuild();
  }

  /**
   * Builds the Ranger requests the {@code PrebuiltRequest} variants reuse, and refuses to measure
   * when a reused request is answered differently from a fresh one (Ranger writes into a request's
   * context as it evaluates it; asking twice checks that this does not change the answer).
   */
  private void prebuild() {
    accessRequests = new RangerAccessRequestImpl[pool.length];
    rowFilterRequests = new RangerAccessRequestImpl[pool.length];
    dataMaskRequests = new RangerAccessRequestImpl[pool.length];
    int disagreements = 0;
    for (int index = 0; index < pool.length; index++) {
      RangerEngine.Request request = pool[index];
      accessRequests[index] = RangerEngine.accessRequest(request);
      rowFilterRequests[index] = RangerEngine.rowFilterRequest(request);
      dataMaskRequests[index] =
          RangerEngine.dataMaskRequest(request, SyntheticCatalogs.MASKED_COLUMN);
      boolean allowed = ranger.isAccessAllowed(request).getIsAllowed();
      String filter = ranger.evalRowFilterPolicies(request).getFilterExpr();
      String mask =
          ranger.evalDataMaskPolicies(request, SyntheticCatalogs.MASKED_COLUMN).getMaskType();
      for (int round = 0; round < 2; round++) {
        if (ranger.isAccessAllowed(accessRequests[index]).getIsAllowed() != allowed
            || !Objects.equals(
                ranger.evalRowFilterPolicies(rowFilterRequests[index]).getFilterExpr(), filter)
            || !Objects.equals(
                ranger.evalDataMaskPolicies(dataMaskRequests[index]).getMaskType(), mask)) {
          disagreements++;
        }
      }
    }
    if (disagreements > 0) {
      throw new IllegalStateException(
          disagreements + " reused Ranger requests were answered unlike fresh ones");
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    ranger.close();
  }

  private RangerEngine.Request nextRequest() {
    return pool[advance()];
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

  private int advance() {
    int current = next;
    next = (next + 1) & (EvaluatorBenchmark.POOL_SIZE - 1);
    return current;
  }

  /**
   * {@link #isAccessAllowed} on a Ranger request built once and reused, the counterpart of the
   * evaluator's {@code isAllowed}, whose caller keeps its context and table.
   */
  @Benchmark
  public RangerAccessResult isAccessAllowedPrebuiltRequest() {
    return ranger.isAccessAllowed(accessRequests[advance()]);
  }

  /**
   * {@link #evalRowFilterPolicies} on a reused request, as {@link #isAccessAllowedPrebuiltRequest}.
   */
  @Benchmark
  public RangerAccessResult evalRowFilterPoliciesPrebuiltRequest() {
    return ranger.evalRowFilterPolicies(rowFilterRequests[advance()]);
  }

  /**
   * {@link #evalDataMaskPolicies} on a reused request, as {@link #isAccessAllowedPrebuiltRequest}.
   */
  @Benchmark
  public RangerAccessResult evalDataMaskPoliciesPrebuiltRequest() {
    return ranger.evalDataMaskPolicies(dataMaskRequests[advance()]);
  }
}
