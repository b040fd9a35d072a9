package dev.passport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.extract.Extraction;
import dev.passport.fixtures.PostgresDatabase;
import dev.passport.fixtures.WithEmbeddedPostgres;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.RowFilter;
import dev.passport.model.SystemKind;
import dev.passport.model.json.PolicySetCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@WithEmbeddedPostgres
class TestExtractCommand {
  private static final String SECRET = "s3cret-Pa55word-do-not-print";
  private static final String PASSWORD_VARIABLE = "PASSPORT_TEST_PASSWORD";

  // Line 13 is the ALTER DEFAULT PRIVILEGES statement the reader does not understand.
  private static final String SCHEMA =
      """
      CREATE ROLE analyst;
      CREATE ROLE admin BYPASSRLS;
      CREATE TABLE app.accounts (id bigint NOT NULL, tenant_id text, secret text);
      COMMENT ON TABLE app.accounts IS 'tenants and their accounts';
      ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON app.accounts
        FOR SELECT TO analyst
        USING (tenant_id = current_setting('app.tenant'));
      GRANT SELECT ON app.accounts TO analyst;
      CREATE INDEX accounts_tenant ON app.accounts (tenant_id);


      ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO analyst;
      """;

  private static final String LOSSLESS =
      """
      CREATE ROLE analyst;
      CREATE TABLE app.accounts (id bigint NOT NULL, tenant_id text);
      ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON app.accounts
        FOR SELECT TO analyst
        USING (tenant_id = current_setting('app.tenant'));
      GRANT SELECT ON app.accounts TO analyst;
      """;

  @TempDir Path directory;
  private Path schema;

  private static CliResult run(Environment environment, String... args) {
    return CliRun.run(environment, args);
  }

  private static CliResult run(String... args) {
    return CliRun.run(withPassword(), args);
  }

  private static Environment withPassword() {
    return Environment.of(Map.of(PASSWORD_VARIABLE, SECRET), false);
  }

  @BeforeAll
  static void createCatalog(PostgresDatabase database) throws SQLException {
    database.execute(
        """
        CREATE ROLE extract_analyst;
        CREATE SCHEMA crm;
        CREATE TABLE crm.customers (id bigint NOT NULL, region text, email text);
        ALTER TABLE crm.customers ENABLE ROW LEVEL SECURITY;
        CREATE POLICY region_eu ON crm.customers FOR SELECT TO extract_analyst
          USING (region = 'EU');
        GRANT SELECT ON crm.customers TO extract_analyst;
        CREATE SCHEMA other;
        CREATE TABLE other.notes (id bigint);
        CREATE ROLE extract_cli_limited LOGIN;
        REVOKE SELECT ON pg_catalog.pg_policy FROM PUBLIC;
        """);
  }

  @BeforeEach
  void writeSchema() throws IOException {
    schema = directory.resolve("schema.sql");
    Files.writeString(schema, SCHEMA, StandardCharsets.UTF_8);
  }

