package dev.passport.model.evaluation;

import static dev.passport.model.evaluation.EvaluationFixtures.ACCOUNTS;
import static dev.passport.model.evaluation.EvaluationFixtures.ORIGIN;
import static dev.passport.model.evaluation.EvaluationFixtures.builder;
import static dev.passport.model.evaluation.EvaluationFixtures.flagged;
import static dev.passport.model.evaluation.EvaluationFixtures.table;
import static dev.passport.model.evaluation.EvaluationFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.PolicySet;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** isAllowed, rowFilter and column answer exactly what decide answers, piece by piece. */
class TestEvaluatorFastPaths {
  private static final Securable ORDERS = Securable.table("db", "public", "orders");
  private static final Transform LAST_FOUR =
      new Transform.Partial(0, 4, "X", FillMode.EACH_CHARACTER);

  private static PolicySet set() {
    Tag pii =
        new Tag(
            "pii",
            List.of(),
            List.of(
                new TagAssignment(ACCOUNTS.column("ssn"), "high", ORIGIN),
                new TagAssignment(ACCOUNTS.column("phone"), "high", ORIGIN)),
            ORIGIN);
    ColumnMask tagMask =
        new ColumnMask(
            Optional.of("pii_high"),
            Optional.empty(),
            Optional.of(new TagReference("pii", Optional.of("high"), Optional.empty())),
            List.of(),
            new Transform.Nullify(),
            Subjects.hasRole("analyst"),
            0,
            Optional.empty(),
            Map.of(),
            ORIGIN);
    return builder()
        .addPrincipal(user("alice", "analyst"))
        .addPrincipal(EvaluationFixtures.role("analyst", "reader"))
        .addPrincipal(EvaluationFixtures.role("reader"))
        .addPrincipal(user("bob", "reader"))
        .addPrincipal(user("carol"))
        .addPrincipal(flagged(user("root"), PrincipalFlag.SUPERUSER))
        .addTable(table(ACCOUNTS, RowSecurity.allAnd(), "id", "owner", "region", "ssn", "email"))
        .addTable(table(ORDERS, RowSecurity.disabled(), "id", "amount"))
        .addGrant(
            Grant.allow(Subjects.hasRole("reader"), Set.of(Privilege.SELECT), ACCOUNTS, ORIGIN))
        .addGrant(
            new Grant(
                Subjects.isUser("bob"),
                Set.of(Privilege.SELECT),
                ACCOUNTS.column("ssn"),
                GrantEffect.DENY,
                false,
                GrantVia.DIRECT,
                ORIGIN))
        .addGrant(
            Grant.allow(
                Subjects.isUser("carol"), Set.of(Privilege.SELECT), ORDERS.column("id"), ORIGIN))
        .addRowFilter(
            RowFilter.of(
                ACCOUNTS,
                Expressions.equal(Expressions.column("owner"), Expressions.currentUser()),
                Subjects.hasRole("analyst"),
                ORIGIN))
        .addRowFilter(
            RowFilter.of(
                ACCOUNTS,
                Expressions.equal(Expressions.column("region"), Expressions.literal("EU")),
                Subjects.everyone(),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                ACCOUNTS.column("email"),
                List.of(MaskRule.when(Subjects.hasRole("analyst"), LAST_FOUR)),
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                ORIGIN))
        .addTag(pii)
        .addColumnMask(tagMask)
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "bob", "carol", "root", "stranger"})
  void testFastPathsAgreeWithDecide(String user) {
    Evaluator evaluator = Evaluator.compile(set());
    PrincipalContext context = PrincipalContext.user(user);
    for (Securable table : List.of(ACCOUNTS, ORDERS)) {
      for (Action action : List.of(Action.SELECT, Action.INSERT)) {
        Decision decision = evaluator.decide(context, table, action);

        assertThat(evaluator.isAllowed(context, table, action)).isEqualTo(decision.allowed());
        assertThat(evaluator.rowFilter(context, table, action)).isEqualTo(decision.rowFilter());
        for (Map.Entry<String, ColumnDecision> column : decision.columns().entrySet()) {
          assertThat(evaluator.column(context, table.column(column.getKey()), action))
              .isEqualTo(column.getValue());
        }
      }
    }
  }

  @Test
  void testAnswersDoNotDependOnWhatWasAskedBefore() {
    Evaluator evaluator = Evaluator.compile(set());
    Decision first = evaluator.decide(PrincipalContext.user("alice"), ACCOUNTS, Action.SELECT);
    evaluator.decide(PrincipalContext.user("bob"), ACCOUNTS, Action.SELECT);
    Decision again = evaluator.decide(PrincipalContext.user("alice"), ACCOUNTS, Action.SELECT);
    Decision fresh =
        Evaluator.compile(set()).decide(PrincipalContext.user("alice"), ACCOUNTS, Action.SELECT);

    assertThat(again).isEqualTo(first).isEqualTo(fresh);
    assertThat(again.reasons()).isEqualTo(fresh.reasons()).isNotEmpty();
    assertThat(again.columns().keySet()).containsExactly("id", "owner", "region", "ssn", "email");
    assertThat(again.rowFilter())
        .isEqualTo(
            Expressions.and(
                Expressions.equal(Expressions.column("owner"), Expressions.literal("alice")),
                Expressions.equal(Expressions.column("region"), Expressions.literal("EU"))));
  }

  @Test
  void testRepeatedAndInterleavedCallsAnswerAsAFreshEvaluator() {
    Evaluator evaluator = Evaluator.compile(set());
    PrincipalContext alice = PrincipalContext.user("alice");
    List<PrincipalContext> contexts =
        List.of(
            alice,
            // Equal to alice but another object: answered from the same memo.
            PrincipalContext.user("alice"),
            // Same user, other session roles: must not share alice's answers.
            alice.withRoles(List.of("reader")),
            alice.withGroups(List.of("auditors")),
            alice.withAttribute("app.region", "EU"),
            PrincipalContext.user("bob"),
            PrincipalContext.user("root"));
    List<Securable> tables =
        List.of(ACCOUNTS, Securable.table("public", "accounts"), ORDERS, ACCOUNTS.column("ssn"));
    for (int round = 0; round < 3; round++) {
      for (PrincipalContext context : contexts) {
        for (Securable table : tables) {
          for (Action action : List.of(Action.SELECT, Action.INSERT, Action.SELECT)) {
            Decision expected = Evaluator.compile(set()).decide(context, table, action);
            String why = context + " " + table + " " + action + " round " + round;

            assertThat(evaluator.isAllowed(context, table, action))
                .as(why)
                .isEqualTo(expected.allowed());
            assertThat(evaluator.rowFilter(context, table, action))
                .as(why)
                .isEqualTo(expected.rowFilter());
            for (String column : List.of("ssn", "email", "phone", "amount")) {
              Securable tableOnly = table.tableOnly();
              ColumnDecision fresh =
                  Evaluator.compile(set()).column(context, tableOnly.column(column), action);
              assertThat(evaluator.column(context, tableOnly.column(column), action))
                  .as(why + " " + column)
                  .isEqualTo(fresh);
              if (expected.columns().containsKey(column)) {
                assertThat(fresh).as(why + " " + column).isEqualTo(expected.columns().get(column));
              }
            }
          }
        }
      }
    }
    assertThat(evaluator.rowFilter(alice, ACCOUNTS, Action.SELECT))
        .isNotEqualTo(evaluator.rowFilter(PrincipalContext.user("bob"), ACCOUNTS, Action.SELECT));
  }

  /** Filters and masks that read a session attribute, so contexts differing in it differ. */
  private static PolicySet attributeSet() {
    return builder()
        .addPrincipal(user("alice", "analyst"))
        .addPrincipal(EvaluationFixtures.role("analyst", "reader"))
        .addPrincipal(EvaluationFixtures.role("reader"))
        .addTable(table(ACCOUNTS, RowSecurity.allAnd(), "id", "region", "email"))
        .addGrant(
            Grant.allow(Subjects.hasRole("reader"), Set.of(Privilege.SELECT), ACCOUNTS, ORIGIN))
        .addGrant(
            Grant.allow(Subjects.inGroup("auditors"), Set.of(Privilege.INSERT), ACCOUNTS, ORIGIN))
        .addRowFilter(
            RowFilter.of(
                ACCOUNTS,
                Expressions.equal(
                    Expressions.column("region"), Expressions.sessionAttribute("app.region")),
                Subjects.everyone(),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                ACCOUNTS.column("email"),
                List.of(
                    MaskRule.when(Subjects.attributeEquals("app.clearance", "high"), LAST_FOUR)),
                new Transform.Nullify(),
                ORIGIN))
        .build();
  }

  /**
   * Arguments equal to earlier ones but built anew, down to their strings and lists, find the
   * earlier answers by value; arguments that differ in attributes, roles or groups only must not.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void testEqualArgumentsBuiltAnewShareAnswersAndOthersDoNot(boolean unsetAttributesUnknown) {
    EvaluationOptions options =
        unsetAttributesUnknown
            ? EvaluationOptions.defaults().withUnsetAttributesUnknown()
            : EvaluationOptions.defaults();
    Evaluator evaluator = Evaluator.compile(attributeSet(), options);
    List<Map<String, String>> attributes =
        List.of(
            Map.of(),
            Map.of("app.region", "EU"),
            Map.of("app.region", "US"),
            Map.of("app.region", "EU", "app.clearance", "high"),
            Map.of("app.clearance", "high"));
    // Session roles without reader deny; the group grants INSERT.
    List<List<String>> roleLists =
        List.of(List.of(), List.of("reader"), List.of("analyst"), List.of("visitor"));
    List<List<String>> groupLists = List.of(List.of(), List.of("auditors"));
    for (int round = 0; round < 3; round++) {
      for (Map<String, String> attribute : attributes) {
        for (List<String> roles : roleLists) {
          for (List<String> groups : groupLists) {
            for (Action action : List.of(Action.SELECT, Action.INSERT)) {
              // A new context and table per call, holding new strings: nothing is shared with
              // the arguments of earlier calls but their value.
              PrincipalContext context = rebuilt(attribute, roles, groups);
              Evaluator fresh = Evaluator.compile(attributeSet(), options);
              Decision expected = fresh.decide(context, ACCOUNTS, action);
              String why = context + " " + action + " round " + round;

              assertThat(evaluator.isAllowed(context, rebuilt(ACCOUNTS), action))
                  .as(why)
                  .isEqualTo(expected.allowed());
              assertThat(evaluator.rowFilter(rebuilt(context), rebuilt(ACCOUNTS), action))
                  .as(why)
                  .isEqualTo(expected.rowFilter());
              for (String column : List.of("email", "region", "phone")) {
                assertThat(
                        evaluator.column(
                            rebuilt(context), rebuilt(ACCOUNTS.column(column)), action))
                    .as(why + " " + column)
                    .isEqualTo(fresh.column(context, ACCOUNTS.column(column), action));
              }
            }
          }
        }
      }
    }
    PrincipalContext alice = PrincipalContext.user("alice");

    assertThat(
            evaluator.rowFilter(alice.withAttribute("app.region", "EU"), ACCOUNTS, Action.SELECT))
        .isEqualTo(Expressions.equal(Expressions.column("region"), Expressions.literal("EU")))
        .isNotEqualTo(
            evaluator.rowFilter(alice.withAttribute("app.region", "US"), ACCOUNTS, Action.SELECT));
    assertThat(
            evaluator
                .column(
                    alice.withAttribute("app.clearance", "high"),
                    ACCOUNTS.column("email"),
                    Action.SELECT)
                .unconditional())
        .contains(LAST_FOUR);
    assertThat(evaluator.column(alice, ACCOUNTS.column("email"), Action.SELECT).unconditional())
        .contains(new Transform.Nullify());
  }

  private static PrincipalContext rebuilt(
      Map<String, String> attributes, List<String> roles, List<String> groups) {
    PrincipalContext context =
        new PrincipalContext(anew("alice"), anew(roles), anew(groups), Map.of());
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      context = context.withAttribute(anew(attribute.getKey()), anew(attribute.getValue()));
    }
    return context;
  }

  private static PrincipalContext rebuilt(PrincipalContext context) {
    return new PrincipalContext(
        anew(context.user()),
        anew(context.roles()),
        anew(context.groups()),
        new HashMap<>(context.attributes()));
  }

  private static Securable rebuilt(Securable securable) {
    return new Securable(
        securable.catalog().map(TestEvaluatorFastPaths::anew),
        securable.schema().map(TestEvaluatorFastPaths::anew),
        securable.table().map(TestEvaluatorFastPaths::anew),
        securable.column().map(TestEvaluatorFastPaths::anew),
        anew(securable.spelling()));
  }

  private static List<String> anew(List<String> names) {
    List<String> copy = new ArrayList<>();
    for (String name : names) {
      copy.add(anew(name));
    }
    return copy;
  }

  /** An equal string that is another object, as a parser would produce per query. */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static String anew(String text) {
    return new String(text);
  }

  @Test
  void testAColumnTheDecisionDoesNotListIsDecidedByTheSameRules() {
    Evaluator evaluator = Evaluator.compile(set());

    assertThat(
            evaluator
                .column(PrincipalContext.user("alice"), ACCOUNTS.column("phone"), Action.SELECT)
                .unconditional())
        .as("tagged pii high, masked for analysts")
        .contains(new Transform.Nullify());
    assertThat(
            evaluator
                .column(PrincipalContext.user("bob"), ACCOUNTS.column("phone"), Action.SELECT)
                .unconditional())
        .contains(new Transform.Identity());
    assertThat(
            evaluator
                .column(PrincipalContext.user("carol"), ORDERS.column("amount"), Action.SELECT)
                .readable())
        .as("carol holds a grant on orders.id only")
        .isFalse();
  }

  @Test
  void testRejectsSecurablesOfTheWrongLevel() {
    Evaluator evaluator = Evaluator.compile(set());
    PrincipalContext alice = PrincipalContext.user("alice");
    Securable schema = Securable.schema(Optional.of("db"), "public");

    assertThatThrownBy(() -> evaluator.isAllowed(alice, schema, Action.SELECT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> evaluator.column(alice, ACCOUNTS, Action.SELECT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
