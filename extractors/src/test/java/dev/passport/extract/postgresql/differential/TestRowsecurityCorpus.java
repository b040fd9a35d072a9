package dev.passport.extract.postgresql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlScriptSplitter;
import dev.passport.extract.sql.SqlStatement;
import dev.passport.fixtures.PostgresDatabase;
import dev.passport.fixtures.WithEmbeddedPostgres;
import dev.passport.model.Loss;
import dev.passport.model.PolicySet;
import dev.passport.model.RowFilter;
import dev.passport.model.SystemKind;
import dev.passport.model.evaluation.Evaluator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential harness over PostgreSQL's own row-security regression test, opt-in ({@code
 * -Dpassport.corpus=true} or {@code PASSPORT_CORPUS=1}): the script runs statement by statement as
 * far as it goes (failures are skipped and counted); before each statement that may destroy policy
 * state (DROP, ALTER, REVOKE) and at the end, every table with policies whose state has not been
 * compared yet is compared for every role, with the policies extracted live and from the text of
 * the statements PostgreSQL accepted so far. It prints the figures recorded in docs/coverage.md and
 * asserts only that the run compared something: disagreements here are reported, not fatal.
 */
@WithEmbeddedPostgres
class TestRowsecurityCorpus {
  private static final String CORPUS =
      "../shared/corpus/postgresql/libpg_query-06670290/rowsecurity.sql";

  @TempDir static Path scratch;

  private final Map<String, String> compared = new LinkedHashMap<>();
  private final Map<String, Integer> reasons = new TreeMap<>();
  private final Set<String> policiesExtracted = new HashSet<>();
  private final Set<String> policiesLossless = new HashSet<>();
  private int agreeing;
  private int disagreeing;

  static boolean enabled() {
    return "true".equalsIgnoreCase(System.getProperty("passport.corpus"))
        || "1".equals(System.getenv("PASSPORT_CORPUS"));
  }

  static Optional<Path> corpus() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.exists(directory.resolve("policy-model"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      return Optional.empty();
    }
    Path file = directory.resolve(CORPUS).normalize();
    return Files.exists(file) ? Optional.of(file) : Optional.empty();
  }

  @Test
  void testRowsecurityRegressionScript(PostgresDatabase database) throws Exception {
    Assumptions.assumeTrue(enabled(), "corpus run not requested (-Dpassport.corpus=true)");
    Optional<Path> file = corpus();
    Assumptions.assumeTrue(file.isPresent(), "corpus file " + CORPUS + " is absent");
    String script = Files.readString(file.get(), StandardCharsets.UTF_8);
    List<SqlStatement> statements =
        SqlScriptSplitter.of(SqlDialect.POSTGRESQL).split(script, Optional.of("rowsecurity.sql"));

    int policiesSeen = 0;
    int failed = 0;
    Map<String, Integer> failedKinds = new TreeMap<>();
    StringBuilder accepted = new StringBuilder();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      for (SqlStatement sql : statements) {
        String kind = kind(sql.text());
        if (kind.equals("CREATE POLICY")) {
          policiesSeen++;
        }
        if (kind.startsWith("DROP") || kind.startsWith("ALTER") || kind.startsWith("REVOKE")) {
          checkpoint(database, accepted.toString());
        }
        try {
          statement.execute(sql.text());
          accepted.append(sql.text()).append(";\n");
        } catch (SQLException e) {
          failed++;
          failedKinds.merge(kind, 1, Integer::sum);
        }
      }
    }
    checkpoint(database, accepted.toString());