  @Test
  void testExtractDdlWritesThePolicySetToStdoutAndTheSummaryToStderr() {
    CliResult result = run("extract", "--system", "postgresql", "--ddl", schema.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    PolicySet policySet = PolicySetCodec.fromJson(result.out(), "stdout");
    assertThat(policySet.source().system()).isEqualTo(SystemKind.POSTGRESQL);
    assertThat(policySet.rowFilters())
        .extracting(RowFilter::name)
        .containsExactly(Optional.of("tenant_isolation"));
    assertThat(policySet.tables()).hasSize(1);
    assertThat(result.err())
        .startsWith("passport: read PostgreSQL policies from " + schema + ":")
        .contains("2 principals, 1 table, 1 grant, 0 definitions, 1 row filter, 0 column masks,")
        .contains("statements skipped: ")
        .contains("1 unsupported")
        .contains(schema + ":13  unsupported  ")
        .contains("1 loss:")
        .contains(schema + ":13  ");
    assertThat(result.out()).doesNotContain("passport: read");
  }

  @Test
  void testStrictExitsThreeWhenSomethingWasLostButStillWritesTheFile() {
    Path output = directory.resolve("policies.json");
    CliResult result =
        run(
            "extract",
            "--system",
            "postgresql",
            "--ddl",
            schema.toString(),
            "-o",
            output.toString(),
            "--strict");
    assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains("wrote " + output)
        .contains("--strict: 1 loss, exit status 3");
    assertThat(PolicySetCodec.read(output).losses()).hasSize(1);
  }

  @Test
  void testStrictExitsZeroWithoutLosses() throws IOException {
    Path lossless = directory.resolve("lossless.sql");
    Files.writeString(lossless, LOSSLESS, StandardCharsets.UTF_8);
    CliResult result =
        run("extract", "--system", "greenplum", "--ddl", lossless.toString(), "--strict");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("read Greenplum policies").contains("no losses");
    assertThat(PolicySetCodec.fromJson(result.out(), "stdout").source().system())
        .isEqualTo(SystemKind.GREENPLUM);
  }

  @Test
  void testSeveralScriptsAndVariables() throws IOException {
    Path roles = directory.resolve("roles.sql");
    Files.writeString(roles, "CREATE ROLE auditor;\n", StandardCharsets.UTF_8);
    Path grants = directory.resolve("grants.sql");
    Files.writeString(
        grants,
        "CREATE TABLE app.t (id bigint);\nGRANT SELECT ON app.t TO :reader;\n",
        StandardCharsets.UTF_8);
    CliResult result =
        run(
            "extract",
            "--system",
            "postgresql",
            "--ddl",
            roles.toString(),
            grants.toString(),
            "--var",
            "reader=auditor");
    assertThat(result.exitCode()).as(result.err()).isZero();
    PolicySet policySet = PolicySetCodec.fromJson(result.out(), "stdout");
    assertThat(policySet.principal("auditor")).isPresent();
    assertThat(policySet.grants()).hasSize(1);
    assertThat(policySet.losses()).isEmpty();
    assertThat(result.err()).contains("from " + roles + ", " + grants + ":").contains("no losses");

    CliResult unset =
        run("extract", "--system", "postgresql", "--ddl", roles.toString(), grants.toString());
    assertThat(unset.exitCode()).as(unset.err()).isZero();
    assertThat(unset.err()).contains(grants + ":2  ").contains(":reader");
  }

  @Test
  void testUsageErrors() {
    CliResult neither = run("extract", "--system", "postgresql");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("Give either --ddl FILE… or --jdbc URL").contains("neither");

    CliResult both =
        run(
            "extract",
            "--system",
            "postgresql",
            "--ddl",
            schema.toString(),
            "--jdbc",
            "jdbc:postgresql://localhost/db");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("not both");

    CliResult schemaWithDdl =
        run("extract", "--system", "postgresql", "--ddl", schema.toString(), "--schema", "app");
    assertThat(schemaWithDdl.exitCode()).isEqualTo(2);
    assertThat(schemaWithDdl.err()).contains("--schema narrows a live catalog");

    CliResult badVariable =
        run("extract", "--system", "postgresql", "--ddl", schema.toString(), "--var", "x");
    assertThat(badVariable.exitCode()).isEqualTo(2);
    assertThat(badVariable.err()).contains("'x' is not NAME=VALUE");

    CliResult unknownSystem = run("extract", "--system", "oracle", "--ddl", schema.toString());
    assertThat(unknownSystem.exitCode()).isEqualTo(2);
    assertThat(unknownSystem.err())
        .contains("'oracle'")
        .contains("postgresql, greenplum, redshift, snowflake");
    assertThat(neither.out() + both.out() + unknownSystem.out()).isEmpty();
  }

  @Test
  void testPasswordInTheUrlIsRefusedWithoutEchoingIt() {
    for (String url :
        List.of(
            "jdbc:postgresql://localhost/db?user=bob&password=" + SECRET,
            "jdbc:redshift://bob:" + SECRET + "@cluster:5439/db")) {
      CliResult result = run("extract", "--system", "postgresql", "--jdbc", url);
      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.err())
          .contains("the --jdbc URL holds a password")
          .contains("--password-env");
      assertThat(result.all()).doesNotContain(SECRET);
    }
  }

  @Test
  void testEverySystemTheFacadeReadsIsAccepted() throws IOException {
    Path empty = directory.resolve("empty.sql");
    Files.writeString(empty, "-- nothing yet\n", StandardCharsets.UTF_8);
    for (SystemKind system : Extraction.ddlSystems()) {
      if (!ExtractCommand.SYSTEMS.contains(system)) {
        continue;
      }
      CliResult result = run("extract", "--system", system.id(), "--ddl", empty.toString());
      assertThat(result.exitCode()).as(system + ": " + result.err()).isZero();
      assertThat(PolicySetCodec.fromJson(result.out(), "stdout").source().system())
          .isEqualTo(system);
    }
  }

