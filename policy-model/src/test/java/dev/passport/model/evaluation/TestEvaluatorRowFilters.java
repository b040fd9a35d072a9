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
import dev.passport.model.CombinationRule;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.PolicySet;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestEvaluatorRowFilters {
  private static final Expr REGION_EU = equal("region", "eu");
  private static final Expr KIND_A = equal("kind", "a");
  private static final Expr OPEN = equal("status", "open");

  private static Expr equal(String column, String value) {
    return Expressions.equal(Expressions.column(column), Expressions.literal(value));
  }

  private static RowSecurity security(CombinationRule rule, boolean noneMeansNoRows) {
    return new RowSecurity(true, rule, noneMeansNoRows, false, Subjects.nobody());
  }

  /**
   * Everyone may read and update the table: these tests are about which rows, and without a grant
   * the evaluator denies access before any row filter is looked at.
   */
  private static final Grant EVERYONE_READS_AND_UPDATES =
      Grant.allow(
          Subjects.everyone(), Set.of(Privilege.SELECT, Privilege.UPDATE), ACCOUNTS, ORIGIN);

  private static PolicySet set(RowSecurity security, RowFilter... filters) {
    return ungranted(security, filters).addGrant(EVERYONE_READS_AND_UPDATES).build();
  }

  private static PolicySet.Builder ungranted(RowSecurity security, RowFilter... filters) {
    PolicySet.Builder builder =
        builder()
            .addPrincipal(user("alice", "analyst"))
            .addPrincipal(EvaluationFixtures.role("analyst"))
            .addTable(
                table(ACCOUNTS, Optional.of("owner_role"), security, "region", "kind", "status"));
    for (RowFilter filter : filters) {
      builder.addRowFilter(filter);
    }
    return builder;
  }

  private static RowFilter filter(Expr predicate, String name) {
    return RowFilter.of(ACCOUNTS, predicate, Subjects.hasRole("analyst"), ORIGIN).withName(name);
  }

  private static Expr residual(PolicySet set, PrincipalContext context) {
    return Evaluator.compile(set).decide(context, ACCOUNTS, Action.SELECT).rowFilter();
  }

  @Test
  void testAllAndCombinesApplicableFilters() {
    PolicySet set =
        set(
            security(CombinationRule.ALL_AND, false),
            filter(REGION_EU, "a"),
            filter(KIND_A, "b"),
            RowFilter.of(ACCOUNTS, OPEN, Subjects.hasRole("other"), ORIGIN));
    assertThat(residual(set, PrincipalContext.user("alice")))
        .isEqualTo(Expressions.and(REGION_EU, KIND_A));
  }

  @Test
  void testAnyOrCombinesApplicableFilters() {
    PolicySet set =
        set(security(CombinationRule.ANY_OR, false), filter(REGION_EU, "a"), filter(KIND_A, "b"));
    assertThat(residual(set, PrincipalContext.user("alice")))
        .isEqualTo(Expressions.or(REGION_EU, KIND_A));
  }

  @Test
  void testPermissiveRestrictive() {
    PolicySet set =
        set(
            RowSecurity.postgresql(false),
            filter(REGION_EU, "p1"),
            filter(KIND_A, "p2"),
            filter(OPEN, "r1").withKind(FilterKind.RESTRICTIVE));
    assertThat(residual(set, PrincipalContext.user("alice")))
        .isEqualTo(Expressions.and(Expressions.or(REGION_EU, KIND_A), OPEN));
  }

  @Test
  void testPermissiveRestrictiveWithoutPermissiveAdmitsNothing() {
    PolicySet set =
        set(
            new RowSecurity(
                true, CombinationRule.PERMISSIVE_RESTRICTIVE, false, false, Subjects.nobody()),
            filter(OPEN, "r1").withKind(FilterKind.RESTRICTIVE));
    Decision decision =
        Evaluator.compile(set).decide(PrincipalContext.user("alice"), ACCOUNTS, Action.SELECT);
    assertThat(decision.rowFilter()).isEqualTo(Expressions.alwaysFalse());
    assertThat(decision.reasons()).anyMatch(reason -> reason.contains("no permissive"));
  }

  @Test
  void testFirstMatchTakesLowestPriorityStably() {
    PolicySet set =
        set(
            security(CombinationRule.FIRST_MATCH, false),
            filter(REGION_EU, "late").withPriority(5),
            filter(KIND_A, "early").withPriority(1),
            filter(OPEN, "early_too").withPriority(1));
    assertThat(residual(set, PrincipalContext.user("alice"))).isEqualTo(KIND_A);
  }

  @ParameterizedTest
  @CsvSource({"true,false", "false,true"})
  void testNoneApplicable(boolean noneMeansNoRows, boolean expected) {
    PolicySet set =
        set(
            security(CombinationRule.ALL_AND, noneMeansNoRows),
            RowFilter.of(ACCOUNTS, REGION_EU, Subjects.hasRole("other"), ORIGIN));
    assertThat(residual(set, PrincipalContext.user("alice")))
        .isEqualTo(Expressions.literal(expected));
  }

  @Test
  void testFiltersForOtherActionsDoNotApply() {
    PolicySet set =
        set(
            security(CombinationRule.ALL_AND, false),
            filter(REGION_EU, "select").withActions(Set.of(Action.SELECT)),
            filter(KIND_A, "update").withActions(Set.of(Action.UPDATE)));
    Evaluator evaluator = Evaluator.compile(set);
    assertThat(
            evaluator.decide(PrincipalContext.user("alice"), ACCOUNTS, Action.SELECT).rowFilter())
        .isEqualTo(REGION_EU);
    assertThat(
            evaluator.decide(PrincipalContext.user("alice"), ACCOUNTS, Action.UPDATE).rowFilter())
        .isEqualTo(KIND_A);
  }

  @Test
  void testDisabledRowSecurityAndMissingTableEntry() {
    assertThat(
            residual(
                set(RowSecurity.disabled(), filter(REGION_EU, "a")),
                PrincipalContext.user("alice")))
        .isEqualTo(Expressions.alwaysTrue());
    PolicySet noEntry =
        builder()
            .addPrincipal(user("alice", "analyst"))
            .addRowFilter(filter(REGION_EU, "a"))
            .addRowFilter(filter(KIND_A, "b"))
            .addGrant(EVERYONE_READS_AND_UPDATES)
            .build();
    assertThat(residual(noEntry, PrincipalContext.user("alice")))
        .isEqualTo(Expressions.and(REGION_EU, KIND_A));
    assertThat(residual(noEntry, PrincipalContext.user("bob"))).isEqualTo(Expressions.alwaysTrue());
  }

  @Test
  void testExemptions() {
    RowSecurity owned = RowSecurity.postgresql(false);
    RowSecurity forced = RowSecurity.postgresql(true);
    RowSecurity secadmin =
        new RowSecurity(true, CombinationRule.ALL_AND, true, false, Subjects.hasRole("secadmin"));
    PolicySet set =
        set(owned, filter(REGION_EU, "a")).toBuilder()
            .addPrincipal(flagged(user("root"), PrincipalFlag.SUPERUSER))
            .addPrincipal(flagged(user("etl"), PrincipalFlag.BYPASS_ROW_SECURITY))
            .addPrincipal(user("olga", "owner_role"))
            .addPrincipal(user("sam", "secadmin"))
            .build();

    assertThat(residual(set, PrincipalContext.user("root"))).isEqualTo(Expressions.alwaysTrue());
    assertThat(residual(set, PrincipalContext.user("etl"))).isEqualTo(Expressions.alwaysTrue());
    assertThat(residual(set, PrincipalContext.user("olga"))).isEqualTo(Expressions.alwaysTrue());
    assertThat(residual(set, PrincipalContext.user("sam"))).isEqualTo(Expressions.alwaysFalse());

    PolicySet forcedSet = withSecurity(set, forced);
    assertThat(residual(forcedSet, PrincipalContext.user("olga")))
        .as("FORCE ROW LEVEL SECURITY: the owner is filtered like everyone else")
        .isEqualTo(Expressions.alwaysFalse());
    assertThat(residual(forcedSet, PrincipalContext.user("root")))
        .isEqualTo(Expressions.alwaysTrue());

    PolicySet secadminSet = withSecurity(set, secadmin);
    assertThat(residual(secadminSet, PrincipalContext.user("sam")))
        .isEqualTo(Expressions.alwaysTrue());
    assertThat(residual(secadminSet, PrincipalContext.user("alice"))).isEqualTo(REGION_EU);
  }

  private static PolicySet withSecurity(PolicySet set, RowSecurity security) {
    PolicySet.Builder builder = builder();
    set.principals().forEach(builder::addPrincipal);
    set.rowFilters().forEach(builder::addRowFilter);
    set.grants().forEach(builder::addGrant);
    set.tables().forEach(table -> builder.addTable(table.withRowSecurity(security)));
    return builder.build();
  }

  @Test
  void testNullAttributeComparisonRejectsEveryRow() {
    Expr predicate =
        Expressions.equal(Expressions.column("region"), Expressions.sessionAttribute("app.region"));
    PolicySet set = set(security(CombinationRule.ALL_AND, false), filter(predicate, "region"));

    Expr withoutAttribute = residual(set, PrincipalContext.user("alice"));
    assertThat(withoutAttribute).isEqualTo(Expressions.nullLiteral());
    assertThat(RowEvaluator.admits(withoutAttribute, row("region", "eu"), LookupSource.none()))
        .isFalse();
    assertThat(RowEvaluator.admits(withoutAttribute, row("region", null), LookupSource.none()))
        .isFalse();

    Expr withAttribute =
        residual(set, PrincipalContext.user("alice").withAttribute("app.region", "eu"));
    assertThat(RowEvaluator.admits(withAttribute, row("region", "eu"), LookupSource.none()))
        .isTrue();
    assertThat(RowEvaluator.admits(withAttribute, row("region", "us"), LookupSource.none()))
        .isFalse();
    assertThat(RowEvaluator.admits(withAttribute, row("region", null), LookupSource.none()))
        .isFalse();
  }

  @Test
  void testUnsetAttributeStaysUnknownWhenTheOptionSaysSo() {
    Expr predicate =
        Expressions.equal(Expressions.column("region"), Expressions.sessionAttribute("app.region"));
    PolicySet set = set(security(CombinationRule.ALL_AND, false), filter(predicate, "region"));
    Evaluator comparing =
        Evaluator.compile(set, EvaluationOptions.defaults().withUnsetAttributesUnknown());

    Expr unset = comparing.rowFilter(PrincipalContext.user("alice"), ACCOUNTS, Action.SELECT);
    Expr given =
        comparing.rowFilter(
            PrincipalContext.user("alice").withAttribute("app.region", "eu"),
            ACCOUNTS,
            Action.SELECT);

    assertThat(unset).isEqualTo(predicate);
    assertThat(given)
        .isEqualTo(Expressions.equal(Expressions.column("region"), Expressions.literal("eu")));
  }

  @Test
  void testOpaqueFilterAdmitsNoRow() {
    Expr opaque = Expressions.opaque(SystemKind.POSTGRESQL, "my_function(region)");
    PolicySet set =
        set(security(CombinationRule.ALL_AND, false), filter(Expressions.isNull(opaque), "weird"));
    Decision decision =
        Evaluator.compile(set).decide(PrincipalContext.user("alice"), ACCOUNTS, Action.SELECT);

    assertThat(decision.rowFilter()).isEqualTo(Expressions.isNull(opaque));
    assertThat(decision.reasons()).anyMatch(reason -> reason.contains("admits no row"));
    assertThat(RowEvaluator.admits(decision.rowFilter(), row("region", "eu"), LookupSource.none()))
        .isFalse();
    assertThat(RowEvaluator.test(decision.rowFilter(), row("region", "eu"), LookupSource.none()))
        .isEqualTo(TriState.UNKNOWN);
  }

  @Test
  void testLookupExistsAndInWithLookupSource() {
    Securable map = Securable.table("db", "public", "user_regions");
    Expr exists =
        Expressions.exists(
            map,
            "m",
            Expressions.and(
                Expressions.equal(Expressions.column("m", "user_name"), Expressions.currentUser()),
                Expressions.equal(
                    Expressions.column("m", "region"), Expressions.column("region"))));
    Expr in =
        Expressions.inLookup(
            Expressions.column("kind"),
            map,
            "m",
            "region",
            Expressions.equal(Expressions.column("m", "user_name"), Expressions.currentUser()));
    LookupSource lookups =
        table ->
            table.equals(map)
                ? Optional.of(
                    List.of(
                        row("user_name", "alice", "region", "eu"),
                        row("user_name", "alice", "region", "a"),
                        row("user_name", "bob", "region", "us")))
                : Optional.empty();

    Expr existsResidual =
        residual(
            set(security(CombinationRule.ALL_AND, false), filter(exists, "e")),
            PrincipalContext.user("alice"));
    assertThat(RowEvaluator.admits(existsResidual, row("region", "eu", "kind", "x"), lookups))
        .isTrue();
    assertThat(RowEvaluator.admits(existsResidual, row("region", "us", "kind", "x"), lookups))
        .isFalse();
    assertThat(
            RowEvaluator.admits(
                existsResidual, row("region", "eu", "kind", "x"), LookupSource.none()))
        .as("a missing mapping table admits nothing")
        .isFalse();
    assertThat(
            RowEvaluator.test(
                Expressions.not(existsResidual),
                row("region", "us", "kind", "x"),
                LookupSource.none()))
        .isEqualTo(TriState.UNKNOWN);

    Expr inResidual =
        residual(
            set(security(CombinationRule.ALL_AND, false), filter(in, "i")),
            PrincipalContext.user("alice"));
    assertThat(RowEvaluator.admits(inResidual, row("region", "zz", "kind", "a"), lookups)).isTrue();
    assertThat(RowEvaluator.admits(inResidual, row("region", "zz", "kind", "us"), lookups))
        .isFalse();
    assertThat(RowEvaluator.test(inResidual, row("region", "zz", "kind", null), lookups))
        .isEqualTo(TriState.UNKNOWN);
  }

  @Test
  void testLookupConditionFoldingToFalseBecomesFalse() {
    Securable map = Securable.table("db", "public", "user_regions");
    Expr exists =
        Expressions.exists(
            map,
            "m",
            Expressions.and(
                Expressions.hasRole("admin"),
                Expressions.equal(
                    Expressions.column("m", "region"), Expressions.column("region"))));
    PolicySet set = set(security(CombinationRule.ALL_AND, false), filter(exists, "e"));
    assertThat(residual(set, PrincipalContext.user("alice"))).isEqualTo(Expressions.alwaysFalse());
  }

  @Test
  void testDeniedAccessHasNoRows() {
    PolicySet set =
        ungranted(security(CombinationRule.ALL_AND, false), filter(REGION_EU, "a"))
            .addGrant(
                Grant.allow(Subjects.hasRole("other"), Set.of(Privilege.SELECT), ACCOUNTS, ORIGIN))
            .build();
    Decision decision = Evaluator.compile(set).decide(context("alice"), ACCOUNTS, Action.SELECT);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.rowFilter()).isEqualTo(Expressions.alwaysFalse());
  }

  @Test
  void testNumbersInFiltersCompareByValue() {
    Expr predicate =
        Expressions.compare(
            dev.passport.model.ComparisonOperator.GREATER_THAN_OR_EQUAL,
            Expressions.column("level"),
            Expressions.cast(Expressions.sessionAttribute("clearance"), "integer"));
    PolicySet set = set(security(CombinationRule.ALL_AND, false), filter(predicate, "clearance"));
    Expr residual = residual(set, PrincipalContext.user("alice").withAttribute("clearance", "3"));
    assertThat(residual)
        .isEqualTo(
            Expressions.compare(
                dev.passport.model.ComparisonOperator.GREATER_THAN_OR_EQUAL,
                Expressions.column("level"),
                Expressions.literal(3)));
    assertThat(RowEvaluator.admits(residual, row("level", 5), LookupSource.none())).isTrue();
    assertThat(
            RowEvaluator.admits(residual, row("level", new BigDecimal("2.5")), LookupSource.none()))
        .isFalse();
  }
}
