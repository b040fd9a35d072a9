package dev.passport.extract.postgresql.differential;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.fixtures.PostgresDatabase;
import dev.passport.model.Loss;
import dev.passport.model.PolicySet;
import dev.passport.model.SystemKind;
import dev.passport.model.evaluation.Evaluator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one scenario end to end: builds it in the database, fills it, extracts it live and from its
 * DDL text, compares every table for every role and settings variant under both extractions, and
 * leaves the database as it found it (schema public recreated, the scenario's roles dropped).
 */
final class ScenarioRunner {
  private ScenarioRunner() {}

  /** The mismatches of a run and how much was compared. */
  record Result(List<Differential.Mismatch> mismatches, int comparisons, int denied, int rows) {}

  static Result run(PostgresDatabase database, Scenario scenario, Path scratch)
      throws SQLException, IOException {
    Set<String> rolesBefore = roles(database);
    List<String> created = new ArrayList<>();
    try {
      database.execute(scenario.ddl());
      Set<String> rolesAfter = roles(database);
      rolesAfter.removeAll(rolesBefore);
      created.addAll(rolesAfter);
      for (Map.Entry<String, Integer> table : scenario.rowCounts().entrySet()) {
        RowGenerator.fill(
            database,
            table.getKey(),
            table.getValue(),
            scenario.columns(),
            31L * scenario.name().hashCode() + table.getKey().hashCode());
      }
      List<String> comparedRoles = new ArrayList<>(created);
      comparedRoles.add(database.superuser());
      return compareAll(database, scenario, scratch, comparedRoles);
    } finally {
      clean(database, created);
    }
  }

  private static Result compareAll(
      PostgresDatabase database, Scenario scenario, Path scratch, List<String> roles)
      throws SQLException, IOException {
    List<Differential.Mismatch> mismatches = new ArrayList<>();
    Map<String, PolicySet> extractions = new LinkedHashMap<>();
    try (Connection connection = database.connect()) {
      extractions.put(
          "live",
          Extraction.readLive(SystemKind.POSTGRESQL, connection, ExtractionOptions.defaults()));
    }
    Path script = scratch.resolve(scenario.name() + ".sql");
    Files.writeString(script, scenario.ddl(), StandardCharsets.UTF_8);
    DdlReadResult fromText =
        Extraction.readDdl(
            SystemKind.POSTGRESQL,
            List.of(script),
            ExtractionOptions.defaults().withScriptUser(database.superuser()));
    extractions.put("ddl", fromText.policySet());

    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, PolicySet> extraction : extractions.entrySet()) {
      List<Loss> losses = extraction.getValue().losses();
      if (scenario.expectLoss() && losses.isEmpty()) {
        problems.add(extraction.getKey() + ": a loss was expected, none was reported");
      }
      if (!scenario.expectLoss()) {
        for (Loss loss : losses) {
          problems.add(extraction.getKey() + ": unexpected loss: " + loss.reason());
        }
      }
    }
    for (SkippedStatement skipped : fromText.skipped()) {
      if (skipped.kind() != SkippedStatement.Kind.IGNORED && !scenario.expectLoss()) {
        problems.add("ddl: skipped " + skipped.describe());
      }
    }
    for (String problem : problems) {
      mismatches.add(
          new Differential.Mismatch(
              scenario.name(), "extraction", "-", Map.of(), "-", problem, List.of(), List.of()));
    }

    Differential differential = new Differential(database);
    int comparisons = 0;
    int denied = 0;
    int rows = 0;
    List<String> tables = tables(database);
    for (Map.Entry<String, PolicySet> extraction : extractions.entrySet()) {
      Evaluator evaluator = Evaluator.compile(extraction.getValue());
      for (String table : tables) {
        for (String role : roles) {
          // A script does not say who the cluster's superusers are (the role exists before it
          // runs), so only the catalog can answer for the superuser.
          if (role.equals(database.superuser()) && !extraction.getKey().equals("live")) {
            continue;
          }
          for (Map<String, String> settings : scenario.settings()) {
            Differential.Outcome outcome =
                differential.compare(
                    scenario.name(),
                    extraction.getKey(),
                    evaluator,
                    "public",
                    table,
                    role,
                    settings);
            comparisons++;
            denied += outcome.postgresDenied() ? 1 : 0;
            rows += outcome.postgresRows();
            outcome.mismatch().ifPresent(mismatches::add);
          }
        }
      }
    }
    return new Result(mismatches, comparisons, denied, rows);
  }

  private static List<String> tables(PostgresDatabase database) throws SQLException {
    List<String> tables = new ArrayList<>();
    for (Map<String, Object> row :
        database.query(
            "SELECT c.relname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1")) {
      tables.add((String) row.get("relname"));
    }
    return tables;
  }

  static Set<String> roles(PostgresDatabase database) throws SQLException {
    Set<String> roles = new LinkedHashSet<>();
    for (Map<String, Object> row :
        database.query("SELECT rolname FROM pg_catalog.pg_roles ORDER BY oid")) {
      roles.add((String) row.get("rolname"));
    }
    return roles;
  }

  private static void clean(PostgresDatabase database, List<String> roles) throws SQLException {
    StringBuilder script = new StringBuilder();
    for (String role : roles) {
      script
          .append("DROP OWNED BY ")
          .append(PostgresDatabase.quoteIdentifier(role))
          .append(" CASCADE;");
    }
    // The default public schema of PostgreSQL 15 and later: owned by the database owner, USAGE for
    // everyone and nothing else.
    script.append("DROP SCHEMA public CASCADE;");
    script.append("CREATE SCHEMA public AUTHORIZATION pg_database_owner;");
    script.append("GRANT USAGE ON SCHEMA public TO PUBLIC;");
    for (String role : roles) {
      script.append("DROP ROLE ").append(PostgresDatabase.quoteIdentifier(role)).append(';');
    }
    database.execute(script.toString());
  }
}
