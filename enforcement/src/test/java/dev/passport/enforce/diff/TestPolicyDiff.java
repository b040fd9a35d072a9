package dev.passport.enforce.diff;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.compare;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.in;
import static dev.passport.model.Expressions.literal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestPolicyDiff {
  private static final Securable CUSTOMERS = Securable.table("crm", "customers");
  private static final Securable ORDERS = Securable.table("crm", "orders");
  private static final Transform HASH = new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE);
  private static final Transform LAST_FOUR = new Transform.Partial(0, 4, "*", FillMode.ONCE);

  @TempDir Path directory;

  private static Origin at(int line) {
    return Origin.declared(SystemKind.POSTGRESQL, "policy").at("left.sql", line);
  }

  private static Origin elsewhere(int line) {
    return Origin.declared(SystemKind.POSTGRESQL, "policy").at("right.sql", line);
  }

  /**
   * Analysts see EU rows of customers, hashed emails and the last four digits of the ssn; auditors
   * see everything; everyone may read orders.
   */
  private static PolicySet.Builder base(UnaryOperator<Origin> origins) {
    return PolicySet.builder(Source.of(SystemKind.POSTGRESQL, "schema.sql", ExtractionMethod.DDL))
        .addPrincipal(Principal.role("analyst", origins.apply(at(1))))
        .addPrincipal(Principal.role("auditor", origins.apply(at(2))))
        .addPrincipal(
            Principal.user("alice", origins.apply(at(3))).withMemberOf(List.of("analyst")))
        .addTable(
            new Table(
                CUSTOMERS,
                List.of(
                    new ColumnInfo("id", "integer", false),
                    new ColumnInfo("region", "text", true),
                    new ColumnInfo("email", "text", true),
                    new ColumnInfo("ssn", "text", true)),
                Optional.empty(),
                RowSecurity.postgresql(false)))
        .addTable(
            new Table(
                ORDERS,
                List.of(new ColumnInfo("id", "integer", false)),
                Optional.empty(),
                RowSecurity.disabled()))
        .addGrant(
            Grant.allow(
                Subjects.hasRole("analyst"),
                Set.of(Privilege.SELECT),
                CUSTOMERS,
                origins.apply(at(4))))
        .addGrant(
            Grant.allow(
                Subjects.hasRole("auditor"),
                Set.of(Privilege.SELECT),
                CUSTOMERS,
                origins.apply(at(5))))
        .addGrant(
            Grant.allow(
                Subjects.everyone(), Set.of(Privilege.SELECT), ORDERS, origins.apply(at(6))))
        .addRowFilter(
            RowFilter.of(
                    CUSTOMERS,
                    equal(column("region"), literal("EU")),
                    Subjects.hasRole("analyst"),
                    origins.apply(at(7)))
                .withName("analyst_rows"))
        .addRowFilter(
            RowFilter.of(
                    CUSTOMERS,
                    Expr.class.cast(literal(true)),
                    Subjects.hasRole("auditor"),
                    origins.apply(at(8)))
                .withName("auditor_rows"))
        .addColumnMask(unmaskedForAuditors("email", HASH, origins.apply(at(9))))
        .addColumnMask(unmaskedForAuditors("ssn", LAST_FOUR, origins.apply(at(10))));
  }

  /**
   * The mask {@code <column>_mask}: auditors see the column as is, everyone else {@code otherwise}.
   */
  private static ColumnMask unmaskedForAuditors(String column, Transform otherwise, Origin origin) {
    return new ColumnMask(
        Optional.of(column + "_mask"),
        Optional.of(CUSTOMERS.column(column)),
        Optional.empty(),
        List.of(MaskRule.when(Subjects.hasRole("auditor"), new Transform.Identity())),
        otherwise,
        Subjects.everyone(),
        0,
        Optional.empty(),
        Map.of(),
        origin);
  }

  private static PolicySet baseSet() {
    return base(UnaryOperator.identity()).build();
  }

  private static PolicySet withRowFilters(PolicySet set, List<RowFilter> filters) {
    return replaced(set, set.grants(), filters, set.columnMasks());
  }

  private static PolicySet withMasks(PolicySet set, List<ColumnMask> masks) {
    return replaced(set, set.grants(), set.rowFilters(), masks);
  }

  private static PolicySet withGrants(PolicySet set, List<Grant> grants) {
    return replaced(set, grants, set.rowFilters(), set.columnMasks());
  }

  /** The set with its grants, row filters and masks replaced, everything else kept. */
  private static PolicySet replaced(
      PolicySet set, List<Grant> grants, List<RowFilter> filters, List<ColumnMask> masks) {
    return new PolicySet(
        set.source(),
        set.principals(),
        set.tables(),
        grants,
        set.definitions(),
        filters,
        masks,
        set.tags(),
        set.views(),
        set.losses());
  }

  private static AccessDifference only(
      PolicyDiffResult result, DiffPrincipal principal, AccessAspect aspect) {
    List<AccessDifference> matching =
        result.accessDifferences().stream()
            .filter(difference -> difference.principal().equals(principal))
            .filter(difference -> difference.aspect() == aspect)
            .toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  private static final DiffPrincipal ANALYST = new DiffPrincipal(DiffPrincipalKind.ROLE, "analyst");
  private static final DiffPrincipal ALICE = new DiffPrincipal(DiffPrincipalKind.USER, "alice");

  @Test
  void testIdenticalSetsWithOtherOriginsAndOrderHaveNoDifferences() {
    PolicySet left = baseSet();
    PolicySet shuffled = base(origin -> elsewhere(origin.line().get() + 100)).build();
    PolicySet right =
        withGrants(
            shuffled,
            List.of(shuffled.grants().get(2), shuffled.grants().get(1), shuffled.grants().get(0)));

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    assertThat(result.structuralChanges()).isEmpty();
    assertThat(result.accessDifferences()).isEmpty();
    assertThat(result.hasDifferences()).isFalse();
    assertThat(result.principals())
        .containsExactly(
            ALICE,
            ANALYST,
            new DiffPrincipal(DiffPrincipalKind.ROLE, "auditor"),
            DiffPrincipal.ANY_OTHER_USER);
    assertThat(result.tables())
        .extracting(Securable::qualifiedName)
        .containsExactly("crm.customers", "crm.orders");
  }

  @Test
  void testGrantsMergeByGranteeAndObjectSoSplittingIsNoChange() {
    PolicySet left =
        withGrants(
            baseSet(),
            List.of(
                Grant.allow(
                    Subjects.everyone(),
                    Set.of(Privilege.SELECT, Privilege.INSERT),
                    ORDERS,
                    at(1))));
    PolicySet right =
        withGrants(
            baseSet(),
            List.of(
                Grant.allow(Subjects.everyone(), Set.of(Privilege.INSERT), ORDERS, at(2)),
                Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), ORDERS, at(3))));

    assertThat(PolicyDiff.compare(left, right).structuralChanges()).isEmpty();
  }

  @Test
  void testGrantAddedRemovedAndChanged() {
    PolicySet left = baseSet();
    List<Grant> grants =
        List.of(
            // analyst: SELECT → SELECT, UPDATE
            Grant.allow(
                Subjects.hasRole("analyst"),
                Set.of(Privilege.SELECT, Privilege.UPDATE),
                CUSTOMERS,
                at(4)),
            // auditor's grant removed; a grant to alice added
            Grant.allow(Subjects.isUser("alice"), Set.of(Privilege.SELECT), ORDERS, at(11)),
            left.grants().get(2));
    PolicySet right = withGrants(left, grants);

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    assertThat(result.structuralChanges())
        .extracting(change -> change.change() + " " + change.element() + " " + change.key())
        .containsExactly(
            "CHANGED GRANT on crm.customers to role analyst",
            "REMOVED GRANT on crm.customers to role auditor",
            "ADDED GRANT on crm.orders to user alice");
    StructuralChange changed = result.structuralChanges().get(0);
    assertThat(changed.left().get().description())
        .isEqualTo("SELECT on crm.customers to role analyst");
    assertThat(changed.right().get().description())
        .isEqualTo("SELECT, UPDATE on crm.customers to role analyst");
    assertThat(changed.left().get().origins()).containsExactly(at(4));
    // In effect: the auditor lost the table.
    AccessDifference auditor =
        only(result, new DiffPrincipal(DiffPrincipalKind.ROLE, "auditor"), AccessAspect.ACCESS);
    assertThat(auditor.stricterSide()).isEqualTo(StricterSide.RIGHT);
    assertThat(auditor.left().description())
        .isEqualTo("allowed by SELECT on crm.customers to role auditor");
    assertThat(auditor.right().description()).isEqualTo("denied");
    assertThat(auditor.left().origins()).containsExactly(at(5));
  }

  @Test
  void testRowFilterNarrowedIsStricterOnTheRight() {
    PolicySet left = baseSet();
    RowFilter narrowed =
        RowFilter.of(
                CUSTOMERS,
                Expr.class.cast(
                    Expressions.and(
                        equal(column("region"), literal("EU")),
                        compare(ComparisonOperator.GREATER_THAN, column("id"), literal(100)))),
                Subjects.hasRole("analyst"),
                at(7))
            .withName("analyst_rows");
    PolicySet right = withRowFilters(left, List.of(narrowed, left.rowFilters().get(1)));

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    assertThat(result.structuralChanges())
        .extracting(change -> change.change() + " " + change.element() + " " + change.key())
        .containsExactly("CHANGED ROW_FILTER crm.customers filter analyst_rows");
    AccessDifference analyst = only(result, ANALYST, AccessAspect.ROW_FILTER);
    assertThat(analyst.stricterSide()).isEqualTo(StricterSide.RIGHT);
    assertThat(analyst.column()).isEmpty();
    assertThat(analyst.left().description()).isEqualTo("rows where region = 'EU'");
    assertThat(analyst.right().description()).isEqualTo("rows where region = 'EU' AND id > 100");
    // Only the filter that applies to analysts decides their rows, not auditor_rows (line 8).
    assertThat(analyst.left().origins()).containsExactly(at(7));
    // alice holds analyst, so the same difference shows for her.
    assertThat(only(result, ALICE, AccessAspect.ROW_FILTER).stricterSide())
        .isEqualTo(StricterSide.RIGHT);
  }

  @Test
  void testDisjointRowFiltersAreIncomparableAndUndecidableOnesUnknown() {
    PolicySet left = baseSet();
    PolicySet us =
        withRowFilters(
            left,
            List.of(
                RowFilter.of(
                        CUSTOMERS,
                        equal(column("region"), literal("US")),
                        Subjects.hasRole("analyst"),
                        at(7))
                    .withName("analyst_rows"),
                left.rowFilters().get(1)));
    PolicySet function =
        withRowFilters(
            left,
            List.of(
                RowFilter.of(
                        CUSTOMERS,
                        equal(Expressions.function("lower", column("region")), literal("eu")),
                        Subjects.hasRole("analyst"),
                        at(7))
                    .withName("analyst_rows"),
                left.rowFilters().get(1)));

    assertThat(only(PolicyDiff.compare(left, us), ANALYST, AccessAspect.ROW_FILTER).stricterSide())
        .isEqualTo(StricterSide.NEITHER);
    assertThat(
            only(PolicyDiff.compare(left, function), ANALYST, AccessAspect.ROW_FILTER)
                .stricterSide())
        .isEqualTo(StricterSide.UNKNOWN);
  }

  @Test
  void testEquivalentRowFiltersSpelledDifferentlyAreNoChange() {
    PolicySet left =
        withRowFilters(
            baseSet(),
            List.of(
                RowFilter.of(
                        CUSTOMERS,
                        in(column("region"), literal("EU"), literal("UK")),
                        Subjects.hasRole("analyst"),
                        at(7))
                    .withName("analyst_rows")));
    PolicySet right =
        withRowFilters(
            baseSet(),
            List.of(
                RowFilter.of(
                        CUSTOMERS,
                        new Expr.In(column("region"), List.of(literal("UK"), literal("EU"))),
                        Subjects.hasRole("analyst"),
                        at(70))
                    .withName("analyst_rows")));

    assertThat(PolicyDiff.compare(left, right).hasDifferences()).isFalse();
  }

  @Test
  void testMaskTransformsComparedByDisclosureOrder() {
    PolicySet left = baseSet();
    ColumnMask emailNullified = unmaskedForAuditors("email", new Transform.Nullify(), at(9));
    PolicySet right = withMasks(left, List.of(emailNullified));

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    assertThat(result.structuralChanges())
        .extracting(change -> change.change() + " " + change.element() + " " + change.key())
        .containsExactly(
            "CHANGED COLUMN_MASK crm.customers.email mask email_mask for everyone",
            "REMOVED COLUMN_MASK crm.customers.ssn mask ssn_mask for everyone");
    // The analyst's email: hash → nullify (right stricter); ssn: partial → unmasked (left).
    List<AccessDifference> analyst =
        result.accessDifferences().stream()
            .filter(difference -> difference.principal().equals(ANALYST))
            .toList();
    assertThat(analyst)
        .extracting(
            difference ->
                difference.column().get()
                    + ": "
                    + difference.left().description()
                    + " / "
                    + difference.right().description()
                    + " → "
                    + difference.stricterSide())
        .containsExactly(
            "email: hash SHA-256 / nullify → RIGHT",
            "ssn: partial keep first 0, last 4, fill '*' once / identity → LEFT");
    assertThat(analyst.get(0).left().origins()).containsExactly(at(9));
    // The auditor sees both columns unmasked on the left and on the right: no difference.
    assertThat(result.accessDifferences())
        .noneMatch(difference -> difference.principal().name().equals("auditor"));
  }

  @Test
  void testDeniedColumnIsStricterThanAnyTransformAndConditionalTransformsCompareByOutcomes() {
    PolicySet left = baseSet();
    Grant denySsn =
        new Grant(
            Subjects.hasRole("analyst"),
            Set.of(Privilege.SELECT),
            CUSTOMERS.column("ssn"),
            GrantEffect.DENY,
            false,
            GrantVia.DIRECT,
            at(20));
    PolicySet right =
        withGrants(
            left,
            List.of(left.grants().get(0), left.grants().get(1), left.grants().get(2), denySsn));

    AccessDifference ssn =
        PolicyDiff.compare(left, right).accessDifferences().stream()
            .filter(difference -> difference.principal().equals(ANALYST))
            .filter(difference -> difference.column().equals(Optional.of("ssn")))
            .findFirst()
            .orElseThrow();
    assertThat(ssn.stricterSide()).isEqualTo(StricterSide.RIGHT);
    assertThat(ssn.right().description()).isEqualTo("denied");
    assertThat(ssn.right().origins()).contains(at(20));

    assertThat(
            EffectiveAccessDiff.compareColumns(
                new ColumnDecision(
                    "ssn",
                    true,
                    List.of(
                        new ConditionalTransform(
                            equal(column("region"), literal("EU")), new Transform.Nullify())),
                    HASH),
                new ColumnDecision("ssn", true, List.of(), new Transform.Identity())))
        .contains(StricterSide.LEFT);
  }

  @Test
  void testAnyOtherUserClass() {
    PolicySet left = baseSet();
    // Orders readable by everyone on the left; only by analysts on the right.
    PolicySet right =
        withGrants(
            left,
            List.of(
                left.grants().get(0),
                left.grants().get(1),
                Grant.allow(Subjects.hasRole("analyst"), Set.of(Privilege.SELECT), ORDERS, at(6))));

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    AccessDifference other = only(result, DiffPrincipal.ANY_OTHER_USER, AccessAspect.ACCESS);
    assertThat(other.table().qualifiedName()).isEqualTo("crm.orders");
    assertThat(other.stricterSide()).isEqualTo(StricterSide.RIGHT);
    assertThat(result.accessDifferences())
        .noneMatch(difference -> difference.principal().equals(ANALYST));
  }

  @Test
  void testStructuralChangesOfPrincipalsTagsRowSecurityAndTables() {
    PolicySet left = baseSet();
    PolicySet.Builder builder = PolicySet.builder(left.source());
    builder.addPrincipal(left.principals().get(0));
    builder.addPrincipal(left.principals().get(1));
    builder.addPrincipal(
        Principal.user("alice", at(3)).withMemberOf(List.of("analyst", "auditor")));
    builder.addTable(left.tables().get(0).withRowSecurity(RowSecurity.postgresql(true)));
    builder.addTable(
        new Table(
            Securable.table("crm", "invoices"),
            List.of(),
            Optional.empty(),
            RowSecurity.disabled()));
    left.grants().forEach(builder::addGrant);
    left.rowFilters().forEach(builder::addRowFilter);
    left.columnMasks().forEach(builder::addColumnMask);
    builder.addTag(
        new Tag(
            "pii",
            List.of("email"),
            List.of(new TagAssignment(CUSTOMERS.column("email"), "email", at(30))),
            at(29)));
    PolicySet right = builder.build();

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    assertThat(result.structuralChanges())
        .extracting(change -> change.change() + " " + change.element() + " " + change.key())
        .containsExactly(
            "CHANGED PRINCIPAL user alice",
            "ADDED TABLE crm.invoices",
            "REMOVED TABLE crm.orders",
            "CHANGED ROW_SECURITY crm.customers",
            "ADDED TAG pii",
            "ADDED TAG_ASSIGNMENT pii on crm.customers.email");
    assertThat(result.structuralChanges().get(3).right().get().description())
        .isEqualTo(
            "enabled, filters combine permissive_restrictive, no applicable filter means no rows");
  }

  @Test
  void testDdlSpelledDifferentlyReadsAsTheSamePolicies() throws IOException {
    String plain =
        """
        CREATE ROLE analyst;
        CREATE TABLE crm.customers (id integer, region text, amount numeric);
        ALTER TABLE crm.customers ENABLE ROW LEVEL SECURITY;
        GRANT SELECT ON crm.customers TO analyst;
        CREATE POLICY eu_rows ON crm.customers FOR SELECT TO analyst
          USING (region = 'EU' AND amount > 1);
        CREATE POLICY big ON crm.customers AS RESTRICTIVE FOR SELECT TO analyst
          USING (amount < 1000 OR region IN ('UK', 'EU'));
        """;
    String respelled =
        """
        create role ANALYST;


        create table CRM.Customers (ID INTEGER, Region TEXT, Amount NUMERIC);
        alter   table crm.customers   enable row level security;
        grant select on table crm.customers to analyst;
        create policy eu_rows on crm.customers for select to analyst
          using (((region = 'EU')) and (amount > 1.0));
        create policy big on crm.customers as restrictive for select to analyst
          using ((1000.00 > amount) or (region in ('EU', 'UK')));
        """;
    Path plainFile = Files.writeString(directory.resolve("plain.sql"), plain);
    Path respelledFile = Files.writeString(directory.resolve("respelled.sql"), respelled);
    PolicySet left = read(plainFile);
    PolicySet right = read(respelledFile);

    PolicyDiffResult result = PolicyDiff.compare(left, right);

    assertThat(result.structuralChanges()).isEmpty();
    assertThat(result.accessDifferences()).isEmpty();
    // And a real change in the same spelling shows.
    Path changedFile =
        Files.writeString(directory.resolve("changed.sql"), respelled.replace("1.0", "2"));
    PolicyDiffResult changed = PolicyDiff.compare(left, read(changedFile));
    assertThat(changed.structuralChanges())
        .extracting(change -> change.change() + " " + change.key())
        .containsExactly("CHANGED crm.customers filter eu_rows");
    // amount > 2 admits no row amount > 1 does not, and amount = 2 only the left admits.
    assertThat(only(changed, ANALYST, AccessAspect.ROW_FILTER).stricterSide())
        .isEqualTo(StricterSide.RIGHT);
  }

  private static PolicySet read(Path file) {
    return Extraction.readDdl(SystemKind.POSTGRESQL, List.of(file), ExtractionOptions.defaults())
        .policySet();
  }

  @Test
  void testNumberLiteralsCompareByValue() {
    PolicySet left =
        withRowFilters(
            baseSet(),
            List.of(
                RowFilter.of(
                        CUSTOMERS,
                        compare(
                            ComparisonOperator.GREATER_THAN,
                            column("id"),
                            literal(new BigDecimal("1e2"))),
                        Subjects.hasRole("analyst"),
                        at(7))
                    .withName("analyst_rows")));
    PolicySet right =
        withRowFilters(
            baseSet(),
            List.of(
                RowFilter.of(
                        CUSTOMERS,
                        new Expr.Comparison(
                            ComparisonOperator.LESS_THAN,
                            literal(new BigDecimal("100.000")),
                            column("id")),
                        Subjects.hasRole("analyst"),
                        at(7))
                    .withName("analyst_rows")));

    assertThat(PolicyDiff.compare(left, right).hasDifferences()).isFalse();
  }
}
