package dev.passport.extract.postgresql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.fixtures.PostgresDatabase;
import dev.passport.fixtures.WithEmbeddedPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The differential proof: for every scenario under {@code differential/scenarios}, the rows
 * PostgreSQL shows each role equal the rows the evaluator admits, with the policies extracted live
 * and with the policies read from the scenario's DDL. A scenario is a resource (see {@link
 * Scenario} for its header lines); adding one needs no code.
 */
@WithEmbeddedPostgres
class TestPostgresqlDifferential {
  private static final String SCENARIOS = "scenarios";

  @TempDir static Path scratch;

  static List<Scenario> scenarios() throws IOException, URISyntaxException {
    URL directory = TestPostgresqlDifferential.class.getResource(SCENARIOS);
    assertThat(directory).as("scenario directory").isNotNull();
    List<Scenario> scenarios = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".sql")).sorted().toList()) {
        String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
        scenarios.add(Scenario.parse(name, Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    return scenarios;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void testPostgresqlAndEvaluatorAgree(Scenario scenario, PostgresDatabase database)
      throws SQLException, IOException {
    ScenarioRunner.Result result = ScenarioRunner.run(database, scenario, scratch);
    assertThat(result.comparisons()).as("comparisons made").isPositive();
    assertThat(result.mismatches())
        .as(
            "PostgreSQL and the evaluator disagree:\n%s",
            result.mismatches().stream()
                .map(Differential.Mismatch::describe)
                .collect(Collectors.joining("\n")))
        .isEmpty();
  }

  @Test
  void testTheSuiteHasAtLeastThirtyScenarios() throws IOException, URISyntaxException {
    assertThat(scenarios()).hasSizeGreaterThanOrEqualTo(30);
  }
}
