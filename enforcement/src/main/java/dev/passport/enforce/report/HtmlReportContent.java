package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Everything a single-file HTML report shows.
 *
 * @param title the page title
 * @param verdict PASS, FAIL, REVIEW, or a diff's "differences"/"no differences"
 * @param summary one or two sentences under the verdict
 * @param rightMustNotBeLooser true for the gate, where a right side (destination) that discloses
 *     more than the left (source) is a violation and is shown as one; false for a neutral diff
 * @param findings the findings table, most severe first
 * @param matrix the effective-access matrix
 */
public record HtmlReportContent(
    String title,
    String verdict,
    String summary,
    boolean rightMustNotBeLooser,
    List<ReportFinding> findings,
    AccessMatrix matrix) {
  public HtmlReportContent {
    requireNonNull(title, "title is null");
    requireNonNull(verdict, "verdict is null");
    requireNonNull(summary, "summary is null");
    findings = List.copyOf(requireNonNull(findings, "findings is null"));
    requireNonNull(matrix, "matrix is null");
  }
}
