package dev.passport.enforce.diff;

import dev.passport.enforce.report.AccessMatrixBuilder;
import dev.passport.enforce.report.AccessMatrixCell;
import dev.passport.enforce.report.HtmlReportContent;
import dev.passport.enforce.report.ReportFinding;
import dev.passport.enforce.report.RuleTexts;
import dev.passport.enforce.report.Stricter;
import dev.passport.model.Securable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The diff's HTML page: structural changes and access differences as findings, and a matrix of
 * every principal and table compared in which only the cells that differ carry both sides' words
 * (the result lists differences, not the agreeing cells).
 */
final class DiffHtmlPage {
  private static final String ACCESS = " (access)";
  private static final String ROWS = " (rows)";
  private static final AccessMatrixCell NOT_EVALUATED =
      new AccessMatrixCell("not evaluated", "not evaluated", Stricter.NOT_APPLICABLE);

  private DiffHtmlPage() {}

  static HtmlReportContent of(PolicyDiffResult result, String leftLabel, String rightLabel) {
    AccessMatrixBuilder matrix = new AccessMatrixBuilder(leftLabel, rightLabel);
    for (Securable table : result.tables()) {
      matrix.column(table.qualifiedName() + ACCESS).column(table.qualifiedName() + ROWS);
    }
    for (DiffPrincipal principal : result.principals()) {
      matrix.principal(principal.label());
    }
    List<ReportFinding> findings = new ArrayList<>();
    for (StructuralChange change : result.structuralChanges()) {
      findings.add(
          new ReportFinding(
              change.change().name(),
              change.element().name(),
              "",
              change.key(),
              change.left().map(DiffHtmlPage::side).orElse(""),
              change.right().map(DiffHtmlPage::side).orElse(""),
              words(change.element().name()) + " " + words(change.change().name())));
    }
    for (AccessDifference difference : result.accessDifferences()) {
      if (difference.principal().kind() == DiffPrincipalKind.SESSION_ATTRIBUTE) {
        // Only the cells whose rules were compared say anything for such sessions.
        matrix.principal(difference.principal().label(), NOT_EVALUATED);
      }
      String table = difference.table().qualifiedName();
      String column =
          switch (difference.aspect()) {
            case ACCESS -> table + ACCESS;
            case ROW_FILTER -> table + ROWS;
            case COLUMN -> table + "." + difference.column().orElseThrow();
          };
      matrix.cell(
          difference.principal().label(),
          column,
          new AccessMatrixCell(
              difference.left().description(),
              difference.right().description(),
              stricter(difference.stricterSide())));
      findings.add(
          new ReportFinding(
              "ACCESS",
              difference.aspect().name(),
              difference.principal().label(),
              table + difference.column().map(name -> "." + name).orElse(""),
              side(difference.left()),
              side(difference.right()),
              sentence(difference.stricterSide(), leftLabel, rightLabel)));
    }
    for (AccessNote note : result.notes()) {
      findings.add(
          new ReportFinding(
              "NOTE",
              note.aspect().name(),
              note.principal().label(),
              note.table().qualifiedName() + note.column().map(name -> "." + name).orElse(""),
              side(note.left()),
              side(note.right()),
              note.message()));
    }
    String summary =
        result.structuralChanges().size()
            + " structural changes and "
            + result.accessDifferences().size()
            + " effective-access differences between "
            + leftLabel
            + " and "
            + rightLabel
            + ".";
    return new HtmlReportContent(
        "Passport policy diff: " + leftLabel + " → " + rightLabel,
        result.hasDifferences() ? "DIFFERENT" : "SAME",
        summary,
        false,
        findings,
        matrix.build(new AccessMatrixCell("same", "same", Stricter.SAME)));
  }

  private static Stricter stricter(StricterSide side) {
    return switch (side) {
      case LEFT -> Stricter.LEFT;
      case RIGHT -> Stricter.RIGHT;
      case NEITHER -> Stricter.NEITHER;
      case UNKNOWN -> Stricter.UNKNOWN;
    };
  }

  private static String sentence(StricterSide side, String leftLabel, String rightLabel) {
    return switch (side) {
      case LEFT -> leftLabel + " is stricter";
      case RIGHT -> rightLabel + " is stricter";
      case NEITHER -> "each discloses something the other does not";
      case UNKNOWN -> "cannot be compared";
    };
  }

  private static String side(DiffSide side) {
    return RuleTexts.withOrigins(side.description(), side.origins());
  }

  private static String words(String constant) {
    return constant.toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
