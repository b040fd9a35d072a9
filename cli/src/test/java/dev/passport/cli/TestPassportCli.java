package dev.passport.cli;

import static dev.passport.cli.CliRun.run;
import static dev.passport.model.Expressions.alwaysTrue;
import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.sessionAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ErrorCode;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
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
import dev.passport.model.Transform;
import dev.passport.model.json.PolicySetCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPassportCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Securable CUSTOMERS = Securable.table("shop", "crm", "customers");

  @TempDir Path directory;
  private Path policies;

  private static Origin at(String object, int line) {
    return Origin.declared(SystemKind.POSTGRESQL, object).at("schema.sql", line);
  }

  /**
   * A PostgreSQL set: analysts see their tenant's rows, auditors everything; ssn is partially
   * masked and email hashed for everyone but auditors. A second {@code customers} table in another
   * schema makes the bare name ambiguous.
   */
  private static PolicySet policySet() {
    Securable archived = Securable.table("shop", "archive", "customers");
    return PolicySet.builder(Source.of(SystemKind.POSTGRESQL, "schema.sql", ExtractionMethod.DDL))
        .addPrincipal(Principal.role("analyst", at("analyst", 1)))
        .addPrincipal(Principal.role("auditor", at("auditor", 2)))
        .addPrincipal(
            Principal.user("alice", at("alice", 3))
                .withMemberOf(List.of("analyst"))
                .withAttributes(Map.of("app.tenant", "7")))
        .addPrincipal(Principal.user("olga", at("olga", 4)).withMemberOf(List.of("auditor")))
        .addPrincipal(Principal.user("mallory", at("mallory", 5)))
        .addTable(
            new Table(
                CUSTOMERS,
                List.of(
                    new ColumnInfo("id", "bigint", false),
                    new ColumnInfo("tenant_id", "varchar", false),
                    new ColumnInfo("email", "varchar", true),
                    new ColumnInfo("ssn", "varchar", true)),
                Optional.empty(),
                RowSecurity.postgresql(false)))
        .addTable(
            new Table(
                archived,
                List.of(new ColumnInfo("id", "bigint", false)),
                Optional.empty(),
                RowSecurity.disabled()))
        .addGrant(
            Grant.allow(
                Subjects.hasRole("analyst"), Set.of(Privilege.SELECT), CUSTOMERS, at("grant", 10)))
        .addGrant(
            Grant.allow(
                Subjects.hasRole("auditor"), Set.of(Privilege.SELECT), CUSTOMERS, at("grant", 11)))
        .addRowFilter(
            RowFilter.of(
                    CUSTOMERS,
                    equal(column("tenant_id"), sessionAttribute("app.tenant")),
                    Subjects.hasRole("analyst"),
                    at("tenant", 20))
                .withName("tenant"))
        .addRowFilter(
            RowFilter.of(CUSTOMERS, alwaysTrue(), Subjects.hasRole("auditor"), at("audit", 21))
                .withName("audit"))
        .addColumnMask(
            ColumnMask.of(
                CUSTOMERS.column("ssn"),
                List.of(MaskRule.when(Subjects.hasRole("auditor"), new Transform.Identity())),
                new Transform.Partial(0, 4, "*", FillMode.ONCE),
                at("ssn", 30)))
        .addColumnMask(
            ColumnMask.of(
                CUSTOMERS.column("email"),
                List.of(MaskRule.when(Subjects.hasRole("auditor"), new Transform.Identity())),
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                at("email", 31)))
        .build();
  }

  @BeforeEach
  void writePolicies() {
    policies = directory.resolve("policies.json");
    PolicySetCodec.write(policySet(), policies);
  }

  @Test
  void testVersion() {
    CliResult result = run("--version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).matches("passport \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void testHelpListsCommandsAndExamples() {
    CliResult result = run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("validate", "explain", "demo", "Examples:");
    CliResult explainHelp = run("help", "explain");
    assertThat(explainHelp.exitCode()).isZero();
    assertThat(explainHelp.out()).contains("--user=USER", "--attr=KEY=VALUE", "--json");
  }

  @Test
  void testNoCommandIsAUsageError() {
    CliResult result = run();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no command given", "Usage: passport");
  }

  @Test
  void testUnknownOptionIsAUsageError() {
    CliResult result =
        run(
            "explain",
            policies.toString(),
            "--user",
            "alice",
            "--table",
            "crm.customers",
            "--colum",
            "ssn");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--colum").contains("Try 'passport help explain'");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void testValidateValidFile() {
    CliResult result = run("validate", policies.toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            policies
                + ": valid (5 principals, 2 tables, 2 grants, 2 row filters, 2 column masks,"
                + " 0 losses)"
                + System.lineSeparator());
  }

  @Test
  void testValidateInconsistentFile() {
    // A mask on a column the table does not have, and a filter on a table nobody declared.
    PolicySet broken =
        policySet().toBuilder()
            .addColumnMask(
                ColumnMask.of(
                    CUSTOMERS.column("no_such_column"),
                    List.of(),
                    new Transform.Nullify(),
                    at("broken", 40)))
            .addRowFilter(
                RowFilter.of(
                    CUSTOMERS,
                    equal(column("missing"), literal(1)),
                    Subjects.hasRole("no_such_role"),
                    at("broken", 41)))
            .build();
    Path file = directory.resolve("broken.json");
    PolicySetCodec.write(broken, file);
    CliResult result = run("validate", file.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).contains(file + ": $.").contains(": ERROR ");
    assertThat(result.out()).doesNotContain("valid (");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void testValidateMalformedJson() throws IOException {
    Path file = directory.resolve("malformed.json");
    Files.writeString(file, "{\"passport\": 1,\n  \"source\": {\n}", StandardCharsets.UTF_8);
    CliResult result = run("validate", file.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("passport: " + file + ":").contains("line");
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void testValidateMissingFile() {
    Path missing = directory.resolve("missing.json");
    CliResult result = run("validate", missing.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("passport: " + missing).contains("cannot read");
  }

  @Test
  void testExplainHuman() {
    CliResult result =
        run("explain", policies.toString(), "--user", "alice", "--table", "crm.customers");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("alice on shop.crm.customers (select)")
        .contains("  access   allowed")
        .contains("  grant    SELECT on shop.crm.customers to role analyst  [schema.sql:10]")
        .contains("  rows     where tenant_id = '7'")
        .containsPattern("ssn\\s+partial: keep last 4, fill '\\*' once")
        .containsPattern("email\\s+hash: SHA-256 hex digest")
        .containsPattern("id\\s+identity: shown as is");
  }

  @Test
  void testExplainOneColumn() {
    CliResult result =
        run(
            "explain",
            policies.toString(),
            "--user",
            "olga",
            "--table",
            "crm.customers",
            "--column",
            "ssn");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("  rows     all rows")
        .containsPattern("ssn\\s+identity: shown as is")
        .doesNotContain("email");
  }

  @Test
  void testExplainJson() throws IOException {
    CliResult result =
        run(
            "explain",
            policies.toString(),
            "--user",
            "alice",
            "--table",
            "shop.crm.customers",
            "--json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = JSON.readTree(result.out());
    assertThat(json)
        .isEqualTo(
            JSON.readTree(
                """
                {"allowed": true,
                 "rowFilter": "tenant_id = '7'",
                 "masks": {"id": "identity", "tenant_id": "identity", "email": "hash",
                           "ssn": "partial"}}
                """));
    assertThat(fieldNames(json)).containsExactly("allowed", "rowFilter", "masks");
    assertThat(fieldNames(json.get("masks"))).containsExactly("id", "tenant_id", "email", "ssn");
    assertThat(result.out().strip()).startsWith("{").endsWith("}").doesNotContain("\n");
  }

  @Test
  void testExplainJsonEveryRowAndNoRows() throws IOException {
    JsonNode auditor =
        JSON.readTree(
            run(
                    "explain",
                    policies.toString(),
                    "--user",
                    "olga",
                    "--table",
                    "crm.customers",
                    "--json")
                .out());
    assertThat(auditor.get("allowed").asBoolean()).isTrue();
    assertThat(auditor.get("rowFilter").isNull()).isTrue();
    assertThat(auditor.get("masks").get("ssn").asText()).isEqualTo("identity");

    CliResult denied =
        run(
            "explain",
            policies.toString(),
            "--user",
            "mallory",
            "--table",
            "crm.customers",
            "--json",
            "--column",
            "ssn");
    assertThat(denied.exitCode()).isZero();
    assertThat(JSON.readTree(denied.out()))
        .isEqualTo(
            JSON.readTree(
                """
                {"allowed": false, "rowFilter": "FALSE", "masks": {"ssn": "denied"}}
                """));
  }

  @Test
  void testExplainSessionOverrides() throws IOException {
    CliResult result =
        run(
            "explain",
            policies.toString(),
            "--user",
            "alice",
            "--role",
            "analyst",
            "--attr",
            "app.tenant=o'brien; --",
            "--table",
            "crm.customers",
            "--json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(JSON.readTree(result.out()).get("rowFilter").asText())
        .isEqualTo("tenant_id = 'o''brien; --'");
  }

  @Test
  void testExplainUnknownTable() {
    CliResult result =
        run("explain", policies.toString(), "--user", "alice", "--table", "crm.orders");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("passport: " + policies + ": ").contains("crm.orders");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void testExplainAmbiguousTable() {
    CliResult result =
        run("explain", policies.toString(), "--user", "alice", "--table", "customers");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("ambiguous")
        .contains("shop.crm.customers")
        .contains("shop.archive.customers");
  }

  @Test
  void testExplainUnknownPrincipal() {
    CliResult user =
        run("explain", policies.toString(), "--user", "alicia", "--table", "crm.customers");
    assertThat(user.exitCode()).isEqualTo(2);
    assertThat(user.err()).contains("no user 'alicia'").contains("alice");
    CliResult role =
        run(
            "explain",
            policies.toString(),
            "--user",
            "alice",
            "--role",
            "analystt",
            "--table",
            "crm.customers");
    assertThat(role.exitCode()).isEqualTo(2);
    assertThat(role.err()).contains("no role 'analystt'");
  }

  @Test
  void testExplainBadAttribute() {
    CliResult result =
        run(
            "explain",
            policies.toString(),
            "--user",
            "alice",
            "--table",
            "crm.customers",
            "--attr",
            "tenant");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("'tenant' is not KEY=VALUE")
        .contains("passport help explain");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void testExplainBadActionAndColumn() {
    CliResult action =
        run(
            "explain",
            policies.toString(),
            "--user",
            "alice",
            "--table",
            "crm.customers",
            "--action",
            "drop");
    assertThat(action.exitCode()).isEqualTo(2);
    assertThat(action.err()).contains("--action").contains("drop");
    CliResult column =
        run(
            "explain",
            policies.toString(),
            "--user",
            "alice",
            "--table",
            "crm.customers",
            "--column",
            "phone");
    assertThat(column.exitCode()).isEqualTo(2);
    assertThat(column.err()).contains("no column 'phone'").contains("ssn");
  }

  @Test
  void testInternalErrorIsOneLineWithoutDebug() {
    StringWriter err = new StringWriter();
    int exitCode =
        Main.reportFailure(new IllegalStateException("boom"), new PrintWriter(err, true), false);
    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "passport: internal error: IllegalStateException: boom"
                + System.lineSeparator()
                + "(run with --debug for the stack trace)"
                + System.lineSeparator());

    StringWriter debug = new StringWriter();
    Main.reportFailure(new IllegalStateException("boom"), new PrintWriter(debug, true), true);
    assertThat(debug.toString()).contains("\tat ").doesNotContain("--debug for");

    StringWriter user = new StringWriter();
    assertThat(
            Main.reportFailure(
                new PassportException(ErrorCode.UNKNOWN_TABLE, "x.json: no table t"),
                new PrintWriter(user, true),
                false))
        .isEqualTo(2);
    assertThat(user.toString()).isEqualTo("passport: x.json: no table t" + System.lineSeparator());
  }

  @Test
  void testDebugShowsTheStackTraceOfAUserError() {
    CliResult quiet = run("validate", directory.toString());
    assertThat(quiet.exitCode()).isEqualTo(2);
    assertThat(quiet.err()).startsWith("passport: ").doesNotContain("\tat ");
    CliResult debug = run("validate", directory.toString(), "--debug");
    assertThat(debug.exitCode()).isEqualTo(2);
    assertThat(debug.err()).contains("\tat ");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
