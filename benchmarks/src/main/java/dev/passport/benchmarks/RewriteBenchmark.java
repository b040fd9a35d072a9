package dev.passport.benchmarks;

import dev.passport.enforce.rewrite.RewriteOptions;
import dev.passport.enforce.rewrite.SqlRewriter;
import dev.passport.enforce.rewrite.TableSchemas;
import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.sql.SqlDialect;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 7 item 5: rewriting a 20-line SELECT (CTE, two joins, CASE, window function, GROUP BY,
 * HAVING, ORDER BY, LIMIT; two of its three tables protected) against JSqlParser parsing and
 * printing the same statement. The goal is a ratio of at most 1.5.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RewriteBenchmark {
  static final String STATEMENT =
      """
      WITH recent AS (
        SELECT o.customer_id, o.amount, o.ordered_at
        FROM sales.orders o
        WHERE o.ordered_at >= DATE '2024-01-01'
      )
      SELECT c.id,
             c.name,
             c.email,
             CASE WHEN sum(r.amount) > 1000 THEN 'gold'
                  WHEN sum(r.amount) > 100 THEN 'silver'
                  ELSE 'bronze' END AS tier,
             row_number() OVER (PARTITION BY c.region ORDER BY sum(r.amount) DESC) AS rank_in_region,
             g.label
      FROM sales.customers c
      JOIN recent r ON r.customer_id = c.id
      LEFT JOIN sales.regions g ON g.code = c.region
      WHERE c.active = TRUE
      GROUP BY c.id, c.name, c.email, c.region, g.label
      HAVING count(*) > 2
      ORDER BY rank_in_region, c.id
      LIMIT 100
      """;

  private static final SqlLocation START = SqlLocation.start(SystemKind.POSTGRESQL);

  private final BoundedSqlParser parser =
      BoundedSqlParser.of(dev.passport.extract.sql.SqlDialect.POSTGRESQL);
  private final ExecutorService sharedExecutor = Executors.newSingleThreadExecutor(Daemon::new);
  private SqlRewriter rewriter;
  private PrincipalContext audience;

  @Setup
  public void setUp() {
    Origin origin = Origin.of(SystemKind.POSTGRESQL);
    Securable customers = Securable.table("sales", "customers");
    Securable orders = Securable.table("sales", "orders");
    Securable regions = Securable.table("sales", "regions");
    PolicySet policySet =
        PolicySet.builder(Source.of(SystemKind.POSTGRESQL, "benchmark", ExtractionMethod.FILE))
            .addTable(
                new Table(
                    customers,
                    List.of(
                        new ColumnInfo("id", "integer", false),
                        new ColumnInfo("name", "text", true),
                        new ColumnInfo("email", "text", true),
                        new ColumnInfo("region", "text", true),
                        new ColumnInfo("active", "boolean", true)),
                    Optional.empty(),
                    RowSecurity.allAnd()))
            .addTable(
                new Table(
                    orders,
                    List.of(
                        new ColumnInfo("customer_id", "integer", false),
                        new ColumnInfo("amount", "numeric(12,2)", true),
                        new ColumnInfo("ordered_at", "date", true),
                        new ColumnInfo("tenant", "text", true)),
                    Optional.empty(),
                    RowSecurity.allAnd()))
            .addTable(
                new Table(
                    regions,
                    List.of(
                        new ColumnInfo("code", "text", false),
                        new ColumnInfo("label", "text", true)),
                    Optional.empty(),
                    RowSecurity.disabled()))
            // The audience must be granted the tables: a set without grants denies everyone.
            .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), customers, origin))
            .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), orders, origin))
            .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), regions, origin))
            .addRowFilter(
                RowFilter.of(
                    orders,
                    Expressions.equal(
                        Expressions.column("tenant"), Expressions.sessionAttribute("tenant")),
                    Subjects.everyone(),
                    origin))
            .addColumnMask(
                ColumnMask.of(customers.column("email"), List.of(), new Transform.Email(), origin))
            .addColumnMask(
                ColumnMask.of(
                    customers.column("name"),
                    List.of(),
                    new Transform.Partial(1, 0, "*", FillMode.EACH_CHARACTER),
                    origin))
            .build();
    rewriter = SqlRewriter.of(policySet, TableSchemas.empty(), RewriteOptions.defaults());
    audience = PrincipalContext.user("analyst").withAttribute("tenant", "acme");
    String rewritten = rewrite();
    if (!rewritten.contains("WHERE tenant = 'acme'") || !rewritten.contains("'*****'")) {
      throw new IllegalStateException("The statement was not rewritten: " + rewritten);
    }
  }

  @TearDown
  public void tearDown() {
    sharedExecutor.shutdownNow();
  }

  @Benchmark
  public String rewrite() {
    return rewriter.rewrite(STATEMENT, SqlDialect.POSTGRESQL, audience);
  }

  /** JSqlParser's grammar alone, on the caller's thread, with no time bound. */
  @Benchmark
  public String jsqlparserParseAndPrint() throws Exception {
    return CCJSqlParserUtil.newParser(STATEMENT).Statement().toString();
  }

  /**
   * JSqlParser's parse with its own time bound, as JSqlParser's documentation has it: {@code
   * CCJSqlParserUtil.parse} on one shared executor, which runs the parse on the executor's thread
   * and sets the parser's {@code interrupted} flag at the timeout. The rewriter's parse is bounded
   * the same way, as the issue asks.
   */
  @Benchmark
  public String jsqlparserBoundedParseAndPrint() throws Exception {
    return CCJSqlParserUtil.parse(STATEMENT, sharedExecutor, parser -> {}).toString();
  }

  /** The rewriter's parser (pre-scan, pool thread, time bound) and printing, with no rewriting. */
  @Benchmark
  public String passportBoundedParseAndPrint() {
    return parser.call(START, thread -> thread.parseStatement(STATEMENT, START).toString());
  }

  /** A daemon thread, so a fork that skips the tear-down still exits. */
  private static final class Daemon extends Thread {
    Daemon(Runnable task) {
      super(task, "jsqlparser-shared-executor");
      setDaemon(true);
    }
  }
}
