package dev.passport.benchmarks;

import dev.passport.model.PolicySet;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.ranger.RangerOptions;
import dev.passport.translate.ranger.RangerPolicyTranslator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code RangerPolicyTranslator} on the synthetic catalogs: one whole translation of a set of
 * {@code tables} tables (as many grants, a row filter on every 2nd table, a mask on every 3rd) into
 * the Ranger artifacts, JSON text included. A translation takes seconds, so each measured iteration
 * is one call (single-shot time) after warm-up calls; a cold call is what a CLI run pays.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class RangerTranslationBenchmark {
  @Param({"1000", "10000"})
  public int tables;

  private PolicySet set;

  @Setup(Level.Trial)
  public void build() {
    set = SyntheticCatalogs.policySet(tables);
  }

  @Benchmark
  public Translation translate() {
    return RangerPolicyTranslator.translate(
        set, IdentityMap.standard(), RangerOptions.trino("dev_trino"));
  }
}
