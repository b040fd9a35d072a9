package dev.passport.cli;

import static dev.passport.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.PolicySet;
import dev.passport.model.SystemKind;
import dev.passport.model.json.PolicySetCodec;
import dev.passport.translate.iceberg.IcebergReadRestrictions;
import dev.passport.translate.lakeformation.LakeFormationTranslator;
import dev.passport.translate.opa.OpaTranslator;
import dev.passport.translate.trinorules.TrinoRulesTranslator;
import dev.passport.translate.views.SecureViewTranslator;
import java.io.IOException;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
    CliResult result =
        run("translate", "--to", "ranger", retail.toString(), "-o", output.toString());
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
    CliResult strict =
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
    CliResult result =
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
    CliResult result =
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
    CliResult result =
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

    CliResult urlForRanger =
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
    CliResult result =
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
    CliResult invalid =
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
    CliResult result =
        run("translate", "--to", "sentry", retail.toString(), "-o", directory.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("'sentry' is not a target")
        .contains(
            "ranger, ranger-hive, opa, trino-rules, iceberg-read-restrictions, lakeformation,"
                + " iceberg-views")
        .contains("passport help translate");
    assertThat(result.out()).isEmpty();
  }

  static Stream<Arguments> lakeTargets() {
    return Stream.of(
        Arguments.of(
            "trino-rules",
            List.<String>of(),
            List.of(TrinoRulesTranslator.SYSTEM_FILE, TrinoRulesTranslator.catalogFile("retail")),
            "mapping table"),
        Arguments.of(
            "iceberg-read-restrictions",
            List.<String>of(),
            List.of(
                IcebergReadRestrictions.INDEX_FILE,
                "read-restrictions/retail.public.customers/user-alice.json"),
            "published as"),
        Arguments.of(
            "lakeformation",
            List.of("--account", "123456789012"),
            List.of(
                LakeFormationTranslator.TAGS_FILE,
                LakeFormationTranslator.TAG_ASSIGNMENTS_FILE,
                LakeFormationTranslator.FILTERS_FILE,
                LakeFormationTranslator.GRANTS_FILE),
            "Lake Formation"),
        Arguments.of(
            "iceberg-views",
            List.<String>of(),
            List.of(SecureViewTranslator.TRINO_FILE, SecureViewTranslator.SPARK_FILE),
            "around the view"));
  }

  @ParameterizedTest
  @MethodSource("lakeTargets")
  void testLakeTargetsWriteTheirFilesAndLosses(
      String target, List<String> options, List<String> files, String lossText) throws IOException {
    Path output = directory.resolve(target);
    List<String> args =
        new ArrayList<>(List.of("translate", "--to", target, retail.toString(), "-o"));
    args.add(output.toString());
    args.addAll(options);
    CliResult result = run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    for (String file : files) {
      assertThat(output.resolve(file)).as(file).isRegularFile();
      assertThat(Files.readString(output.resolve(file))).as(file).isNotBlank();
    }
    JsonNode losses = JSON.readTree(output.resolve("losses.json").toFile());
    assertThat(losses.size()).isPositive();
    for (JsonNode loss : losses) {
      assertThat(fieldNames(loss)).containsExactly("location", "object", "reason", "direction");
    }
    assertThat(losses.toString()).contains(lossText);
    assertThat(result.out())
        .startsWith("passport: translated " + retail + " to " + target)
        .contains(output.resolve(files.get(0)).toString())
        .contains(output.resolve("losses.json").toString())
        .contains(losses.size() + " losses (")
        .contains(lossText);
    assertThat(result.err()).isEmpty();

    args.add("--strict");
    CliResult strict = run(args.toArray(String[]::new));
    assertThat(strict.exitCode()).as(strict.err()).isEqualTo(3);
    assertThat(strict.err())
        .isEqualTo(
            "passport: --strict: "
                + losses.size()
                + " losses, exit status 3"
                + System.lineSeparator());
  }

  @Test
  void testLakeTargetOptions() throws IOException {
    Path trino = directory.resolve("trino");
    CliResult rules =
        run(
            "translate",
            "--to",
            "trino-rules",
            retail.toString(),
            "--catalog",
            "lake",
            "--policy-user",
            "policy_evaluator",
            "-o",
            trino.toString());
    assertThat(rules.exitCode()).as(rules.err()).isZero();
    assertThat(fileNames(trino))
        .containsExactlyInAnyOrder("rules.json", "lake-rules.json", "losses.json");
    assertThat(Files.readString(trino.resolve("rules.json"))).contains("\"^lake$\"");

    Path lakeFormation = directory.resolve("lf");
    CliResult lf =
        run(
            "translate",
            "--to",
            "lakeformation",
            retail.toString(),
            "--account",
            "123456789012",
            "--database",
            "glue_retail",
            "-o",
            lakeFormation.toString());
    assertThat(lf.exitCode()).as(lf.err()).isZero();
    assertThat(lf.out()).contains("to lakeformation (account 123456789012)");
    String filters = Files.readString(lakeFormation.resolve(LakeFormationTranslator.FILTERS_FILE));
    assertThat(filters).contains("123456789012").contains("glue_retail");

    Path views = directory.resolve("views");
    CliResult secureViews =
        run(
            "translate",
            "--to",
            "iceberg-views",
            retail.toString(),
            "--catalog",
            "lake",
            "--view-schema",
            "secure",
            "-o",
            views.toString());
    assertThat(secureViews.exitCode()).as(secureViews.err()).isZero();
    assertThat(Files.readString(views.resolve(SecureViewTranslator.TRINO_FILE)))
        .contains("lake.secure.");
  }

  @Test
  void testLakeFormationNeedsAnAccountAndOptionsBelongToTheirTarget() {
    Path output = directory.resolve("never");
    CliResult noAccount =
        run("translate", "--to", "lakeformation", retail.toString(), "-o", output.toString());
    assertThat(noAccount.exitCode()).isEqualTo(2);
    assertThat(noAccount.err()).contains("--to lakeformation needs --account ID");

    CliResult accountForRanger =
        run(
            "translate",
            "--to",
            "ranger",
            retail.toString(),
            "--account",
            "1",
            "-o",
            output.toString());
    assertThat(accountForRanger.exitCode()).isEqualTo(2);
    assertThat(accountForRanger.err())
        .contains("--account goes with --to lakeformation, not --to ranger");

    CliResult serviceForViews =
        run(
            "translate",
            "--to",
            "iceberg-views",
            retail.toString(),
            "--service-name",
            "x",
            "-o",
            output.toString());
    assertThat(serviceForViews.exitCode()).isEqualTo(2);
    assertThat(serviceForViews.err())
        .contains("--service-name names a Ranger service; --to iceberg-views has none");
    assertThat(Files.exists(output)).isFalse();
  }

  private Path customersSchema() throws IOException {
    Path schema = directory.resolve("customers-schema.json");
    Files.writeString(
        schema,
        """
        {"type": "struct", "schema-id": 0, "fields": [
          {"id": 11, "name": "customer_id", "required": true, "type": "long"},
          {"id": 12, "name": "tenant_id", "required": true, "type": "int"},
          {"id": 13, "name": "name", "required": true, "type": "string"},
          {"id": 14, "name": "email", "required": false, "type": "string"},
          {"id": 15, "name": "phone", "required": false, "type": "string"},
          {"id": 16, "name": "ssn", "required": false, "type": "string"}]}
        """,
        StandardCharsets.UTF_8);
    return schema;
  }

  @Test
  void testReadRestrictionsOfOnePrincipal() throws IOException {
    Path schema = customersSchema();
    CliResult alice =
        run(
            "translate",
            "--to",
            "iceberg-read-restrictions",
            retail.toString(),
            "--principal",
            "alice",
            "--attr",
            "app.tenant_id=7",
            "--table",
            "customers",
            "--schema",
            schema.toString());
    assertThat(alice.exitCode()).as(alice.err()).isZero();
    assertThat(alice.err()).isEmpty();
    // alice may read three columns: the others are nulled by field ID of the given schema.
    assertThat(JSON.readTree(alice.out()))
        .isEqualTo(
            JSON.readTree(
                """
                {"read-restrictions": {
                  "required-column-projections": [
                    {"field-id": 14, "action": "replace-with-null"},
                    {"field-id": 15, "action": "replace-with-null"},
                    {"field-id": 16, "action": "replace-with-null"}],
                  "required-row-filter": {"type": "and",
                    "left": {"type": "eq", "left": {"type": "reference", "id": 12},
                             "right": {"type": "literal", "value": 7}},
                    "right": {"type": "not-eq", "left": {"type": "reference", "id": 13},
                              "right": {"type": "literal", "value": "TEST CUSTOMER"}}}}}
                """));

    CliResult etl =
        run(
            "translate",
            "--to",
            "iceberg-read-restrictions",
            retail.toString(),
            "--principal",
            "etl",
            "--table",
            "customers",
            "--schema",
            schema.toString());
    assertThat(etl.exitCode()).as(etl.err()).isZero();
    assertThat(JSON.readTree(etl.out()))
        .isEqualTo(JSON.readTree("{\"read-restrictions\": {\"required-row-filter\": false}}"));
    assertThat(etl.err()).contains("etl may not read retail.public.customers");
  }

  @Test
  void testReadRestrictionsOfTheWholeSetBindTheGivenSchema() throws IOException {
    Path output = directory.resolve("restrictions");
    CliResult result =
        run(
            "translate",
            "--to",
            "iceberg-read-restrictions",
            retail.toString(),
            "--table",
            "customers",
            "--schema",
            customersSchema().toString(),
            "-o",
            output.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode alice =
        JSON.readTree(
            output.resolve("read-restrictions/retail.public.customers/user-alice.json").toFile());
    assertThat(alice.get("read-restrictions").get("required-column-projections").toString())
        .contains("\"field-id\":14")
        .contains("\"field-id\":16");
    // Other tables keep schemas derived from the PolicySet.
    assertThat(output.resolve("read-restrictions/retail.public.orders/user-alice.json"))
        .isRegularFile();

    CliResult schemaWithoutTable =
        run(
            "translate",
            "--to",
            "iceberg-read-restrictions",
            retail.toString(),
            "--schema",
            customersSchema().toString(),
            "-o",
            output.toString());
    assertThat(schemaWithoutTable.exitCode()).isEqualTo(2);
    assertThat(schemaWithoutTable.err()).contains("name it with --table");
  }

  @Test
  void testReadRestrictionsOfOnePrincipalReportLossesAndStrict() throws IOException {
    Path sales = directory.resolve("sales.json");
    PolicySetCodec.write(SamplePolicySets.redshiftSales(), sales);
    Path schema = directory.resolve("sales-schema.json");
    Files.writeString(
        schema,
        """
        {"type": "struct", "schema-id": 0, "fields": [
          {"id": 1, "name": "sale_id", "required": true, "type": "long"},
          {"id": 2, "name": "region", "required": true, "type": "string"},
          {"id": 3, "name": "rep", "required": true, "type": "string"},
          {"id": 4, "name": "amount", "required": true, "type": "decimal(12,2)"},
          {"id": 5, "name": "card_number", "required": false, "type": "string"},
          {"id": 6, "name": "customer_email", "required": false, "type": "string"},
          {"id": 7, "name": "sold_at", "required": false, "type": "timestamp"}]}
        """,
        StandardCharsets.UTF_8);
    CliResult result =
        run(
            "translate",
            "--to",
            "iceberg-read-restrictions",
            sales.toString(),
            "--principal",
            "alice",
            "--table",
            "sales",
            "--schema",
            schema.toString(),
            "--strict");
    assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
    JsonNode restrictions = JSON.readTree(result.out()).get("read-restrictions");
    assertThat(restrictions.get("required-column-projections").toString())
        .contains("\"field-id\":5")
        .contains("\"field-id\":6");
    assertThat(result.err())
        .startsWith("passport: 2 losses:")
        .contains("card_number (field ID 5)")
        .contains("stricter")
        .contains("passport: --strict: 2 losses, exit status 3");
  }

  @Test
  void testReadRestrictionsOfOnePrincipalUsageErrors() throws IOException {
    CliResult noSchema =
        run(
            "translate",
            "--to",
            "iceberg-read-restrictions",
            retail.toString(),
            "--principal",
            "alice",
            "--table",
            "customers");
    assertThat(noSchema.exitCode()).isEqualTo(2);
    assertThat(noSchema.err()).contains("--principal needs --table TABLE and --schema FILE");

    CliResult principalForRanger =
        run(
            "translate",
            "--to",
            "ranger",
            retail.toString(),
            "--principal",
            "alice",
            "-o",
            directory.toString());
    assertThat(principalForRanger.exitCode()).isEqualTo(2);
    assertThat(principalForRanger.err())
        .contains("--principal goes with --to iceberg-read-restrictions, not --to ranger");

    Path broken = directory.resolve("broken-schema.json");
    Files.writeString(broken, "[1]", StandardCharsets.UTF_8);
    CliResult badSchema =
        run(
            "translate",
            "--to",
            "iceberg-read-restrictions",
            retail.toString(),
            "--principal",
            "alice",
            "--table",
            "customers",
            "--schema",
            broken.toString());
    assertThat(badSchema.exitCode()).isEqualTo(2);
    assertThat(badSchema.err()).startsWith("passport: " + broken + ": ");

    CliResult noOutput = run("translate", "--to", "iceberg-read-restrictions", retail.toString());
    assertThat(noOutput.exitCode()).isEqualTo(2);
    assertThat(noOutput.err()).contains("--output=DIR").contains("or --principal");
  }

  @Test
  void testUsageErrors() {
    CliResult noOutput = run("translate", "--to", "ranger", retail.toString());
    assertThat(noOutput.exitCode()).isEqualTo(2);
    assertThat(noOutput.err()).contains("--output=DIR");

    CliResult serviceForOpa =
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
    CliResult missingFile =
        run("translate", "--to", "ranger", missing.toString(), "-o", directory.toString());
    assertThat(missingFile.exitCode()).isEqualTo(2);
    assertThat(missingFile.err()).startsWith("passport: " + missing).doesNotContain("\tat ");
  }

  @Test
  void testHelpShowsTargetsAndExamples() {
    CliResult result = run("help", "translate");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("--to=TARGET")
        .contains("--identity-map=FILE")
        .contains("losses.json")
        .contains("Examples:")
        .contains("3 under --strict");
    assertThat(result.out()).contains("trino-rules", "lakeformation", "--account=ID");
    CliResult main = run("--help");
    assertThat(main.out()).contains("extract", "translate", "rewrite", "mask");
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
