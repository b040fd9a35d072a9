package dev.passport.engine.trino;

import io.trino.Session;
import io.trino.plugin.memory.MemoryPlugin;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.TestingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Trino server in this JVM (coordinator and worker in one node, behind its HTTP client
 * protocol), with two catalogs of the memory connector: {@code memory} holds the raw data the
 * rewritten SQL reads, {@code oracle} the rows as the JVM masked them, under the same schema and
 * table names so the original statement can run on them unchanged.
 */
final class RunningTrino implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  static final String VERSION = "435";

  private final DistributedQueryRunner runner;
  private final long startMillis;

  private RunningTrino(DistributedQueryRunner runner, long startMillis) {
    this.runner = runner;
    this.startMillis = startMillis;
  }

  static RunningTrino start() {
    long start = System.nanoTime();
    Session session =
        TestingSession.testSessionBuilder().setCatalog("memory").setSchema("default").build();
    try {
      DistributedQueryRunner runner =
          DistributedQueryRunner.builder(session).setNodeCount(1).build();
      runner.installPlugin(new MemoryPlugin());
      runner.createCatalog("memory", "memory", Map.of());
      runner.createCatalog("oracle", "memory", Map.of());
      return new RunningTrino(runner, (System.nanoTime() - start) / 1_000_000);
    } catch (Exception exception) {
      throw new IllegalStateException("Trino did not start", exception);
    }
  }

  /** How long the server took to start, for the report. */
  long startMillis() {
    return startMillis;
  }

  /** The statement run in the {@code memory} catalog (the raw data). */
  Result execute(String sql) {
    return execute("memory", sql);
  }

  /** The statement run with {@code catalog} as the session's catalog. */
  Result execute(String catalog, String sql) {
    Session session = Session.builder(runner.getDefaultSession()).setCatalog(catalog).build();
    MaterializedResult result = runner.execute(session, sql);
    List<List<Object>> rows = new ArrayList<>();
    for (MaterializedRow row : result.getMaterializedRows()) {
      rows.add(new ArrayList<>(row.getFields()));
    }
    List<String> types = new ArrayList<>();
    result.getTypes().forEach(type -> types.add(type.getDisplayName()));
    // Statements without a result (DDL) have no column names.
    List<String> columns =
        result.getUpdateType().isPresent() && types.isEmpty()
            ? List.of()
            : List.copyOf(result.getColumnNames());
    return new Result(columns, List.copyOf(types), rows);
  }

  @Override
  public void close() {
    runner.close();
  }

  /** Column names, Trino type names and rows (values as Trino's client gives them). */
  record Result(List<String> columns, List<String> types, List<List<Object>> rows) {}
}