    // How the DDL reader takes the whole script, read as text: what it skips, by kind.
    Map<String, Integer> skippedKinds = new TreeMap<>();
    DdlReadResult whole =
        Extraction.readDdl(
            SystemKind.POSTGRESQL,
            List.of(file.get()),
            ExtractionOptions.defaults().withScriptUser(database.superuser()));
    for (SkippedStatement skipped : whole.skipped()) {
      skippedKinds.merge(
          skipped.kind() + " " + skipped.summary().split("\\s+(?![A-Z])", 2)[0], 1, Integer::sum);
    }
    StringBuilder report = new StringBuilder("rowsecurity.sql corpus run\n");
    report
        .append("  DDL reader on the whole script: ")
        .append(whole.policySet().rowFilters().size());
    report.append(" policies at the end, ").append(whole.policySet().losses().size());
    report.append(" losses, skipped ").append(skippedKinds).append('\n');
    report.append("  statements: ").append(statements.size()).append(", failed in PostgreSQL: ");
    report.append(failed).append(' ').append(failedKinds).append('\n');
    report.append("  CREATE POLICY statements seen: ").append(policiesSeen).append('\n');
    report.append("  distinct policies extracted live: ").append(policiesExtracted.size());
    report.append(", without loss: ").append(policiesLossless.size()).append('\n');
    report.append("  table states compared: ").append(compared.size());
    report.append(", agreeing: ").append(agreeing).append(", disagreeing: ").append(disagreeing);
    report.append('\n');
    reasons.forEach(
        (reason, count) ->
            report.append("    ").append(count).append(" x ").append(reason).append('\n'));
    compared.forEach(
        (table, outcome) ->
            report.append("  ").append(table).append(": ").append(outcome).append('\n'));
    System.out.println(report);
    Files.writeString(Path.of("target", "rowsecurity-corpus.txt"), report.toString());
    assertThat(compared).as("table states compared").isNotEmpty();
  }

  private static String kind(String sql) {
    String[] words = sql.strip().toUpperCase(Locale.ROOT).split("\\s+", 4);
    if (words.length >= 2
        && (words[0].equals("CREATE") || words[0].equals("DROP") || words[0].equals("ALTER"))) {
      return words[0] + " " + words[1];
    }
    return words[0];
  }

  /** Compares the tables with policies whose state is new since the last checkpoint. */
  private void checkpoint(PostgresDatabase database, String acceptedScript)
      throws SQLException, IOException {
    Map<String, String> states = new LinkedHashMap<>();
    for (Map<String, Object> row :
        database.query(
            "SELECT n.nspname, c.relname, c.relrowsecurity::text || c.relforcerowsecurity::text"
                + " || pg_catalog.pg_get_userbyid(c.relowner) || coalesce(c.relacl::text, '')"
                + " || (SELECT string_agg(p.polname::text || p.polcmd::text || p.polpermissive::text"
                + " || p.polroles::text || coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), ''),"
                + " ',' ORDER BY p.polname) FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)"
                + " AS state FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p')"
                + " AND EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)"
                + " ORDER BY 1, 2")) {
      String table = row.get("nspname") + "." + row.get("relname");
      String state = String.valueOf(row.get("state"));
      if (!state.equals(seen.get(table))) {
        states.put(table, state);
      }
    }
    if (states.isEmpty()) {
      return;
    }
    Map<String, PolicySet> extractions = new LinkedHashMap<>();
    try (Connection connection = database.connect()) {
      extractions.put(
          "live",
          Extraction.readLive(SystemKind.POSTGRESQL, connection, ExtractionOptions.defaults()));
    }
    Path text = scratch.resolve("prefix.sql");
    Files.writeString(text, acceptedScript, StandardCharsets.UTF_8);
    extractions.put(
        "ddl",
        Extraction.readDdl(
                SystemKind.POSTGRESQL,
                List.of(text),
                ExtractionOptions.defaults().withScriptUser(database.superuser()))
            .policySet());
    PolicySet live = extractions.get("live");
    Set<String> lossy = new HashSet<>();
    for (Loss loss : live.losses()) {
      loss.origin().object().ifPresent(lossy::add);
    }
    for (RowFilter filter : live.rowFilters()) {
      String key = filter.origin().object().orElse("") + " " + filter.origin().sql().orElse("");
      policiesExtracted.add(key);
      if (!lossy.contains(filter.origin().object().orElse(""))) {
        policiesLossless.add(key);
      }
    }
    List<String> roles = new ArrayList<>();
    for (String role : ScenarioRunner.roles(database)) {
      if (!role.startsWith("pg_")) {
        roles.add(role);
      }
    }
    Differential differential = new Differential(database);
    for (Map.Entry<String, String> state : states.entrySet()) {
      seen.put(state.getKey(), state.getValue());
      String[] name = state.getKey().split("\\.", 2);
      Optional<String> reason = Optional.empty();
      boolean tableLossy = false;
      for (String object : lossy) {
        tableLossy |= object.endsWith(" on " + state.getKey());
      }
      for (Map.Entry<String, PolicySet> extraction : extractions.entrySet()) {
        Evaluator evaluator = Evaluator.compile(extraction.getValue());
        for (String role : roles) {
          if (role.equals(database.superuser()) && !extraction.getKey().equals("live")) {
            continue;
          }
          if (reason.isPresent()) {
            break;
          }
          try {
            Optional<Differential.Mismatch> mismatch =
                differential
                    .compare(
                        "rowsecurity",
                        extraction.getKey(),
                        evaluator,
                        name[0],
                        name[1],
                        role,
                        Map.of())
                    .mismatch();
            if (mismatch.isPresent()) {
              reason = Optional.of(classify(mismatch.get(), tableLossy));
            }
          } catch (SQLException | RuntimeException e) {
            reason = Optional.of("harness error: " + e.getClass().getSimpleName());
          }
        }
      }
      String key = state.getKey() + " #" + compared.size();
      if (reason.isEmpty()) {
        agreeing++;
        compared.put(key, "agrees");
      } else {
        disagreeing++;
        reasons.merge(reason.get(), 1, Integer::sum);
        compared.put(key, "disagrees: " + reason.get());
      }
    }
  }

  private final Map<String, String> seen = new LinkedHashMap<>();

  private static String classify(Differential.Mismatch mismatch, boolean tableLossy) {
    String where = "[" + mismatch.extraction() + "] ";
    if (tableLossy) {
      return where
          + "a policy of the table holds SQL that is not understood (a loss: fails closed)";
    }
    if (mismatch.problem().startsWith("PostgreSQL raised")) {
      return where + "PostgreSQL raised an error for the role";
    }
    if (mismatch.problem().startsWith("readable columns differ")) {
      return where + "readable columns differ";
    }
    return where + "rows differ";
  }
}
