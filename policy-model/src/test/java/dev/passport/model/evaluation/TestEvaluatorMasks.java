package dev.passport.model.evaluation;

import static dev.passport.model.evaluation.EvaluationFixtures.ACCOUNTS;
import static dev.passport.model.evaluation.EvaluationFixtures.ORIGIN;
import static dev.passport.model.evaluation.EvaluationFixtures.builder;
import static dev.passport.model.evaluation.EvaluationFixtures.context;
import static dev.passport.model.evaluation.EvaluationFixtures.flagged;
import static dev.passport.model.evaluation.EvaluationFixtures.row;
import static dev.passport.model.evaluation.EvaluationFixtures.table;
import static dev.passport.model.evaluation.EvaluationFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.PolicySet;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.Privilege;
import dev.passport.model.RowSecurity;
import dev.passport.model.SaltScope;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestEvaluatorMasks {
  private static final Transform NULLIFY = new Transform.Nullify();
  private static final Transform IDENTITY = new Transform.Identity();
  private static final Transform LAST_FOUR =
      new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER);
  private static final Transform HASH = new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE);

  private static PolicySet.Builder base() {
    return builder()
        .addPrincipal(user("alice", "analyst"))
        .addPrincipal(user("hr_user", "hr"))
        .addPrincipal(flagged(user("root"), PrincipalFlag.SUPERUSER))
        .addTable(
            table(
                ACCOUNTS,
                RowSecurity.disabled(),
                "id:integer",
                "ssn:varchar",
                "email:varchar",
                "country:varchar",
                "salary:decimal"))
        // Everyone may read: the masks decide what each reader sees.
        .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), ACCOUNTS, ORIGIN));
  }

  private static Decision decide(PolicySet set, PrincipalContext context) {
    return Evaluator.compile(set).decide(context, ACCOUNTS, Action.SELECT);
  }

  @Test
  void testRuleSubjectsFoldToOneTransform() {
    ColumnMask mask =
        ColumnMask.of(
            ACCOUNTS.column("ssn"),
            List.of(MaskRule.when(Subjects.hasRole("hr"), IDENTITY)),
            LAST_FOUR,
            ORIGIN);
    PolicySet set = base().addColumnMask(mask).build();

    assertThat(decide(set, PrincipalContext.user("hr_user")).columns().get("ssn").unconditional())
        .contains(IDENTITY);
    ColumnDecision alice = decide(set, PrincipalContext.user("alice")).columns().get("ssn");
    assertThat(alice.unconditional()).contains(LAST_FOUR);
    assertThat(alice.kindName()).isEqualTo("partial");
    assertThat(decide(set, PrincipalContext.user("alice")).columns().get("id").unconditional())
        .contains(IDENTITY);
    assertThat(decide(set, PrincipalContext.user("root")).columns().get("ssn").unconditional())
        .as("superusers read unmasked")
        .contains(IDENTITY);
  }

  @Test
  void testHighestPriorityDirectMaskWins() {
    PolicySet set =
        base()
            .addColumnMask(
                ColumnMask.of(ACCOUNTS.column("ssn"), List.of(), HASH, ORIGIN).withPriority(1))
            .addColumnMask(
                ColumnMask.of(ACCOUNTS.column("ssn"), List.of(), NULLIFY, ORIGIN).withPriority(5))
            .addColumnMask(
                ColumnMask.of(ACCOUNTS.column("ssn"), List.of(), LAST_FOUR, ORIGIN).withPriority(5))
            .addColumnMask(
                ColumnMask.of(ACCOUNTS.column("ssn"), List.of(), IDENTITY, ORIGIN)
                    .withPriority(9)
                    .withAppliesTo(Subjects.hasRole("hr")))
            .build();
    assertThat(decide(set, PrincipalContext.user("alice")).columns().get("ssn").unconditional())
        .as("priority 5 ties: the first listed wins; the priority-9 mask is not attached to alice")
        .contains(NULLIFY);
    assertThat(decide(set, PrincipalContext.user("hr_user")).columns().get("ssn").unconditional())
        .contains(IDENTITY);
  }

  @Test
  void testTagMasksApplyWhenNoDirectMask() {
    Tag pii =
        new Tag(
            "pii",
            List.of(),
            List.of(
                new TagAssignment(ACCOUNTS, "low", ORIGIN),
                new TagAssignment(ACCOUNTS.column("ssn"), "high", ORIGIN),
                new TagAssignment(ACCOUNTS.column("email"), "high", ORIGIN)),
            ORIGIN);
    ColumnMask high =
        new ColumnMask(
            Optional.of("pii_high"),
            Optional.empty(),
            Optional.of(new TagReference("pii", Optional.of("high"), Optional.of("VARCHAR"))),
            List.of(),
            HASH,
            Subjects.everyone(),
            0,
            Optional.empty(),
            Map.of(),
            ORIGIN);
    ColumnMask low =
        new ColumnMask(
            Optional.of("pii_low"),
            Optional.empty(),
            Optional.of(new TagReference("pii", Optional.of("low"), Optional.empty())),
            List.of(),
            new Transform.MaskCharacters(),
            Subjects.everyone(),
            0,
            Optional.empty(),
            Map.of(),
            ORIGIN);
    PolicySet set =
        base()
            .addTag(pii)
            .addColumnMask(high)
            .addColumnMask(low)
            .addColumnMask(
                ColumnMask.of(ACCOUNTS.column("email"), List.of(), new Transform.Email(), ORIGIN))
            .build();
    Map<String, ColumnDecision> columns = decide(set, PrincipalContext.user("alice")).columns();

    assertThat(columns.get("ssn").unconditional()).contains(HASH);
    assertThat(columns.get("email").unconditional())
        .as("a column's own mask wins over a tag's")
        .contains(new Transform.Email());
    assertThat(columns.get("country").unconditional())
        .as("the table's tag value applies to untagged columns")
        .contains(new Transform.MaskCharacters());
  }

  @Test
  void testColumnTagValueFoldsIntoConditions() {
    Tag pii =
        new Tag(
            "pii",
            List.of(),
            List.of(new TagAssignment(ACCOUNTS.column("ssn"), "high", ORIGIN)),
            ORIGIN);
    ColumnMask mask =
        new ColumnMask(
            Optional.empty(),
            Optional.empty(),
            Optional.of(new TagReference("pii", Optional.empty(), Optional.empty())),
            List.of(
                new MaskRule(
                    Subjects.everyone(),
                    Expressions.equal(
                        Expressions.columnTagValue("pii"), Expressions.literal("high")),
                    NULLIFY)),
            LAST_FOUR,
            Subjects.everyone(),
            0,
            Optional.empty(),
            Map.of(),
            ORIGIN);
    PolicySet set = base().addTag(pii).addColumnMask(mask).build();
    assertThat(decide(set, PrincipalContext.user("alice")).columns().get("ssn").unconditional())
        .contains(NULLIFY);
  }

  @Test
  void testConditionalMaskOnAnotherColumn() {
    ColumnMask mask =
        ColumnMask.of(
            ACCOUNTS.column("salary"),
            List.of(
                new MaskRule(Subjects.hasRole("hr"), Expressions.alwaysTrue(), IDENTITY),
                new MaskRule(
                    Subjects.everyone(),
                    Expressions.equal(
                        Expressions.column("country"), Expressions.sessionAttribute("country")),
                    new Transform.Round(-3)),
                new MaskRule(
                    Subjects.everyone(), Expressions.isNull(Expressions.maskedValue()), IDENTITY)),
            NULLIFY,
            ORIGIN);
    PolicySet set = base().addColumnMask(mask).build();

    Decision alice = decide(set, context("alice", "analyst").withAttribute("country", "fr"));
    ColumnDecision salary = alice.columns().get("salary");
    assertThat(salary.kindName()).isEqualTo("expression");
    assertThat(salary.rules())
        .containsExactly(
            new ConditionalTransform(
                Expressions.equal(Expressions.column("country"), Expressions.literal("fr")),
                new Transform.Round(-3)),
            new ConditionalTransform(Expressions.isNull(Expressions.maskedValue()), IDENTITY));
    assertThat(salary.otherwise()).isEqualTo(NULLIFY);

    assertThat(
            RowEvaluator.applyColumn(
                salary, row("country", "fr", "salary", 123_456), "salary", LookupSource.none()))
        .isEqualTo(new java.math.BigDecimal("123000"));
    assertThat(
            RowEvaluator.applyColumn(
                salary, row("country", "de", "salary", 123_456), "salary", LookupSource.none()))
        .isNull();
    assertThat(
            RowEvaluator.maskRow(
                alice, row("id", 1, "country", "fr", "salary", 2_500), LookupSource.none()))
        .containsExactly(
            Map.entry("id", java.math.BigDecimal.ONE),
            Map.entry("country", "fr"),
            Map.entry("salary", new java.math.BigDecimal("3000")));

    assertThat(
            decide(set, PrincipalContext.user("hr_user")).columns().get("salary").unconditional())
        .as("a TRUE condition ends the rules")
        .contains(IDENTITY);
  }

  @Test
  void testOpaqueMaskMasksFully() {
    Expr opaque = Expressions.opaque(SystemKind.SNOWFLAKE, "SYSTEM$CLASSIFY(val)");
    PolicySet set =
        base()
            .addColumnMask(
                ColumnMask.of(
                        ACCOUNTS.column("ssn"),
                        List.of(new MaskRule(Subjects.everyone(), opaque, IDENTITY)),
                        IDENTITY,
                        ORIGIN)
                    .withName("classify"))
            .addColumnMask(
                ColumnMask.of(
                    ACCOUNTS.column("email"),
                    List.of(),
                    new Transform.Expression(
                        Expressions.function("concat", Expressions.maskedValue(), opaque)),
                    ORIGIN))
            .build();
    Decision decision = decide(set, PrincipalContext.user("alice"));
    assertThat(decision.columns().get("ssn").unconditional()).contains(NULLIFY);
    assertThat(decision.columns().get("email").unconditional()).contains(NULLIFY);
    assertThat(decision.reasons()).anyMatch(reason -> reason.contains("column ssn: fully masked"));
  }

  @Test
  void testExpressionTransformFoldsIdentity() {
    ColumnMask mask =
        ColumnMask.of(
            ACCOUNTS.column("email"),
            List.of(),
            new Transform.Expression(
                Expressions.function(
                    "concat",
                    Expressions.currentUser(),
                    Expressions.literal(":"),
                    Expressions.maskedValue())),
            ORIGIN);
    ColumnMask constant =
        ColumnMask.of(
            ACCOUNTS.column("ssn"),
            List.of(),
            new Transform.Expression(Expressions.currentRole()),
            ORIGIN);
    PolicySet set = base().addColumnMask(mask).addColumnMask(constant).build();
    Decision decision = decide(set, PrincipalContext.user("alice"));
    ColumnDecision email = decision.columns().get("email");
    assertThat(email.otherwise())
        .isEqualTo(
            new Transform.Expression(
                Expressions.function(
                    "concat",
                    Expressions.literal("alice"),
                    Expressions.literal(":"),
                    Expressions.maskedValue())));
    assertThat(RowEvaluator.applyColumn(email, row("email", "a@b.c"), "email", LookupSource.none()))
        .isEqualTo("alice:a@b.c");
    assertThat(decision.columns().get("ssn").unconditional())
        .contains(new Transform.Constant((Expr.Literal) Expressions.literal("analyst")));
  }

  @Test
  void testMaskOnColumnUnknownToTheTableEntryIsListed() {
    PolicySet set =
        base()
            .addColumnMask(ColumnMask.of(ACCOUNTS.column("notes"), List.of(), NULLIFY, ORIGIN))
            .build();
    assertThat(decide(set, PrincipalContext.user("alice")).columns())
        .containsKeys("id", "ssn", "email", "country", "salary", "notes");
  }
}
