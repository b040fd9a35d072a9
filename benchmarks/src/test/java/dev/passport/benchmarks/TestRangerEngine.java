package dev.passport.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Action;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PolicySet;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Ranger side of the benchmark answers the pooled requests as the evaluator and the synthetic
 * grants do, so the two benchmarks measure the same answers.
 */
class TestRangerEngine {
  private static final int POLICIES = 120;
  private static PolicySet set;
  private static Evaluator evaluator;
  private static RangerEngine ranger;
  private static List<SyntheticCatalogs.Request> requests;

  @BeforeAll
  static void load() {
    set = SyntheticCatalogs.policySet(POLICIES);
    evaluator = Evaluator.compile(set);
    ranger = RangerEngine.load(POLICIES);
    requests = SyntheticCatalogs.requests(POLICIES, 512, 11);
  }

  @AfterAll
  static void close() {
    ranger.close();
  }

  @Test
  void testAccessAgreesWithTheGrantsAndTheEvaluator() {
    List<String> disagreements = new ArrayList<>();
    for (SyntheticCatalogs.Request request : requests) {
      boolean rangerAllowed = ranger.isAccessAllowed(rangerRequest(request)).getIsAllowed();
      boolean allowed = evaluator.isAllowed(request.principal(), request.table(), request.action());
      if (rangerAllowed != request.expectedAllowed() || allowed != request.expectedAllowed()) {
        disagreements.add(request + ": ranger " + rangerAllowed + ", evaluator " + allowed);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void testRowFiltersAgree() {
    List<String> disagreements = new ArrayList<>();
    int filtered = 0;
    for (SyntheticCatalogs.Request request : selectable()) {
      RangerAccessResult result = ranger.evalRowFilterPolicies(rangerRequest(request));
      String rangerFilter = result.isRowFilterEnabled() ? result.getFilterExpr() : "";
      Expr residual = evaluator.rowFilter(request.principal(), request.table(), Action.SELECT);
      String expected = filterText(residual);
      filtered += expected.isEmpty() ? 0 : 1;
      if (!rangerFilter.equals(expected)) {
        disagreements.add(
            request + ": ranger [" + rangerFilter + "], evaluator [" + expected + "]");
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(filtered).isPositive();
  }

  @Test
  void testMasksAgree() {
    List<String> disagreements = new ArrayList<>();
    int masked = 0;
    for (SyntheticCatalogs.Request request : selectable()) {
      RangerAccessResult result =
          ranger.evalDataMaskPolicies(rangerRequest(request), SyntheticCatalogs.MASKED_COLUMN);
      String rangerMask = result.isMaskEnabled() ? result.getMaskType() : "MASK_NONE";
      ColumnDecision column =
          evaluator.column(
              request.principal(),
              request.table().column(SyntheticCatalogs.MASKED_COLUMN),
              Action.SELECT);
      String expected = maskType(column);
      masked += expected.equals("MASK_NONE") ? 0 : 1;
      if (!rangerMask.equals(expected)) {
        disagreements.add(request + ": ranger " + rangerMask + ", evaluator " + expected);
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(masked).isPositive();
  }

  /**
   * The requests whose user may read the table: Ranger answers filters and masks without looking at
   * access (the engine checks that separately), the evaluator answers "no rows" and "denied".
   */
  private static List<SyntheticCatalogs.Request> selectable() {
    List<SyntheticCatalogs.Request> result = new ArrayList<>();
    for (SyntheticCatalogs.Request request : requests) {
      if (evaluator.isAllowed(request.principal(), request.table(), Action.SELECT)) {
        result.add(request);
      }
    }
    assertThat(result).hasSizeGreaterThan(requests.size() / 2);
    return result;
  }

  private static RangerEngine.Request rangerRequest(SyntheticCatalogs.Request request) {
    return RangerEngine.Request.of(
        evaluator, request.principal(), request.table(), request.action());
  }

  /** How the translator writes a residual: none for TRUE, {@code 1 = 0} for no rows. */
  static String filterText(Expr residual) {
    if (Expressions.isTrue(residual)) {
      return "";
    }
    if (Expressions.isFalseOrNull(residual)) {
      return "1 = 0";
    }
    return ExpressionPrinter.print(residual, SqlDialect.TRINO);
  }

  /** The Ranger mask type of the synthetic sets' transforms. */
  static String maskType(ColumnDecision column) {
    switch (column.kindName()) {
      case "identity":
        return "MASK_NONE";
      case "partial":
        // Ranger's MASK_SHOW_LAST_4 fills with 'x'; the synthetic sets fill with '*', a CUSTOM.
        return "CUSTOM";
      case "hash":
        return "MASK_HASH";
      default:
        return column.kindName();
    }
  }
}
