package dev.passport.extract.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.DefinitionBody;
import dev.passport.model.Expressions;
import dev.passport.model.LossDirection;
import dev.passport.model.OriginKind;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import dev.passport.model.ViewOption;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Snowflake DDL scripts to a policy set, statement form by statement form. */
class TestSnowflakeDdlReader {
  private static DdlReadResult read(String script) {
    return new SnowflakeDdlReader(ExtractionOptions.defaults()).readScript(script, "test.sql");
  }

  @Test
  void testMaskingPolicyAttachedToSeveralColumnsInOneStatement() {
    PolicySet set =
        read("""
                USE DATABASE hr;
                CREATE OR REPLACE MASKING POLICY gov.ssn_mask AS (val string) RETURNS string ->
                  CASE WHEN CURRENT_ROLE() = 'HR_ADMIN' THEN val ELSE '***-**-' || RIGHT(val, 4) END
                  COMMENT = 'ssn';
                CREATE MASKING POLICY gov.dob_mask AS (val date) RETURNS date -> NULL;
                CREATE TABLE app.employees (id number, ssn varchar(11), dob date);
                ALTER TABLE app.employees MODIFY COLUMN ssn SET MASKING POLICY gov.ssn_mask,
                  COLUMN dob SET MASKING POLICY gov.dob_mask FORCE;
                """)
            .policySet();
    assertThat(set.definitions())
        .extracting(d -> d.name())
        .containsExactly("HR.GOV.SSN_MASK", "HR.GOV.DOB_MASK");
    assertThat(set.columnMasks())
        .extracting(mask -> mask.column().orElseThrow().qualifiedName())
        .containsExactly("HR.APP.EMPLOYEES.SSN", "HR.APP.EMPLOYEES.DOB");
    ColumnMask ssn = set.columnMasks().get(0);
    assertThat(ssn.definition()).contains("HR.GOV.SSN_MASK");
    assertThat(ssn.appliesTo()).isEqualTo(Subjects.everyone());
    assertThat(ssn.otherwise())
        .isEqualTo(new Transform.Partial(0, 4, "***-**-", dev.passport.model.FillMode.ONCE));
    Table table = set.tables().get(0);
    assertThat(table.rowSecurity()).isEqualTo(RowSecurity.allAnd());
    assertThat(table.rowSecurity().noneApplicableMeansNoRows()).isFalse();
    assertThat(table.columns())
        .extracting(c -> c.type())
        .containsExactly("decimal", "varchar", "date");
  }

  @Test
  void testABackslashEscapedQuoteDoesNotSwallowTheNextStatement() {
    // Snowflake reads 'O\'BRIEN' as one literal; read as standard SQL, its quote would hide the
    // semicolon and the whole next policy inside one statement.
    DdlReadResult result =
        read(
            """
            CREATE MASKING POLICY s.quoted AS (val string) RETURNS string ->
              CASE WHEN CURRENT_ROLE() = 'O\\'BRIEN' THEN val ELSE '***' END;
            // a Snowflake comment: it's not a quote
            CREATE MASKING POLICY s.plain AS (val string) RETURNS string ->
              CASE WHEN CURRENT_ROLE() IN ('ADMIN') THEN val ELSE '##' END;
            """);
    assertThat(result.policySet().definitions()).extracting(d -> d.name()).contains("S.PLAIN");
    // The quoted body is not understood by JSqlParser: a loss for that policy alone.
    assertThat(result.policySet().losses())
        .isNotEmpty()
        .allSatisfy(loss -> assertThat(loss.origin().object()).contains("S.QUOTED"));
  }

