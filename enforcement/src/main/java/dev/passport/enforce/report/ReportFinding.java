package dev.passport.enforce.report;

import static java.util.Objects.requireNonNull;

/**
 * One line of a report's findings table.
 *
 * @param severity FAIL, REVIEW, INFO, or the diff's kind of change
 * @param cause a short machine-friendly cause (MASK_MISSING, FILTER_WEAKER…)
 * @param principal who it concerns, empty when no one in particular
 * @param object the table or column
 * @param leftRule the left side's rule with its origin, empty when there is none
 * @param rightRule the right side's rule with its origin, empty when there is none
 * @param detail a sentence for a reader
 */
public record ReportFinding(
    String severity,
    String cause,
    String principal,
    String object,
    String leftRule,
    String rightRule,
    String detail) {
  public ReportFinding {
    requireNonNull(severity, "severity is null");
    requireNonNull(cause, "cause is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(object, "object is null");
    requireNonNull(leftRule, "leftRule is null");
    requireNonNull(rightRule, "rightRule is null");
    requireNonNull(detail, "detail is null");
  }
}
