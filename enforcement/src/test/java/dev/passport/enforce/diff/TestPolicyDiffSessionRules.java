package dev.passport.enforce.diff;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.enforce.report.TwoRoleCustomers;
import dev.passport.model.ColumnMask;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.RowFilter;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Rules chosen by session attribute values in the diff, and origins narrowed to the rules that
 * decide each principal's cell.
 */
final class TestPolicyDiffSessionRules {
  private static final Securable CUSTOMERS = Securable.table("crm", "customers");
  private static final Transform HASH = new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE);
  private static final Transform LAST_FOUR = new Transform.Partial(0, 4, "*", FillMode.ONCE);
  private static final Subject GOLD = Subjects.attributeEquals("app.tier", "gold");
  private static final DiffPrincipal GOLD_SESSIONS =
      new DiffPrincipal(DiffPrincipalKind.SESSION_ATTRIBUTE, "app.tier = 'gold'");

  private static Origin at(String file, int line) {
    return TwoRoleCustomers.at(SystemKind.SNOWFLAKE, file, line);
  }

  /** Analysts and support read customers. */
  private static PolicySet.Builder base(String file) {
    return TwoRoleCustomers.builder(
        SystemKind.SNOWFLAKE, ExtractionMethod.DDL, file, CUSTOMERS, "text");
  }

  private static ColumnMask emailMask(List<MaskRule> rules, Origin origin) {
    return new ColumnMask(
        Optional.of("email_mask"),
        Optional.of(CUSTOMERS.column("email")),
        Optional.empty(),
        rules,
        HASH,
        Subjects.everyone(),
        0,
        Optional.empty(),
        Map.of(),
        origin);
  }

  private static ColumnMask roleMask(String name, String role, Transform transform, Origin origin) {
    return TwoRoleCustomers.roleEmailMask(name, CUSTOMERS, role, transform, origin);
  }

  /** Before: email masked for everyone; after: the same mask, but app.tier = 'gold' sees it. */
  private static PolicyDiffResult goldExemptionAdded() {
    PolicySet left =
        base("before.sql").addColumnMask(emailMask(List.of(), at("before.sql", 10))).build();
    PolicySet right =
        base("after.sql")
            .addColumnMask(
                emailMask(
                    List.of(MaskRule.when(GOLD, new Transform.Identity())), at("after.sql", 10)))
            .build();
    return PolicyDiff.compare(left, right);
  }

  private static List<AccessDifference> sessionDifferences(PolicyDiffResult result) {
    List<AccessDifference> found = new ArrayList<>();
    for (AccessDifference difference : result.accessDifferences()) {
      if (difference.principal().kind() == DiffPrincipalKind.SESSION_ATTRIBUTE) {
        found.add(difference);
      }
    }
    return found;
  }

  @Test
  void testMaskExemptionBySessionAttributeOnOneSideIsAnUnknownDifference() {
    PolicyDiffResult result = goldExemptionAdded();

    // Every principal evaluated has no app.tier, so for each the sides agree: before the session
    // rules were compared, the effective-access part was empty here and said "no difference".
    assertThat(result.accessDifferences()).hasSize(1);
    AccessDifference gold = result.accessDifferences().get(0);
    assertThat(gold.principal()).isEqualTo(GOLD_SESSIONS);
    assertThat(gold.principal().label()).isEqualTo("sessions with app.tier = 'gold'");
    assertThat(gold.table()).isEqualTo(CUSTOMERS);
    assertThat(gold.aspect()).isEqualTo(AccessAspect.COLUMN);
    assertThat(gold.column()).contains("email");
    assertThat(gold.stricterSide()).isEqualTo(StricterSide.UNKNOWN);
    assertThat(gold.left().description()).isEqualTo("no rule chosen by a session attribute value");
    assertThat(gold.left().origins()).isEmpty();
    assertThat(gold.right().description())
        .isEqualTo(
            "chosen by session attribute values, not evaluated: mask email_mask testing"
                + " app.tier = 'gold'");
    assertThat(gold.right().origins()).containsExactly(at("after.sql", 10));
    assertThat(result.notes()).isEmpty();
    assertThat(result.hasDifferences()).isTrue();
    assertThat(result.count(StricterSide.UNKNOWN)).isEqualTo(1);
  }

  @Test
  void testSessionDifferenceIsInEveryReport() throws Exception {
    PolicyDiffResult result = goldExemptionAdded();

    JsonNode json = new ObjectMapper().readTree(PolicyDiffReports.json(result));
    assertThat(json.get("passportDiff").asInt()).isEqualTo(1);
    assertThat(json.get("summary").get("unknown").asInt()).isEqualTo(1);
    JsonNode difference = json.get("accessDifferences").get(0);
    assertThat(difference.get("principal").get("kind").asText()).isEqualTo("session_attribute");
    assertThat(difference.get("principal").get("name").asText()).isEqualTo("app.tier = 'gold'");
    assertThat(difference.get("stricter").asText()).isEqualTo("unknown");
    assertThat(difference.get("right").get("origins").get(0).get("line").asInt()).isEqualTo(10);

    String markdown = PolicyDiffReports.markdown(result, "before", "after");
    assertThat(markdown)
        .contains(
            "| sessions with app.tier = 'gold' | crm.customers | email | column | no rule chosen"
                + " by a session attribute value | chosen by session attribute values, not"
                + " evaluated: mask email_mask testing app.tier = 'gold' <sub>(after.sql:10)</sub>"
                + " | unknown |");

    String html = PolicyDiffReports.html(result, "before", "after");
    assertThat(html).contains("sessions with app.tier = 'gold'").contains("not evaluated");
  }

  @Test
  void testIdenticalSessionRulesAreANoteNotADifference() {
    PolicySet left =
        base("before.sql")
            .addColumnMask(
                emailMask(
                    List.of(MaskRule.when(GOLD, new Transform.Identity())), at("before.sql", 10)))
            .build();
    // Structurally the same rule, declared elsewhere.
    PolicySet right =
        base("after.sql")
            .addColumnMask(
                emailMask(
                    List.of(MaskRule.when(GOLD, new Transform.Identity())), at("after.sql", 42)))
            .build();

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    assertThat(result.hasDifferences()).isFalse();
    assertThat(result.notes()).hasSize(1);
    AccessNote note = result.notes().get(0);
    assertThat(note.principal()).isEqualTo(GOLD_SESSIONS);
    assertThat(note.column()).contains("email");
    assertThat(note.message())
        .isEqualTo(
            "both sides choose the same rules by session attribute values; what sessions with"
                + " app.tier = 'gold' get was not evaluated");
    assertThat(note.left().origins()).containsExactly(at("before.sql", 10));
    assertThat(note.right().origins()).containsExactly(at("after.sql", 42));
    String markdown = PolicyDiffReports.markdown(result, "before", "after");
    assertThat(markdown).contains("No differences").contains("### Notes");
    assertThat(PolicyDiffReports.json(result)).contains("\"notes\" : 1");
  }

  @Test
  void testSameSessionRuleBesideAChangedRuleOnTheCellIsADifferenceNotANote() {
    RowFilter gold =
        RowFilter.of(CUSTOMERS, literal(true), GOLD, at("before.sql", 20)).withName("gold_rows");
    PolicySet left =
        base("before.sql")
            .addRowFilter(gold)
            .addRowFilter(
                RowFilter.of(
                    CUSTOMERS,
                    equal(column("region"), literal("EU")),
                    Subjects.everyone(),
                    at("before.sql", 21)))
            .build();
    // The gold sessions' own rule is unchanged; the filter everyone gets, them included, is not.
    PolicySet right =
        base("after.sql")
            .addRowFilter(gold)
            .addRowFilter(
                RowFilter.of(
                    CUSTOMERS,
                    equal(column("region"), literal("US")),
                    Subjects.everyone(),
                    at("after.sql", 21)))
            .build();

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    assertThat(result.notes()).isEmpty();
    List<AccessDifference> sessions = sessionDifferences(result);
    assertThat(sessions).hasSize(1);
    assertThat(sessions.get(0).aspect()).isEqualTo(AccessAspect.ROW_FILTER);
    assertThat(sessions.get(0).stricterSide()).isEqualTo(StricterSide.UNKNOWN);
  }

  @Test
  void testRowFilterForSessionsOnlyOnOneSideIsAnUnknownRowDifference() {
    PolicySet left = base("before.sql").build();
    PolicySet right =
        base("after.sql")
            .addRowFilter(
                RowFilter.of(
                        CUSTOMERS,
                        equal(column("region"), literal("EU")),
                        Subjects.allOf(Subjects.hasRole("support"), GOLD),
                        at("after.sql", 20))
                    .withName("gold_support_rows"))
            .build();

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    List<AccessDifference> sessions = sessionDifferences(result);
    assertThat(sessions).hasSize(1);
    assertThat(sessions.get(0).aspect()).isEqualTo(AccessAspect.ROW_FILTER);
    assertThat(sessions.get(0).column()).isEmpty();
    assertThat(sessions.get(0).stricterSide()).isEqualTo(StricterSide.UNKNOWN);
    assertThat(sessions.get(0).right().description())
        .contains("row filter gold_support_rows for role support and whoever has app.tier");
    assertThat(sessions.get(0).right().origins()).containsExactly(at("after.sql", 20));
    // Support without a session value is evaluated and sees every row on both sides.
    assertThat(result.accessDifferences()).hasSize(1);
  }

  @Test
  void testEachRoleDifferenceNamesOnlyTheMaskChosenForIt() {
    PolicySet left =
        base("before.sql")
            .addColumnMask(roleMask("analyst_email", "analyst", HASH, at("before.sql", 10)))
            .addColumnMask(roleMask("support_email", "support", LAST_FOUR, at("before.sql", 11)))
            .build();
    PolicySet right = base("after.sql").build();

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    AccessDifference analyst =
        only(result, new DiffPrincipal(DiffPrincipalKind.ROLE, "analyst"), "email");
    AccessDifference support =
        only(result, new DiffPrincipal(DiffPrincipalKind.ROLE, "support"), "email");
    assertThat(analyst.stricterSide()).isEqualTo(StricterSide.LEFT);
    assertThat(analyst.left().origins()).containsExactly(at("before.sql", 10));
    assertThat(support.left().origins()).containsExactly(at("before.sql", 11));
    // The right side has no mask: nothing decides but the absence of one.
    assertThat(analyst.right().origins()).isEmpty();
  }

  @Test
  void testHigherPriorityMaskIsTheOneNamed() {
    ColumnMask low = roleMask("analyst_email", "analyst", HASH, at("before.sql", 10));
    ColumnMask high =
        roleMask("analyst_email_strict", "analyst", new Transform.Nullify(), at("before.sql", 11))
            .withPriority(5);
    PolicySet left = base("before.sql").addColumnMask(low).addColumnMask(high).build();
    PolicySet right = base("after.sql").build();

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    AccessDifference analyst =
        only(result, new DiffPrincipal(DiffPrincipalKind.ROLE, "analyst"), "email");
    assertThat(analyst.left().description()).contains("null");
    assertThat(analyst.left().origins()).containsExactly(at("before.sql", 11));
  }

  private static AccessDifference only(
      PolicyDiffResult result, DiffPrincipal principal, String column) {
    List<AccessDifference> matching =
        result.accessDifferences().stream()
            .filter(difference -> difference.principal().equals(principal))
            .filter(difference -> difference.column().equals(Optional.of(column)))
            .toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
