package dev.passport.enforce.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestDecidingRules {
  private static final Securable CUSTOMERS = Securable.table("crm", "customers");
  private static final Origin TAG_MASK = TwoRoleCustomers.at(SystemKind.SNOWFLAKE, "p.sql", 20);

  @Test
  void testAColumnMaskedOnlyThroughATagNamesTheTagMask() {
    // "phone" is not among the table's columns, so the decision does not list it; only the tag
    // masks it. Before, the report named no rule here.
    PolicySet set =
        TwoRoleCustomers.builder(
                SystemKind.SNOWFLAKE, ExtractionMethod.FILE, "p.sql", CUSTOMERS, "varchar")
            .addTag(
                new Tag(
                    "pii",
                    List.of("phone"),
                    List.of(
                        new TagAssignment(
                            CUSTOMERS.column("phone"),
                            "phone",
                            TwoRoleCustomers.at(SystemKind.SNOWFLAKE, "p.sql", 11))),
                    TwoRoleCustomers.at(SystemKind.SNOWFLAKE, "p.sql", 10)))
            .addColumnMask(
                new ColumnMask(
                    Optional.of("pii_mask"),
                    Optional.empty(),
                    Optional.of(new TagReference("pii", Optional.empty(), Optional.empty())),
                    List.of(MaskRule.when(Subjects.hasRole("support"), new Transform.Identity())),
                    new Transform.Nullify(),
                    Subjects.everyone(),
                    0,
                    Optional.empty(),
                    Map.of(),
                    TAG_MASK))
            .build();
    Evaluator evaluator = Evaluator.compile(set);
    DecidingRules rules = new DecidingRules(evaluator);
    PrincipalContext analyst = PrincipalContext.user("ann").withRoles(List.of("analyst"));
    Decision decision = evaluator.decide(analyst, CUSTOMERS, Action.SELECT);

    assertThat(decision.columns()).doesNotContainKey("phone");
    assertThat(rules.masks(analyst, decision, "phone", Action.SELECT))
        .extracting(ColumnMask::origin)
        .containsExactly(TAG_MASK);
    // A listed, unmasked column names none.
    assertThat(rules.masks(analyst, decision, "region", Action.SELECT)).isEmpty();
  }
}