  @Test
  void testScriptOrderSetBodyUnsetAndDrop() {
    PolicySet set =
        read("""
                CREATE MASKING POLICY s.m AS (val string) RETURNS string -> '***';
                CREATE MASKING POLICY s.unused AS (val string) RETURNS string -> val;
                ALTER TABLE s.t MODIFY COLUMN a SET MASKING POLICY s.m;
                ALTER TABLE s.t MODIFY COLUMN b SET MASKING POLICY s.m;
                ALTER MASKING POLICY s.m SET BODY -> SHA2(val);
                ALTER TABLE s.t MODIFY COLUMN b UNSET MASKING POLICY;
                CREATE MASKING POLICY s.gone AS (val string) RETURNS string -> NULL;
                DROP MASKING POLICY s.gone;
                """)
            .policySet();
    assertThat(set.definitions()).extracting(d -> d.name()).containsExactly("S.M", "S.UNUSED");
    assertThat(set.columnMasks())
        .singleElement()
        .satisfies(
            mask -> {
              assertThat(mask.column().orElseThrow().qualifiedName()).isEqualTo("S.T.A");
              assertThat(mask.otherwise().kind()).isEqualTo(dev.passport.model.TransformKind.HASH);
            });
  }

  @Test
  void testRowAccessPolicyWithMappingTable() {
    PolicySet set =
        read("""
                CREATE ROW ACCESS POLICY sec.rap AS (sales_region varchar) RETURNS BOOLEAN ->
                  'SALES_EXECUTIVE_ROLE' = CURRENT_ROLE()
                  OR EXISTS (SELECT 1 FROM sec.salesmanagerregions m
                             WHERE m.region = sales_region AND IS_ROLE_IN_SESSION(m.role_name));
                CREATE TABLE sales.orders (id int, region varchar)
                  WITH ROW ACCESS POLICY sec.rap ON (region);
                CREATE TABLE sales.returns (id int, region varchar);
                ALTER TABLE sales.returns ADD ROW ACCESS POLICY sec.rap ON (region);
                ALTER TABLE sales.returns DROP ROW ACCESS POLICY sec.rap,
                  ADD ROW ACCESS POLICY sec.rap ON (id);
                """)
            .policySet();
    assertThat(set.rowFilters()).hasSize(2);
    RowFilter orders = set.rowFilters().get(0);
    assertThat(orders.table()).isEqualTo(Securable.table("SALES", "ORDERS"));
    assertThat(orders.bindings()).containsExactly(Map.entry("SALES_REGION", "REGION"));
    assertThat(orders.predicate())
        .isEqualTo(
            Expressions.or(
                Expressions.hasRole(Expressions.literal("SALES_EXECUTIVE_ROLE"), RoleScope.PRIMARY),
                Expressions.exists(
                    Securable.table("SEC", "SALESMANAGERREGIONS"),
                    "M",
                    Expressions.and(
                        Expressions.equal(
                            Expressions.column("M", "REGION"), Expressions.column("REGION")),
                        Expressions.hasRole(
                            Expressions.column("M", "ROLE_NAME"), RoleScope.IN_SESSION)))));
    assertThat(set.rowFilters().get(1).bindings()).containsExactly(Map.entry("SALES_REGION", "ID"));
    assertThat(set.losses()).isEmpty();
  }

