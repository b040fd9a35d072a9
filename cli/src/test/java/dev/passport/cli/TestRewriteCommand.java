package dev.passport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.fixtures.PostgresDatabase;
import dev.passport.fixtures.SamplePolicySets;
import dev.passport.fixtures.WithEmbeddedPostgres;
import dev.passport.model.json.PolicySetCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@WithEmbeddedPostgres
class TestRewriteCommand {
  private static final String SECRET = "rewrite-Pa55word-do-not-print";
  private static final String PASSWORD_VARIABLE = "PASSPORT_REWRITE_PASSWORD";

  @TempDir Path directory;
  private Path retail;
  private Path sales;

  private static CliResult runWithInput(String input, String... args) {
    Environment environment =
        Environment.of(Map.of(PASSWORD_VARIABLE, SECRET), false)
            .withInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    return CliRun.run(environment, args);
  }

  private static CliResult run(String... args) {
    return runWithInput("", args);
  }

  @BeforeAll
  static void createTables(PostgresDatabase database) throws SQLException {
    database.execute(
        """
        CREATE SCHEMA rewrite_app;
        CREATE TABLE rewrite_app.notes (id bigint NOT NULL, body text);
        """);
  }

  @BeforeEach
  void writePolicySets() {
    retail = directory.resolve("retail.json");
    PolicySetCodec.write(SamplePolicySets.retailPostgresql(), retail);
    sales = directory.resolve("sales.json");
    PolicySetCodec.write(SamplePolicySets.redshiftSales(), sales);
  }

