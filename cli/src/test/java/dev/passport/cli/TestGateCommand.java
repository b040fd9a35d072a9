package dev.passport.cli;

import static dev.passport.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestGateCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SOURCE =
      """
      CREATE ROLE analyst;
      CREATE ROLE support;
      CREATE TABLE sales.crm.customers (id number, ssn varchar, region varchar);
      CREATE MASKING POLICY sales.crm.ssn_mask AS (val string) RETURNS string ->
        CASE WHEN CURRENT_ROLE() = 'SUPPORT' THEN val ELSE '***-**-' || RIGHT(val, 4) END;
      ALTER TABLE sales.crm.customers MODIFY COLUMN ssn SET MASKING POLICY sales.crm.ssn_mask;
      GRANT SELECT ON TABLE sales.crm.customers TO ROLE analyst;
      GRANT SELECT ON TABLE sales.crm.customers TO ROLE support;
      """;

  @TempDir Path directory;

  @BeforeEach
  void writeSource() throws IOException {
    Files.writeString(directory.resolve("source.sql"), SOURCE, StandardCharsets.UTF_8);
  }

  /** A transfer spec whose destination is the source's DDL rewritten by {@code edit}. */
  private Path transfer(String destination, String extra) throws IOException {
    Files.writeString(directory.resolve("destination.sql"), destination, StandardCharsets.UTF_8);
    Path spec = directory.resolve("transfer.yaml");
    Files.writeString(
        spec,
        """
        source: {ddl: source.sql, system: snowflake}
        destination: {ddl: destination.sql, system: snowflake}
        tables:
          - source: sales.crm.customers
            destination: lake.crm.customers
            columns: all
        """
            + extra,
        StandardCharsets.UTF_8);
    return spec;
  }

  private static String lake(String ddl) {
    return ddl.replace("sales.crm", "lake.crm");
  }

  @Test
  void testPassExitsZero() throws IOException {
    CliResult result = run("gate", transfer(lake(SOURCE), "").toString());
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out()).startsWith("PASS: 0 fail, 0 review, 0 info findings");
  }

  @Test
  void testFailExitsOneAndWritesReports() throws IOException {
    String unmasked =
        lake(SOURCE)
            .replace(
                "ALTER TABLE lake.crm.customers MODIFY COLUMN ssn SET MASKING POLICY"
                    + " lake.crm.ssn_mask;\n",
                "");
    Path report = directory.resolve("out/gate");
    CliResult result =
        run("gate", transfer(unmasked, "").toString(), "--report", report.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .startsWith("FAIL: 1 fail, 0 review, 0 info findings")
        .contains(
            "  FAIL mask_missing role ANALYST LAKE.CRM.CUSTOMERS.SSN: role ANALYST sees"
                + " LAKE.CRM.CUSTOMERS.SSN unmasked; at the source role ANALYST sees partial(keep"
                + " last 4, fill '***-**-' once)");
    JsonNode json = JSON.readTree(Files.readString(report.resolve("gate.json")));
    assertThat(json.path("verdict").asText()).isEqualTo("fail");
    assertThat(Files.readString(report.resolve("gate.md"))).startsWith("## Passport gate: FAIL");
    assertThat(Files.readString(report.resolve("gate.html")))
        .startsWith("<!DOCTYPE html>")
        .contains("\"verdict\":\"FAIL\"");
  }

  @Test
  void testReviewExitsThree() throws IOException {
    String noGrants = lake(SOURCE).replaceAll("GRANT SELECT[^\n]*\n", "");
    CliResult result = run("gate", transfer(noGrants, "").toString());
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).startsWith("REVIEW: 0 fail, 1 review").contains("no_grants");
  }

  @Test
  void testBadSpecExitsTwoWithLocation() throws IOException {
    CliResult result = run("gate", transfer(lake(SOURCE), "inflight: {}\n").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("passport: ")
        .contains("transfer.yaml:7:1: unknown key 'inflight'");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void testMissingSpecExitsTwo() {
    CliResult result = run("gate", directory.resolve("missing.yaml").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Cannot read transfer spec");
  }

  @Test
  void testHelpListsExitCodes() {
    CliResult result = run("help", "gate");
    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out())
        .contains("passport gate transfer.yaml --report build/gate")
        .contains("Exit status: 0 PASS, 1 FAIL, 3 REVIEW, 2 bad input");
    assertThat(run("--help").out()).contains("gate");
  }
}
