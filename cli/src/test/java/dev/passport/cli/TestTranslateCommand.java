package dev.passport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.PolicySet;
import dev.passport.model.SystemKind;
import dev.passport.model.json.PolicySetCodec;
import dev.passport.translate.opa.OpaTranslator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestTranslateCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  // PostgreSQL names schema.table only: Ranger policies then match every catalog, a loss.
  private static final String CATALOG_LESS =
      """
      CREATE ROLE analyst;
      CREATE TABLE app.accounts (id bigint NOT NULL, tenant_id text);
      ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON app.accounts
        FOR SELECT TO analyst
        USING (tenant_id = current_setting('app.tenant'));
      GRANT SELECT ON app.accounts TO analyst;
      """;

  @TempDir Path directory;
  private Path retail;
  private Path catalogLess;

  /** The exit code and both streams of one run. */
  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exitCode = Main.run(outStream, errStream, args);
    }
    return new Result(
        exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @BeforeEach
  void writePolicySets() throws IOException {
    retail = directory.resolve("retail.json");
    PolicySetCodec.write(SamplePolicySets.retailPostgresql(), retail);
    Path script = directory.resolve("schema.sql");
    Files.writeString(script, CATALOG_LESS, StandardCharsets.UTF_8);
    PolicySet extracted =
        Extraction.readDdl(SystemKind.POSTGRESQL, List.of(script), ExtractionOptions.defaults())
            .policySet();
    catalogLess = directory.resolve("catalog-less.json");
    PolicySetCodec.write(extracted, catalogLess);
  }

  @Test
  void testRangerWritesEveryArtifactAndLosses() throws IOException {
    Path output = directory.resolve("ranger");
    Result result = run("translate", "--to", "ranger", retail.toString(), "-o", output.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(fileNames(output))
        .containsExactlyInAnyOrder(
            "dev_trino.json",
            "dev_trino_roles.json",
            "dev_trino_tag.json",
            "ranger-admin-import.json",
            "losses.json");
    JsonNode servicePolicies = JSON.readTree(output.resolve("dev_trino.json").toFile());
    assertThat(servicePolicies.get("serviceName").asText()).isEqualTo("dev_trino");
    assertThat(servicePolicies.get("policies").size()).isPositive();
    JsonNode losses = JSON.readTree(output.resolve("losses.json").toFile());
    assertThat(losses.isArray()).isTrue();
    for (JsonNode loss : losses) {
      assertThat(fieldNames(loss)).containsExactly("location", "object", "reason", "direction");
      assertThat(loss.get("direction").asText()).isIn("stricter", "looser", "unknown");
    }
    assertThat(result.out())
        .startsWith("passport: translated " + retail + " to ranger (service dev_trino), wrote 5")
        .contains(output.resolve("dev_trino.json").toString())
        .contains(output.resolve("losses.json").toString());
    if (losses.size() == 0) {
      assertThat(result.out()).contains("  no losses");
    } else {
      assertThat(result.out())
          .contains(losses.size() == 1 ? "1 loss (" : losses.size() + " losses (");
    }
    assertThat(result.err()).isEmpty();
  }

  @Test
  void testOutputIsDeterministic() throws IOException {
    Path first = directory.resolve("first");
    Path second = directory.resolve("second");
    assertThat(
            run("translate", "--to", "ranger", catalogLess.toString(), "-o", first.toString())
                .exitCode())
        .isZero();
    assertThat(
            run("translate", "--to", "ranger", catalogLess.toString(), "-o", second.toString())
                .exitCode())
        .isZero();
    assertThat(fileNames(first)).isEqualTo(fileNames(second));
    for (String name : fileNames(first)) {
      assertThat(Files.readString(second.resolve(name)))
          .as(name)
          .isEqualTo(Files.readString(first.resolve(name)));
    }
  }

  @Test
  void testStrictExitsThreeWithLossesAndTheCatalogOptionRemovesOne() throws IOException {
    Path output = directory.resolve("strict");
    Result strict =
        run(
            "translate",
            "--to",
            "ranger",
            catalogLess.toString(),
            "-o",
            output.toString(),
            "--strict");
    assertThat(strict.exitCode()).as(strict.err()).isEqualTo(3);
    JsonNode losses = JSON.readTree(output.resolve("losses.json").toFile());
    assertThat(losses.size()).isPositive();
    assertThat(losses.toString()).contains("without a catalog");
    assertThat(strict.out()).contains("unknown").contains("without a catalog");
    assertThat(strict.err()).contains("--strict: ").contains("exit status 3");

    Path withCatalog = directory.resolve("with-catalog");
    Result result =
        run(
            "translate",
            "--to",
            "ranger",
            catalogLess.toString(),
            "--catalog",
            "lake",
            "-o",
            withCatalog.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(Files.readString(withCatalog.resolve("losses.json")))
        .doesNotContain("without a catalog");
    assertThat(Files.readString(withCatalog.resolve("dev_trino.json"))).contains("\"lake\"");
  }

  @Test
  void testRangerHiveAndServiceName() throws IOException {
    Path hive = directory.resolve("hive");
    Result result =
        run(
            "translate",
            "--to",
            "ranger-hive",
            retail.toString(),
            "--service-name",
            "prod_hive",
            "-o",
            hive.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(fileNames(hive)).contains("prod_hive.json", "losses.json");
    assertThat(JSON.readTree(hive.resolve("prod_hive.json").toFile()).get("serviceName").asText())
        .isEqualTo("prod_hive");
    assertThat(result.out()).contains("to ranger-hive (service prod_hive)");
  }

  @Test
  void testOpaWritesTheModuleFactsTestsAndTrinoConfiguration() throws IOException {
    Path output = directory.resolve("opa");
    Result result =
        run(
            "translate",
            "--to",
            "opa",
            retail.toString(),
            "--opa-url",
            "http://opa.internal:8181",
            "-o",
            output.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(fileNames(output))
        .containsExactlyInAnyOrder(
            OpaTranslator.MODULE_FILE,
            OpaTranslator.DATA_FILE,
            OpaTranslator.TEST_FILE,
            OpaTranslator.TRINO_CONFIG_FILE,
            "losses.json");
    assertThat(Files.readString(output.resolve(OpaTranslator.MODULE_FILE))).contains("package ");
    assertThat(JSON.readTree(output.resolve(OpaTranslator.DATA_FILE).toFile()).isObject()).isTrue();
    assertThat(Files.readString(output.resolve(OpaTranslator.TRINO_CONFIG_FILE)))
        .contains("http://opa.internal:8181");
    assertThat(JSON.readTree(output.resolve("losses.json").toFile()).isArray()).isTrue();
    assertThat(result.out())
        .startsWith("passport: translated " + retail + " to opa, wrote 5 files:");

    Result urlForRanger =
        run(
            "translate",
            "--to",
            "ranger",
            retail.toString(),
            "--opa-url",
            "http://x",
            "-o",
            output.toString());
    assertThat(urlForRanger.exitCode()).isEqualTo(2);
    assertThat(urlForRanger.err()).contains("--opa-url goes with --to opa");
  }

  @Test
  void testIdentityMap() throws IOException {
    Path map = directory.resolve("identities.json");
    Files.writeString(
        map,
        """
        {"defaults": {"user": "same-name", "role": "group", "group": "group"},
         "mappings": [{"source": {"role": "analyst"}, "target": {"groups": ["analysts_eu"]}}]}
        """,
        StandardCharsets.UTF_8);
    Path output = directory.resolve("mapped");
    Result result =
        run(
            "translate",
            "--to",
            "ranger",
            retail.toString(),
            "--identity-map",
            map.toString(),
            "-o",
            output.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(Files.readString(output.resolve("dev_trino.json"))).contains("analysts_eu");

    Path broken = directory.resolve("broken.json");
    Files.writeString(broken, "{\"mapping\": []}", StandardCharsets.UTF_8);
    Result invalid =
        run(
            "translate",
            "--to",
            "ranger",
            retail.toString(),
            "--identity-map",
            broken.toString(),
            "-o",
            directory.resolve("never").toString());
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).startsWith("passport: Identity map " + broken).contains("mapping");
    assertThat(Files.exists(directory.resolve("never"))).isFalse();
  }

  @Test
  void testUnknownTargetListsTheTargets() {
    Result result =
        run("translate", "--to", "sentry", retail.toString(), "-o", directory.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("'sentry' is not a target")
        .contains("ranger, ranger-hive, opa")
        .contains("planned: trino-rules, iceberg-read-restrictions, lakeformation, iceberg-views")
        .contains("passport help translate");
    assertThat(result.out()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"trino-rules", "iceberg-read-restrictions", "lakeformation", "iceberg-views"})
  void testPlannedTargetsAreNotSupportedYet(String target) {
    Path output = directory.resolve("planned");
    Result result = run("translate", "--to", target, retail.toString(), "-o", output.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "passport: Translating to "
                + target
                + " is planned but not available yet; available: ranger, ranger-hive, opa."
                + System.lineSeparator());
    assertThat(Files.exists(output)).isFalse();
  }

  @Test
  void testUsageErrors() {
    Result noOutput = run("translate", "--to", "ranger", retail.toString());
    assertThat(noOutput.exitCode()).isEqualTo(2);
    assertThat(noOutput.err()).contains("--output=DIR");

    Result serviceForOpa =
        run(
            "translate",
            "--to",
            "opa",
            retail.toString(),
            "--service-name",
            "x",
            "-o",
            directory.toString());
    assertThat(serviceForOpa.exitCode()).isEqualTo(2);
    assertThat(serviceForOpa.err()).contains("--service-name names a Ranger service");

    Path missing = directory.resolve("missing.json");
    Result missingFile =
        run("translate", "--to", "ranger", missing.toString(), "-o", directory.toString());
    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.err()).startsWith("passport: " + missing).doesNotContain("\tat ");
  }

  @Test
  void testHelpShowsTargetsAndExamples() {
    Result result = run("help", "translate");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("--to=TARGET")
        .contains("--identity-map=FILE")
        .contains("losses.json")
        .contains("Examples:")
        .contains("3 under --strict");
    Result main = run("--help");
    assertThat(main.out()).contains("extract", "translate");
  }

  private static List<String> fileNames(Path directory) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(file -> names.add(file.getFileName().toString()));
    }
    names.sort(null);
    return names;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
