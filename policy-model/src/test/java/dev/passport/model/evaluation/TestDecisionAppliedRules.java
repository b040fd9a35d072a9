package dev.passport.model.evaluation;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules a decision says it applied, which reports name as the origin of an answer. */
final class TestDecisionAppliedRules {
  private static final Securable ORDERS = Securable.table("shop", "orders");
  private static final PrincipalContext ANALYST =
      PrincipalContext.user("someone").withRoles(List.of("analyst"));

  private static Origin at(int line) {
    return Origin.declared(SystemKind.RANGER, "item").at("policies.json", line);
  }

  private static PolicySet.Builder base(RowSecurity security) {
    return PolicySet.builder(Source.of(SystemKind.RANGER, "policies.json", ExtractionMethod.FILE))
        .addPrincipal(Principal.role("analyst", at(1)))
        .addTable(
            new Table(
                ORDERS,
                List.of(
                    new ColumnInfo("id", "int", false),
                    new ColumnInfo("region", "string", true),
                    new ColumnInfo("card", "string", true)),
                Optional.empty(),
                security))
        .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), ORDERS, at(2)));
  }

  private static RowFilter filter(String region, int priority, int line) {
    return RowFilter.of(
            ORDERS, equal(column("region"), literal(region)), Subjects.hasRole("analyst"), at(line))
        .withName(region.toLowerCase(Locale.ROOT) + "_rows")
        .withPriority(priority);
  }

  @Test
  void testFirstMatchNamesTheFilterThatWonNotTheOthers() {
    RowSecurity firstMatch =
        new RowSecurity(true, CombinationRule.FIRST_MATCH, false, false, Subjects.nobody());
    PolicySet set =
        base(firstMatch)
            .addRowFilter(filter("EU", 2, 10))
            .addRowFilter(filter("US", 1, 11))
            .addRowFilter(
                RowFilter.of(ORDERS, literal(true), Subjects.hasRole("auditor"), at(12))
                    .withName("auditor_rows"))
            .build();
    Evaluator evaluator = Evaluator.compile(set);

    List<RowFilter> deciding = evaluator.decide(ANALYST, ORDERS, Action.SELECT).appliedRowFilters();

    assertThat(deciding).extracting(RowFilter::origin).containsExactly(at(11));
  }

  @Test
  void testExemptPrincipalHasNoDecidingFilter() {
    RowSecurity exempt =
        new RowSecurity(true, CombinationRule.ALL_AND, false, false, Subjects.hasRole("analyst"));
    PolicySet set = base(exempt).addRowFilter(filter("EU", 0, 10)).build();
    Evaluator evaluator = Evaluator.compile(set);

    assertThat(evaluator.decide(ANALYST, ORDERS, Action.SELECT).appliedRowFilters()).isEmpty();
  }

  @Test
  void testTagMaskIsNamedOnlyWhenItsTagValueMatches() {
    ColumnMask pii =
        new ColumnMask(
            Optional.of("pii_mask"),
            Optional.empty(),
            Optional.of(new TagReference("class", Optional.of("pii"), Optional.empty())),
            List.of(),
            new Transform.Nullify(),
            Subjects.everyone(),
            0,
            Optional.empty(),
            Map.of(),
            at(20));
    ColumnMask secret =
        new ColumnMask(
            Optional.of("secret_mask"),
            Optional.empty(),
            Optional.of(new TagReference("class", Optional.of("secret"), Optional.empty())),
            List.of(),
            new Transform.Constant(literal("x")),
            Subjects.everyone(),
            0,
            Optional.empty(),
            Map.of(),
            at(21));
    PolicySet set =
        base(RowSecurity.allAnd())
            .addTag(
                new Tag(
                    "class",
                    List.of("pii", "secret"),
                    List.of(new TagAssignment(ORDERS.column("card"), "pii", at(22))),
                    at(23)))
            .addColumnMask(secret)
            .addColumnMask(pii)
            .build();
    Evaluator evaluator = Evaluator.compile(set);
    Decision decision = evaluator.decide(ANALYST, ORDERS, Action.SELECT);

    assertThat(decision.appliedMasks()).containsExactly(Map.entry("card", pii));
  }

  @Test
  void testEachRoleIsNamedItsOwnFiltersAndMask() {
    PolicySet set =
        base(RowSecurity.postgresql(false))
            .addPrincipal(Principal.role("auditor", at(3)))
            .addRowFilter(filter("EU", 0, 10))
            .addRowFilter(
                RowFilter.of(ORDERS, literal(true), Subjects.hasRole("auditor"), at(12))
                    .withName("auditor_rows"))
            .addColumnMask(
                ColumnMask.of(ORDERS.column("card"), List.of(), new Transform.Nullify(), at(30))
                    .withAppliesTo(Subjects.hasRole("analyst")))
            .addColumnMask(
                ColumnMask.of(
                        ORDERS.column("card"), List.of(), new Transform.MaskCharacters(), at(31))
                    .withAppliesTo(Subjects.hasRole("auditor")))
            .build();
    Evaluator evaluator = Evaluator.compile(set);
    PrincipalContext auditor = PrincipalContext.user("other").withRoles(List.of("auditor"));

    Decision analysts = evaluator.decide(ANALYST, ORDERS, Action.SELECT);
    Decision auditors = evaluator.decide(auditor, ORDERS, Action.SELECT);

    assertThat(analysts.appliedRowFilters()).extracting(RowFilter::origin).containsExactly(at(10));
    assertThat(auditors.appliedRowFilters()).extracting(RowFilter::origin).containsExactly(at(12));
    assertThat(analysts.appliedMasks().get("card").origin()).isEqualTo(at(30));
    assertThat(auditors.appliedMasks().get("card").origin()).isEqualTo(at(31));
    assertThat(analysts.appliedMasks()).doesNotContainKey("region");
    assertThat(evaluator.applies(Subjects.hasRole("auditor"), auditor)).isTrue();
    assertThat(evaluator.applies(Subjects.hasRole("auditor"), ANALYST)).isFalse();
  }

  @Test
  void testSuperuserAndDeniedPrincipalsAreNamedNoFilterOrMask() {
    PolicySet set =
        base(RowSecurity.postgresql(false))
            .addPrincipal(Principal.user("root", at(4)).withFlags(Set.of(PrincipalFlag.SUPERUSER)))
            .addRowFilter(filter("EU", 0, 10))
            .addColumnMask(
                ColumnMask.of(ORDERS.column("card"), List.of(), new Transform.Nullify(), at(30)))
            .build();
    Evaluator evaluator = Evaluator.compile(set);

    Decision root = evaluator.decide(PrincipalContext.user("root"), ORDERS, Action.SELECT);
    Decision analyst = evaluator.decide(ANALYST, ORDERS, Action.SELECT);

    assertThat(root.appliedRowFilters()).isEmpty();
    assertThat(root.appliedMasks()).isEmpty();
    assertThat(analyst.appliedRowFilters()).extracting(RowFilter::origin).containsExactly(at(10));
    assertThat(analyst.appliedMasks()).containsOnlyKeys("card");
  }
}
