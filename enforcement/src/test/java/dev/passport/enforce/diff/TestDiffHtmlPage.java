package dev.passport.enforce.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passport.enforce.report.HtmlReport;
import dev.passport.enforce.report.HtmlReportContent;
import dev.passport.enforce.report.Stricter;
import dev.passport.fixtures.HeadlessChromium;
import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.ColumnMask;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestDiffHtmlPage {
  private static PolicySet withoutFirstMask(PolicySet set) {
    List<ColumnMask> masks = set.columnMasks().subList(1, set.columnMasks().size());
    return new PolicySet(
        set.source(),
        set.principals(),
        set.tables(),
        set.grants(),
        set.definitions(),
        set.rowFilters(),
        masks,
        set.tags(),
        set.views(),
        set.losses());
  }

  @Test
  void aDroppedMaskIsAFindingAndAColouredCell(@TempDir Path folder) {
    PolicySet before = SamplePolicySets.redshiftSales();
    assertThat(before.columnMasks()).isNotEmpty();
    PolicySet after = withoutFirstMask(before);
    Securable dropped = before.columnMasks().get(0).column().orElseThrow();
    PolicyDiffResult result = PolicyDiff.compare(before, after);

    HtmlReportContent content = DiffHtmlPage.of(result, "before.json", "after.json");

    assertThat(content.verdict()).isEqualTo("DIFFERENT");
    assertThat(content.findings())
        .anySatisfy(finding -> assertThat(finding.cause()).isEqualTo("COLUMN_MASK"));
    int column =
        content
            .matrix()
            .columns()
            .indexOf(dropped.tableOnly().qualifiedName() + "." + dropped.column().orElseThrow());
    assertThat(column).as("matrix column of the dropped mask").isNotNegative();
    // The left side kept the mask, so for someone it was applied to, the left side is stricter.
    assertThat(content.matrix().rows())
        .anySatisfy(row -> assertThat(row.cells().get(column).stricter()).isEqualTo(Stricter.LEFT));

    Optional<HeadlessChromium> chromium = HeadlessChromium.find();
    assumeTrue(chromium.isPresent(), HeadlessChromium::missingMessage);
    Path page = folder.resolve("diff.html");
    HtmlReport.write(content, page);
    String dom = chromium.get().dumpDom(page, "");
    assertThat(dom).contains("data-rendered=\"true\"").contains("class=\"cell LEFT\"");
    assertThat(dom).contains("<td class=\"cause\">COLUMN_MASK</td>");
  }
}
