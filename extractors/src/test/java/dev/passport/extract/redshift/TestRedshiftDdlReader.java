package dev.passport.extract.redshift;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.DefinitionKind;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.LossDirection;
import dev.passport.model.MaskRule;
import dev.passport.model.Parameter;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.validation.PolicySetValidator;
import dev.passport.model.validation.ValidationProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestRedshiftDdlReader {
  private static final Securable SALES = Securable.table("public", "sales");

  private static final String SALES_SETUP =
      """
      CREATE USER admin PASSWORD 'Secret_pw1' CREATEUSER;
      CREATE USER alice PASSWORD DISABLE;
      CREATE USER bob WITH PASSWORD 'Name_is_bob_1';
      CREATE USER carol PASSWORD DISABLE;
      CREATE USER sam PASSWORD DISABLE;
      CREATE ROLE analyst;
      CREATE ROLE manager;
      GRANT ROLE analyst TO alice;
      GRANT ROLE manager TO bob;
      GRANT ROLE analyst TO ROLE manager;
      GRANT ROLE sys:secadmin TO sam;
      CREATE TABLE sales (id INT NOT NULL, region VARCHAR(10) ENCODE lzo, rep VARCHAR(64),
        amount DECIMAL(12,2), card VARCHAR(20)) DISTSTYLE EVEN;
      GRANT SELECT ON TABLE sales TO ROLE analyst;
      GRANT SELECT ON sales TO carol, sam;
      """;

  private static DdlReadResult read(String script) {
    return new RedshiftDdlReader(ExtractionOptions.defaults()).readScript(script, "policies.sql");
  }

  private static List<RowFilter> filters(PolicySet set, String name) {
    return set.rowFilters().stream().filter(f -> f.name().equals(Optional.of(name))).toList();
  }

  private static Table table(PolicySet set, Securable name) {
    return set.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static ColumnMask mask(PolicySet set, String name, String column) {
    return set.columnMasks().stream()
        .filter(m -> m.name().equals(Optional.of(name)))
        .filter(m -> m.column().get().column().equals(Optional.of(column)))
        .findFirst()
        .orElseThrow();
  }

  private static Decision decide(PolicySet set, String user) {
    return Evaluator.compile(set).decide(PrincipalContext.user(user), SALES, Action.SELECT);
  }

  @Test
  void testRlsPolicyBecomesDefinitionAndOneFilterPerTableAndGrantee() {
    PolicySet set =
        read(SALES_SETUP
                + """
                    CREATE TABLE archive (region VARCHAR(10), rep VARCHAR(64), note VARCHAR(100));
                    CREATE RLS POLICY own_region
                    WITH (region VARCHAR(10), rep varchar(64)) AS s
                    USING (s.region = 'WEST' AND rep = current_user
                      OR user_is_member_of(current_user, 'manager'));
                    ATTACH RLS POLICY own_region ON TABLE sales, archive TO ROLE analyst, carol;
                    """)
            .policySet();

    Definition definition = set.definition("own_region").orElseThrow();
    assertThat(definition.kind()).isEqualTo(DefinitionKind.ROW_ACCESS_POLICY);
    assertThat(definition.parameters())
        .containsExactly(
            new Parameter("region", "varchar(10)"), new Parameter("rep", "varchar(64)"));
    Expr predicate =
        Expressions.or(
            Expressions.and(
                equal(column("region"), literal("WEST")),
                equal(column("rep"), Expressions.currentUser())),
            Expressions.hasRole(literal("manager"), RoleScope.IN_SESSION));
    assertThat(definition.body()).isEqualTo(new DefinitionBody.Predicate(predicate));

    List<RowFilter> filters = filters(set, "own_region");
    assertThat(filters).hasSize(4);
    assertThat(filters)
        .extracting(RowFilter::appliesTo)
        .containsOnly(Subjects.hasRole("analyst"), Subjects.isUser("carol"));
    RowFilter onSales =
        filters.stream()
            .filter(f -> f.table().equals(SALES) && f.appliesTo().equals(Subjects.isUser("carol")))
            .findFirst()
            .orElseThrow();
    assertThat(onSales.predicate()).isEqualTo(predicate);
    assertThat(onSales.definition()).contains("own_region");
    assertThat(onSales.bindings())
        .containsExactly(Map.entry("region", "region"), Map.entry("rep", "rep"));
    assertThat(onSales.actions())
        .containsExactlyInAnyOrder(Action.SELECT, Action.UPDATE, Action.DELETE);
    assertThat(onSales.origin().file()).contains("policies.sql");
    assertThat(onSales.origin().line()).contains(21);
    assertThat(set.losses()).isEmpty();
    assertThat(PolicySetValidator.validate(set)).noneMatch(ValidationProblem::isError);
  }

  @Test
  void testRowSecurityOnMeansNoRowsWithoutPolicyAndExemptsSuperusersAndSecadmin() {
    PolicySet set =
        read(SALES_SETUP
                + """
                    CREATE RLS POLICY west WITH (region VARCHAR(10)) USING (region = 'WEST');
                    ATTACH RLS POLICY west ON sales TO ROLE analyst;
                    ALTER TABLE sales ROW LEVEL SECURITY ON;
                    """)
            .policySet();

    Table sales = table(set, SALES);
    assertThat(sales.rowSecurity())
        .isEqualTo(
            new RowSecurity(
                true, CombinationRule.ALL_AND, true, false, Subjects.hasRole("sys:secadmin")));
    assertThat(set.principal("admin").orElseThrow().flags())
        .containsExactlyInAnyOrder(PrincipalFlag.SUPERUSER, PrincipalFlag.LOGIN);
    // alice and bob (manager inherits analyst) get the policy; carol has none: no rows.
    assertThat(decide(set, "alice").rowFilter())
        .isEqualTo(equal(column("region"), literal("WEST")));
    assertThat(decide(set, "bob").rowFilter()).isEqualTo(equal(column("region"), literal("WEST")));
    assertThat(decide(set, "carol").rowFilter()).isEqualTo(Expressions.alwaysFalse());
    assertThat(decide(set, "sam").rowFilter()).isEqualTo(Expressions.alwaysTrue());
    assertThat(decide(set, "admin").rowFilter()).isEqualTo(Expressions.alwaysTrue());
  }

  @Test
  void testRowSecurityOffKeepsFiltersButDoesNotApplyThem() {
    PolicySet set =
        read(SALES_SETUP
                + """
                    CREATE RLS POLICY west WITH (region VARCHAR(10)) USING (region = 'WEST');
                    ATTACH RLS POLICY west ON sales TO ROLE analyst;
                    ALTER TABLE sales ROW LEVEL SECURITY ON;
                    ALTER TABLE sales ROW LEVEL SECURITY OFF;
                    """)
            .policySet();

    assertThat(table(set, SALES).rowSecurity().enabled()).isFalse();
    assertThat(filters(set, "west")).hasSize(1);
    assertThat(decide(set, "carol").rowFilter()).isEqualTo(Expressions.alwaysTrue());
  }

  @Test
  void testConjunctionTypeOrCombinesApplicablePoliciesWithOr() {
    String policies =
        """
        CREATE RLS POLICY west WITH (region VARCHAR(10)) USING (region = 'WEST');
        CREATE RLS POLICY own WITH (rep VARCHAR(64)) USING (rep = current_user);
        ATTACH RLS POLICY west ON sales TO ROLE analyst;
        ATTACH RLS POLICY own ON sales TO alice;
        """;
    PolicySet anded =
        read(SALES_SETUP + policies + "ALTER TABLE sales ROW LEVEL SECURITY ON;").policySet();
    PolicySet ored =
        read(SALES_SETUP
                + policies
                + "ALTER TABLE sales ROW LEVEL SECURITY ON CONJUNCTION TYPE OR FOR DATASHARES;")
            .policySet();

    Expr west = equal(column("region"), literal("WEST"));
    Expr own = equal(column("rep"), literal("alice"));
    assertThat(table(ored, SALES).rowSecurity().combination()).isEqualTo(CombinationRule.ANY_OR);
    assertThat(table(ored, SALES).rowSecurity().enabled()).isTrue();
    // Filters are listed by policy name: own before west.
    assertThat(decide(ored, "alice").rowFilter()).isEqualTo(Expressions.or(own, west));
    assertThat(decide(anded, "alice").rowFilter()).isEqualTo(Expressions.and(own, west));
    assertThat(decide(ored, "bob").rowFilter()).isEqualTo(west);
  }

  @Test
  void testIgnoreRlsToRoleExemptsItsMembersAndToUserFlagsTheUser() {
    PolicySet set =
        read(SALES_SETUP
                + """
                    CREATE ROLE dbadmin;
                    GRANT ROLE dbadmin TO bob;
                    CREATE RLS POLICY west WITH (region VARCHAR(10)) USING (region = 'WEST');
                    ATTACH RLS POLICY west ON sales TO ROLE analyst;
                    ALTER TABLE sales ROW LEVEL SECURITY ON;
                    GRANT IGNORE RLS TO ROLE dbadmin;
                    GRANT IGNORE RLS TO carol;
                    GRANT EXPLAIN RLS TO ROLE analyst;
                    """)
            .policySet();

    assertThat(table(set, SALES).rowSecurity().exempt())
        .isEqualTo(Subjects.anyOf(Subjects.hasRole("sys:secadmin"), Subjects.hasRole("dbadmin")));
    assertThat(set.principal("carol").orElseThrow().hasFlag(PrincipalFlag.BYPASS_ROW_SECURITY))
        .isTrue();
    assertThat(decide(set, "bob").rowFilter()).isEqualTo(Expressions.alwaysTrue());
    assertThat(decide(set, "carol").rowFilter()).isEqualTo(Expressions.alwaysTrue());
    assertThat(decide(set, "alice").rowFilter())
        .isEqualTo(equal(column("region"), literal("WEST")));

    PolicySet revoked =
        read(SALES_SETUP
                + """
                    GRANT IGNORE RLS TO ROLE analyst;
                    REVOKE IGNORE RLS FROM ROLE analyst;
                    ALTER TABLE sales ROW LEVEL SECURITY ON;
                    """)
            .policySet();
    assertThat(table(revoked, SALES).rowSecurity().exempt())
        .isEqualTo(Subjects.hasRole("sys:secadmin"));
  }

  @Test
  void testDetachAlterAndDropFollowRedshiftRules() {
    DdlReadResult result =
        read(
            SALES_SETUP
                + """
                CREATE RLS POLICY west WITH (region VARCHAR(10)) USING (region = 'WEST');
                ATTACH RLS POLICY west ON sales TO ROLE analyst, ROLE manager;
                DETACH RLS POLICY west ON sales FROM ROLE analyst;
                ALTER RLS POLICY west USING (region = 'EAST');
                DROP RLS POLICY west;
                """);
    PolicySet set = result.policySet();
    assertThat(filters(set, "west"))
        .singleElement()
        .satisfies(
            filter -> {
              assertThat(filter.appliesTo()).isEqualTo(Subjects.hasRole("manager"));
              assertThat(filter.predicate()).isEqualTo(equal(column("region"), literal("EAST")));
            });
    assertThat(result.skipped())
        .singleElement()
        .satisfies(
            skipped -> {
              assertThat(skipped.kind()).isEqualTo(SkippedStatement.Kind.FAILED);
              assertThat(skipped.line()).isEqualTo(20);
              assertThat(skipped.reason()).contains("still attached");
            });
    assertThat(set.losses()).hasSize(1);

    DdlReadResult refused =
        read(
            SALES_SETUP
                + """
                CREATE RLS POLICY notes WITH (note VARCHAR(10)) USING (note IS NULL);
                ATTACH RLS POLICY notes ON sales TO PUBLIC;
                """);
    assertThat(refused.policySet().rowFilters()).isEmpty();
    assertThat(refused.skipped())
        .singleElement()
        .satisfies(skipped -> assertThat(skipped.reason()).contains("has no column note"));

    PolicySet cascaded =
        read(SALES_SETUP
                + """
                    CREATE RLS POLICY west WITH (region VARCHAR(10)) USING (region = 'WEST');
                    ATTACH RLS POLICY west ON sales TO ROLE analyst;
                    DROP RLS POLICY west CASCADE;
                    DROP RLS POLICY IF EXISTS gone;
                    """)
            .policySet();
    assertThat(cascaded.definitions()).isEmpty();
    assertThat(cascaded.rowFilters()).isEmpty();
    assertThat(cascaded.losses()).isEmpty();
  }

  @Test
  void testDroppingALookupTableIsRefusedAndDroppingARoleDetachesItsPolicies() {
    DdlReadResult result =
        read(
            SALES_SETUP
                + """
                CREATE TABLE reps (rep VARCHAR(64), region VARCHAR(10));
                CREATE RLS POLICY mapped WITH (region VARCHAR(10)) AS s
                USING (s.region IN (SELECT r.region FROM reps r WHERE r.rep = current_user));
                ATTACH RLS POLICY mapped ON sales TO ROLE analyst, ROLE manager;
                DROP TABLE reps;
                DROP ROLE manager;
                """);
    PolicySet set = result.policySet();
    assertThat(set.tables()).extracting(Table::name).contains(Securable.table("public", "reps"));
    assertThat(filters(set, "mapped"))
        .singleElement()
        .satisfies(
            filter -> {
              assertThat(filter.appliesTo()).isEqualTo(Subjects.hasRole("analyst"));
              assertThat(filter.predicate()).isInstanceOf(Expr.Lookup.class);
            });
    assertThat(set.principal("manager")).isEmpty();
    assertThat(set.principal("bob").orElseThrow().memberOf()).isEmpty();
  }

  static Stream<Arguments> maskShapes() {
    return Stream.of(
        Arguments.of(
            "'000000XXXX0000'::TEXT",
            new Transform.Constant(Expressions.literal("000000XXXX0000"))),
        Arguments.of("NULL", new Transform.Nullify()),
        Arguments.of("CAST(NULL AS VARCHAR)", new Transform.Nullify()),
        Arguments.of("card", new Transform.Identity()),
        Arguments.of("SHA2(card, 256)", new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE)),
        Arguments.of(
            "sha2(card::text, 512)", new Transform.Hash(HashAlgorithm.SHA512, SaltScope.NONE)),
        Arguments.of("MD5(card)", new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE)),
        Arguments.of(
            "'XXXXXXXXXXXX' || RIGHT(card, 4)",
            new Transform.Partial(0, 4, "XXXXXXXXXXXX", FillMode.ONCE)),
        Arguments.of(
            "SUBSTRING(card, 1, 6) || 'XXXXXX'",
            new Transform.Partial(6, 0, "XXXXXX", FillMode.ONCE)),
        Arguments.of(
            "LEFT(card, 2) || '***' || RIGHT(card, 2)",
            new Transform.Partial(2, 2, "***", FillMode.ONCE)),
        Arguments.of(
            "REGEXP_REPLACE(card, '[0-9]', 'X')", new Transform.RegexReplace("[0-9]", "X")),
        Arguments.of(
            "REGEXP_REPLACE(card, '^([0-9]{4}).*$', '\\1-XXXX')",
            new Transform.RegexReplace("^([0-9]{4}).*$", "$1-XXXX")),
        Arguments.of(
            "sha2(card || 'salt', 256)",
            new Transform.Expression(
                Expressions.function(
                    "sha2",
                    Expressions.function("concat", Expressions.maskedValue(), literal("salt")),
                    literal(256)))),
        Arguments.of(
            "SUBSTRING(card, 2, 6) || 'XXXXXX'",
            new Transform.Expression(
                Expressions.function(
                    "concat",
                    Expressions.function(
                        "substring", Expressions.maskedValue(), literal(2), literal(6)),
                    literal("XXXXXX")))));
  }

  @ParameterizedTest
  @MethodSource("maskShapes")
  void testMaskingExpressionsAreRecognisedByShape(String expression, Transform expected) {
    PolicySet set =
        read(SALES_SETUP
                + "CREATE MASKING POLICY m WITH (card VARCHAR(20)) USING ("
                + expression
                + ");\nATTACH MASKING POLICY m ON sales(card) TO PUBLIC;")
            .policySet();

    Definition definition = set.definition("m").orElseThrow();
    assertThat(definition.kind()).isEqualTo(DefinitionKind.MASKING_POLICY);
    assertThat(definition.body()).isEqualTo(new DefinitionBody.Mask(List.of(), expected));
    assertThat(definition.returnType()).contains("varchar(20)");
    ColumnMask mask = mask(set, "m", "card");
    assertThat(mask.otherwise()).isEqualTo(expected);
    assertThat(mask.rules()).isEmpty();
    assertThat(mask.appliesTo()).isEqualTo(Subjects.everyone());
    assertThat(mask.bindings()).containsExactly(Map.entry("card", "card"));
    assertThat(set.losses()).isEmpty();
  }

  @Test
  void testCaseWithIdentityTestsBecomesRules() {
    PolicySet set =
        read(SALES_SETUP
                + """
                    CREATE MASKING POLICY by_role WITH (card VARCHAR(20)) USING (
                      CASE WHEN user_is_member_of(current_user, 'manager') THEN card
                           WHEN current_user = 'alice' THEN 'XXXX' || RIGHT(card, 4)
                           ELSE NULL END);
                    ATTACH MASKING POLICY by_role ON sales(card) TO PUBLIC;
                    """)
            .policySet();

    ColumnMask mask = mask(set, "by_role", "card");
    assertThat(mask.rules())
        .containsExactly(
            MaskRule.when(Subjects.hasRole("manager"), new Transform.Identity()),
            MaskRule.when(
                Subjects.isUser("alice"), new Transform.Partial(0, 4, "XXXX", FillMode.ONCE)));
    assertThat(mask.otherwise()).isEqualTo(new Transform.Nullify());
    Evaluator evaluator = Evaluator.compile(set);
    assertThat(
            evaluator
                .decide(PrincipalContext.user("bob"), SALES, Action.SELECT)
                .columns()
                .get("card")
                .otherwise())
        .isEqualTo(new Transform.Identity());
    assertThat(
            evaluator
                .decide(PrincipalContext.user("carol"), SALES, Action.SELECT)
                .columns()
                .get("card")
                .otherwise())
        .isEqualTo(new Transform.Nullify());
  }

  @Test
  void testConditionalMaskingKeepsConditionColumnsAndUdfIsALoss() {
    DdlReadResult result =
        read(
            """
            CREATE ROLE analyst;
            CREATE TABLE credit_cards (id INT, is_fraud BOOLEAN, credit_card_number VARCHAR(16));
            CREATE MASKING POLICY card_number_conditional_mask
                WITH (fraudulent BOOLEAN, pan varchar(16))
                USING (CASE WHEN fraudulent THEN REDACT_CREDIT_CARD(pan)
                            WHEN pan LIKE '4%' THEN LEFT(pan, 4) || 'XXXX'
                            ELSE Null
                       END);
            ATTACH MASKING POLICY card_number_conditional_mask ON credit_cards (credit_card_number)
             USING (is_fraud, credit_card_number)
             TO ROLE analyst PRIORITY 100;
            """);
    PolicySet set = result.policySet();
    ColumnMask mask = mask(set, "card_number_conditional_mask", "credit_card_number");
    assertThat(mask.priority()).isEqualTo(100);
    assertThat(mask.appliesTo()).isEqualTo(Subjects.hasRole("analyst"));
    assertThat(mask.bindings())
        .containsExactly(
            Map.entry("fraudulent", "is_fraud"), Map.entry("pan", "credit_card_number"));
    assertThat(mask.rules()).hasSize(2);
    assertThat(mask.rules().get(0).subject()).isEqualTo(Subjects.everyone());
    assertThat(mask.rules().get(0).condition()).isEqualTo(column("is_fraud"));
    assertThat(mask.rules().get(0).transform().kind()).isEqualTo(TransformKind.EXPRESSION);
    assertThat(((Transform.Expression) mask.rules().get(0).transform()).expression())
        .isInstanceOf(Expr.Opaque.class);
    assertThat(mask.rules().get(1).condition())
        .isEqualTo(Expressions.like(column("credit_card_number"), literal("4%")));
    assertThat(mask.rules().get(1).transform())
        .isEqualTo(new Transform.Partial(4, 0, "XXXX", FillMode.ONCE));
    assertThat(mask.otherwise()).isEqualTo(new Transform.Nullify());
    assertThat(set.losses())
        .singleElement()
        .satisfies(loss -> assertThat(loss.reason()).contains("redact_credit_card"));
  }

  @Test
  void testHighestPriorityApplicableMaskWins() {
    PolicySet set =
        read("""
                CREATE TABLE credit_cards (customer_id INT, credit_card TEXT, ssn TEXT);
                GRANT SELECT ON credit_cards TO PUBLIC;
                CREATE USER regular_user WITH PASSWORD '1234Test!';
                CREATE USER analytics_user WITH PASSWORD '1234Test!';
                CREATE USER both_user PASSWORD DISABLE;
                CREATE ROLE analytics_role;
                CREATE ROLE auditor_role;
                GRANT ROLE analytics_role TO analytics_user;
                GRANT ROLE analytics_role TO both_user;
                GRANT ROLE auditor_role TO both_user;
                CREATE MASKING POLICY mask_full WITH (credit_card VARCHAR(256))
                USING ('000000XXXX0000'::TEXT);
                CREATE MASKING POLICY mask_partial WITH (credit_card VARCHAR(256))
                USING ('XXXX' || RIGHT(credit_card, 4));
                CREATE MASKING POLICY hash_both WITH (a VARCHAR(256), b VARCHAR(256))
                USING (SHA2(a, 256), NULL::TEXT);
                ATTACH MASKING POLICY mask_full ON credit_cards(credit_card) TO PUBLIC;
                ATTACH MASKING POLICY mask_partial ON credit_cards(credit_card)
                TO ROLE analytics_role PRIORITY 10;
                ATTACH MASKING POLICY hash_both ON credit_cards(credit_card, ssn)
                TO ROLE auditor_role PRIORITY 30;
                """)
            .policySet();

    Evaluator evaluator = Evaluator.compile(set);
    Securable cards = Securable.table("public", "credit_cards");
    Map<String, Transform> expected =
        Map.of(
            "regular_user",
            new Transform.Constant(literal("000000XXXX0000")),
            "analytics_user",
            new Transform.Partial(0, 4, "XXXX", FillMode.ONCE),
            "both_user",
            new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE));
    expected.forEach(
        (user, transform) ->
            assertThat(
                    evaluator
                        .decide(PrincipalContext.user(user), cards, Action.SELECT)
                        .columns()
                        .get("credit_card")
                        .otherwise())
                .as(user)
                .isEqualTo(transform));
    assertThat(
            evaluator
                .decide(PrincipalContext.user("both_user"), cards, Action.SELECT)
                .columns()
                .get("ssn")
                .otherwise())
        .isEqualTo(new Transform.Nullify());
    assertThat(mask(set, "hash_both", "ssn").bindings())
        .containsExactly(Map.entry("a", "credit_card"), Map.entry("b", "ssn"));
    // The two-output definition keeps its first output and says so.
    assertThat(set.losses())
        .singleElement()
        .satisfies(loss -> assertThat(loss.reason()).contains("has 2 outputs"));
    assertThat(PolicySetValidator.validate(set)).noneMatch(ValidationProblem::isError);
  }

  @Test
  void testSuperPathAndUnknownPolicyMaskTheWholeColumn() {
    PolicySet set =
        read("""
                CREATE TABLE people (id INT, person SUPER);
                CREATE MASKING POLICY first_name WITH (name VARCHAR(64)) USING ('X'::TEXT);
                ATTACH MASKING POLICY first_name ON people(person.name.first_name) TO PUBLIC;
                ATTACH MASKING POLICY elsewhere ON people(id) TO PUBLIC PRIORITY 5;
                """)
            .policySet();

    ColumnMask path = mask(set, "first_name", "person");
    assertThat(((Transform.Expression) path.otherwise()).expression())
        .isInstanceOf(Expr.Opaque.class);
    ColumnMask unknown = mask(set, "elsewhere", "id");
    assertThat(unknown.definition()).isEmpty();
    assertThat(unknown.priority()).isEqualTo(5);
    assertThat(set.losses()).hasSize(2);
    assertThat(set.losses())
        .anySatisfy(
            loss -> {
              assertThat(loss.reason()).contains("SUPER column");
              assertThat(loss.direction()).isEqualTo(LossDirection.STRICTER);
            })
        .anySatisfy(loss -> assertThat(loss.reason()).contains("not defined"));
    Decision decision =
        Evaluator.compile(set)
            .decide(PrincipalContext.user("x"), Securable.table("public", "people"), Action.SELECT);
    assertThat(decision.columns().get("person").otherwise()).isEqualTo(new Transform.Nullify());
    assertThat(decision.columns().get("id").otherwise()).isEqualTo(new Transform.Nullify());
  }

  @Test
  void testGrantsRevokesRolesAndGroups() {
    PolicySet set =
        read(SALES_SETUP
                + """
                    CREATE GROUP staff WITH USER alice, bob;
                    CREATE SCHEMA reporting;
                    GRANT USAGE ON SCHEMA reporting TO GROUP staff;
                    GRANT SELECT (region, amount), UPDATE (amount) ON sales TO bob WITH GRANT OPTION;
                    GRANT ALL ON TABLE sales TO ROLE manager;
                    REVOKE DELETE ON sales FROM ROLE manager;
                    REVOKE SELECT ON sales FROM carol;
                    GRANT SELECT ON sales TO RLS POLICY mapped;
                    REVOKE ROLE analyst FROM ROLE manager;
                    ALTER GROUP staff DROP USER bob;
                    """)
            .policySet();

    assertThat(set.grants())
        .extracting(Grant::describe)
        .contains(
            "USAGE on reporting to group staff",
            "SELECT, INSERT, UPDATE, REFERENCES on public.sales to role manager",
            "SELECT on public.sales to role analyst",
            "SELECT on public.sales to user sam",
            "SELECT, UPDATE on public.sales.amount to user bob with grant option",
            "SELECT on public.sales.region to user bob with grant option")
        .noneMatch(text -> text.contains("carol"));
    Principal alice = set.principal("alice").orElseThrow();
    assertThat(alice.kind()).isEqualTo(PrincipalKind.USER);
    assertThat(alice.memberOf()).containsExactly("analyst", "staff");
    assertThat(set.principal("bob").orElseThrow().memberOf()).containsExactly("manager");
    assertThat(set.principal("manager").orElseThrow().memberOf()).isEmpty();
    assertThat(set.principal("staff").orElseThrow().kind()).isEqualTo(PrincipalKind.GROUP);
    assertThat(set.principal("sam").orElseThrow().memberOf()).containsExactly("sys:secadmin");
    assertThat(table(set, SALES).columns())
        .extracting(column -> column.name() + " " + column.type() + " " + column.nullable())
        .containsExactly(
            "id integer false",
            "region varchar(10) true",
            "rep varchar(64) true",
            "amount decimal(12,2) true",
            "card varchar(20) true");
  }

  @Test
  void testUnhandledStatementsAreReportedWithTheirLineAndSkipped() {
    DdlReadResult result =
        read(
            """
            SELECT * FROM svv_rls_policy;
            CREATE MATERIALIZED VIEW v AS SELECT * FROM sales;
            CREATE RLS POLICY broken WITH (a int) USING (a = );
            CREATE RLS POLICY fine WITH (a int) USING (a > 0);
            """);
    assertThat(result.skipped())
        .extracting(SkippedStatement::line, SkippedStatement::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, SkippedStatement.Kind.IGNORED),
            org.assertj.core.groups.Tuple.tuple(2, SkippedStatement.Kind.UNSUPPORTED),
            org.assertj.core.groups.Tuple.tuple(3, SkippedStatement.Kind.FAILED));
    assertThat(result.policySet().definition("fine")).isPresent();
    assertThat(result.policySet().losses()).hasSize(2);
  }

  @Test
  void testPasswordsNeverReachOrigins() {
    PolicySet set = read(SALES_SETUP).policySet();
    String sql = set.principal("bob").orElseThrow().origin().sql().orElseThrow();
    assertThat(sql).doesNotContain("Name_is_bob_1").contains("PASSWORD '***'");
    assertThat(set.principal("admin").orElseThrow().origin().sql().orElseThrow())
        .doesNotContain("Secret_pw1");
    assertThat(set.principal("alice").orElseThrow().origin().sql().orElseThrow())
        .contains("PASSWORD DISABLE");
    assertThat(Set.of(set.principal("sys:secadmin").orElseThrow().kind()))
        .containsExactly(PrincipalKind.ROLE);
  }
}
