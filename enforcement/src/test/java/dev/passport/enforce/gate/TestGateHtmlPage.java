package dev.passport.enforce.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passport.enforce.report.HtmlReportContent;
import dev.passport.enforce.report.Stricter;
import dev.passport.fixtures.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate's HTML page, built from a real scenario and opened in a real headless Chromium. */
final class TestGateHtmlPage {
  private static GateResult maskMissing() throws Exception {
    Path spec =
        Path.of(
            TestGateHtmlPage.class.getResource("/gate/fail-mask-missing/transfer.yaml").toURI());
    return ComplianceGate.evaluate(TransferSpecReader.read(spec));
  }

  @Test
  void theMissingMaskIsAViolationCellAndAFinding() throws Exception {
    GateResult result = maskMissing();

    HtmlReportContent content = GateHtmlPage.of(result);

    assertThat(content.verdict()).isEqualTo("FAIL");
    assertThat(content.rightMustNotBeLooser()).isTrue();
    int ssn = content.matrix().columns().indexOf("LAKE.CRM.CUSTOMERS.SSN");
    assertThat(ssn).isNotNegative();
    assertThat(content.matrix().rows())
        .filteredOn(row -> row.principal().equals("role ANALYST"))
        .singleElement()
        .satisfies(row -> assertThat(row.cells().get(ssn).stricter()).isEqualTo(Stricter.LEFT));
    assertThat(content.findings())
        .anySatisfy(
            finding -> {
              assertThat(finding.cause()).isEqualTo("MASK_MISSING");
              assertThat(finding.leftRule()).contains("source.sql:17");
            });
  }

  @Test
  void chromiumShowsTheMatrixAndTheFinding(@TempDir Path folder) throws Exception {
    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    if (chromium.isEmpty()) {
      System.err.println(HeadlessChromium.missingMessage());
    }
    assumeTrue(chromium.isPresent(), HeadlessChromium::missingMessage);
    GateReports.write(maskMissing(), folder);
    Path page = folder.resolve(GateReports.HTML_FILE);
    assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>");

    String dom = chromium.get().dumpDom(page, "");

    assertThat(dom).contains("data-rendered=\"true\"");
    assertThat(dom).containsPattern("<span id=\"verdict\" class=\"verdict FAIL\">FAIL</span>");
    assertThat(dom).containsPattern("data-principal=\"role analyst\"");
    assertThat(dom).containsPattern("class=\"cell LEFT violation\"");
    assertThat(dom).contains("<td class=\"cause\">MASK_MISSING</td>");
    assertThat(dom).doesNotContainPattern("<tr class=\"finding sev-FAIL\"[^>]*hidden");
  }
}