  @Test
  void testTagBasedMaskingYieldsToTheColumnsOwnPolicy() {
    PolicySet set =
        read("""
                CREATE ROLE analyst;
                CREATE TAG gov.pii ALLOWED_VALUES 'email', 'phone';
                CREATE MASKING POLICY gov.tag_mask AS (val string) RETURNS string ->
                  CASE WHEN IS_ROLE_IN_SESSION('PII_READER') THEN val ELSE '[tagged]' END;
                CREATE MASKING POLICY gov.num_mask AS (val number) RETURNS number -> 0;
                CREATE MASKING POLICY gov.own_mask AS (val string) RETURNS string -> 'own';
                ALTER TAG gov.pii SET MASKING POLICY gov.tag_mask, MASKING POLICY gov.num_mask;
                CREATE TABLE app.users (
                  email varchar WITH TAG (gov.pii = 'email'),
                  phone varchar,
                  score number
                );
                ALTER TABLE app.users MODIFY COLUMN phone SET TAG gov.pii = 'phone';
                ALTER TABLE app.users MODIFY COLUMN phone SET MASKING POLICY gov.own_mask;
                ALTER TABLE app.users MODIFY COLUMN score SET TAG gov.pii = 'email';
                GRANT SELECT ON TABLE app.users TO ROLE analyst;
                GRANT SELECT ON TABLE app.users TO ROLE pii_reader;
                """)
            .policySet();
    assertThat(set.tags())
        .singleElement()
        .satisfies(
            tag -> {
              assertThat(tag.name()).isEqualTo("GOV.PII");
              assertThat(tag.allowedValues()).containsExactly("email", "phone");
              assertThat(tag.assignments()).hasSize(3);
            });
    assertThat(set.columnMasks())
        .filteredOn(mask -> mask.tag().isPresent())
        .extracting(mask -> mask.tag().get().dataType().orElseThrow())
        .containsExactly("varchar", "decimal");
    assertThat(set.columnMasks())
        .filteredOn(mask -> mask.tag().isPresent())
        .allMatch(mask -> mask.origin().kind() == OriginKind.TAG);
    Evaluator evaluator = Evaluator.compile(set);
    PrincipalContext analyst = PrincipalContext.user("BOB").withRoles(List.of("ANALYST"));
    Securable users = Securable.table("APP", "USERS");
    assertThat(unconditional(evaluator, analyst, users.column("EMAIL")))
        .isEqualTo(new Transform.Constant(Expressions.literal("[tagged]")));
    assertThat(unconditional(evaluator, analyst, users.column("PHONE")))
        .isEqualTo(new Transform.Constant(Expressions.literal("own")));
    assertThat(unconditional(evaluator, analyst, users.column("SCORE")))
        .isEqualTo(new Transform.Constant(Expressions.literal(0)));
    PrincipalContext reader = PrincipalContext.user("EVE").withRoles(List.of("PII_READER"));
    assertThat(unconditional(evaluator, reader, users.column("EMAIL")))
        .isEqualTo(new Transform.Identity());
  }

  private static Transform unconditional(
      Evaluator evaluator, PrincipalContext context, Securable column) {
    ColumnDecision decision = evaluator.column(context, column, Action.SELECT);
    return decision.unconditional().orElseThrow();
  }

  @Test
  void testRolesGrantsAndSecureViews() {
    PolicySet set =
        read("""
                CREATE ROLE analyst;
                CREATE ROLE reporting;
                CREATE USER alice;
                GRANT ROLE analyst TO ROLE reporting;
                GRANT ROLE reporting TO USER alice;
                GRANT SELECT, INSERT ON TABLE db.s.t TO ROLE analyst;
                GRANT USAGE ON SCHEMA db.s TO ROLE analyst WITH GRANT OPTION;
                GRANT SELECT ON ALL TABLES IN SCHEMA db.s TO ROLE reporting;
                REVOKE INSERT ON TABLE db.s.t FROM ROLE analyst;
                GRANT APPLY MASKING POLICY ON ACCOUNT TO ROLE analyst;
                CREATE SECURE VIEW db.s.v AS SELECT a, b FROM db.s.t;
                """)
            .policySet();
    assertThat(set.principal("ALICE").map(Principal::memberOf)).contains(List.of("REPORTING"));
    assertThat(set.principal("REPORTING").map(Principal::memberOf)).contains(List.of("ANALYST"));
    assertThat(set.grants())
        .extracting(grant -> grant.describe())
        .containsExactly(
            "SELECT on DB.S.T to role ANALYST",
            "USAGE on DB.S to role ANALYST with grant option",
            "SELECT on DB.S to role REPORTING");
    assertThat(set.views())
        .singleElement()
        .satisfies(
            view -> {
              assertThat(view.options()).containsExactly(ViewOption.SECURE);
              assertThat(view.baseTables()).containsExactly(Securable.table("DB", "S", "T"));
              assertThat(view.sql()).contains("SELECT a, b FROM db.s.t");
            });
  }

