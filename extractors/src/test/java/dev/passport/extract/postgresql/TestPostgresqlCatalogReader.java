package dev.passport.extract.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.views.ViewPolicyDetector;
import dev.passport.fixtures.PostgresDatabase;
import dev.passport.fixtures.WithEmbeddedPostgres;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Grant;
import dev.passport.model.Loss;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.View;
import dev.passport.model.ViewOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live reader against a real PostgreSQL: a script applied to the database and read back from
 * the catalog gives the same model as the script read as text.
 */
@WithEmbeddedPostgres
class TestPostgresqlCatalogReader {
  // Roles are shared by the whole cluster, so this class's roles carry a suffix of their own.
  private static final String SUFFIX = "_" + ThreadLocalRandom.current().nextInt(1_000_000);
  private static final String ANALYST = "analyst" + SUFFIX;
  private static final String LOADER = "loader" + SUFFIX;
  private static final String ALICE = "alice" + SUFFIX;

  private static final String SCRIPT =
      """
      CREATE ROLE %1$s;
      CREATE ROLE %2$s BYPASSRLS NOINHERIT;
      CREATE ROLE %3$s LOGIN IN ROLE %1$s;
      GRANT %1$s TO %2$s;
      CREATE SCHEMA app;
      CREATE FUNCTION app.secret() RETURNS integer LANGUAGE sql AS 'select 1';
      CREATE TABLE app.accounts (
        id integer PRIMARY KEY,
        tenant text NOT NULL,
        owner varchar(20),
        created date
      );
      CREATE TABLE app.members (account_id integer NOT NULL, member text NOT NULL);
      ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;
      ALTER TABLE app.accounts FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_read ON app.accounts AS RESTRICTIVE FOR SELECT TO %1$s, PUBLIC
        USING (tenant = current_setting('app.tenant', true));
      CREATE POLICY own ON app.accounts TO %1$s
        USING (owner = current_user) WITH CHECK (owner = current_user AND id > 0);
      CREATE POLICY members_only ON app.accounts FOR SELECT
        USING (EXISTS (SELECT 1 FROM app.members m
                       WHERE m.account_id = accounts.id AND m.member = current_user));
      CREATE POLICY listed ON app.accounts FOR UPDATE
        USING (tenant IN ('a', 'b') AND created BETWEEN DATE '2024-01-01' AND '2024-12-31');
      CREATE POLICY removable ON app.accounts FOR DELETE
        USING (pg_has_role('%1$s', 'member') OR owner LIKE 'x%%' OR owner IS NULL);
      CREATE POLICY inserts ON app.accounts FOR INSERT WITH CHECK (tenant = 'a');
      CREATE POLICY cased ON app.accounts
        USING (CASE WHEN id > 10 THEN tenant ELSE owner END = 'z');
      CREATE POLICY opaque ON app.accounts USING (id = app.secret());
      CREATE POLICY by_setting ON app.accounts FOR SELECT
        USING (id = current_setting('app.id')::integer AND NOT (tenant ILIKE 'q%%'));
      GRANT SELECT, UPDATE (owner) ON app.accounts TO %1$s;
      GRANT ALL ON app.members TO %2$s;
      GRANT USAGE ON SCHEMA app TO %1$s;
      CREATE VIEW app.mine WITH (security_barrier) AS
        SELECT id FROM app.accounts WHERE owner = current_user;
      """
          .formatted(ANALYST, LOADER, ALICE);

  private static PolicySet live;
  private static PolicySet fromText;

  @BeforeAll
  static void applyScript(PostgresDatabase database) throws SQLException {
    database.execute(SCRIPT);
    try (Connection connection = database.connect()) {
      live = Extraction.readLive(SystemKind.POSTGRESQL, connection, ExtractionOptions.defaults());
    }
    // Extraction adds view-based policies to both sides; the reader alone does not.
    fromText =
        ViewPolicyDetector.detect(
            new PostgresqlDdlReader(
                    SystemKind.POSTGRESQL,
                    ExtractionOptions.defaults().withScriptUser(database.superuser()))
                .readScript(SCRIPT, "script.sql")
                .policySet());
  }

  private static List<RowFilter> filters(PolicySet set) {
    return Origins.withoutOrigins(set).rowFilters();
  }

