package dev.passport.cli;

import static dev.passport.cli.CliRun.run;
import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
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
import dev.passport.model.Transform;
import dev.passport.model.json.PolicySetCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestDiffCommand {
  private static final Securable CUSTOMERS = Securable.table("crm", "customers");

  @TempDir Path directory;
  private Path before;
  private Path beforeAgain;
  private Path after;

  /** Analysts read EU customers with emails hashed; after the change, emails are shown. */
  private static PolicySet set(String file, int lineOffset, boolean emailsShown) {
    Origin origin = Origin.declared(SystemKind.POSTGRESQL, "customers").at(file, 1 + lineOffset);
    PolicySet.Builder builder =
        PolicySet.builder(Source.of(SystemKind.POSTGRESQL, file, ExtractionMethod.DDL))
            .addPrincipal(Principal.role("analyst", origin))
            .addTable(
                new Table(
                    CUSTOMERS,
                    List.of(
                        new ColumnInfo("region", "text", true),
                        new ColumnInfo("email", "text", true)),
                    Optional.empty(),
                    RowSecurity.postgresql(false)))
            .addGrant(
                Grant.allow(
                    Subjects.hasRole("analyst"), Set.of(Privilege.SELECT), CUSTOMERS, origin))
            .addRowFilter(
                RowFilter.of(
                        CUSTOMERS,
                        equal(column("region"), literal("EU")),
                        Subjects.hasRole("analyst"),
                        origin)
                    .withName("eu_rows"));
    if (!emailsShown) {
      builder.addColumnMask(
          ColumnMask.of(
              CUSTOMERS.column("email"),
              List.of(),
              new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
              origin));
    }
    return builder.build();
  }

  @BeforeEach
  void writeSets() {
    before = directory.resolve("before.json");
    beforeAgain = directory.resolve("before-again.json");
    after = directory.resolve("after.json");
    PolicySetCodec.write(set("schema.sql", 0, false), before);
    // The same policies read from another file, at other lines.
    PolicySetCodec.write(set("schema.sql", 40, false), beforeAgain);
    PolicySetCodec.write(set("schema.sql", 0, true), after);
  }

  @Test
  void testNoDifferencesExitsZero() {
    CliResult result = run("diff", before.toString(), beforeAgain.toString());

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out()).contains("No differences");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void testDifferencesAsMarkdownExitOne() {
    CliResult result = run("diff", before.toString(), after.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .startsWith("## Policy diff: `" + before + "` → `" + after + "`")
        .contains("| removed | column mask | crm.customers.email unnamed mask for everyone |")
        .contains(
            "| role analyst | crm.customers | email | column | hash SHA-256 <sub>(schema.sql:1)</sub>"
                + " | identity | left |");
    // md is the spelling of the same format.
    assertThat(run("diff", before.toString(), after.toString(), "--format", "md").out())
        .isEqualTo(result.out());
  }

  @Test
  void testJsonToFile() throws IOException {
    Path report = directory.resolve("reports").resolve("diff.json");

    CliResult result =
        run(
            "diff",
            before.toString(),
            after.toString(),
            "--format",
            "json",
            "-o",
            report.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    JsonNode json = new ObjectMapper().readTree(Files.readString(report));
    assertThat(json.get("differences").asBoolean()).isTrue();
    assertThat(json.get("summary").get("leftStricter").asInt()).isEqualTo(1);
    assertThat(json.get("accessDifferences").get(0).get("stricter").asText()).isEqualTo("left");
  }

  @Test
  void testHtmlReportHoldsTheMatrixData() throws IOException {
    Path report = directory.resolve("diff.html");

    CliResult result =
        run(
            "diff",
            before.toString(),
            after.toString(),
            "--format",
            "html",
            "-o",
            report.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    String page = Files.readString(report);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("id=\"matrix\"");
    assertThat(page).contains("\"rightMustNotBeLooser\":false").contains("crm.customers");
  }

  @Test
  void testBadInputExitsTwo() throws IOException {
    Path broken = Files.writeString(directory.resolve("broken.json"), "{\"passport\": 1,");

    CliResult unreadable = run("diff", before.toString(), broken.toString());
    CliResult missing = run("diff", before.toString(), directory.resolve("none.json").toString());
    CliResult badFormat = run("diff", before.toString(), after.toString(), "--format", "xml");
    CliResult oneFile = run("diff", before.toString());

    assertThat(unreadable.exitCode()).isEqualTo(2);
    assertThat(unreadable.err()).startsWith("passport: ");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(badFormat.exitCode()).isEqualTo(2);
    assertThat(badFormat.err()).contains("--format");
    assertThat(oneFile.exitCode()).isEqualTo(2);
  }

  @Test
  void testHelpShowsExamplesAndExitStatus() {
    CliResult result = run("diff", "--help");

    assertThat(result.exitCode()).isEqualTo(0);
    assertThat(result.out())
        .contains("passport diff before.json after.json --format json -o diff.json")
        .contains("Exit status: 0 no differences, 1 differences, 2 bad input");
  }
}
