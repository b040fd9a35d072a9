package dev.passport.model.validation;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.sessionAttribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.DefinitionKind;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.Parameter;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.Privilege;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import dev.passport.model.View;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestPolicySetValidator {
  private static final Origin ORIGIN = Origin.of(SystemKind.SNOWFLAKE);
  private static final Securable ACCOUNTS = Securable.table("sales", "crm", "accounts");
  private static final Securable ORDERS = Securable.table("sales", "crm", "orders");

  @Test
  void testConsistentSetHasNoProblems() {
    PolicySet set =
        base()
            .addRowFilter(
                RowFilter.of(ACCOUNTS, tenantFilter(), Subjects.hasRole("analyst"), ORIGIN))
            .addColumnMask(
                ColumnMask.of(
                    ACCOUNTS.column("ssn"),
                    List.of(MaskRule.when(Subjects.isUser("alice"), new Transform.Identity())),
                    new Transform.Nullify(),
                    ORIGIN))
            .addGrant(
                Grant.allow(
                    Subjects.hasRole("analyst"), Set.of(Privilege.SELECT), ACCOUNTS, ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set)).isEmpty();
  }

  @Test
  void testSubjectNamingAnUndeclaredPrincipal() {
    PolicySet set =
        base()
            .addRowFilter(
                RowFilter.of(
                    ACCOUNTS,
                    tenantFilter(),
                    Subjects.anyOf(Subjects.hasRole("analyst"), Subjects.hasRole("auditor")),
                    ORIGIN))
            .addGrant(
                Grant.allow(Subjects.isUser("bob"), Set.of(Privilege.SELECT), ACCOUNTS, ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            error("$.grants[0].grantee.user", "user 'bob' is not among the set's principals"),
            error(
                "$.rowFilters[0].appliesTo.subjects[1].role",
                "role 'auditor' is not among the set's principals"));
  }

  @Test
  void testMemberOfOwnerAndRunAsNamingUndeclaredPrincipals() {
    PolicySet set =
        base()
            .addPrincipal(Principal.user("carol", ORIGIN).withMemberOf(List.of("analyst", "ghost")))
            .addView(
                new View(
                    ORDERS, Optional.empty(), List.of(), Set.of(), Optional.of("nobody"), ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            error("$.principals[2].memberOf[1]", "role 'ghost' is not among the set's principals"),
            error("$.views[0].owner", "owner 'nobody' is not among the set's principals"));
  }

  @Test
  void testPrincipalsAreNotCheckedWhenTheSetDeclaresNone() {
    PolicySet set =
        PolicySet.builder(source())
            .addRowFilter(
                RowFilter.of(ACCOUNTS, tenantFilter(), Subjects.hasRole("auditor"), ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set)).isEmpty();
  }

  @Test
  void testGroupsAreCheckedOnlyWhenTheSetDeclaresGroups() {
    RowFilter filter = RowFilter.of(ACCOUNTS, tenantFilter(), Subjects.inGroup("finance"), ORIGIN);

    assertThat(PolicySetValidator.validate(base().addRowFilter(filter).build())).isEmpty();
    assertThat(
            PolicySetValidator.validate(
                base().addPrincipal(Principal.group("hr", ORIGIN)).addRowFilter(filter).build()))
        .containsExactly(
            error(
                "$.rowFilters[0].appliesTo.group",
                "group 'finance' is not among the set's principals"));
  }

  @Test
  void testRoleNamedInAnExpressionIsOnlyAWarning() {
    Expr predicate = Expressions.or(Expressions.hasRole("auditor"), tenantFilter());
    PolicySet set =
        base().addRowFilter(RowFilter.of(ACCOUNTS, predicate, Subjects.everyone(), ORIGIN)).build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            warning(
                "$.rowFilters[0].predicate.terms[0].role",
                "role 'auditor' is not among the set's principals"));
  }

  @Test
  void testFilterAndMaskOnUndeclaredTables() {
    PolicySet set =
        base()
            .addRowFilter(RowFilter.of(ORDERS, tenantFilter(), Subjects.everyone(), ORIGIN))
            .addColumnMask(
                ColumnMask.of(ORDERS.column("total"), List.of(), new Transform.Nullify(), ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            error(
                "$.rowFilters[0].table",
                "row filter on sales.crm.orders, which is not among the set's tables"),
            error(
                "$.columnMasks[0].column",
                "mask on sales.crm.orders.total, whose table is not among the set's tables"));
  }

  @Test
  void testUnqualifiedNameMatchesADeclaredTable() {
    PolicySet set =
        base()
            .addRowFilter(
                RowFilter.of(
                    Securable.table("crm", "accounts"),
                    tenantFilter(),
                    Subjects.everyone(),
                    ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set)).isEmpty();
  }

  @Test
  void testTablesAreNotCheckedWhenTheSetDeclaresNone() {
    PolicySet set =
        PolicySet.builder(source())
            .addRowFilter(RowFilter.of(ORDERS, tenantFilter(), Subjects.everyone(), ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set)).isEmpty();
  }

  @Test
  void testGrantOnUndeclaredTableIsAWarningButAViewIsKnown() {
    Securable view = Securable.table("sales", "crm", "accounts_v");
    PolicySet set =
        base()
            .addView(
                new View(
                    view, Optional.empty(), List.of(ACCOUNTS), Set.of(), Optional.empty(), ORIGIN))
            .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), view, ORIGIN))
            .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), ORDERS, ORIGIN))
            .addGrant(
                Grant.allow(
                    Subjects.everyone(),
                    Set.of(Privilege.SELECT),
                    Securable.schema(Optional.empty(), "crm"),
                    ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            warning(
                "$.grants[1].securable",
                "grant on sales.crm.orders, which is not among the set's tables or views"));
  }

  @Test
  void testMaskOnAColumnTheTableDoesNotHave() {
    PolicySet set =
        base()
            .addColumnMask(
                ColumnMask.of(
                    ACCOUNTS.column("salary"), List.of(), new Transform.Nullify(), ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            error(
                "$.columnMasks[0].column",
                "mask on column 'salary', which table sales.crm.accounts does not have"));
  }

  @Test
  void testAttachmentNamingAMissingDefinition() {
    PolicySet set =
        base()
            .addColumnMask(
                ColumnMask.of(ACCOUNTS.column("ssn"), List.of(), new Transform.Nullify(), ORIGIN)
                    .withDefinition("ssn_mask", Map.of()))
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(error("$.columnMasks[0].definition", "no definition named 'ssn_mask'"));
  }

  @Test
  void testAttachmentOfADefinitionOfTheWrongKind() {
    PolicySet set =
        base()
            .addDefinition(rowAccessPolicy())
            .addColumnMask(
                ColumnMask.of(ACCOUNTS.column("ssn"), List.of(), new Transform.Nullify(), ORIGIN)
                    .withDefinition("tenant_policy", Map.of("tenant", "tenant_id")))
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            error(
                "$.columnMasks[0].definition",
                "definition 'tenant_policy' has a predicate body and cannot be attached here"));
  }

  @Test
  void testBindingsToUnknownParametersAndColumns() {
    RowFilter filter =
        new RowFilter(
            Optional.empty(),
            ACCOUNTS,
            tenantFilter(),
            Optional.empty(),
            Subjects.everyone(),
            Set.of(Action.SELECT),
            FilterKind.PERMISSIVE,
            0,
            Optional.of("tenant_policy"),
            Map.of("tenant", "region", "owner id", "tenant_id"),
            Optional.empty(),
            ORIGIN);
    PolicySet set = base().addDefinition(rowAccessPolicy()).addRowFilter(filter).build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactlyInAnyOrder(
            error(
                "$.rowFilters[0].bindings.tenant",
                "binds column 'region', which table sales.crm.accounts does not have"),
            error(
                "$.rowFilters[0].bindings['owner id']",
                "definition 'tenant_policy' has no parameter 'owner id'"));
  }

  @Test
  void testBindingsWithoutADefinition() {
    PolicySet set =
        base()
            .addColumnMask(
                new ColumnMask(
                    Optional.empty(),
                    Optional.of(ACCOUNTS.column("ssn")),
                    Optional.empty(),
                    List.of(),
                    new Transform.Nullify(),
                    Subjects.everyone(),
                    0,
                    Optional.empty(),
                    Map.of("value", "ssn"),
                    ORIGIN))
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            error("$.columnMasks[0].bindings", "bindings without a definition to bind to"));
  }

  @Test
  void testOpaqueWithoutALossIsAWarning() {
    Origin policy = Origin.declared(SystemKind.SNOWFLAKE, "ssn_mask");
    Transform custom =
        new Transform.Expression(Expressions.opaque(SystemKind.SNOWFLAKE, "MY_UDF(val)"));
    ColumnMask mask =
        ColumnMask.of(
            ACCOUNTS.column("ssn"),
            List.of(MaskRule.when(Subjects.hasRole("analyst"), custom)),
            new Transform.Nullify(),
            policy);

    assertThat(PolicySetValidator.validate(base().addColumnMask(mask).build()))
        .containsExactly(
            warning(
                "$.columnMasks[0].rules[0].transform.expression",
                "opaque snowflake SQL without a loss for its origin (snowflake ssn_mask):"
                    + " it denies or masks fully, and nothing reports why"));
    Loss loss =
        new Loss(
            Origin.declared(SystemKind.SNOWFLAKE, "ssn_mask").withSql("CREATE MASKING POLICY ..."),
            "MY_UDF is not understood",
            LossDirection.UNKNOWN);
    assertThat(PolicySetValidator.validate(base().addColumnMask(mask).addLoss(loss).build()))
        .isEmpty();
  }

  @Test
  void testOpaqueInsideADefinitionNeedsALossForTheDefinition() {
    Definition definition =
        new Definition(
            "region_policy",
            DefinitionKind.ROW_ACCESS_POLICY,
            List.of(new Parameter("region", "varchar")),
            Optional.of("boolean"),
            new DefinitionBody.Predicate(
                Expressions.and(
                    equal(column("region"), literal("EU")),
                    Expressions.opaque(SystemKind.SNOWFLAKE, "EXISTS (SELECT 1 FROM t)"))),
            Origin.declared(SystemKind.SNOWFLAKE, "region_policy"));

    assertThat(PolicySetValidator.validate(base().addDefinition(definition).build()))
        .extracting(ValidationProblem::severity, ValidationProblem::path)
        .containsExactly(tuple(Severity.WARNING, "$.definitions[0].body.predicate.terms[1]"));
  }

  @Test
  void testDuplicateNames() {
    PolicySet set =
        base()
            .addPrincipal(Principal.user("alice", ORIGIN))
            .addTable(accounts())
            .addDefinition(rowAccessPolicy())
            .addDefinition(rowAccessPolicy())
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            error(
                "$.principals[2].name",
                "principal 'alice' is declared twice (first at $.principals[1])"),
            error(
                "$.tables[1].name",
                "table sales.crm.accounts is declared twice (first at $.tables[0])"),
            error(
                "$.definitions[1].name",
                "definition 'tenant_policy' is declared twice (first at $.definitions[0])"));
  }

  @Test
  void testMembershipCycles() {
    PolicySet set =
        PolicySet.builder(source())
            .addPrincipal(Principal.role("a", ORIGIN).withMemberOf(List.of("b")))
            .addPrincipal(Principal.role("b", ORIGIN).withMemberOf(List.of("c")))
            .addPrincipal(Principal.role("c", ORIGIN).withMemberOf(List.of("d", "a")))
            .addPrincipal(Principal.role("d", ORIGIN))
            .addPrincipal(Principal.role("e", ORIGIN).withMemberOf(List.of("a", "e")))
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            warning("$.principals[2].memberOf[1]", "role membership cycle: a -> b -> c -> a"),
            warning("$.principals[4].memberOf[1]", "role membership cycle: e -> e"));
  }

  @Test
  void testLongMembershipChainDoesNotOverflow() {
    PolicySet.Builder builder = PolicySet.builder(source());
    int length = 20_000;
    for (int index = 0; index < length; index++) {
      builder.addPrincipal(
          Principal.role("r" + index, ORIGIN).withMemberOf(List.of("r" + ((index + 1) % length))));
    }

    assertThat(PolicySetValidator.validate(builder.build()))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.path()).isEqualTo("$.principals[19999].memberOf[0]");
              assertThat(problem.message()).startsWith("role membership cycle: r0 -> r1 -> ");
            });
  }

  @Test
  void testFirstMatchWithEqualPriorities() {
    Table firstMatch =
        accounts()
            .withRowSecurity(
                new RowSecurity(
                    true, CombinationRule.FIRST_MATCH, false, false, Subjects.nobody()));
    RowFilter analysts =
        RowFilter.of(ACCOUNTS, tenantFilter(), Subjects.hasRole("analyst"), ORIGIN).withPriority(1);
    RowFilter everyone =
        RowFilter.of(ACCOUNTS, literal(false), Subjects.everyone(), ORIGIN).withPriority(1);
    RowFilter last =
        RowFilter.of(ACCOUNTS, literal(true), Subjects.everyone(), ORIGIN).withPriority(2);
    PolicySet set =
        PolicySet.builder(source())
            .addPrincipal(Principal.role("analyst", ORIGIN))
            .addTable(firstMatch)
            .addRowFilter(analysts)
            .addRowFilter(everyone)
            .addRowFilter(last)
            .build();

    assertThat(PolicySetValidator.validate(set))
        .containsExactly(
            warning(
                "$.rowFilters[1].priority",
                "row filters $.rowFilters[0] and $.rowFilters[1] on sales.crm.accounts have the"
                    + " same priority 1 under first_match; which applies first is undefined"));
    PolicySet withoutRowSecurity =
        PolicySet.builder(source())
            .addPrincipal(Principal.role("analyst", ORIGIN))
            .addTable(firstMatch.withRowSecurity(firstMatch.rowSecurity().withEnabled(false)))
            .addRowFilter(analysts)
            .addRowFilter(everyone)
            .build();
    assertThat(PolicySetValidator.validate(withoutRowSecurity)).isEmpty();
  }

  private static PolicySet.Builder base() {
    return PolicySet.builder(source())
        .addPrincipal(Principal.role("analyst", ORIGIN))
        .addPrincipal(Principal.user("alice", ORIGIN).withMemberOf(List.of("analyst")))
        .addTable(accounts());
  }

  private static Source source() {
    return Source.of(SystemKind.SNOWFLAKE, "policies.sql", ExtractionMethod.DDL);
  }

  private static Table accounts() {
    return new Table(
        ACCOUNTS,
        List.of(
            new ColumnInfo("tenant_id", "integer", false), new ColumnInfo("ssn", "varchar", true)),
        Optional.empty(),
        RowSecurity.allAnd());
  }

  private static Definition rowAccessPolicy() {
    return new Definition(
        "tenant_policy",
        DefinitionKind.ROW_ACCESS_POLICY,
        List.of(new Parameter("tenant", "integer")),
        Optional.of("boolean"),
        new DefinitionBody.Predicate(
            Expressions.and(
                equal(column("tenant"), sessionAttribute("app.tenant")),
                new Expr.HasRole(literal("analyst"), RoleScope.PRIMARY))),
        ORIGIN);
  }

  private static Expr tenantFilter() {
    return equal(column("tenant_id"), sessionAttribute("app.tenant"));
  }

  private static ValidationProblem error(String path, String message) {
    return new ValidationProblem(Severity.ERROR, path, message);
  }

  private static ValidationProblem warning(String path, String message) {
    return new ValidationProblem(Severity.WARNING, path, message);
  }
}