  @Test
  void testPoliciesReadLiveEqualThePoliciesReadFromTheScript() {
    // Nine declared policies, and the identity test in view app.mine's WHERE clause.
    assertThat(live.rowFilters()).hasSize(10);
    List<RowFilter> expected = filters(fromText);
    List<RowFilter> actual = filters(live);
    for (int index = 0; index < expected.size(); index++) {
      assertThat(actual.get(index))
          .as("policy %s", expected.get(index).name())
          .isEqualTo(expected.get(index));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void testLookupAndIdentityValuesSurviveTheCatalogsSpelling() {
    RowFilter members =
        live.rowFilters().stream()
            .filter(filter -> filter.name().orElseThrow().equals("members_only"))
            .findFirst()
            .orElseThrow();
    assertThat(members.predicate()).isInstanceOf(Expr.Lookup.class);
    assertThat(members.origin().sql().orElseThrow()).contains("EXISTS");
  }

  @Test
  void testLossesAgree() {
    assertThat(live.losses())
        .extracting(Loss::reason)
        .containsExactlyElementsOf(fromText.losses().stream().map(Loss::reason).toList());
    assertThat(live.losses())
        .extracting(Loss::reason)
        .satisfiesExactly(
            reason -> assertThat(reason).contains("app.secret"),
            reason -> assertThat(reason).contains("bypasses the view's row filter"));
  }

  @Test
  void testTablesAgree() {
    List<Table> liveTables =
        live.tables().stream()
            .filter(table -> table.name().schema().orElseThrow().equals("app"))
            .toList();
    assertThat(liveTables).isEqualTo(fromText.tables());
    assertThat(liveTables.get(0).rowSecurity()).isEqualTo(RowSecurity.postgresql(true));
  }

  @Test
  void testGrantsOnTheScriptsObjectsAgree() {
    List<Grant> liveGrants =
        Origins.withoutOrigins(live).grants().stream()
            .filter(grant -> grant.securable().qualifiedName().startsWith("app"))
            .toList();
    assertThat(liveGrants).isEqualTo(Origins.withoutOrigins(fromText).grants());
  }

  @Test
  void testRolesAndMembershipsAgree() {
    Set<String> mine = Set.of(ANALYST, LOADER, ALICE);
    List<Principal> livePrincipals =
        Origins.withoutOrigins(live).principals().stream()
            .filter(principal -> mine.contains(principal.name()))
            .toList();
    assertThat(livePrincipals).isEqualTo(Origins.withoutOrigins(fromText).principals());
    assertThat(live.principal(LOADER).orElseThrow().flags())
        .containsExactlyInAnyOrder(PrincipalFlag.BYPASS_ROW_SECURITY, PrincipalFlag.NO_INHERIT);
    assertThat(live.principal(ALICE).orElseThrow().memberOf()).containsExactly(ANALYST);
  }

  @Test
  void testViewsAgreeOnNameOptionsAndBaseTables() {
    View liveView =
        live.views().stream()
            .filter(view -> view.name().qualifiedName().equals("app.mine"))
            .findFirst()
            .orElseThrow();
    View textView = fromText.views().get(0);
    assertThat(liveView.options())
        .containsExactly(ViewOption.SECURITY_BARRIER)
        .isEqualTo(textView.options());
    assertThat(liveView.baseTables())
        .containsExactly(Securable.table("app", "accounts"))
        .isEqualTo(textView.baseTables());
    assertThat(liveView.owner()).isEqualTo(textView.owner());
  }

  @Test
  void testSchemasOptionNarrowsTheRead(PostgresDatabase database) throws SQLException {
    try (Connection connection = database.connect()) {
      PolicySet none =
          new PostgresqlCatalogReader(
                  SystemKind.POSTGRESQL,
                  ExtractionOptions.defaults().withSchemas(List.of("nothing_here")))
              .read(connection);
      assertThat(none.tables()).isEmpty();
      assertThat(none.rowFilters()).isEmpty();
    }
  }

  @Test
  void testAClosedConnectionGivesOneClearSentence(PostgresDatabase database) throws SQLException {
    Connection connection = database.connect();
    connection.close();
    assertThatThrownBy(
            () ->
                Extraction.readLive(
                    SystemKind.POSTGRESQL, connection, ExtractionOptions.defaults()))
        .isInstanceOfSatisfying(
            PassportException.class,
            error -> {
              assertThat(error.errorCode())
                  .isIn(ErrorCode.CONNECTION_FAILED, ErrorCode.INTERNAL_ERROR);
              assertThat(error.getMessage().lines().count()).isEqualTo(1);
            });
  }

  @Test
  void testMissingPrivilegeIsInsufficientPrivilege(PostgresDatabase database) throws SQLException {
    database.execute("REVOKE SELECT ON pg_catalog.pg_policy FROM PUBLIC");
    try (Connection connection = database.connectAs(ALICE)) {
      assertThatThrownBy(
              () ->
                  Extraction.readLive(
                      SystemKind.POSTGRESQL, connection, ExtractionOptions.defaults()))
          .isInstanceOfSatisfying(
              PassportException.class,
              error -> {
                assertThat(error.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE);
                assertThat(error.getMessage())
                    .startsWith("The connected user may not read row-level security policies");
              });
    } finally {
      database.execute("GRANT SELECT ON pg_catalog.pg_policy TO PUBLIC");
    }
  }
}
