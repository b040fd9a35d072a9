package dev.passport.benchmarks;

import dev.passport.model.Action;
import dev.passport.model.Expr;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
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
 * The evaluator on a compiled synthetic catalog, cycling through a fixed pool of requests of which
 * three in four are allowed. {@link #decide} is the full answer (access, reasons, residual row
 * filter, every column); {@link #isAllowed}, {@link #rowFilter} and {@link #column} are the
 * counterparts of Ranger's {@code isAccessAllowed}, {@code evalRowFilterPolicies} and {@code
 * evalDataMaskPolicies} in {@link RangerBenchmark}, on the same pool.
 *
 * <p>The evaluator memoises the fast paths' answers per resolved principal and table, and files
 * them by the identity of the context and table objects too; the setup's check asks every pooled
 * request once, so the measured calls are answered from those memos (4,096 distinct requests, not
 * one repeated). The {@code NewArguments} variants build the context and the table anew for each
 * call, so the evaluator finds its memo by value, as it must for an engine that does not keep its
 * objects.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class EvaluatorBenchmark {
  /** A power of two, so the next request is found with a mask instead of a division. */
  static final int POOL_SIZE = 4096;

  static final long SEED = 20261123L;

  @Param({"100", "1000", "10000"})
  public int policies;

  private Evaluator evaluator;
  private SyntheticCatalogs.Request[] pool;
  private Securable[] maskedColumns;
  private int next;

  @Setup(Level.Trial)
  public void compile() {
    PolicySet set = SyntheticCatalogs.policySet(policies);
    evaluator = Evaluator.compile(set);
    List<SyntheticCatalogs.Request> requests =
        SyntheticCatalogs.requests(policies, POOL_SIZE, SEED);
    pool = requests.toArray(new SyntheticCatalogs.Request[0]);
    maskedColumns = new Securable[pool.length];
    for (int index = 0; index < pool.length; index++) {
      maskedColumns[index] = pool[index].table().column(SyntheticCatalogs.MASKED_COLUMN);
    }
    checkPool();
  }

  /**
   * Refuses to measure when the evaluator disagrees with how the pool was built, or its fast paths
   * with its full decision: a benchmark of an evaluator that denies everything would be fast and
   * meaningless.
   */
  private void checkPool() {
    int disagreements = 0;
    String example = "";
    for (int index = 0; index < pool.length; index++) {
      SyntheticCatalogs.Request request = pool[index];
      Decision decision = evaluator.decide(request.principal(), request.table(), request.action());
      Decision select = evaluator.decide(request.principal(), request.table(), Action.SELECT);
      boolean agrees =
          decision.allowed() == request.expectedAllowed()
              && evaluator.isAllowed(request.principal(), request.table(), request.action())
                  == decision.allowed()
              && evaluator
                  .rowFilter(request.principal(), request.table(), Action.SELECT)
                  .equals(select.rowFilter())
              && evaluator
                  .column(request.principal(), maskedColumns[index], Action.SELECT)
                  .equals(select.columns().get(SyntheticCatalogs.MASKED_COLUMN));
      if (!agrees) {
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

  private int advance() {
    int current = next;
    next = (next + 1) & (POOL_SIZE - 1);
    return current;
  }

  /** The full decision, reasons left unrendered (as a caller that does not read them sees it). */
  @Benchmark
  public Decision decide() {
    SyntheticCatalogs.Request request = pool[advance()];
    return evaluator.decide(request.principal(), request.table(), request.action());
  }

  /** Counterpart of Ranger's {@code isAccessAllowed}. */
  @Benchmark
  public boolean isAllowed() {
    SyntheticCatalogs.Request request = pool[advance()];
    return evaluator.isAllowed(request.principal(), request.table(), request.action());
  }

  /** Counterpart of Ranger's {@code evalRowFilterPolicies} (always for SELECT, as Ranger's). */
  @Benchmark
  public Expr rowFilter() {
    SyntheticCatalogs.Request request = pool[advance()];
    return evaluator.rowFilter(request.principal(), request.table(), Action.SELECT);
  }

  /** Counterpart of Ranger's {@code evalDataMaskPolicies} on the column every 3rd table masks. */
  @Benchmark
  public ColumnDecision column() {
    int index = advance();
    return evaluator.column(pool[index].principal(), maskedColumns[index], Action.SELECT);
  }

  /**
   * {@link #isAllowed} with the context and the table built anew for the call, as Ranger's
   * benchmark builds its request: the evaluator cannot recognise the objects and finds its answers
   * by value. An engine that keeps a session's context is measured by {@link #isAllowed}.
   */
  @Benchmark
  public boolean isAllowedNewArguments() {
    SyntheticCatalogs.Request request = pool[advance()];
    return evaluator.isAllowed(copy(request.principal()), copy(request.table()), request.action());
  }

  /** {@link #rowFilter} with new arguments, as {@link #isAllowedNewArguments}. */
  @Benchmark
  public Expr rowFilterNewArguments() {
    SyntheticCatalogs.Request request = pool[advance()];
    return evaluator.rowFilter(copy(request.principal()), copy(request.table()), Action.SELECT);
  }

  /** {@link #column} with new arguments, as {@link #isAllowedNewArguments}. */
  @Benchmark
  public ColumnDecision columnNewArguments() {
    int index = advance();
    return evaluator.column(
        copy(pool[index].principal()), copy(maskedColumns[index]), Action.SELECT);
  }

  private static PrincipalContext copy(PrincipalContext context) {
    return new PrincipalContext(
        context.user(), context.roles(), context.groups(), context.attributes());
  }

  private static Securable copy(Securable securable) {
    return new Securable(
        securable.catalog(),
        securable.schema(),
        securable.table(),
        securable.column(),
        securable.spelling());
  }
}
