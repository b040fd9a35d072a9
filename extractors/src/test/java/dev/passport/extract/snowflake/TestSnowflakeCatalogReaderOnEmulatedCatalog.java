package dev.passport.extract.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.fixtures.PostgresDatabase;
import dev.passport.fixtures.WithEmbeddedPostgres;
import dev.passport.model.ColumnMask;
import dev.passport.model.DefinitionBody;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.LossDirection;
import dev.passport.model.OriginKind;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import dev.passport.model.ViewOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live Snowflake reader against an <b>emulated catalog</b>: Snowflake cannot run here, so an
 * embedded PostgreSQL database named {@code SNOWFLAKE} holds a schema {@code ACCOUNT_USAGE} with
 * tables named after the Snowflake views the reader queries, with their documented columns, all
 * created with quoted upper-case names so that the reader's exact query texts run unchanged. It
 * checks the queries and the mapping of their rows, not Snowflake's own behaviour.
 */
@WithEmbeddedPostgres
class TestSnowflakeCatalogReaderOnEmulatedCatalog {
  private static final String CATALOG =
      """
      CREATE SCHEMA "ACCOUNT_USAGE";
      CREATE TABLE "ACCOUNT_USAGE"."MASKING_POLICIES" (
        "POLICY_NAME" text, "POLICY_ID" bigint, "POLICY_SCHEMA_ID" bigint, "POLICY_SCHEMA" text,
        "POLICY_CATALOG_ID" bigint, "POLICY_CATALOG" text, "POLICY_OWNER" text,
        "POLICY_SIGNATURE" text, "POLICY_RETURN_TYPE" text, "POLICY_BODY" text,
        "POLICY_COMMENT" text, "CREATED" timestamp, "LAST_ALTERED" timestamp,
        "DELETED" timestamp, "OWNER_ROLE_TYPE" text, "OPTIONS" text);
      CREATE TABLE "ACCOUNT_USAGE"."ROW_ACCESS_POLICIES" (LIKE "ACCOUNT_USAGE"."MASKING_POLICIES");
      CREATE TABLE "ACCOUNT_USAGE"."POLICY_REFERENCES" (
        "POLICY_DB" text, "POLICY_SCHEMA" text, "POLICY_ID" bigint, "POLICY_NAME" text,
        "POLICY_KIND" text, "REF_DATABASE_NAME" text, "REF_SCHEMA_NAME" text,
        "REF_ENTITY_NAME" text, "REF_ENTITY_DOMAIN" text, "REF_COLUMN_NAME" text,
        "REF_ARG_COLUMN_NAMES" text, "TAG_DATABASE" text, "TAG_SCHEMA" text, "TAG_NAME" text,
        "POLICY_STATUS" text);
      CREATE TABLE "ACCOUNT_USAGE"."TAG_REFERENCES" (
        "TAG_DATABASE" text, "TAG_SCHEMA" text, "TAG_ID" bigint, "TAG_NAME" text,
        "TAG_VALUE" text, "OBJECT_DATABASE" text, "OBJECT_SCHEMA" text, "OBJECT_ID" bigint,
        "OBJECT_NAME" text, "OBJECT_DELETED" timestamp, "DOMAIN" text, "COLUMN_ID" bigint,
        "COLUMN_NAME" text, "APPLY_METHOD" text);
      CREATE TABLE "ACCOUNT_USAGE"."GRANTS_TO_ROLES" (
        "CREATED_ON" timestamp, "MODIFIED_ON" timestamp, "PRIVILEGE" text, "GRANTED_ON" text,
        "NAME" text, "TABLE_CATALOG" text, "TABLE_SCHEMA" text, "GRANTED_TO" text,
        "GRANTEE_NAME" text, "GRANT_OPTION" text, "GRANTED_BY" text, "DELETED_ON" timestamp,
        "GRANTED_BY_ROLE_TYPE" text, "OBJECT_INSTANCE" text);
      CREATE TABLE "ACCOUNT_USAGE"."GRANTS_TO_USERS" (
        "CREATED_ON" timestamp, "DELETED_ON" timestamp, "ROLE" text, "GRANTED_TO" text,
        "GRANTEE_NAME" text, "GRANTED_BY" text);
      CREATE TABLE "ACCOUNT_USAGE"."VIEWS" (
        "TABLE_ID" bigint, "TABLE_NAME" text, "TABLE_SCHEMA_ID" bigint, "TABLE_SCHEMA" text,
        "TABLE_CATALOG_ID" bigint, "TABLE_CATALOG" text, "TABLE_OWNER" text,
        "VIEW_DEFINITION" text, "CHECK_OPTION" text, "IS_UPDATABLE" text, "INSERTABLE_INTO" text,
        "IS_SECURE" text, "CREATED" timestamp, "LAST_ALTERED" timestamp, "DELETED" timestamp,
        "COMMENT" text);

      INSERT INTO "ACCOUNT_USAGE"."MASKING_POLICIES"
        ("POLICY_NAME", "POLICY_SCHEMA", "POLICY_CATALOG", "POLICY_OWNER", "POLICY_SIGNATURE",
         "POLICY_RETURN_TYPE", "POLICY_BODY", "DELETED", "OPTIONS") VALUES
        ('EMAIL_MASK', 'GOV', 'HR', 'SECADMIN', '(VAL VARCHAR, VISIBILITY VARCHAR)',
         'VARCHAR(16777216)',
         'CASE WHEN CURRENT_ROLE() IN (''HR_ADMIN'') THEN val WHEN visibility = ''public'' THEN val ELSE REGEXP_REPLACE(val, ''.+\\@'', ''*****@'') END',
         NULL, NULL),
        ('UNUSED_MASK', 'GOV', 'HR', 'SECADMIN', '(VAL NUMBER)', 'NUMBER', '0', NULL, NULL),
        ('OLD_MASK', 'GOV', 'HR', 'SECADMIN', '(VAL VARCHAR)', 'VARCHAR', 'NULL', now(), NULL),
        ('PII_TAG_MASK', 'GOV', 'HR', 'SECADMIN', '(VAL VARCHAR)', 'VARCHAR',
         'IFF(IS_ROLE_IN_SESSION(''PII_READER''), val, ''***'')', NULL, NULL);
      INSERT INTO "ACCOUNT_USAGE"."ROW_ACCESS_POLICIES"
        ("POLICY_NAME", "POLICY_SCHEMA", "POLICY_CATALOG", "POLICY_OWNER", "POLICY_SIGNATURE",
         "POLICY_RETURN_TYPE", "POLICY_BODY", "DELETED") VALUES
        ('REGION_RAP', 'GOV', 'HR', 'SECADMIN', '(REGION VARCHAR)', 'BOOLEAN',
         'EXISTS (SELECT 1 FROM gov.region_map m WHERE m.region = region AND IS_ROLE_IN_SESSION(m.role_name))',
         NULL);
      INSERT INTO "ACCOUNT_USAGE"."POLICY_REFERENCES"
        ("POLICY_DB", "POLICY_SCHEMA", "POLICY_NAME", "POLICY_KIND", "REF_DATABASE_NAME",
         "REF_SCHEMA_NAME", "REF_ENTITY_NAME", "REF_ENTITY_DOMAIN", "REF_COLUMN_NAME",
         "REF_ARG_COLUMN_NAMES", "TAG_DATABASE", "TAG_SCHEMA", "TAG_NAME", "POLICY_STATUS") VALUES
        ('HR', 'GOV', 'EMAIL_MASK', 'MASKING_POLICY', 'HR', 'APP', 'EMPLOYEES', 'TABLE', 'EMAIL',
         '[IS_PUBLIC]', NULL, NULL, NULL, 'ACTIVE'),
        ('HR', 'GOV', 'REGION_RAP', 'ROW_ACCESS_POLICY', 'HR', 'APP', 'EMPLOYEES', 'TABLE', NULL,
         '[REGION]', NULL, NULL, NULL, 'ACTIVE'),
        ('HR', 'GOV', 'PII_TAG_MASK', 'MASKING_POLICY', 'HR', 'GOV', 'PII', 'TAG', NULL,
         NULL, NULL, NULL, NULL, 'ACTIVE'),
        ('HR', 'GOV', 'PII_TAG_MASK', 'MASKING_POLICY', 'HR', 'APP', 'EMPLOYEES', 'TABLE', 'PHONE',
         NULL, 'HR', 'GOV', 'PII', 'ACTIVE'),
        ('HR', 'GOV', 'PROJ', 'PROJECTION_POLICY', 'HR', 'APP', 'EMPLOYEES', 'TABLE', 'SSN',
         NULL, NULL, NULL, NULL, 'ACTIVE');
      INSERT INTO "ACCOUNT_USAGE"."TAG_REFERENCES"
        ("TAG_DATABASE", "TAG_SCHEMA", "TAG_NAME", "TAG_VALUE", "OBJECT_DATABASE",
         "OBJECT_SCHEMA", "OBJECT_NAME", "OBJECT_DELETED", "DOMAIN", "COLUMN_NAME") VALUES
        ('HR', 'GOV', 'PII', 'phone', 'HR', 'APP', 'EMPLOYEES', NULL, 'COLUMN', 'PHONE'),
        ('HR', 'GOV', 'PII', 'gone', 'HR', 'APP', 'OLD', now(), 'COLUMN', 'X');
      INSERT INTO "ACCOUNT_USAGE"."GRANTS_TO_ROLES"
        ("PRIVILEGE", "GRANTED_ON", "NAME", "TABLE_CATALOG", "TABLE_SCHEMA", "GRANTED_TO",
         "GRANTEE_NAME", "GRANT_OPTION", "DELETED_ON") VALUES
        ('SELECT', 'TABLE', 'EMPLOYEES', 'HR', 'APP', 'ROLE', 'ANALYST', 'false', NULL),
        ('INSERT', 'TABLE', 'EMPLOYEES', 'HR', 'APP', 'ROLE', 'ANALYST', 'false', NULL),
        ('SELECT', 'VIEW', 'EMPLOYEES_V', 'HR', 'APP', 'ROLE', 'REPORTER', 'false', NULL),
        ('USAGE', 'ROLE', 'ANALYST', NULL, NULL, 'ROLE', 'REPORTER', 'false', NULL),
        ('SELECT', 'TABLE', 'EMPLOYEES', 'HR', 'APP', 'ROLE', 'GONE', 'false', now());
      INSERT INTO "ACCOUNT_USAGE"."GRANTS_TO_USERS"
        ("ROLE", "GRANTED_TO", "GRANTEE_NAME", "DELETED_ON") VALUES
        ('REPORTER', 'USER', 'ALICE', NULL);
      INSERT INTO "ACCOUNT_USAGE"."VIEWS"
        ("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_OWNER", "VIEW_DEFINITION",
         "IS_SECURE", "DELETED") VALUES
        ('HR', 'APP', 'EMPLOYEES_V', 'SECADMIN',
         'create or replace secure view HR.APP.EMPLOYEES_V as select id, region from employees where region = current_user();',
         'YES', NULL);
      """;

