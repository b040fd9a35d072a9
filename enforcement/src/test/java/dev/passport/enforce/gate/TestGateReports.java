package dev.passport.enforce.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.model.PolicySet;
import dev.passport.model.SystemKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API as an orchestration job uses it, and the JSON and Markdown reports. */
class TestGateReports {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path scenario(String name) throws Exception {
    return Path.of(TestGateReports.class.getResource("/gate/" + name).toURI());
  }

  private static GateResult maskMissing() throws Exception {
    PolicySet source =
        ComplianceGate.load(
            PolicySource.ddl(
                SystemKind.SNOWFLAKE, List.of(scenario("_shared").resolve("source.sql"))));
    PolicySet destination =
        ComplianceGate.load(
            PolicySource.ddl(
                SystemKind.SNOWFLAKE,
                List.of(scenario("fail-mask-missing").resolve("destination.sql"))));
    return ComplianceGate.evaluate(
        source,
        destination,
        Optional.empty(),
        List.of(
            new TableTransfer("sales.crm.customers", "lake.crm.customers", ColumnSelection.all())),
        Optional.empty());
  }

  @Test
  void testLoadedPolicySetsGiveTheSameAnswerAsTheSpec() throws Exception {
    GateResult fromSets = maskMissing();
    GateResult fromSpec =
        ComplianceGate.evaluate(
            TransferSpecReader.read(scenario("fail-mask-missing").resolve("transfer.yaml")));
    assertThat(fromSets.verdict()).isEqualTo(GateVerdict.FAIL);
    assertThat(fromSets.findings()).isEqualTo(fromSpec.findings());
    assertThat(fromSets.matrix()).isEqualTo(fromSpec.matrix());
  }

  @Test
  void testFindingNamesPrincipalObjectAndBothRulesWithOrigins() throws Exception {
    GateResult result = maskMissing();
    Finding analyst =
        result.findings(FindingSeverity.FAIL).stream()
            .filter(
                finding -> finding.principal().equals(Optional.of(GatePrincipal.role("ANALYST"))))
            .findFirst()
            .orElseThrow();
    assertThat(analyst.cause()).isEqualTo(FindingCause.MASK_MISSING);
    assertThat(analyst.sourcePrincipal()).contains(GatePrincipal.role("ANALYST"));
    assertThat(analyst.object()).isEqualTo("LAKE.CRM.CUSTOMERS.SSN");
    assertThat(analyst.source().description())
        .isEqualTo("partial(keep last 4, fill '***-**-' once)");
    assertThat(analyst.source().origins())
        .anySatisfy(
            origin -> {
              assertThat(origin.object()).contains("SALES.CRM.SSN_MASK");
              assertThat(origin.file().orElseThrow()).endsWith("source.sql");
              assertThat(origin.line()).contains(17);
            });
    assertThat(analyst.destination().description()).isEqualTo("unmasked");
    assertThat(analyst.destination().origins())
        .anySatisfy(origin -> assertThat(origin.sql().orElseThrow()).startsWith("GRANT SELECT"));
    // SUPPORT sees the SSN in clear on both sides: no finding, SAME in the matrix.
    AccessRow support =
        result.matrix().stream()
            .filter(row -> row.principal().equals(GatePrincipal.role("SUPPORT")))
            .findFirst()
            .orElseThrow();
    assertThat(support.columns())
        .filteredOn(cell -> cell.destinationColumn().equals("SSN"))
        .singleElement()
        .satisfies(
            cell -> {
              assertThat(cell.comparison()).isEqualTo(dev.passport.model.Disclosure.SAME);
              assertThat(cell.source()).isEqualTo("unmasked");
            });
    assertThat(support.rows()).isEqualTo(dev.passport.model.Disclosure.SAME);
  }

  @Test
  void testJsonReportShapeAndDeterminism(@TempDir Path directory) throws Exception {
    GateResult result = maskMissing();
    String json = GateReports.toJson(result);
    assertThat(json).isEqualTo(GateReports.toJson(maskMissing())).endsWith("}\n");
    JsonNode root = JSON.readTree(json);
    assertThat(root.path("passportGate").asInt()).isEqualTo(GateReports.FORMAT_VERSION);
    assertThat(root.path("verdict").asText()).isEqualTo("fail");
    assertThat(root.path("counts").path("fail").asInt())
        .isEqualTo(result.findings(FindingSeverity.FAIL).size());
    JsonNode first = root.path("findings").get(0);
    assertThat(first.path("severity").asText()).isEqualTo("fail");
    assertThat(first.path("cause").asText()).isEqualTo("mask_missing");
    assertThat(first.path("principal").path("kind").asText()).isEqualTo("role");
    assertThat(first.path("object").asText()).isEqualTo("LAKE.CRM.CUSTOMERS.SSN");
    assertThat(first.path("source").path("origins").get(0).path("system").asText())
        .isEqualTo("snowflake");
    assertThat(first.path("source").path("origins").get(0).path("line").isInt()).isTrue();
    JsonNode row = root.path("matrix").get(0);
    assertThat(row.path("rows").path("comparison").asText())
        .isIn("less", "same", "more", "unknown");
    assertThat(row.path("rows").has("inFlight")).isTrue();
    assertThat(row.path("columns").get(0).fieldNames())
        .toIterable()
        .containsExactly(
            "source", "destination", "sourceView", "destinationView", "inFlightView", "comparison");

    GateReports.write(result, directory.resolve("report"));
    assertThat(Files.readString(directory.resolve("report/gate.json"), StandardCharsets.UTF_8))
        .isEqualTo(json);
    String markdown = Files.readString(directory.resolve("report/gate.md"), StandardCharsets.UTF_8);
    assertThat(markdown)
        .startsWith("## Passport gate: FAIL")
        .contains("| FAIL | mask_missing | role ANALYST | `LAKE.CRM.CUSTOMERS.SSN` |")
        .contains("### Where the destination differs");
  }

  @Test
  void testPassReportHasNoFindingsTable() throws Exception {
    GateResult result =
        ComplianceGate.evaluate(
            TransferSpecReader.read(scenario("pass-identical").resolve("transfer.yaml")));
    assertThat(result.verdict()).isEqualTo(GateVerdict.PASS);
    assertThat(GateReports.toMarkdown(result)).doesNotContain("### Findings");
    assertThat(GateReports.summary(result)).startsWith("PASS: 0 fail, 0 review, 0 info findings");
  }
}
