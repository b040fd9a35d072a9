package dev.passport.extract.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.extract.DdlReadResult;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.fixtures.PostgresDatabase;
import dev.passport.fixtures.WithEmbeddedPostgres;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.LossDirection;
import dev.passport.model.OriginKind;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.SystemKind;
import dev.passport.model.json.PolicySetCodec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An <b>emulated catalog</b>: Redshift cannot run here, so {@link RedshiftCatalogReader} runs its
 * very queries against an embedded PostgreSQL database whose schema {@code redshift_catalog} holds
 * tables named and shaped like Redshift's system views ({@code SVV_RLS_POLICY}, {@code
 * SVV_RLS_RELATION}, {@code SVV_RLS_ATTACHED_POLICY} with the documentation's misspelt {@code
 * rls_conjuntion_type}, {@code SVV_MASKING_POLICY}, {@code SVV_ATTACHED_MASKING_POLICY}, the
 * privilege and grant views, {@code SVV_ROLES}, {@code SVV_SYSTEM_PRIVILEGES}, and {@code
 * pg_user}), seeded with rows in the form the Redshift documentation shows (polatts as JSON,
 * polqual normalised with {@code CAST(… AS TEXT)}). The search path puts that schema before {@code
 * pg_catalog}, as the real views are found in Redshift. The user tables are real PostgreSQL tables,
 * read through {@code information_schema.columns}.
 */
