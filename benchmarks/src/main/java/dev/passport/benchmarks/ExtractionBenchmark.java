package dev.passport.benchmarks;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.postgresql.PostgresqlDdlReader;
import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.model.Loss;
import dev.passport.model.SystemKind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 3 acceptance: extraction throughput for a 10,000-statement PostgreSQL script, as a ratio to
 * JSqlParser parsing the script's USING and WITH CHECK expressions alone. One operation is the
 * whole script (or all of its expressions), so statements per second is {@code statements} divided
 * by the score in seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ExtractionBenchmark {
  /** The issue asks for 10,000; the test uses a small script to stay fast. */
  @Param("10000")
  int statements;

  SyntheticDdlScript script;
  private PostgresqlDdlReader reader;
  private BoundedSqlParser boundedParser;
  private SqlLocation location;

  @Setup
  public void setUp() {
    script = SyntheticDdlScript.generate(statements);
    reader = new PostgresqlDdlReader(SystemKind.POSTGRESQL, ExtractionOptions.defaults());
    boundedParser = BoundedSqlParser.of(SqlDialect.of(SystemKind.POSTGRESQL));
    location = SqlLocation.start(SystemKind.POSTGRESQL, "bench.sql");
    // Refuse to measure a reader that skips statements or gives up on expressions: then the
    // figure would be for less work than the script asks for.
    DdlReadResult result = extract();
    if (!result.skipped().isEmpty()) {
      throw new IllegalStateException("statements were skipped: " + result.skipped().get(0));
    }
    List<Loss> losses = result.policySet().losses();
    if (!losses.isEmpty()) {
      throw new IllegalStateException(losses.size() + " losses, first: " + losses.get(0));
    }
    // An expression the converter does not understand becomes an Opaque with a Loss, so no
    // losses also means every predicate was converted.
  }

  /** The whole reader: split, parse every statement, convert every expression, build the set. */
  @Benchmark
  public DdlReadResult extract() {
    return reader.readScript(script.script(), "bench.sql");
  }

  /**
   * The baseline: JSqlParser 5.4 parsing each expression text alone, on the calling thread, with
   * the same entry point the reader uses ({@code newParser(text).Expression()}), nothing else.
   */
  @Benchmark
  public void jsqlparserExpressionsAlone(Blackhole blackhole) throws ParseException {
    for (String expression : script.expressions()) {
      blackhole.consume(CCJSqlParserUtil.newParser(expression).Expression());
    }
  }

  /**
   * For reading the gap between the two: the same expressions through the reader's bounded parser
   * (pre-scan, then a hand-off to the parser pool with a time limit).
   */
  @Benchmark
  public void boundedParserExpressionsAlone(Blackhole blackhole) {
    for (String expression : script.expressions()) {
      Expression parsed = boundedParser.parseExpression(expression, location);
      blackhole.consume(parsed);
    }
  }
}
