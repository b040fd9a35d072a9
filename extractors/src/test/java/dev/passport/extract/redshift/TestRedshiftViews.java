package dev.passport.extract.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.model.Expressions;
import dev.passport.model.LossDirection;
import dev.passport.model.OriginKind;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import dev.passport.model.View;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Redshift views read from scripts, and the view-based policies found in them. */
class TestRedshiftViews {
  private static final Securable ORDERS = Securable.table("public", "orders");
  private static final Securable MY_ORDERS = Securable.table("public", "my_orders");

  private static final String SETUP =
      """
      CREATE ROLE analyst;
      CREATE ROLE loader;
      CREATE TABLE orders (id INT, rep VARCHAR(64), email VARCHAR(128));
      GRANT SELECT ON my_orders TO ROLE analyst;
      GRANT SELECT ON orders TO ROLE loader;
      """;

  @TempDir Path directory;

  private DdlReadResult readThroughExtraction(String script) throws IOException {
    Path file = directory.resolve("views.sql");
    Files.writeString(file, script);
    return Extraction.readDdl(SystemKind.REDSHIFT, List.of(file), ExtractionOptions.defaults());
  }

  @Test
  void testViewTestingCurrentUserInWhereIsARowFilterBypassedByTheBaseTableGrantee()
      throws IOException {
    DdlReadResult result =
        readThroughExtraction(
            """
            CREATE ROLE analyst;
            CREATE ROLE loader;
            CREATE TABLE orders (id INT, rep VARCHAR(64), email VARCHAR(128));
            CREATE OR REPLACE VIEW my_orders AS
              SELECT id, rep FROM public.orders WHERE rep = current_user
              WITH NO SCHEMA BINDING;
            GRANT SELECT ON my_orders TO ROLE analyst;
            GRANT SELECT ON orders TO ROLE loader;
            """);
    PolicySet set = result.policySet();

    assertThat(result.skipped()).isEmpty();
    assertThat(set.views())
        .singleElement()
        .satisfies(
            view -> {
              assertThat(view.name()).isEqualTo(MY_ORDERS);
              assertThat(view.sql())
                  .contains("SELECT id, rep FROM public.orders WHERE rep = current_user");
              assertThat(view.baseTables()).containsExactly(ORDERS);
            });
    assertThat(set.rowFilters())
        .singleElement()
        .satisfies(
            filter -> {
              assertThat(filter.table()).isEqualTo(MY_ORDERS);
              assertThat(filter.origin().kind()).isEqualTo(OriginKind.VIEW);
              assertThat(filter.predicate())
                  .isEqualTo(
                      Expressions.equal(Expressions.column("rep"), Expressions.currentUser()));
            });
    assertThat(set.losses())
        .filteredOn(loss -> loss.direction() == LossDirection.LOOSER)
        .isNotEmpty()
        .allSatisfy(
            loss -> assertThat(loss.reason()).contains("role loader").contains("public.orders"));
    assertThat(set.losses())
        .noneMatch(loss -> loss.reason().contains("analyst"))
        .noneMatch(loss -> loss.reason().contains("views are not read"));
  }

  @Test
  void testViewWithCaseOnCurrentUserIsAColumnMask() throws IOException {
    PolicySet set =
        readThroughExtraction(
                """
                CREATE ROLE analyst;
                CREATE ROLE loader;
                CREATE TABLE orders (id INT, rep VARCHAR(64), email VARCHAR(128));
                CREATE VIEW my_orders AS
                  SELECT id,
                         CASE WHEN current_user = 'admin' THEN email ELSE '***' END AS email
                  FROM orders;
                GRANT SELECT ON my_orders TO ROLE analyst;
                GRANT SELECT ON orders TO ROLE loader;
                """)
            .policySet();

    assertThat(set.columnMasks())
        .singleElement()
        .satisfies(
            mask -> {
              assertThat(mask.column()).contains(MY_ORDERS.column("email"));
              assertThat(mask.origin().kind()).isEqualTo(OriginKind.VIEW);
              assertThat(mask.rules()).hasSize(1);
              assertThat(mask.rules().get(0).subject()).isEqualTo(Subjects.isUser("admin"));
              assertThat(mask.rules().get(0).transform()).isEqualTo(new Transform.Identity());
              assertThat(mask.otherwise())
                  .isEqualTo(new Transform.Constant(Expressions.literal("***")));
            });
    assertThat(set.losses())
        .filteredOn(loss -> loss.direction() == LossDirection.LOOSER)
        .singleElement()
        .satisfies(loss -> assertThat(loss.reason()).contains("role loader"));
  }

  @Test
  void testViewOwnerIsTheSessionUserAndAlterTableOwnerChangesIt() {
    PolicySet set =
        RedshiftDdlReader.read(
            """
            CREATE TABLE orders (id INT, rep VARCHAR(64));
            SET SESSION AUTHORIZATION 'admin';
            CREATE VIEW my_orders AS SELECT id FROM orders;
            CREATE VIEW other AS SELECT id FROM orders;
            RESET SESSION AUTHORIZATION;
            ALTER TABLE other OWNER TO bob;
            """,
            "owners.sql");
    assertThat(set.views())
        .extracting(view -> view.name().qualifiedName(), View::owner)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("public.my_orders", java.util.Optional.of("admin")),
            org.assertj.core.groups.Tuple.tuple("public.other", java.util.Optional.of("bob")));
    assertThat(set.tables()).extracting(table -> table.name()).containsExactly(ORDERS);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DROP VIEW my_orders;|0",
        "DROP VIEW IF EXISTS other, my_orders;|0",
        "DROP TABLE orders CASCADE;|0",
        "DROP TABLE orders;|1",
        "DROP SCHEMA public CASCADE;|0",
      })
  void testDropsRemoveTheView(String drop, int viewsLeft) {
    PolicySet set =
        RedshiftDdlReader.read(
            SETUP
                + "CREATE VIEW my_orders AS SELECT id FROM orders WHERE rep = current_user;\n"
                + drop,
            "drop.sql");
    assertThat(set.views()).hasSize(viewsLeft);
    assertThat(set.grants())
        .noneMatch(grant -> viewsLeft == 0 && grant.securable().equals(MY_ORDERS));
  }

  @Test
  void testViewWhoseSelectDoesNotParseIsKeptWithALoss() {
    DdlReadResult result =
        new RedshiftDdlReader(ExtractionOptions.defaults())
            .readScript("CREATE VIEW broken AS SELECT FROM WHERE ((;", "broken.sql");
    assertThat(result.policySet().views())
        .singleElement()
        .satisfies(
            view -> {
              assertThat(view.baseTables()).isEmpty();
            });
    assertThat(result.policySet().losses())
        .singleElement()
        .satisfies(
            loss -> {
              assertThat(loss.direction()).isEqualTo(LossDirection.UNKNOWN);
              assertThat(loss.reason()).startsWith("the base tables of view public.broken");
            });
    assertThat(result.skipped()).extracting(SkippedStatement::kind).isEmpty();
    assertThat(result.policySet().tables()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        " SELECT orders.id FROM orders;| SELECT orders.id FROM orders",
        "create view public.v as select id from public.orders with no schema binding;"
            + "|select id from public.orders",
        "CREATE OR REPLACE VIEW \"v\" AS WITH x AS (SELECT 1) SELECT * FROM x"
            + "|WITH x AS (SELECT 1) SELECT * FROM x",
      })
  void testCatalogDefinitionGivesTheViewsSelect(String definition, String query) {
    assertThat(RedshiftCatalogReader.viewQuery(definition)).isEqualTo(query.trim());
  }
}
