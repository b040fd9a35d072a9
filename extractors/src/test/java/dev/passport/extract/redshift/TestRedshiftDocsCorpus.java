package dev.passport.extract.redshift;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.DefinitionBody;
import dev.passport.model.Expr;
import dev.passport.model.Parameter;
import dev.passport.model.PolicySet;
import dev.passport.model.RowFilter;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL examples of the Redshift developer guide, read with {@link RedshiftDdlReader}. */
class TestRedshiftDocsCorpus {
  private static List<RedshiftDocsCorpus.Page> pages;

  @BeforeAll
  static void readCorpus() {
    assumeTrue(Files.isDirectory(RedshiftDocsCorpus.DIRECTORY), "the corpus is not present");
    pages = RedshiftDocsCorpus.readAll();
  }

  private static PolicySet page(String name) {
    return pages.stream()
        .filter(page -> page.name().equals(name))
        .findFirst()
        .orElseThrow()
        .result()
        .policySet();
  }

  @Test
  void testEveryPageExtractsAndEveryLossIsOneTheCoveragePageExplains() {
    RedshiftDocsCorpus.Summary summary = RedshiftDocsCorpus.summarise(pages);
    if (Boolean.getBoolean("passport.print")) {
      System.out.println(RedshiftDocsCorpus.describe(summary));
    }
    assertThat(summary.pages()).isEqualTo(18);
    assertThat(summary.statements()).isGreaterThan(150);
    assertThat(summary.definitions()).isPositive();
    assertThat(summary.lossReasons().keySet())
        .allSatisfy(
            reason ->
                assertThat(reason)
                    .containsAnyOf(
                        "is attached but not defined",
                        "views are not read",
                        "statement not read",
                        "still attached; Redshift refuses",
                        "lookup table of RLS policy",
                        "the function redact_credit_card",
                        "the unqualified column qtysold",
                        "does not exist",
                        "has 2 outputs"));
  }

  @Test
  void testCreateRlsPolicyExampleHasItsPredicate() {
    PolicySet set = page("r_CREATE_RLS_POLICY.md");
    assertThat(set.definition("policy_concerts").orElseThrow().body())
        .isEqualTo(new DefinitionBody.Predicate(equal(column("catgroup"), literal("Concerts"))));
    assertThat(set.definition("policy_concerts").orElseThrow().parameters())
        .containsExactly(new Parameter("catgroup", "varchar(10)"));
    assertThat(set.principal("bob").orElseThrow().memberOf()).containsExactly("sys:secadmin");
  }

  @Test
  void testAttachExampleAttachesToRoles() {
    PolicySet set = page("r_ATTACH_RLS_POLICY.md");
    assertThat(set.rowFilters())
        .extracting(RowFilter::appliesTo)
        .containsExactly(Subjects.hasRole("analyst"), Subjects.hasRole("dbadmin"));
    // The page attaches a policy created on another page: the filters admit no row, reported.
    assertThat(set.rowFilters().get(0).predicate()).isInstanceOf(Expr.Opaque.class);
  }

  @Test
  void testDependencyExampleAttachesALookupPolicyToTwoTables() {
    PolicySet set = page("t_rls_object_dependency.md");
    assertThat(set.rowFilters())
        .extracting(filter -> filter.table().qualifiedName() + " " + filter.appliesTo())
        .containsExactly(
            "public.tickit_event_redshift " + Subjects.hasRole("analyst"),
            "target_schema.target_event_table " + Subjects.hasRole("consumer"));
    Expr predicate = set.rowFilters().get(0).predicate();
    assertThat(predicate).isInstanceOf(Expr.Lookup.class);
    assertThat(((Expr.Lookup) predicate).table().table()).contains("tickit_sales_redshift");
  }

  @Test
  void testEndToEndRlsExampleRefusesWhatRedshiftRefuses() {
    PolicySet set = page("r_rls-procedures.md");
    // DETACH and DROP of policy_concerts apply; policy_events stays attached, so its DROP (without
    // CASCADE) is refused, as Redshift refuses it; dropping the roles at the end detaches it.
    assertThat(set.definition("policy_concerts")).isEmpty();
    assertThat(set.definition("policy_events")).isPresent();
    assertThat(set.rowFilters()).isEmpty();
    // The refused DROP TABLE of the lookup table keeps its grant.
    assertThat(set.grants())
        .extracting(dev.passport.model.Grant::describe)
        .contains(
            "SELECT, INSERT, UPDATE, DELETE, REFERENCES on public.tickit_sales_redshift to everyone");
    assertThat(
            set.tables().stream()
                .filter(t -> t.name().table().equals(Optional.of("tickit_category_redshift")))
                .findFirst()
                .orElseThrow()
                .rowSecurity()
                .enabled())
        .isFalse();
  }

  @Test
  void testConditionalMaskingExampleHasPriorityAndConditionColumn() {
    PolicySet set = page("t_ddm-conditional.md");
    ColumnMask mask = set.columnMasks().get(0);
    assertThat(mask.name()).contains("card_number_conditional_mask");
    assertThat(mask.priority()).isEqualTo(100);
    assertThat(mask.appliesTo()).isEqualTo(Subjects.hasRole("analyst"));
    assertThat(mask.rules().get(0).condition()).isEqualTo(column("is_fraud"));
    assertThat(mask.otherwise()).isEqualTo(new Transform.Nullify());
  }

  @Test
  void testHierarchyExampleGivesTheHigherPriorityPolicyToAUserWithBothRoles() {
    PolicySet set = page("t_ddm-hierarchy.md");
    assertThat(set.columnMasks())
        .extracting(mask -> mask.name().get() + " " + mask.column().get().column().get())
        .containsExactlyInAnyOrder(
            "partial_hash address",
            "partial_hash credit_card",
            "full_hash credit_card",
            "full_hash ssn");
    ColumnMask winner =
        set.columnMasks().stream()
            .filter(mask -> mask.column().get().column().equals(Optional.of("credit_card")))
            .max(java.util.Comparator.comparingInt(ColumnMask::priority))
            .orElseThrow();
    assertThat(winner.name()).contains("full_hash");
    assertThat(winner.priority()).isEqualTo(30);
    // Neither policy is defined on the page: both mask fully, so the winner cannot be told from the
    // transform; the evaluator still applies the mask of the auditor role for a user in both.
    assertThat(
            Evaluator.compile(set)
                .decide(
                    PrincipalContext.user("u").withRoles(List.of("analytics_role", "auditor_role")),
                    Securable.table("public", "credit_cards"),
                    Action.SELECT)
                .columns()
                .get("credit_card")
                .otherwise())
        .isEqualTo(new Transform.Nullify());
  }

  @Test
  void testEndToEndMaskingExampleAltersThenDetachesAndDrops() {
    PolicySet set = page("t_ddm.md");
    assertThat(set.columnMasks()).isEmpty();
    assertThat(set.definitions())
        .extracting(d -> d.name())
        .containsExactly("lookup_mask_credit_card");
  }
}
