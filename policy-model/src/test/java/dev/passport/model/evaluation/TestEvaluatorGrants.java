package dev.passport.model.evaluation;

import static dev.passport.model.evaluation.EvaluationFixtures.ACCOUNTS;
import static dev.passport.model.evaluation.EvaluationFixtures.ORIGIN;
import static dev.passport.model.evaluation.EvaluationFixtures.builder;
import static dev.passport.model.evaluation.EvaluationFixtures.flagged;
import static dev.passport.model.evaluation.EvaluationFixtures.row;
import static dev.passport.model.evaluation.EvaluationFixtures.table;
import static dev.passport.model.evaluation.EvaluationFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Action;
import dev.passport.model.Expressions;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.PolicySet;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.Privilege;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestEvaluatorGrants {
  private static final Securable PUBLIC_SCHEMA = Securable.schema(Optional.of("db"), "public");

  private static PolicySet.Builder base() {
    return builder()
        .addPrincipal(user("alice", "analyst"))
        .addPrincipal(EvaluationFixtures.role("analyst", "reader"))
        .addPrincipal(EvaluationFixtures.role("reader"))
        .addPrincipal(user("bob"))
        .addPrincipal(flagged(user("root"), PrincipalFlag.SUPERUSER))
        .addTable(
            table(
                ACCOUNTS, Optional.of("owner_role"), RowSecurity.disabled(), "id", "name", "ssn"));
  }

  private static Grant allow(String role, Securable securable, Privilege... privileges) {
    return Grant.allow(Subjects.hasRole(role), Set.of(privileges), securable, ORIGIN);
  }

  private static Grant deny(String role, Securable securable, Privilege... privileges) {
    return new Grant(
        Subjects.hasRole(role),
        Set.of(privileges),
        securable,
        GrantEffect.DENY,
        false,
        GrantVia.DIRECT,
        ORIGIN);
  }

  private static Decision decide(PolicySet set, String user, Action action) {
    return Evaluator.compile(set).decide(PrincipalContext.user(user), ACCOUNTS, action);
  }

  @Test
  void testTableGrantThroughInheritedRole() {
    Grant grant = allow("reader", ACCOUNTS, Privilege.SELECT);
    PolicySet set = base().addGrant(grant).build();

    Decision alice = decide(set, "alice", Action.SELECT);
    assertThat(alice.allowed()).isTrue();
    assertThat(alice.grantedBy()).contains(grant);
    assertThat(alice.rowFilter()).isEqualTo(Expressions.alwaysTrue());
    assertThat(alice.columns().values()).allMatch(ColumnDecision::readable);

    assertThat(decide(set, "alice", Action.UPDATE).allowed()).isFalse();
    Decision bob = decide(set, "bob", Action.SELECT);
    assertThat(bob.allowed()).isFalse();
    assertThat(bob.grantedBy()).isEmpty();
    assertThat(bob.columns().values()).noneMatch(ColumnDecision::readable);
    assertThat(bob.reasons()).anyMatch(reason -> reason.contains("no grant allows SELECT"));
  }

  @Test
  void testSchemaAndCatalogGrantsCoverTheTable() {
    PolicySet schema = base().addGrant(allow("reader", PUBLIC_SCHEMA, Privilege.ALL)).build();
    assertThat(decide(schema, "alice", Action.DELETE).allowed()).isTrue();
    PolicySet otherSchema =
        base()
            .addGrant(
                allow("reader", Securable.schema(Optional.of("db"), "private"), Privilege.ALL))
            .build();
    assertThat(decide(otherSchema, "alice", Action.SELECT).allowed()).isFalse();
    PolicySet catalog =
        base()
            .addGrant(
                Grant.allow(
                    Subjects.everyone(), Set.of(Privilege.SELECT), Securable.catalog("db"), ORIGIN))
            .build();
    assertThat(decide(catalog, "bob", Action.SELECT).allowed()).isTrue();
  }

  @Test
  void testDenyWins() {
    Grant deny = deny("analyst", PUBLIC_SCHEMA, Privilege.SELECT);
    PolicySet set =
        base().addGrant(allow("reader", ACCOUNTS, Privilege.SELECT)).addGrant(deny).build();
    Decision decision = decide(set, "alice", Action.SELECT);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.rowFilter()).isEqualTo(Expressions.alwaysFalse());
    assertThat(decision.reasons()).anyMatch(reason -> reason.startsWith("denied: DENY"));
    assertThat(decide(set, "root", Action.SELECT).allowed()).as("superuser").isTrue();
  }

  @Test
  void testColumnGrantsLimitReadableColumns() {
    PolicySet set =
        base()
            .addGrant(allow("analyst", ACCOUNTS.column("id"), Privilege.SELECT))
            .addGrant(allow("analyst", ACCOUNTS.column("name"), Privilege.SELECT))
            .build();
    Decision decision = decide(set, "alice", Action.SELECT);
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.columns().get("id").readable()).isTrue();
    assertThat(decision.columns().get("name").readable()).isTrue();
    assertThat(decision.columns().get("ssn").readable()).isFalse();
    assertThat(decision.columns().get("ssn").kindName()).isEqualTo("denied");

    assertThat(
            RowEvaluator.maskRow(
                decision,
                row("id", 1, "name", "Ann", "ssn", "123", "extra", "x"),
                LookupSource.none()))
        .as("unlisted columns are not readable through column grants")
        .containsOnlyKeys("id", "name");
  }

  @Test
  void testColumnDenyHidesOneColumn() {
    PolicySet set =
        base()
            .addGrant(allow("reader", ACCOUNTS, Privilege.SELECT))
            .addGrant(deny("analyst", ACCOUNTS.column("ssn"), Privilege.SELECT))
            .build();
    Decision decision = decide(set, "alice", Action.SELECT);
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.columns().get("ssn").readable()).isFalse();
    assertThat(decision.columns().get("id").readable()).isTrue();
    assertThat(
            RowEvaluator.maskRow(
                decision, row("id", 1, "ssn", "123", "extra", "x"), LookupSource.none()))
        .containsOnlyKeys("id", "extra");
  }

  @Test
  void testOwnerAndNoGrantsRecorded() {
    PolicySet set =
        base()
            .addPrincipal(user("olga", "owner_role"))
            .addGrant(allow("reader", PUBLIC_SCHEMA, Privilege.USAGE))
            .build();
    assertThat(decide(set, "olga", Action.DELETE).allowed()).isTrue();
    assertThat(decide(set, "alice", Action.SELECT).allowed()).as("USAGE is not SELECT").isFalse();
  }

  @Test
  void testNoGrantsRecordedDeniesByDefault() {
    PolicySet set = base().addPrincipal(user("olga", "owner_role")).build();

    Decision ungoverned = decide(set, "bob", Action.SELECT);
    assertThat(ungoverned.allowed()).isFalse();
    assertThat(ungoverned.rowFilter()).isEqualTo(Expressions.alwaysFalse());
    assertThat(ungoverned.columns().values()).noneMatch(ColumnDecision::readable);
    assertThat(ungoverned.reasons()).contains("denied: the policy set records no grants");
    Evaluator evaluator = Evaluator.compile(set);
    assertThat(evaluator.options()).isEqualTo(EvaluationOptions.defaults());
    assertThat(evaluator.isAllowed(PrincipalContext.user("bob"), ACCOUNTS, Action.SELECT))
        .isFalse();
    assertThat(evaluator.rowFilter(PrincipalContext.user("bob"), ACCOUNTS, Action.SELECT))
        .isEqualTo(Expressions.alwaysFalse());
    assertThat(
            evaluator
                .column(PrincipalContext.user("bob"), ACCOUNTS.column("ssn"), Action.SELECT)
                .readable())
        .isFalse();

    Decision owner = decide(set, "olga", Action.DELETE);
    assertThat(owner.allowed()).as("the owner needs no grant").isTrue();
    assertThat(owner.reasons()).anyMatch(reason -> reason.contains("owns"));
    assertThat(decide(set, "root", Action.SELECT).allowed()).as("superuser").isTrue();
  }

  @Test
  void testNoGrantsRecordedAllowsWhenAssumedByOption() {
    PolicySet set = base().build();
    EvaluationOptions assumed = EvaluationOptions.defaults().withAccessAssumedWithoutGrants();
    assertThat(assumed.assumeAccessWithoutGrants()).isTrue();
    assertThat(EvaluationOptions.defaults().assumeAccessWithoutGrants()).isFalse();
    Evaluator evaluator = Evaluator.compile(set, assumed);

    Decision decision = evaluator.decide(PrincipalContext.user("bob"), ACCOUNTS, Action.SELECT);
    assertThat(decision.allowed()).isTrue();
    assertThat(decision.rowFilter()).isEqualTo(Expressions.alwaysTrue());
    assertThat(decision.columns().values()).allMatch(ColumnDecision::readable);
    assertThat(decision.reasons())
        .first()
        .isEqualTo("allowed: no grants recorded; access assumed by option");
    assertThat(evaluator.isAllowed(PrincipalContext.user("bob"), ACCOUNTS, Action.SELECT)).isTrue();

    PolicySet governed = base().addGrant(allow("reader", ACCOUNTS, Privilege.SELECT)).build();
    assertThat(
            Evaluator.compile(governed, assumed)
                .isAllowed(PrincipalContext.user("bob"), ACCOUNTS, Action.SELECT))
        .as("the option only speaks for sets without any grant")
        .isFalse();
  }
}
