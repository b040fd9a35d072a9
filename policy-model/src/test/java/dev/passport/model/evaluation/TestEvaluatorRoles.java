package dev.passport.model.evaluation;

import static dev.passport.model.evaluation.EvaluationFixtures.ACCOUNTS;
import static dev.passport.model.evaluation.EvaluationFixtures.ORIGIN;
import static dev.passport.model.evaluation.EvaluationFixtures.builder;
import static dev.passport.model.evaluation.EvaluationFixtures.context;
import static dev.passport.model.evaluation.EvaluationFixtures.flagged;
import static dev.passport.model.evaluation.EvaluationFixtures.role;
import static dev.passport.model.evaluation.EvaluationFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Action;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.Grant;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.Privilege;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Subjects;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestEvaluatorRoles {
  private static final PolicySet HIERARCHY =
      builder()
          .addPrincipal(user("alice", "analyst", "auditors"))
          .addPrincipal(role("analyst", "reader"))
          .addPrincipal(role("reader", "public_reader"))
          .addPrincipal(role("public_reader"))
          .addPrincipal(Principal.group("auditors", ORIGIN))
          .addPrincipal(role("cycle_a", "cycle_b"))
          .addPrincipal(role("cycle_b", "cycle_c"))
          .addPrincipal(role("cycle_c", "cycle_a"))
          .addPrincipal(user("carol", "cycle_a"))
          .addPrincipal(flagged(user("nina", "analyst"), PrincipalFlag.NO_INHERIT))
          .addPrincipal(role("manager", "blocked"))
          .addPrincipal(flagged(role("blocked", "secret"), PrincipalFlag.NO_INHERIT))
          .addPrincipal(role("secret"))
          .addPrincipal(user("dave").withAttributes(Map.of("region", "emea", "tenant", "7")))
          // Everyone may read: the row filters below decide which rows, not whether.
          .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), ACCOUNTS, ORIGIN))
          .build();

  private final Evaluator evaluator = Evaluator.compile(HIERARCHY);

  @Test
  void testMultiLevelHierarchyFromPolicySet() {
    assertThat(evaluator.effectiveRoles(PrincipalContext.user("alice")))
        .containsExactlyInAnyOrder("alice", "analyst", "reader", "public_reader", "auditors");
  }

  @Test
  void testCyclesTerminate() {
    assertThat(evaluator.effectiveRoles(PrincipalContext.user("carol")))
        .containsExactlyInAnyOrder("carol", "cycle_a", "cycle_b", "cycle_c");
  }

  @Test
  void testExplicitSessionRolesReplaceTheUsersGrants() {
    assertThat(evaluator.effectiveRoles(context("alice", "reader")))
        .containsExactlyInAnyOrder("alice", "reader", "public_reader");
  }

  @Test
  void testUnknownUserHasOnlyItsOwnName() {
    assertThat(evaluator.effectiveRoles(PrincipalContext.user("mallory")))
        .containsExactly("mallory");
  }

  @Test
  void testNoInheritUserActsAsItself() {
    assertThat(evaluator.effectiveRoles(PrincipalContext.user("nina"))).containsExactly("nina");
    assertThat(evaluator.effectiveRoles(context("nina", "analyst")))
        .containsExactlyInAnyOrder("nina", "analyst", "reader", "public_reader");
  }

  @Test
  void testNoInheritRoleDoesNotPassOnItsMemberships() {
    assertThat(evaluator.effectiveRoles(context("bob", "manager")))
        .containsExactlyInAnyOrder("bob", "manager", "blocked");
  }

  @Test
  void testPrimaryAndInSessionScopes() {
    PolicySet set =
        HIERARCHY.toBuilder()
            .addRowFilter(
                RowFilter.of(
                    ACCOUNTS,
                    Expressions.or(
                        Expressions.and(
                            Expressions.hasRole(Expressions.literal("reader"), RoleScope.PRIMARY),
                            Expressions.equal(
                                Expressions.column("kind"), Expressions.literal("p"))),
                        Expressions.and(
                            Expressions.hasRole("reader"),
                            Expressions.equal(
                                Expressions.column("kind"), Expressions.literal("s")))),
                    Subjects.everyone(),
                    ORIGIN))
            .build();
    Evaluator compiled = Evaluator.compile(set);

    Expr viaAnalyst =
        compiled.decide(context("alice", "analyst"), ACCOUNTS, Action.SELECT).rowFilter();
    assertThat(viaAnalyst)
        .isEqualTo(Expressions.equal(Expressions.column("kind"), Expressions.literal("s")));

    Expr asReader =
        compiled.decide(context("alice", "reader"), ACCOUNTS, Action.SELECT).rowFilter();
    assertThat(asReader)
        .isEqualTo(
            Expressions.or(
                Expressions.equal(Expressions.column("kind"), Expressions.literal("p")),
                Expressions.equal(Expressions.column("kind"), Expressions.literal("s"))));

    Expr noRole = compiled.decide(context("mallory"), ACCOUNTS, Action.SELECT).rowFilter();
    assertThat(noRole).isEqualTo(Expressions.alwaysFalse());
  }

  @Test
  void testSubjectsRoleScopeGroupsAndAttributes() {
    PolicySet set =
        HIERARCHY.toBuilder()
            .addTable(EvaluationFixtures.table(ACCOUNTS, RowSecurity.postgresql(false), "id"))
            .addRowFilter(
                RowFilter.of(
                        ACCOUNTS,
                        Expressions.literal(true),
                        Subjects.hasPrimaryRole("analyst"),
                        ORIGIN)
                    .withName("primary"))
            .addRowFilter(
                RowFilter.of(
                        ACCOUNTS, Expressions.literal(true), Subjects.inGroup("auditors"), ORIGIN)
                    .withName("group"))
            .addRowFilter(
                RowFilter.of(
                        ACCOUNTS,
                        Expressions.literal(true),
                        Subjects.allOf(
                            Subjects.attributeEquals("region", "emea"),
                            Subjects.not(Subjects.isUser("eve"))),
                        ORIGIN)
                    .withName("attribute"))
            .build();
    Evaluator compiled = Evaluator.compile(set);

    assertThat(compiled.decide(PrincipalContext.user("alice"), ACCOUNTS, Action.SELECT).rowFilter())
        .isEqualTo(Expressions.alwaysTrue());
    assertThat(compiled.decide(context("alice", "reader"), ACCOUNTS, Action.SELECT).rowFilter())
        .as("reader is not the primary role analyst and auditors is no longer in the session")
        .isEqualTo(Expressions.alwaysFalse());
    assertThat(
            compiled
                .decide(
                    context("zed", "reader").withGroups(List.of("auditors")),
                    ACCOUNTS,
                    Action.SELECT)
                .rowFilter())
        .isEqualTo(Expressions.alwaysTrue());
    assertThat(compiled.decide(PrincipalContext.user("dave"), ACCOUNTS, Action.SELECT).rowFilter())
        .as("dave's recorded attribute region=emea")
        .isEqualTo(Expressions.alwaysTrue());
    assertThat(
            compiled
                .decide(
                    PrincipalContext.user("dave").withAttribute("region", "apac"),
                    ACCOUNTS,
                    Action.SELECT)
                .rowFilter())
        .as("the session attribute overrides the recorded one")
        .isEqualTo(Expressions.alwaysFalse());
    assertThat(
            compiled
                .decide(
                    PrincipalContext.user("eve").withAttribute("region", "emea"),
                    ACCOUNTS,
                    Action.SELECT)
                .rowFilter())
        .isEqualTo(Expressions.alwaysFalse());
  }

  @Test
  void testIdentityValuesFoldToConstants() {
    Expr predicate =
        Expressions.and(
            Expressions.equal(Expressions.column("owner"), Expressions.currentUser()),
            Expressions.equal(Expressions.column("role"), Expressions.currentRole()),
            Expressions.equal(Expressions.column("tenant"), Expressions.sessionAttribute("tenant")),
            Expressions.equal(
                Expressions.function("upper", Expressions.currentUser()),
                Expressions.literal("DAVE")));
    PolicySet set =
        HIERARCHY.toBuilder()
            .addRowFilter(RowFilter.of(ACCOUNTS, predicate, Subjects.everyone(), ORIGIN))
            .build();

    Expr residual =
        Evaluator.compile(set)
            .decide(context("dave", "analyst"), ACCOUNTS, Action.SELECT)
            .rowFilter();

    assertThat(residual)
        .isEqualTo(
            Expressions.and(
                Expressions.equal(Expressions.column("owner"), Expressions.literal("dave")),
                Expressions.equal(Expressions.column("role"), Expressions.literal("analyst")),
                Expressions.equal(Expressions.column("tenant"), Expressions.literal("7"))));
  }

  @Test
  void testHasRoleOnAMappingColumnBecomesAnInList() {
    Expr lookup =
        Expressions.exists(
            dev.passport.model.Securable.table("db", "public", "role_map"),
            "m",
            Expressions.and(
                Expressions.hasRole(Expressions.column("m", "role_name"), RoleScope.IN_SESSION),
                Expressions.equal(
                    Expressions.column("m", "region"), Expressions.column("region"))));
    PolicySet set =
        HIERARCHY.toBuilder()
            .addRowFilter(RowFilter.of(ACCOUNTS, lookup, Subjects.everyone(), ORIGIN))
            .build();

    Expr residual =
        Evaluator.compile(set)
            .decide(context("bob", "reader"), ACCOUNTS, Action.SELECT)
            .rowFilter();

    assertThat(residual)
        .isEqualTo(
            Expressions.exists(
                dev.passport.model.Securable.table("db", "public", "role_map"),
                "m",
                Expressions.and(
                    Expressions.in(
                        Expressions.column("m", "role_name"),
                        Expressions.literal("bob"),
                        Expressions.literal("reader"),
                        Expressions.literal("public_reader")),
                    Expressions.equal(
                        Expressions.column("m", "region"), Expressions.column("region")))));
  }
}
