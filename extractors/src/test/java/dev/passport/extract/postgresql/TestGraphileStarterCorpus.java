package dev.passport.extract.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.extract.sql.FunctionAliases;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PolicySet;
import dev.passport.model.RowFilter;
import dev.passport.model.SystemKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: graphile/starter's migration and its pg_dump describe one database, so they must
 * extract to equal policy sets apart from origins.
 */
class TestGraphileStarterCorpus {
  private static Path migration;
  private static Path dump;

  @BeforeAll
  static void findCorpus() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.isDirectory(directory.resolve("policy-model"))) {
      directory = directory.getParent();
    }
    Path corpus =
        directory == null
            ? null
            : directory
                .resolve("../shared/corpus/postgresql/graphile-starter-5f377879")
                .normalize();
    Assumptions.assumeTrue(
        corpus != null && Files.isDirectory(corpus),
        "graphile-starter corpus not found at ../shared/corpus relative to the repository root;"
            + " skipping the corpus acceptance test");
    migration = corpus.resolve("migration-000001.sql");
    dump = corpus.resolve("pg_dump-schema.sql");
  }

  private static DdlReadResult read(Path file, ExtractionOptions options) {
    return new PostgresqlDdlReader(SystemKind.POSTGRESQL, options).readFiles(List.of(file));
  }

  @Test
  void testMigrationAndDumpGiveEqualPolicySetsApartFromOrigins() {
    ExtractionOptions options =
        ExtractionOptions.defaults()
            .withVariables(
                Map.of(
                    "DATABASE_VISITOR", "graphile_starter_visitor",
                    "DATABASE_OWNER", "graphile_starter"));
    PolicySet fromMigration = read(migration, options).policySet();
    PolicySet fromDump = read(dump, options).policySet();
    assertThat(fromMigration.rowFilters()).hasSize(12);
    assertThat(fromMigration.tables()).hasSize(12);
    assertThat(fromMigration.grants()).isNotEmpty();
    assertThat(Origins.withoutOrigins(fromMigration)).isEqualTo(Origins.withoutOrigins(fromDump));
  }

  @Test
  void testWithoutVariablesThePoliciesStillAgree() {
    PolicySet fromMigration = read(migration, ExtractionOptions.defaults()).policySet();
    PolicySet fromDump = read(dump, ExtractionOptions.defaults()).policySet();
    PolicySet left = Origins.withoutOrigins(fromMigration);
    PolicySet right = Origins.withoutOrigins(fromDump);
    assertThat(left.rowFilters()).hasSize(12).isEqualTo(right.rowFilters());
    assertThat(left.tables()).isEqualTo(right.tables());
    assertThat(fromMigration.losses())
        .anySatisfy(loss -> assertThat(loss.reason()).contains(":DATABASE_VISITOR"));
  }

  @Test
  void testAliasesTurnTheWrapperIntoASessionAttribute() {
    FunctionAliases aliases =
        FunctionAliases.of(
            Map.of(
                "app_public.current_user_id", Expressions.sessionAttribute("jwt.claims.user_id")));
    DdlReadResult result = read(dump, ExtractionOptions.defaults().withAliases(aliases));
    RowFilter selectOwn =
        result.policySet().rowFilters().stream()
            .filter(filter -> filter.name().orElseThrow().equals("select_own"))
            .filter(filter -> filter.table().qualifiedName().equals("app_public.user_emails"))
            .findFirst()
            .orElseThrow();
    assertThat(selectOwn.predicate())
        .isEqualTo(
            Expressions.equal(
                Expressions.column("user_id"), Expressions.sessionAttribute("jwt.claims.user_id")));
    RowFilter updateOwner =
        result.policySet().rowFilters().stream()
            .filter(filter -> filter.name().orElseThrow().equals("update_owner"))
            .findFirst()
            .orElseThrow();
    assertThat(updateOwner.predicate()).isInstanceOf(Expr.Lookup.class);
    // Only the four set-returning-function subqueries stay opaque.
    assertThat(result.policySet().losses()).hasSize(4);
    assertThat(result.skipped())
        .noneMatch(skipped -> skipped.kind() == SkippedStatement.Kind.FAILED);
  }
}