@WithEmbeddedPostgres
class TestRedshiftCatalogReaderOnEmulatedCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Securable MY_CATEGORIES = Securable.table("public", "my_categories");
  private static final Securable TICKIT = Securable.table("public", "tickit_category_redshift");

  /** The DDL whose effect the emulated catalog rows describe. */
  private static final String DDL =
      """
      CREATE USER admin PASSWORD 'Admin_pw_1' CREATEUSER;
      CREATE USER alice PASSWORD DISABLE;
      CREATE USER bob PASSWORD DISABLE;
      CREATE ROLE analyst;
      CREATE ROLE dbadmin;
      GRANT ROLE analyst TO alice;
      GRANT ROLE dbadmin TO bob;
      GRANT ROLE analyst TO ROLE dbadmin;
      CREATE TABLE tickit_category_redshift (catid SMALLINT NOT NULL, catgroup VARCHAR(10),
        catname VARCHAR(10));
      CREATE TABLE credit_cards (customer_id INT, is_fraud BOOLEAN, credit_card VARCHAR(16));
      CREATE VIEW my_categories AS SELECT catid, catname FROM tickit_category_redshift
      WHERE catgroup = current_user;
      GRANT SELECT ON tickit_category_redshift TO ROLE analyst;
      GRANT SELECT (customer_id, credit_card) ON credit_cards TO alice;
      GRANT USAGE ON SCHEMA public TO ROLE analyst;
      CREATE RLS POLICY policy_concerts WITH (catgroup VARCHAR(10)) AS t
      USING (t.catgroup = 'Concerts');
      CREATE RLS POLICY pol2 WITH (catname varchar(10)) AS t USING ( catname LIKE '%public%');
      ATTACH RLS POLICY policy_concerts ON tickit_category_redshift TO ROLE analyst, bob;
      ATTACH RLS POLICY pol2 ON tickit_category_redshift TO ROLE dbadmin;
      ALTER TABLE tickit_category_redshift ROW LEVEL SECURITY ON CONJUNCTION TYPE OR;
      GRANT IGNORE RLS TO ROLE dbadmin;
      CREATE MASKING POLICY mask_full WITH (credit_card VARCHAR(16))
      USING ('000000XXXX0000'::TEXT);
      CREATE MASKING POLICY card_conditional WITH (fraudulent BOOLEAN, pan VARCHAR(16))
      USING (CASE WHEN fraudulent THEN 'XXXX' || RIGHT(pan, 4) ELSE NULL END);
      ATTACH MASKING POLICY mask_full ON credit_cards(credit_card) TO PUBLIC;
      ATTACH MASKING POLICY card_conditional ON credit_cards(credit_card)
      USING (is_fraud, credit_card) TO ROLE analyst PRIORITY 100;
      """;

  @BeforeAll
  static void createCatalog(PostgresDatabase database) throws SQLException {
    String superuser = database.superuser().replace("'", "''");
    database.execute(
        """
        CREATE TABLE public.tickit_category_redshift (catid smallint NOT NULL,
          catgroup varchar(10), catname varchar(10));
        CREATE TABLE public.credit_cards (customer_id int, is_fraud boolean,
          credit_card varchar(16));
        CREATE VIEW public.my_categories AS SELECT catid, catname FROM tickit_category_redshift
          WHERE catgroup = current_user;
        CREATE SCHEMA redshift_catalog;
        SET search_path = redshift_catalog, pg_catalog;
        CREATE TABLE pg_user (usename text, usesuper boolean);
        INSERT INTO pg_user VALUES ('admin', true), ('alice', false), ('bob', false);
        CREATE TABLE svv_roles (role_id int, role_name text, role_owner text, external_id text);
        INSERT INTO svv_roles VALUES (1, 'analyst', 'admin', NULL), (2, 'dbadmin', 'admin', NULL),
          (3, 'sys:secadmin', 'rdsdb', NULL);
        CREATE TABLE svv_user_grants (user_id int, user_name text, role_id int, role_name text,
          admin_option boolean);
        INSERT INTO svv_user_grants VALUES (101, 'alice', 1, 'analyst', false),
          (102, 'bob', 2, 'dbadmin', false);
        CREATE TABLE svv_role_grants (role_id int, role_name text, granted_role_id int,
          granted_role_name text);
        INSERT INTO svv_role_grants VALUES (2, 'dbadmin', 1, 'analyst');
        CREATE TABLE svv_system_privileges (system_privilege text, identity_id int,
          identity_name text, identity_type text);
        INSERT INTO svv_system_privileges VALUES ('IGNORE RLS', 2, 'dbadmin', 'role'),
          ('EXPLAIN RLS', 1, 'analyst', 'role');
        CREATE TABLE svv_rls_policy (poldb text, polname text, polalias text, polatts text,
          polqual text, polenabled boolean, polmodifiedby text, polmodifiedtime timestamp);
        INSERT INTO svv_rls_policy VALUES
          ('dev', 'policy_concerts', 't',
           '[{"colname":"catgroup","type":"character varying(10)"}]',
           '"t"."catgroup" = CAST(''Concerts'' AS TEXT)', true, 'admin', '2022-02-11 14:40:49'),
          ('dev', 'pol2', 't', '[{"colname":"catname","type":"character varying(10)"}]',
           '"t"."catname" LIKE CAST(''%public%'' AS TEXT)', true, 'admin', '2022-02-11 14:41:28');
        CREATE TABLE svv_rls_relation (datname text, relschema text, relname text, relkind text,
          is_rls_on boolean, is_rls_datashare_on boolean, rls_conjunction_type char(3),
          rls_datashare_conjunction_type char(3));
        INSERT INTO svv_rls_relation VALUES
          ('dev', 'public', 'tickit_category_redshift', 'table', true, false, 'or', 'and');
        CREATE TABLE svv_rls_attached_policy (relschema text, relname text, relkind text,
          polname text, grantor text, grantee text, granteekind text, is_pol_on boolean,
          is_rls_on boolean, rls_conjuntion_type char(3));
        INSERT INTO svv_rls_attached_policy VALUES
          ('public', 'tickit_category_redshift', 'table', 'policy_concerts', 'admin', 'analyst',
           'role', true, true, 'or'),
          ('public', 'tickit_category_redshift', 'table', 'policy_concerts', 'admin', 'bob',
           'user', true, true, 'or'),
          ('public', 'tickit_category_redshift', 'table', 'pol2', 'admin', 'dbadmin', 'role',
           true, true, 'or');
        CREATE TABLE masking_policy_rows (policy_database text, policy_name text,
          input_columns text, policy_expression text, policy_modified_by text,
          policy_modified_time timestamp);
        INSERT INTO masking_policy_rows VALUES
          ('dev', 'mask_full', '[{"colname":"credit_card","type":"character varying(16)"}]',
           '[{"expr":"''000000XXXX0000''::text","type":"text"}]', 'admin', now()),
          ('dev', 'card_conditional',
           '[{"colname":"fraudulent","type":"boolean"},{"colname":"pan","type":"character varying(16)"}]',
           'CASE WHEN fraudulent THEN ''XXXX'' || RIGHT(pan, 4) ELSE NULL END', 'admin', now());
        CREATE TABLE attached_masking_rows (policy_name text, schema_name text, table_name text,
          table_type text, grantor text, grantee text, grantee_type text, priority int,
          input_columns text, output_columns text, is_masking_datashare_on boolean);
        INSERT INTO attached_masking_rows VALUES
          ('mask_full', 'public', 'credit_cards', 'table', 'admin', 'public', 'public', 0,
           '["credit_card"]', '["credit_card"]', false),
          ('card_conditional', 'public', 'credit_cards', 'table', 'admin', 'analyst', 'role', 100,
           '["is_fraud","credit_card"]', '["credit_card"]', false);
        CREATE TABLE svv_relation_privileges (namespace_name text, relation_name text,
          privilege_type text, identity_id int, identity_name text, identity_type text,
          admin_option boolean);
        INSERT INTO svv_relation_privileges VALUES
          ('public', 'tickit_category_redshift', 'SELECT', 1, 'analyst', 'role', false);
        CREATE TABLE svv_column_privileges (namespace_name text, relation_name text,
          column_name text, privilege_type text, identity_id int, identity_name text,
          identity_type text);
        INSERT INTO svv_column_privileges VALUES
          ('public', 'credit_cards', 'customer_id', 'SELECT', 101, 'alice', 'user'),
          ('public', 'credit_cards', 'credit_card', 'SELECT', 101, 'alice', 'user');
        CREATE TABLE svv_schema_privileges (namespace_name text, privilege_type text,
          identity_id int, identity_name text, identity_type text, admin_option boolean);
        INSERT INTO svv_schema_privileges VALUES ('public', 'USAGE', 1, 'analyst', 'role', false);
        CREATE ROLE catalog_reader;
        CREATE ROLE no_policy_reader;
        GRANT USAGE ON SCHEMA redshift_catalog TO catalog_reader, no_policy_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA redshift_catalog TO catalog_reader, no_policy_reader;
        REVOKE SELECT ON svv_rls_policy FROM no_policy_reader;
        """
            // Only superusers and sys:secadmin see masking policies; others see no rows.
            + "CREATE VIEW svv_masking_policy AS SELECT * FROM masking_policy_rows"
            + " WHERE current_user = '"
            + superuser
            + "';\n"
            + "CREATE VIEW svv_attached_masking_policy AS SELECT * FROM attached_masking_rows"
            + " WHERE current_user = '"
            + superuser
            + "';\n"
            + "GRANT SELECT ON svv_masking_policy, svv_attached_masking_policy TO catalog_reader;");
  }

  private static PolicySet readLive(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET search_path = redshift_catalog, pg_catalog, public");
    }
    return new RedshiftCatalogReader(ExtractionOptions.defaults().withSchemas(List.of("public")))
        .readCatalog(connection);
  }

  /**
   * The set's JSON without origins and source, which differ between a script and a catalog, nor
   * views' SQL, which the catalog gives as PostgreSQL reprints it.
   */
  private static JsonNode withoutOrigins(PolicySet set) throws Exception {
    JsonNode tree = JSON.readTree(PolicySetCodec.toJson(set));
    ((ObjectNode) tree).remove("source");
    tree.path("views").forEach(view -> ((ObjectNode) view).remove("sql"));
    strip(tree);
    return tree;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("origin");
      object.forEach(TestRedshiftCatalogReaderOnEmulatedCatalog::strip);
    } else if (node instanceof ArrayNode array) {
      array.forEach(TestRedshiftCatalogReaderOnEmulatedCatalog::strip);
    }
  }

  @Test
  void testLiveReadEqualsTheDdlReadApartFromOrigins(PostgresDatabase database) throws Exception {
    PolicySet live;
    try (Connection connection = database.connect()) {
      live = readLive(connection);
    }
    DdlReadResult fromDdl =
        new RedshiftDdlReader(ExtractionOptions.defaults().withScriptUser(database.superuser()))
            .readScript(DDL, "equivalent.sql");

    assertThat(live.source().method()).isEqualTo(ExtractionMethod.JDBC);
    assertThat(live.source().locator()).doesNotContain("password");
    assertThat(live.losses()).isEmpty();
    assertThat(fromDdl.policySet().losses()).isEmpty();
    assertThat(live.definitions()).hasSize(4);
    assertThat(live.rowFilters()).hasSize(3);
    assertThat(live.columnMasks()).hasSize(2);
    assertThat(live.views())
        .singleElement()
        .satisfies(
            view -> {
              assertThat(view.name()).isEqualTo(MY_CATEGORIES);
              assertThat(view.baseTables()).containsExactly(TICKIT);
              assertThat(view.owner()).contains(database.superuser());
            });
    assertThat(live.tables()).extracting(table -> table.name()).doesNotContain(MY_CATEGORIES);
    assertThat(withoutOrigins(live)).isEqualTo(withoutOrigins(fromDdl.policySet()));
  }

  @Test
  void testLiveViewTestingCurrentUserIsARowFilterBypassedByTheBaseTableGrantee(
      PostgresDatabase database) throws Exception {
    PolicySet live;
    try (Connection connection = database.connect()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET search_path = redshift_catalog, pg_catalog, public");
      }
      live =
          Extraction.readLive(
              SystemKind.REDSHIFT,
              connection,
              ExtractionOptions.defaults().withSchemas(List.of("public")));
    }
    assertThat(live.rowFilters())
        .filteredOn(filter -> filter.origin().kind() == OriginKind.VIEW)
        .singleElement()
        .satisfies(
            filter -> {
              assertThat(filter.table()).isEqualTo(MY_CATEGORIES);
              assertThat(filter.predicate())
                  .isEqualTo(
                      Expressions.equal(Expressions.column("catgroup"), Expressions.currentUser()));
            });
    assertThat(live.losses())
        .filteredOn(loss -> loss.direction() == LossDirection.LOOSER)
        .isNotEmpty()
        .allSatisfy(
            loss ->
                assertThat(loss.reason())
                    .contains("role analyst")
                    .contains("public.tickit_category_redshift"));
  }

  @Test
  void testMaskingViewsEmptyForOrdinaryUsersAreNotAnError(PostgresDatabase database)
      throws Exception {
    PolicySet live;
    try (Connection connection = database.connectAs("catalog_reader")) {
      live = readLive(connection);
    }
    assertThat(live.columnMasks()).isEmpty();
    assertThat(live.definitions())
        .extracting(d -> d.name())
        .containsExactly("pol2", "policy_concerts");
    assertThat(live.rowFilters()).hasSize(3);
  }

  @Test
  void testPermissionDeniedIsInsufficientPrivilegeInOneSentence(PostgresDatabase database)
      throws Exception {
    try (Connection connection = database.connectAs("no_policy_reader")) {
      assertThatThrownBy(() -> readLive(connection))
          .isInstanceOfSatisfying(
              PassportException.class,
              e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE);
                assertThat(e.getMessage())
                    .startsWith("The connected user may not read RLS policies (SVV_RLS_POLICY): ")
                    .endsWith(".")
                    .doesNotContain("\n");
              });
    }
  }
}
