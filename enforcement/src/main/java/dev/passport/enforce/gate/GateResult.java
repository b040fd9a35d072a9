package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The gate's answer: the verdict, the findings behind it (most severe first), and the
 * effective-access matrix (every destination principal × transferred table and column, both sides'
 * views and which is stricter) for reports to render.
 *
 * @param verdict FAIL when a finding is FAIL, else REVIEW when one is REVIEW, else PASS
 * @param source the source's policies, as the spec gave them
 * @param destination the destination's policies, as the spec gave them
 * @param findings ordered by severity, cause, object and principal
 * @param matrix ordered by table, then principal as enumerated (users, roles, groups, any other
 *     user)
 */
public record GateResult(
    GateVerdict verdict,
    String source,
    String destination,
    List<Finding> findings,
    List<AccessRow> matrix) {
  public GateResult {
    requireNonNull(verdict, "verdict is null");
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
    findings = List.copyOf(requireNonNull(findings, "findings is null"));
    matrix = List.copyOf(requireNonNull(matrix, "matrix is null"));
  }

  /** The findings of one severity, in order. */
  public List<Finding> findings(FindingSeverity severity) {
    requireNonNull(severity, "severity is null");
    return findings.stream().filter(finding -> finding.severity() == severity).toList();
  }

  /** The verdict that a list of findings gives. */
  public static GateVerdict verdictOf(List<Finding> findings) {
    boolean review = false;
    for (Finding finding : findings) {
      switch (finding.severity()) {
        case FAIL:
          return GateVerdict.FAIL;
        case REVIEW:
          review = true;
          break;
        case INFO:
          break;
      }
    }
    return review ? GateVerdict.REVIEW : GateVerdict.PASS;
  }
}