  @Test
  void testSelectGetsTheRowFilterOfTheAudience() {
    CliResult result =
        run(
            "rewrite",
            "--policies",
            retail.toString(),
            "--dialect",
            "postgresql",
            "--user",
            "bob",
            "--attr",
            "app.tenant_id=42",
            "--sql",
            "SELECT * FROM customers WHERE name LIKE 'A%'");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "SELECT * FROM (SELECT customer_id, tenant_id, name, email, phone, ssn FROM customers"
                + " WHERE tenant_id = 42 AND name <> 'TEST CUSTOMER') AS customers"
                + " WHERE name LIKE 'A%'"
                + System.lineSeparator());
    assertThat(result.err()).isEmpty();
  }

  @Test
  void testColumnsTheAudienceMayNotReadAreLeftOutAndValuesAreLiterals() {
    CliResult result =
        run(
            "rewrite",
            "--policies",
            retail.toString(),
            "--dialect",
            "postgresql",
            "--user",
            "alice",
            "--attr",
            "app.tenant_id=42' OR '1'='1",
            "--sql",
            "SELECT c.name FROM public.customers c");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "SELECT c.name FROM (SELECT customer_id, tenant_id, name FROM public.customers"
                + " WHERE tenant_id = CAST('42'' OR ''1''=''1' AS integer)"
                + " AND name <> 'TEST CUSTOMER') AS c"
                + System.lineSeparator());
  }

  @Test
  void testSelectGetsTheMasksOfTheAudience() {
    CliResult result =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "bob",
            "--sql",
            "SELECT sale_id, customer_email FROM sales");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("SELECT sale_id, customer_email FROM (SELECT sale_id, region, rep, amount,")
        .contains(
            "CASE WHEN rep = 'bob' THEN customer_email ELSE lower(sha2(customer_email, 256)) END"
                + " AS customer_email")
        .contains("WHERE rep = 'bob' AND region IN ('WEST', 'NORTH')) AS sales");
  }

  @Test
  void testUnloadKeepsItsEnvelopeAndDoublesQuotes() {
    CliResult result =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "alice",
            "--sql",
            "UNLOAD ('select * from sales where region = ''WEST''') TO 's3://bucket/p/'"
                + " IAM_ROLE 'arn:aws:iam::1:role/r'");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("UNLOAD ('SELECT * FROM (SELECT sale_id, region, rep, amount, ")
        .contains("repeat(''X'', ")
        .contains("CASE WHEN rep = ''alice'' THEN customer_email ELSE")
        .contains("FROM sales WHERE rep = ''alice'') AS sales WHERE region = ''WEST''')")
        .endsWith(" TO 's3://bucket/p/' IAM_ROLE 'arn:aws:iam::1:role/r'" + System.lineSeparator());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "alice | SELECT * FROM nope | UNKNOWN_TABLE | --allow-unknown-tables",
        "alice | DELETE FROM sales | NOT_SUPPORTED | DELETE",
        "carol | SELECT * FROM customers | INSUFFICIENT_PRIVILEGE | 'carol' may not read",
        "alice | SELECT * FROM sales WHERE ((( | PARSE_ERROR | syntax error",
      })
  void testRefusalIsExitTwoNamingTheReason(
      String user, String statement, String reason, String detail) {
    CliResult result =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            user,
            "--sql",
            statement);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("passport: refused (" + reason + "): ")
        .contains(detail)
        .doesNotContain("\tat ");
    assertThat(result.err().lines()).hasSize(1);
  }

  @Test
  void testParseLimitIsRefused() {
    String deep = "SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000) + " FROM sales";
    CliResult result =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "alice",
            "--sql",
            deep);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("passport: refused (PARSE_LIMIT_EXCEEDED): ");
  }

  @Test
  void testUnknownTablesAllowedOrKnownFromASchemaFile() throws IOException {
    CliResult allowed =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "alice",
            "--allow-unknown-tables",
            "--sql",
            "SELECT * FROM notes");
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    assertThat(allowed.out()).isEqualTo("SELECT * FROM notes" + System.lineSeparator());

    Path schema = directory.resolve("tables.json");
    Files.writeString(
        schema,
        """
        {"tables": {"public.notes": [{"name": "id", "type": "integer"}]}}
        """,
        StandardCharsets.UTF_8);
    // Known from the schema file: the superuser reads it as is; alice has no grant on it.
    CliResult known =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "admin",
            "--schema",
            schema.toString(),
            "--sql",
            "SELECT id FROM public.notes");
    assertThat(known.exitCode()).as(known.err()).isZero();
    assertThat(known.out()).isEqualTo("SELECT id FROM public.notes" + System.lineSeparator());
    CliResult notGranted =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "alice",
            "--schema",
            schema.toString(),
            "--sql",
            "SELECT id FROM public.notes");
    assertThat(notGranted.exitCode()).isEqualTo(2);
    assertThat(notGranted.err())
        .startsWith("passport: refused (INSUFFICIENT_PRIVILEGE): 'alice' may not read");

    Path broken = directory.resolve("broken.json");
    Files.writeString(broken, "{\"table\": {}}", StandardCharsets.UTF_8);
    CliResult invalid =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "alice",
            "--schema",
            broken.toString(),
            "--sql",
            "SELECT 1");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).startsWith("passport: " + broken + ": Invalid schema file: ");
  }

  @Test
  void testStatementFromAFileOrStandardInput() throws IOException {
    Path file = directory.resolve("query.sql");
    Files.writeString(file, "SELECT region FROM customers;\n", StandardCharsets.UTF_8);
    CliResult fromFile =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "alice",
            "--file",
            file.toString());
    assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
    assertThat(fromFile.out())
        .startsWith("SELECT region FROM (SELECT customer_id, region, name,")
        .contains("WHERE region IN ('WEST', 'NORTH')) AS customers");
    CliResult fromInput =
        runWithInput(
            "SELECT region FROM customers;\n",
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "alice",
            "--file",
            "-");
    assertThat(fromInput.exitCode()).as(fromInput.err()).isZero();
    assertThat(fromInput.out()).isEqualTo(fromFile.out());
  }

  @Test
  void testColumnsFromALiveDatabaseWithoutEchoingThePassword(PostgresDatabase database) {
    for (String user : List.of("admin", "alice")) {
      for (boolean debug : List.of(false, true)) {
        List<String> args =
            new ArrayList<>(
                List.of(
                    "rewrite",
                    "--policies",
                    sales.toString(),
                    "--dialect",
                    "postgresql",
                    "--user",
                    user,
                    "--jdbc",
                    database.jdbcUrl(),
                    "--db-user",
                    database.superuser(),
                    "--password-env",
                    PASSWORD_VARIABLE,
                    "--sql",
                    "SELECT * FROM rewrite_app.notes"));
        if (debug) {
          args.add("--debug");
        }
        CliResult result = run(args.toArray(String[]::new));
        assertThat(result.all()).doesNotContain(SECRET);
        if (user.equals("admin")) {
          assertThat(result.exitCode()).as(result.err()).isZero();
          assertThat(result.out())
              .isEqualTo("SELECT * FROM rewrite_app.notes" + System.lineSeparator());
        } else {
          // The database made the table known; the PolicySet grants alice nothing on it.
          assertThat(result.exitCode()).isEqualTo(2);
          assertThat(result.err())
              .startsWith(
                  "passport: refused (INSUFFICIENT_PRIVILEGE): 'alice' may not read"
                      + " rewrite_app.notes");
        }
      }
    }
    CliResult withoutSchemas =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "postgresql",
            "--user",
            "admin",
            "--sql",
            "SELECT * FROM rewrite_app.notes");
    assertThat(withoutSchemas.exitCode()).isEqualTo(2);
    assertThat(withoutSchemas.err()).startsWith("passport: refused (UNKNOWN_TABLE): ");
  }

  @Test
  void testUsageErrors() {
    CliResult both =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "alice",
            "--sql",
            "SELECT 1",
            "--file",
            "q.sql");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("either --sql TEXT or --file FILE, not both");

    CliResult passwordWithoutJdbc =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "alice",
            "--password-env",
            PASSWORD_VARIABLE,
            "--sql",
            "SELECT 1");
    assertThat(passwordWithoutJdbc.exitCode()).isEqualTo(2);
    assertThat(passwordWithoutJdbc.err()).contains("go with --jdbc");

    CliResult passwordInUrl =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "postgresql",
            "--user",
            "alice",
            "--jdbc",
            "jdbc:postgresql://localhost/db?password=" + SECRET,
            "--sql",
            "SELECT 1");
    assertThat(passwordInUrl.exitCode()).isEqualTo(2);
    assertThat(passwordInUrl.err()).contains("the --jdbc URL holds a password");
    assertThat(passwordInUrl.all()).doesNotContain(SECRET);

    CliResult hive =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "hive",
            "--user",
            "alice",
            "--sql",
            "SELECT 1");
    assertThat(hive.exitCode()).isEqualTo(2);
    assertThat(hive.err())
        .contains("'hive' is not a dialect passport rewrites")
        .contains("postgresql, redshift, snowflake, trino, spark");

    CliResult unknownUser =
        run(
            "rewrite",
            "--policies",
            sales.toString(),
            "--dialect",
            "redshift",
            "--user",
            "mallory",
            "--sql",
            "SELECT * FROM sales");
    assertThat(unknownUser.exitCode()).isEqualTo(2);
    assertThat(unknownUser.err()).startsWith("passport: " + sales + ": no user 'mallory'");
  }
}
