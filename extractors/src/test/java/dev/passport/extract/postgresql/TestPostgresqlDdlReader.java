package dev.passport.extract.postgresql;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.currentUser;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.sessionAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.extract.sql.FunctionAliases;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.Expressions;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.View;
import dev.passport.model.ViewOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestPostgresqlDdlReader {
  private static final Securable ACCOUNTS = Securable.table("public", "accounts");

  private static DdlReadResult read(String script) {
    return read(script, ExtractionOptions.defaults());
  }

  private static DdlReadResult read(String script, ExtractionOptions options) {
    return new PostgresqlDdlReader(SystemKind.POSTGRESQL, options).readScript(script, "schema.sql");
  }

  private static RowFilter filter(PolicySet set, String name) {
    return set.rowFilters().stream()
        .filter(filter -> filter.name().equals(Optional.of(name)))
        .findFirst()
        .orElseThrow();
  }

  private static Table table(PolicySet set, String qualifiedName) {
    return set.tables().stream()
        .filter(table -> table.name().qualifiedName().equals(qualifiedName))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(
      value = SystemKind.class,
      names = {"POSTGRESQL", "GREENPLUM"})
  void testReadsPoliciesWithEveryClause(SystemKind system) {
    String script =
        """
        CREATE TABLE accounts (id int PRIMARY KEY, tenant text NOT NULL, owner varchar(20));
        ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_read ON accounts AS RESTRICTIVE FOR SELECT TO analyst, PUBLIC
          USING (tenant = current_setting('app.tenant', true));
        create policy own_rows on public.accounts to analyst
          using (owner = current_user) with check (owner = current_user and id > 0);
        CREATE POLICY inserts ON accounts FOR INSERT TO "Writer" WITH CHECK (tenant = 'a');
        """;
    PolicySet set =
        new PostgresqlDdlReader(system, ExtractionOptions.defaults())
            .readScript(script, "schema.sql")
            .policySet();
    assertThat(set.source().system()).isEqualTo(system);
    assertThat(set.rowFilters())
        .extracting(filter -> filter.name().get())
        .containsExactly("inserts", "own_rows", "tenant_read");
    RowFilter tenant = filter(set, "tenant_read");
    assertThat(tenant.kind()).isEqualTo(FilterKind.RESTRICTIVE);
    assertThat(tenant.actions()).containsExactly(Action.SELECT);
    assertThat(tenant.appliesTo()).isEqualTo(Subjects.everyone());
    assertThat(tenant.predicate())
        .isEqualTo(equal(column("tenant"), sessionAttribute("app.tenant")));
    assertThat(tenant.check()).isEmpty();
    assertThat(tenant.table()).isEqualTo(ACCOUNTS);
    assertThat(tenant.origin().file()).contains("schema.sql");
    assertThat(tenant.origin().line()).contains(3);
    assertThat(tenant.origin().sql().get()).startsWith("CREATE POLICY tenant_read");
    RowFilter own = filter(set, "own_rows");
    assertThat(own.kind()).isEqualTo(FilterKind.PERMISSIVE);
    assertThat(own.actions()).containsExactlyInAnyOrder(Action.values());
    assertThat(own.appliesTo()).isEqualTo(Subjects.hasRole("analyst"));
    assertThat(own.check())
        .contains(
            Expressions.and(
                equal(column("owner"), currentUser()),
                Expressions.compare(
                    dev.passport.model.ComparisonOperator.GREATER_THAN, column("id"), literal(0))));
    RowFilter inserts = filter(set, "inserts");
    assertThat(inserts.appliesTo()).isEqualTo(Subjects.hasRole("Writer"));
    assertThat(inserts.predicate()).isEqualTo(Expressions.alwaysFalse());
    assertThat(inserts.check()).contains(equal(column("tenant"), literal("a")));
    Table accounts = table(set, "public.accounts");
    assertThat(accounts.rowSecurity()).isEqualTo(RowSecurity.postgresql(false));
    assertThat(accounts.columns())
        .containsExactly(
            new ColumnInfo("id", "integer", false),
            new ColumnInfo("tenant", "varchar", false),
            new ColumnInfo("owner", "varchar(20)", true));
    assertThat(set.losses()).isEmpty();
  }

  @Test
  void testAllPolicyWithoutCheckChecksWithUsing() {
    PolicySet set = read("CREATE POLICY p ON accounts USING (id = 1);").policySet();
    assertThat(filter(set, "p").check()).contains(equal(column("id"), literal(1)));
  }

  @Test
  void testStatementsApplyInScriptOrder() {
    String script =
        """
        CREATE TABLE accounts (id int);
        CREATE POLICY p ON accounts USING (id = 1);
        ALTER POLICY p ON accounts TO auditor USING (id = 2);
        ALTER POLICY p ON accounts RENAME TO q;
        CREATE POLICY gone ON accounts USING (true);
        DROP POLICY IF EXISTS gone ON accounts;
        ALTER TABLE accounts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
        ALTER TABLE ONLY accounts NO FORCE ROW LEVEL SECURITY;
        ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
        CREATE TABLE open_table (id int);
        ALTER TABLE open_table ENABLE ROW LEVEL SECURITY;
        ALTER TABLE open_table DISABLE ROW LEVEL SECURITY;
        """;
    PolicySet set = read(script).policySet();
    assertThat(set.rowFilters()).extracting(filter -> filter.name().get()).containsExactly("q");
    RowFilter q = filter(set, "q");
    assertThat(q.predicate()).isEqualTo(equal(column("id"), literal(2)));
    assertThat(q.appliesTo()).isEqualTo(Subjects.hasRole("auditor"));
    assertThat(table(set, "public.accounts").rowSecurity()).isEqualTo(RowSecurity.postgresql(true));
    assertThat(table(set, "public.open_table").rowSecurity()).isEqualTo(RowSecurity.disabled());
  }

  @Test
  void testOwnersRolesAndMemberships() {
    String script =
        """
        CREATE ROLE admin WITH SUPERUSER;
        CREATE ROLE etl BYPASSRLS NOINHERIT;
        CREATE USER alice IN ROLE analyst PASSWORD 'secret';
        CREATE ROLE analyst;
        GRANT analyst TO bob, carol;
        REVOKE analyst FROM carol;
        CREATE ROLE team ROLE dave;
        SET ROLE etl;
        CREATE TABLE loads (id int);
        RESET ROLE;
        CREATE TABLE accounts (id int);
        ALTER TABLE accounts OWNER TO admin;
        """;
    PolicySet set = read(script).policySet();
    assertThat(set.principal("admin").get().flags()).containsExactly(PrincipalFlag.SUPERUSER);
    assertThat(set.principal("etl").get().flags())
        .containsExactlyInAnyOrder(PrincipalFlag.BYPASS_ROW_SECURITY, PrincipalFlag.NO_INHERIT);
    Principal alice = set.principal("alice").get();
    assertThat(alice.kind()).isEqualTo(PrincipalKind.USER);
    assertThat(alice.memberOf()).containsExactly("analyst");
    assertThat(set.principal("bob").get().memberOf()).containsExactly("analyst");
    assertThat(set.principal("carol").get().memberOf()).isEmpty();
    assertThat(set.principal("dave").get().memberOf()).containsExactly("team");
    assertThat(table(set, "public.loads").owner()).contains("etl");
    assertThat(table(set, "public.accounts").owner()).contains("admin");
  }

  @Test
  void testTableColumnAndSchemaGrants() {
    String script =
        """
        CREATE TABLE app.accounts (id int, email text, secret text);
        CREATE TABLE app.orders (id int);
        GRANT SELECT, UPDATE (email) ON app.accounts TO analyst;
        GRANT ALL ON TABLE app.orders TO etl WITH GRANT OPTION;
        GRANT SELECT ON ALL TABLES IN SCHEMA app TO auditor;
        REVOKE SELECT ON app.orders FROM auditor;
        GRANT USAGE ON SCHEMA app TO PUBLIC;
        GRANT EXECUTE ON FUNCTION app.f() TO analyst;
        REVOKE ALL ON app.accounts FROM analyst;
        GRANT SELECT (email) ON app.accounts TO analyst;
        """;
    PolicySet set = read(script).policySet();
    Securable accounts = Securable.table("app", "accounts");
    Securable orders = Securable.table("app", "orders");
    assertThat(set.grants())
        .extracting(Grant::securable, Grant::grantee, Grant::privileges, Grant::withGrantOption)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Securable.schema(Optional.empty(), "app"),
                Subjects.everyone(),
                Set.of(Privilege.USAGE),
                false),
            org.assertj.core.groups.Tuple.tuple(
                accounts, Subjects.hasRole("auditor"), Set.of(Privilege.SELECT), false),
            org.assertj.core.groups.Tuple.tuple(
                accounts.column("email"),
                Subjects.hasRole("analyst"),
                Set.of(Privilege.SELECT),
                false),
            org.assertj.core.groups.Tuple.tuple(
                orders,
                Subjects.hasRole("etl"),
                Set.of(
                    Privilege.SELECT,
                    Privilege.INSERT,
                    Privilege.UPDATE,
                    Privilege.DELETE,
                    Privilege.TRUNCATE,
                    Privilege.REFERENCES,
                    Privilege.TRIGGER),
                true));
  }

  @Test
  void testViewsKeepSqlBaseTablesAndOptions() {
    String script =
        """
        CREATE TABLE accounts (id int, tenant text);
        CREATE VIEW my_accounts WITH (security_barrier) AS
          SELECT a.id FROM accounts a JOIN public.tenants t ON t.name = a.tenant
          WHERE t.owner = current_user WITH CHECK OPTION;
        ALTER VIEW my_accounts SET (security_invoker = true);
        """;
    View view = read(script).policySet().views().get(0);
    assertThat(view.name()).isEqualTo(Securable.table("public", "my_accounts"));
    assertThat(view.options())
        .containsExactlyInAnyOrder(ViewOption.SECURITY_BARRIER, ViewOption.SECURITY_INVOKER);
    assertThat(view.baseTables())
        .containsExactlyInAnyOrder(ACCOUNTS, Securable.table("public", "tenants"));
    assertThat(view.sql().get()).startsWith("SELECT a.id").endsWith("current_user");
  }

  @Test
  void testCurrentUserInToNeedsTheScriptUser() {
    String script = "CREATE POLICY mine ON accounts TO CURRENT_USER, analyst USING (true);";
    PolicySet unknown = read(script).policySet();
    assertThat(filter(unknown, "mine").appliesTo()).isEqualTo(Subjects.hasRole("analyst"));
    assertThat(unknown.losses())
        .singleElement()
        .satisfies(
            loss -> {
              assertThat(loss.reason()).contains("CURRENT_USER");
              assertThat(loss.direction()).isEqualTo(LossDirection.STRICTER);
              assertThat(loss.origin().line()).contains(1);
            });
    PolicySet known =
        read(script, ExtractionOptions.defaults().withScriptUser("deploy")).policySet();
    assertThat(filter(known, "mine").appliesTo())
        .isEqualTo(Subjects.anyOf(Subjects.hasRole("deploy"), Subjects.hasRole("analyst")));
    assertThat(known.losses()).isEmpty();
  }

  @Test
  void testSkippedAndFailedStatementsAreReportedNotFatal() {
    String script =
        """
        COMMENT ON TABLE accounts IS 'x';
        CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ select 1; $$;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO analyst;
        CREATE POLICY broken ON accounts
          USING (id = = 1);
        CREATE POLICY fine ON accounts USING (id = 1);
        SECURITY LABEL FOR anon ON COLUMN accounts.email IS 'MASKED WITH VALUE NULL';
        """;
    DdlReadResult result = read(script);
    assertThat(result.policySet().rowFilters())
        .extracting(filter -> filter.name().get())
        .containsExactly("fine");
    assertThat(result.skipped())
        .extracting(SkippedStatement::line, SkippedStatement::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, SkippedStatement.Kind.IGNORED),
            org.assertj.core.groups.Tuple.tuple(2, SkippedStatement.Kind.IGNORED),
            org.assertj.core.groups.Tuple.tuple(3, SkippedStatement.Kind.UNSUPPORTED),
            org.assertj.core.groups.Tuple.tuple(5, SkippedStatement.Kind.FAILED),
            org.assertj.core.groups.Tuple.tuple(7, SkippedStatement.Kind.UNSUPPORTED));
    SkippedStatement failed = result.skipped().get(3);
    assertThat(failed.column()).isEqualTo(15);
    assertThat(failed.describe()).startsWith("schema.sql:5:15: ");
    assertThat(result.policySet().losses())
        .extracting(Loss::reason)
        .anySatisfy(reason -> assertThat(reason).contains("schema.sql:5:15"))
        .anySatisfy(reason -> assertThat(reason).contains("ALTER DEFAULT PRIVILEGES"))
        .anySatisfy(reason -> assertThat(reason).contains("SECURITY LABEL"));
  }

  @Test
  void testAliasesApplyToPolicies() {
    FunctionAliases aliases =
        FunctionAliases.of(Map.of("app.current_user_id", sessionAttribute("jwt.claims.user_id")));
    PolicySet set =
        PostgresqlDdlReader.read(
            "CREATE POLICY own ON app.items USING (user_id = app.current_user_id());",
            "items.sql",
            SystemKind.POSTGRESQL,
            aliases);
    assertThat(filter(set, "own").predicate())
        .isEqualTo(equal(column("user_id"), sessionAttribute("jwt.claims.user_id")));
    assertThat(set.losses()).isEmpty();
  }

  @Test
  void testPsqlVariablesNameRoles() {
    String script = "GRANT SELECT ON accounts TO :VISITOR;";
    PolicySet unset = read(script).policySet();
    assertThat(unset.grants()).isEmpty();
    assertThat(unset.losses())
        .singleElement()
        .satisfies(loss -> assertThat(loss.reason()).contains(":VISITOR"));
    PolicySet set =
        read(script, ExtractionOptions.defaults().withVariables(Map.of("VISITOR", "web")))
            .policySet();
    assertThat(set.grants())
        .singleElement()
        .satisfies(grant -> assertThat(grant.grantee()).isEqualTo(Subjects.hasRole("web")));
  }

  @Test
  void testCommandClauseConflictsFailAsPostgresqlWould() {
    DdlReadResult result =
        read("CREATE POLICY p ON accounts FOR SELECT USING (true) WITH CHECK (true);");
    assertThat(result.policySet().rowFilters()).isEmpty();
    assertThat(result.skipped())
        .singleElement()
        .satisfies(skip -> assertThat(skip.kind()).isEqualTo(SkippedStatement.Kind.FAILED));
  }
}
