package dev.passport.enforce.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passport.fixtures.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestHtmlReport {
  private static final String HOSTILE = "<img src=x onerror=\"document.title='owned'\"></script>";

  private static HtmlReportContent sample() {
    AccessMatrix matrix =
        new AccessMatrix(
            "source",
            "destination",
            List.of("crm.customers (rows)", "crm.customers.ssn", "crm.customers.email"),
            List.of(
                new AccessMatrixRow(
                    "alice",
                    List.of(
                        new AccessMatrixCell("region = 'EU'", "region = 'EU'", Stricter.SAME),
                        new AccessMatrixCell("show last 4", "clear", Stricter.LEFT),
                        new AccessMatrixCell("hash", "hash", Stricter.SAME))),
                new AccessMatrixRow(
                    "bob",
                    List.of(
                        new AccessMatrixCell("all rows", "all rows", Stricter.SAME),
                        new AccessMatrixCell("null", "null", Stricter.SAME),
                        new AccessMatrixCell("clear", "hash", Stricter.RIGHT))),
                new AccessMatrixRow(
                    HOSTILE,
                    List.of(
                        new AccessMatrixCell("denied", "denied", Stricter.SAME),
                        new AccessMatrixCell("denied", "denied", Stricter.SAME),
                        new AccessMatrixCell("denied", "denied", Stricter.SAME)))));
    return new HtmlReportContent(
        "Transfer crm.customers → lake.crm.customers",
        "FAIL",
        "1 principal sees more at the destination.",
        true,
        List.of(
            new ReportFinding(
                "FAIL",
                "MASK_MISSING",
                "alice",
                "crm.customers.ssn",
                "ssn_mask (show last 4) at schema.sql:12",
                "none",
                "alice reads ssn in clear at the destination")),
        matrix);
  }

  @Test
  void dataCannotCloseTheScriptElementOrTheTitle() {
    String page = HtmlReport.render(sample());

    assertThat(page).doesNotContain(HOSTILE).doesNotContain("<img src=x");
    // One closing tag per script element of the template, none from the data.
    assertThat(Pattern.compile("</script>").matcher(page).results().count()).isEqualTo(2);
    assertThat(page).contains("<title>Transfer crm.customers → lake.crm.customers</title>");
  }

  @Test
  void chromiumRendersTheMatrixAndTheFinding(@TempDir Path folder) throws Exception {
    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    if (chromium.isEmpty()) {
      System.err.println(HeadlessChromium.missingMessage());
    }
    assumeTrue(chromium.isPresent(), HeadlessChromium::missingMessage);
    Path page = folder.resolve("report.html");
    HtmlReport.write(sample(), page);

    String dom = chromium.get().dumpDom(page, "");

    assertThat(dom).contains("data-rendered=\"true\"");
    assertThat(count(dom, "<tr class=\"principal-row\"")).isEqualTo(3);
    assertThat(dom).contains("<td class=\"cause\">MASK_MISSING</td>");
    assertThat(dom).contains("alice reads ssn in clear at the destination");
    // The destination disclosing more is the violation; the destination being stricter is not.
    assertThat(dom).containsPattern("class=\"cell LEFT violation\"[^>]*>.*?show last 4");
    assertThat(dom).doesNotContain("RIGHT violation");
    // A hostile principal name is shown as text, never parsed into an element.
    assertThat(dom).doesNotContain("<img").contains("&lt;img src=x");
    assertThat(dom).doesNotContain("<title>owned</title>");
  }

  @Test
  void aFilterInTheAddressHidesOtherPrincipalsAndFindings(@TempDir Path folder) throws Exception {
    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    assumeTrue(chromium.isPresent(), HeadlessChromium::missingMessage);
    Path page = folder.resolve("report.html");
    Files.writeString(page, HtmlReport.render(sample()));

    String dom = chromium.get().dumpDom(page, "filter=bob");

    assertThat(principalRow(dom, "alice")).contains("hidden");
    assertThat(principalRow(dom, "bob")).doesNotContain("hidden");
    assertThat(dom).containsPattern("<tr class=\"finding sev-FAIL\" [^>]*hidden");
    assertThat(dom).containsPattern("<p id=\"no-findings\" class=\"empty\">No findings");
  }

  private static String principalRow(String dom, String principal) {
    Matcher matcher =
        Pattern.compile(
                "<tr class=\"principal-row\"[^>]*data-principal=\"" + principal + "\"[^>]*>")
            .matcher(dom);
    assertThat(matcher.find()).as("row of " + principal).isTrue();
    return matcher.group();
  }

  private static long count(String text, String needle) {
    return Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
  }
}