  @Test
  void testPlaceholdersAreSubstitutedOrReportedWithTheirLine() {
    String script =
        """
        USE DATABASE {{ SF_DATABASE }};
        CREATE MASKING POLICY etl.m AS (val string) RETURNS string -> NULL;
        CREATE MASKING POLICY {{ OTHER }}.etl.n AS (val string) RETURNS string -> NULL;
        """;
    DdlReadResult substituted =
        new SnowflakeDdlReader(
                ExtractionOptions.defaults()
                    .withVariables(Map.of("SF_DATABASE", "ZEUS", "OTHER", "ODIN")))
            .readScript(script, "t.sql");
    assertThat(substituted.policySet().definitions())
        .extracting(d -> d.name())
        .containsExactly("ZEUS.ETL.M", "ODIN.ETL.N");
    DdlReadResult unresolved = read(script);
    assertThat(unresolved.policySet().definitions())
        .extracting(d -> d.name())
        .containsExactly("ETL.M");
    assertThat(unresolved.policySet().losses())
        .extracting(loss -> loss.origin().line().orElseThrow())
        .containsExactly(1, 3);
    assertThat(unresolved.policySet().losses().get(0).reason()).contains("SF_DATABASE");
  }

  @Test
  void testInvalidDropPolicyIsReportedAndTheRunGoesOn() {
    DdlReadResult result =
        read(
            """
            USE DATABASE odin;

            DROP POLICY etl.dob_mask;
            CREATE MASKING POLICY etl.after AS (val string) RETURNS (VAL string) -> val;
            """);
    assertThat(result.skipped())
        .filteredOn(skipped -> skipped.kind() == SkippedStatement.Kind.FAILED)
        .singleElement()
        .satisfies(skipped -> assertThat(skipped.line()).isEqualTo(3));
    assertThat(result.policySet().losses())
        .singleElement()
        .satisfies(
            loss -> {
              assertThat(loss.origin().line()).contains(3);
              assertThat(loss.direction()).isEqualTo(LossDirection.UNKNOWN);
            });
    assertThat(result.policySet().definitions())
        .singleElement()
        .satisfies(
            definition -> {
              assertThat(definition.name()).isEqualTo("ODIN.ETL.AFTER");
              assertThat(definition.returnType()).contains("string");
              assertThat(((DefinitionBody.Mask) definition.body()).otherwise())
                  .isEqualTo(new Transform.Identity());
            });
  }

  @Test
  void testUndefinedPolicyMasksFullyWithALoss() {
    PolicySet set =
        read("ALTER TABLE s.t MODIFY COLUMN c SET MASKING POLICY s.nowhere;").policySet();
    assertThat(set.columnMasks())
        .singleElement()
        .satisfies(mask -> assertThat(mask.otherwise()).isEqualTo(new Transform.Nullify()));
    assertThat(set.losses())
        .singleElement()
        .satisfies(loss -> assertThat(loss.direction()).isEqualTo(LossDirection.STRICTER));
  }

  @Test
  void testQuotedIdentifiersKeepTheirCase() {
    PolicySet set =
        read("""
                CREATE MASKING POLICY "Gov"."Mask" AS (val string) RETURNS string -> NULL;
                ALTER TABLE "App"."Users" MODIFY COLUMN "eMail" SET MASKING POLICY "Gov"."Mask";
                """)
            .policySet();
    assertThat(set.columnMasks())
        .singleElement()
        .satisfies(
            mask ->
                assertThat(mask.column().orElseThrow().qualifiedName())
                    .isEqualTo("App.Users.eMail"));
    assertThat(set.definitions().get(0).name()).isEqualTo("Gov.Mask");
  }
}
