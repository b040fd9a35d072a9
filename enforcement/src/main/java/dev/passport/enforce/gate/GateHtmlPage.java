package dev.passport.enforce.gate;

import dev.passport.enforce.report.AccessMatrixBuilder;
import dev.passport.enforce.report.AccessMatrixCell;
import dev.passport.enforce.report.HtmlReportContent;
import dev.passport.enforce.report.ReportFinding;
import dev.passport.enforce.report.RuleTexts;
import dev.passport.enforce.report.Stricter;
import dev.passport.model.Disclosure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gate's HTML page: findings, and every destination principal × transferred column with the
 * source on the left and the destination on the right; a destination that discloses more is shown
 * as a violation.
 */
final class GateHtmlPage {
  private GateHtmlPage() {}

  static HtmlReportContent of(GateResult result) {
    AccessMatrixBuilder matrix = new AccessMatrixBuilder("source", "destination");
    for (AccessRow row : result.matrix()) {
      String principal = label(row);
      matrix.cell(
          principal,
          row.destinationTable() + " (rows)",
          new AccessMatrixCell(
              withInFlight(row.sourceRows(), row.inFlightRows()),
              row.destinationRows(),
              stricter(row.rows())));
      for (ColumnAccess column : row.columns()) {
        matrix.cell(
            principal,
            row.destinationTable() + "." + column.destinationColumn(),
            new AccessMatrixCell(
                withInFlight(column.source(), column.inFlight()),
                column.destination(),
                stricter(column.comparison())));
      }
    }
    List<ReportFinding> findings = new ArrayList<>();
    for (Finding finding : result.findings()) {
      findings.add(
          new ReportFinding(
              finding.severity().name(),
              finding.cause().name(),
              finding.principal().map(GatePrincipal::describe).orElse(""),
              finding.object(),
              RuleTexts.withOrigins(finding.source().description(), finding.source().origins()),
              RuleTexts.withOrigins(
                  finding.destination().description(), finding.destination().origins()),
              finding.message()));
    }
    return new HtmlReportContent(
        "Passport compliance gate: " + result.verdict().name(),
        result.verdict().name(),
        GateReports.summary(result),
        true,
        findings,
        matrix.build(new AccessMatrixCell("-", "-", Stricter.NOT_APPLICABLE)));
  }

  private static String label(AccessRow row) {
    if (!row.mapped()) {
      return row.principal().describe() + " (unmapped)";
    }
    if (row.principal().equals(row.sourcePrincipal())) {
      return row.principal().describe();
    }
    return row.principal().describe() + " ← " + row.sourcePrincipal().describe();
  }

  private static String withInFlight(String source, Optional<String> inFlight) {
    return inFlight.map(value -> source + " (in flight: " + value + ")").orElse(source);
  }

  // Comparisons are the destination's against the source's: LESS means the destination discloses
  // less, so the right-hand side is the stricter one.
  private static Stricter stricter(Disclosure destinationAgainstSource) {
    return switch (destinationAgainstSource) {
      case LESS -> Stricter.RIGHT;
      case SAME -> Stricter.SAME;
      case MORE -> Stricter.LEFT;
      case UNKNOWN -> Stricter.UNKNOWN;
    };
  }
}