  @Test
  void testASystemTheFacadeCannotReadIsNotSupported() {
    assertThatThrownBy(
            () ->
                ExtractCommand.requireSupported(
                    SystemKind.SNOWFLAKE,
                    List.of(SystemKind.POSTGRESQL, SystemKind.GREENPLUM),
                    "DDL scripts"))
        .isInstanceOfSatisfying(
            PassportException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_SUPPORTED))
        .hasMessage(
            "Reading Snowflake policies from DDL scripts is not supported yet; this build reads"
                + " DDL scripts of postgresql, greenplum.");
    StringWriter err = new StringWriter();
    int exitCode =
        Main.reportFailure(
            new PassportException(
                ErrorCode.NOT_SUPPORTED, "Reading Snowflake … not supported yet."),
            new PrintWriter(err, true),
            false);
    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void testMissingScriptIsOneLine() {
    Path missing = directory.resolve("missing.sql");
    CliResult result = run("extract", "--system", "postgresql", "--ddl", missing.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("passport: ").contains(missing.toString());
    assertThat(result.err()).doesNotContain("\tat ");
  }

  @Test
  void testExtractLive(PostgresDatabase database) {
    CliResult result =
        run(
            "extract",
            "--system",
            "postgresql",
            "--jdbc",
            database.jdbcUrl(),
            "--user",
            database.superuser(),
            "--password-env",
            PASSWORD_VARIABLE,
            "--schema",
            "crm");
    assertThat(result.exitCode()).as(result.err()).isZero();
    PolicySet policySet = PolicySetCodec.fromJson(result.out(), "stdout");
    assertThat(policySet.tables())
        .extracting(table -> table.name().qualifiedName())
        .anySatisfy(name -> assertThat(name).endsWith("crm.customers"))
        .noneSatisfy(name -> assertThat(name).endsWith("other.notes"));
    assertThat(policySet.rowFilters())
        .extracting(RowFilter::name)
        .contains(Optional.of("region_eu"));
    assertThat(result.err()).startsWith("passport: read PostgreSQL policies from jdbc:postgresql:");
    // Not a terminal: no progress line.
    assertThat(result.err()).doesNotContain("\r").doesNotContain("connecting").doesNotContain("…");
    assertThat(result.all()).doesNotContain(SECRET);
  }

  @Test
  void testExtractLiveShowsProgressOnATerminal(PostgresDatabase database) {
    CliResult result =
        run(
            Environment.of(Map.of(PASSWORD_VARIABLE, SECRET), true),
            "extract",
            "--system",
            "postgresql",
            "--jdbc",
            database.jdbcUrl(),
            "--user",
            database.superuser(),
            "--password-env",
            PASSWORD_VARIABLE);
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("\rpassport: connecting to jdbc:postgresql://")
        .contains("\rpassport: reading roles… tables…")
        .contains("grants…")
        .contains("policies…");
    // The line is cleared before the summary; stdout holds only the JSON.
    assertThat(result.err()).containsPattern("\r +\rpassport: read PostgreSQL policies");
    assertThat(PolicySetCodec.fromJson(result.out(), "stdout").rowFilters()).isNotEmpty();
    assertThat(result.all()).doesNotContain(SECRET);
  }

  @Test
  void testUnreachableDatabaseIsOneSentenceWithoutTheSecret(PostgresDatabase database)
      throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/" + database.name();
    for (boolean debug : List.of(false, true)) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "extract",
                  "--system",
                  "postgresql",
                  "--jdbc",
                  url,
                  "--user",
                  "nobody",
                  "--password-env",
                  PASSWORD_VARIABLE));
      if (debug) {
        args.add("--debug");
      }
      CliResult result = run(args.toArray(String[]::new));
      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.out()).isEmpty();
      assertThat(result.all()).doesNotContain(SECRET);
      assertThat(result.err()).startsWith("passport: Cannot connect to " + url + ": ");
      if (!debug) {
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
      } else {
        assertThat(result.err()).contains("\tat ").contains("PSQLException");
      }
    }
  }

  @Test
  void testMissingPrivilegeIsOneSentence(PostgresDatabase database) {
    CliResult result =
        run(
            "extract",
            "--system",
            "postgresql",
            "--jdbc",
            database.jdbcUrl(),
            "--user",
            "extract_cli_limited",
            "--password-env",
            PASSWORD_VARIABLE);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("passport: The connected user may not read ")
        .contains("pg_policy");
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.all()).doesNotContain(SECRET).doesNotContain("\tat ");
  }

  @Test
  void testUnsetPasswordVariable() {
    CliResult result =
        run(
            Environment.of(Map.of(), false),
            "extract",
            "--system",
            "postgresql",
            "--jdbc",
            "jdbc:postgresql://127.0.0.1:1/db",
            "--password-env",
            "NO_SUCH_VARIABLE");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "passport: The environment variable NO_SUCH_VARIABLE that --password-env names is not"
                + " set."
                + System.lineSeparator());
  }

  @Test
  void testUrlWithoutADriver() {
    CliResult result =
        run("extract", "--system", "postgresql", "--jdbc", "jdbc:nosuchdb://host/db?token=abc");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("No JDBC driver accepts the URL jdbc:nosuchdb://host/db;")
        .doesNotContain("token=abc");
  }

  @Test
  void testSecretsAreScrubbedFromEveryMessageOfAFailure() {
    IllegalStateException root = new IllegalStateException("driver said password=" + SECRET);
    PassportException failure =
        new PassportException(
            ErrorCode.CONNECTION_FAILED,
            "Cannot connect with " + SECRET,
            new RuntimeException("wrapped " + SECRET, root));
    PassportException scrubbed = Secrets.of(List.of(SECRET, "")).scrub(failure);
    assertThat(scrubbed.errorCode()).isEqualTo(ErrorCode.CONNECTION_FAILED);
    assertThat(scrubbed.getMessage()).isEqualTo("Cannot connect with " + Secrets.REPLACEMENT);
    StringWriter trace = new StringWriter();
    scrubbed.printStackTrace(new PrintWriter(trace, true));
    assertThat(trace.toString())
        .doesNotContain(SECRET)
        .contains("java.lang.RuntimeException: wrapped " + Secrets.REPLACEMENT)
        .contains("java.lang.IllegalStateException: driver said password=" + Secrets.REPLACEMENT)
        .contains("\tat ");

    StringWriter reported = new StringWriter();
    int exitCode =
        Main.reportFailure(
            Secrets.of(List.of(SECRET)).scrub(new IllegalStateException("boom " + SECRET)),
            new PrintWriter(reported, true),
            false);
    assertThat(exitCode).isEqualTo(1);
    assertThat(reported.toString())
        .startsWith("passport: internal error: IllegalStateException: boom " + Secrets.REPLACEMENT)
        .doesNotContain(SECRET);
  }

  @Test
  void testRealtimeReachesTheExtractionOptions() {
    ExtractCommand command = new ExtractCommand(Environment.of(Map.of(), false));
    new CommandLine(command)
        .parseArgs(
            "--system", "snowflake", "--jdbc", "jdbc:snowflake://account.example", "--realtime");
    assertThat(command.options().realtime()).isTrue();
    ExtractCommand delayed = new ExtractCommand(Environment.of(Map.of(), false));
    new CommandLine(delayed)
        .parseArgs("--system", "snowflake", "--jdbc", "jdbc:snowflake://account.example");
    assertThat(delayed.options().realtime()).isFalse();
  }

  @Test
  void testRealtimeGoesWithALiveSnowflakeCatalog() {
    CliResult withDdl =
        run("extract", "--system", "snowflake", "--ddl", schema.toString(), "--realtime");
    assertThat(withDdl.exitCode()).isEqualTo(2);
    assertThat(withDdl.err()).contains("--realtime goes with a live catalog (--jdbc), not --ddl");

    CliResult postgresql =
        run(
            "extract",
            "--system",
            "postgresql",
            "--jdbc",
            "jdbc:postgresql://localhost/db",
            "--realtime");
    assertThat(postgresql.exitCode()).isEqualTo(2);
    assertThat(postgresql.err())
        .contains("--realtime reads Snowflake's real-time policy references; PostgreSQL");

    // Accepted for Snowflake: the run gets as far as looking for a driver, which is not bundled.
    CliResult snowflake =
        run(
            "extract",
            "--system",
            "snowflake",
            "--jdbc",
            "jdbc:snowflake://account.example",
            "--realtime");
    assertThat(snowflake.exitCode()).isEqualTo(2);
    assertThat(snowflake.err())
        .startsWith("passport: No JDBC driver accepts the URL jdbc:snowflake://account.example;");
  }

  @Test
  void testHelpShowsTheOptionsAndExamples() {
    CliResult result = run("help", "extract");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("--system=SYSTEM")
        .contains("postgresql, greenplum, redshift,")
        .contains("--password-env=VAR")
        .contains("--strict")
        .contains("Examples:")
        .contains("3 under --strict");
  }
}
