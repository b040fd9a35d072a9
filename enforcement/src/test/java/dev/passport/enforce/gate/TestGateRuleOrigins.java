package dev.passport.enforce.gate;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.enforce.report.TwoRoleCustomers;
import dev.passport.model.ColumnMask;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.RowFilter;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Findings name the rules that decide their principal's cell, not every rule on the object. */
final class TestGateRuleOrigins {
  private static final Securable CUSTOMERS = Securable.table("sales", "crm", "customers");
  private static final Origin GRANT = at("source.sql", 3);
  private static final Origin ANALYST_MASK = at("source.sql", 10);
  private static final Origin SUPPORT_MASK = at("source.sql", 11);
  private static final Origin ANALYST_ROWS = at("source.sql", 20);
  private static final Origin SUPPORT_ROWS = at("source.sql", 21);

  private static Origin at(String file, int line) {
    return TwoRoleCustomers.at(SystemKind.TRINO, file, line);
  }

  /** Analysts and support read customers. */
  private static PolicySet.Builder base(String file) {
    return TwoRoleCustomers.builder(
        SystemKind.TRINO, ExtractionMethod.FILE, file, CUSTOMERS, "varchar");
  }

  private static ColumnMask emailMask(String role, Transform transform, Origin origin) {
    return TwoRoleCustomers.roleEmailMask(role + "_email", CUSTOMERS, role, transform, origin);
  }

  private static GateResult gate(PolicySet source, PolicySet destination) {
    return ComplianceGate.evaluate(
        source,
        destination,
        Optional.empty(),
        List.of(
            new TableTransfer(
                CUSTOMERS.qualifiedName(), CUSTOMERS.qualifiedName(), ColumnSelection.all())),
        Optional.empty());
  }

  private static Finding finding(GateResult result, FindingCause cause, String role) {
    List<Finding> matching =
        result.findings().stream()
            .filter(finding -> finding.cause() == cause)
            .filter(finding -> finding.principal().equals(Optional.of(GatePrincipal.role(role))))
            .toList();
    assertThat(matching).as(GateReports.toMarkdown(result)).hasSize(1);
    return matching.get(0);
  }

  @Test
  void testEachMaskFindingNamesOnlyItsRolesMask() {
    PolicySet source =
        base("source.sql")
            .addColumnMask(
                emailMask(
                    "analyst",
                    new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                    ANALYST_MASK))
            .addColumnMask(
                emailMask("support", new Transform.Partial(0, 4, "*", FillMode.ONCE), SUPPORT_MASK))
            .build();
    PolicySet destination = base("destination.sql").build();

    GateResult result = gate(source, destination);

    assertThat(result.verdict()).isEqualTo(GateVerdict.FAIL);
    Finding analyst = finding(result, FindingCause.MASK_MISSING, "analyst");
    Finding support = finding(result, FindingCause.MASK_MISSING, "support");
    // Before, both listed every mask on the column: lines 10 and 11 for each.
    assertThat(analyst.source().origins()).containsExactly(ANALYST_MASK, GRANT);
    assertThat(support.source().origins()).containsExactly(SUPPORT_MASK, GRANT);
    assertThat(analyst.destination().origins()).containsExactly(at("destination.sql", 3));
  }

  @Test
  void testEachFilterFindingNamesOnlyItsRolesFilter() {
    PolicySet source =
        base("source.sql")
            .addRowFilter(
                RowFilter.of(
                        CUSTOMERS,
                        equal(column("region"), literal("EU")),
                        Subjects.hasRole("analyst"),
                        ANALYST_ROWS)
                    .withName("analyst_rows"))
            .addRowFilter(
                RowFilter.of(
                        CUSTOMERS,
                        equal(column("region"), literal("US")),
                        Subjects.hasRole("support"),
                        SUPPORT_ROWS)
                    .withName("support_rows"))
            .build();
    PolicySet destination = base("destination.sql").build();

    GateResult result = gate(source, destination);

    Finding analyst = finding(result, FindingCause.FILTER_MISSING, "analyst");
    Finding support = finding(result, FindingCause.FILTER_MISSING, "support");
    assertThat(analyst.source().origins()).containsExactly(ANALYST_ROWS, GRANT);
    assertThat(support.source().origins()).containsExactly(SUPPORT_ROWS, GRANT);
    assertThat(GateReports.toMarkdown(result)).contains("source.sql:20").contains("source.sql:21");
  }
}