  private static String url;
  private static String user;

  @BeforeAll
  static void createEmulatedCatalog(PostgresDatabase db) throws SQLException {
    // The reader names SNOWFLAKE.ACCOUNT_USAGE.…, a three-part name PostgreSQL accepts only
    // when SNOWFLAKE is the current database.
    String name = "SNOWFLAKE";
    boolean exists =
        !db.query("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").isEmpty();
    if (!exists) {
      db.execute("CREATE DATABASE " + PostgresDatabase.quoteIdentifier(name));
    }
    url = db.jdbcUrl().substring(0, db.jdbcUrl().lastIndexOf('/') + 1) + name;
    user = db.superuser();
    try (Connection connection = connect()) {
      connection.createStatement().execute("DROP SCHEMA IF EXISTS \"ACCOUNT_USAGE\" CASCADE");
      connection.createStatement().execute(CATALOG);
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }

  private static PolicySet read() throws SQLException {
    try (Connection connection = connect()) {
      return Extraction.readLive(SystemKind.SNOWFLAKE, connection, ExtractionOptions.defaults());
    }
  }

  @Test
  void testDefinitionsIncludeUnattachedAndSkipDeleted() throws SQLException {
    PolicySet set = read();
    assertThat(set.source().system()).isEqualTo(SystemKind.SNOWFLAKE);
    assertThat(set.definitions())
        .extracting(definition -> definition.name())
        .containsExactly(
            "HR.GOV.EMAIL_MASK", "HR.GOV.PII_TAG_MASK", "HR.GOV.UNUSED_MASK", "HR.GOV.REGION_RAP");
    DefinitionBody.Mask email = (DefinitionBody.Mask) set.definitions().get(0).body();
    assertThat(email.otherwise()).isEqualTo(new Transform.Email());
    assertThat(email.rules().get(0).subject()).isEqualTo(Subjects.hasPrimaryRole("HR_ADMIN"));
  }

  @Test
  void testAttachmentsBindColumnsAndTags() throws SQLException {
    PolicySet set = read();
    Securable employees = Securable.table("HR", "APP", "EMPLOYEES");
    ColumnMask email =
        set.columnMasks().stream()
            .filter(mask -> mask.column().equals(java.util.Optional.of(employees.column("EMAIL"))))
            .findFirst()
            .orElseThrow();
    assertThat(email.bindings())
        .containsExactly(Map.entry("VAL", "EMAIL"), Map.entry("VISIBILITY", "IS_PUBLIC"));
    assertThat(email.rules().get(1).condition())
        .isEqualTo(
            Expressions.equal(Expressions.column("IS_PUBLIC"), Expressions.literal("public")));
    assertThat(set.columnMasks())
        .filteredOn(mask -> mask.tag().isPresent())
        .singleElement()
        .satisfies(mask -> assertThat(mask.tag().get().tag()).isEqualTo("HR.GOV.PII"));
    assertThat(set.columnMasks())
        .filteredOn(mask -> mask.column().equals(java.util.Optional.of(employees.column("PHONE"))))
        .singleElement()
        .satisfies(
            mask -> {
              assertThat(mask.origin().kind()).isEqualTo(OriginKind.TAG);
              assertThat(mask.priority()).isEqualTo(-1);
            });
    RowFilter filter = set.rowFilters().get(0);
    assertThat(filter.table()).isEqualTo(employees);
    assertThat(filter.predicate())
        .isEqualTo(
            Expressions.exists(
                Securable.table("GOV", "REGION_MAP"),
                "M",
                Expressions.and(
                    Expressions.equal(
                        Expressions.column("M", "REGION"), Expressions.column("REGION")),
                    Expressions.hasRole(
                        Expressions.column("M", "ROLE_NAME"), RoleScope.IN_SESSION))));
    assertThat(set.losses())
        .anyMatch(
            loss ->
                loss.reason().contains("PROJECTION_POLICY")
                    && loss.direction() == LossDirection.UNKNOWN);
    assertThat(set.tags())
        .singleElement()
        .satisfies(
            tag -> {
              assertThat(tag.name()).isEqualTo("HR.GOV.PII");
              assertThat(tag.assignments()).hasSize(1);
            });
  }

  @Test
  void testGrantsRolesAndViews() throws SQLException {
    PolicySet set = read();
    assertThat(set.grants())
        .extracting(grant -> grant.describe())
        .containsExactly(
            "SELECT, INSERT on HR.APP.EMPLOYEES to role ANALYST",
            "SELECT on HR.APP.EMPLOYEES_V to role REPORTER");
    assertThat(set.principal("REPORTER").map(Principal::memberOf)).contains(List.of("ANALYST"));
    assertThat(set.principal("ALICE").map(Principal::memberOf)).contains(List.of("REPORTER"));
    assertThat(set.views())
        .singleElement()
        .satisfies(
            view -> {
              assertThat(view.options()).containsExactly(ViewOption.SECURE);
              assertThat(view.baseTables())
                  .containsExactly(Securable.table("HR", "APP", "EMPLOYEES"));
            });
    assertThat(set.rowFilters())
        .filteredOn(filter -> filter.origin().kind() == OriginKind.VIEW)
        .singleElement()
        .satisfies(
            filter ->
                assertThat(filter.table()).isEqualTo(Securable.table("HR", "APP", "EMPLOYEES_V")));
    assertThat(set.losses())
        .anyMatch(
            loss ->
                loss.direction() == LossDirection.LOOSER
                    && loss.reason().startsWith("role ANALYST can read base table"));
  }

  @Test
  void testRealtimeQueryNamesThePolicy() {
    assertThat(SnowflakeCatalogReader.realtimeReferencesQuery("HR", "HR.GOV.O'NEIL"))
        .contains("FROM TABLE(\"HR\".\"INFORMATION_SCHEMA\".\"POLICY_REFERENCES\"(")
        .contains("POLICY_NAME => 'HR.GOV.O''NEIL'");
  }

  @Test
  void testMissingCatalogIsAnError(PostgresDatabase db) throws SQLException {
    try (Connection connection = db.connect()) {
      assertThatThrownBy(
              () ->
                  Extraction.readLive(
                      SystemKind.SNOWFLAKE, connection, ExtractionOptions.defaults()))
          .isInstanceOfSatisfying(
              PassportException.class,
              e ->
                  assertThat(e.errorCode())
                      .isIn(ErrorCode.CONNECTION_FAILED, ErrorCode.INSUFFICIENT_PRIVILEGE));
    }
  }
}
