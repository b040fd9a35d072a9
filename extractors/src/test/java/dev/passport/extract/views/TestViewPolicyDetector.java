package dev.passport.extract.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.postgresql.PostgresqlDdlReader;
import dev.passport.extract.snowflake.SnowflakeDdlReader;
import dev.passport.model.ColumnInfo;
import dev.passport.model.Expressions;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.OriginKind;
import dev.passport.model.PolicySet;
import dev.passport.model.RoleScope;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import dev.passport.model.validation.PolicySetValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Views acting as row filters and masks, and the grants that bypass them. */
class TestViewPolicyDetector {
  @Test
  void testSnowflakeViewWithBypassingGrant() {
    PolicySet set =
        new SnowflakeDdlReader(ExtractionOptions.defaults())
            .readScript(
                """
                CREATE ROLE analyst;
                CREATE ROLE etl;
                CREATE TABLE db.s.customers (id int, region varchar, email varchar);
                CREATE SECURE VIEW db.s.customers_v AS
                  SELECT id, region,
                         CASE WHEN IS_ROLE_IN_SESSION('PII') THEN email ELSE '***' END AS email
                  FROM db.s.customers
                  WHERE region = CURRENT_USER() OR CURRENT_ROLE() = 'ADMIN';
                GRANT SELECT ON VIEW db.s.customers_v TO ROLE analyst;
                GRANT SELECT ON TABLE db.s.customers TO ROLE etl;
                """,
                "views.sql")
            .policySet();
    Securable view = Securable.table("DB", "S", "CUSTOMERS_V");
    assertThat(set.rowFilters())
        .singleElement()
        .satisfies(
            filter -> {
              assertThat(filter.table()).isEqualTo(view);
              assertThat(filter.origin().kind()).isEqualTo(OriginKind.VIEW);
              assertThat(filter.predicate())
                  .isEqualTo(
                      Expressions.or(
                          Expressions.equal(
                              Expressions.column("REGION"), Expressions.currentUser()),
                          Expressions.hasRole(Expressions.literal("ADMIN"), RoleScope.PRIMARY)));
            });
    assertThat(set.columnMasks())
        .singleElement()
        .satisfies(
            mask -> {
              assertThat(mask.column()).contains(view.column("EMAIL"));
              assertThat(mask.origin().kind()).isEqualTo(OriginKind.VIEW);
              assertThat(mask.rules().get(0).subject()).isEqualTo(Subjects.hasRole("PII"));
              assertThat(mask.rules().get(0).transform()).isEqualTo(new Transform.Identity());
              assertThat(mask.otherwise())
                  .isEqualTo(new Transform.Constant(Expressions.literal("***")));
            });
    // The view is one of the set's tables, so its filter and mask are valid policies.
    assertThat(set.tables())
        .filteredOn(table -> table.name().equals(view))
        .singleElement()
        .satisfies(
            table ->
                assertThat(table.columns())
                    .extracting(ColumnInfo::name, ColumnInfo::type)
                    .containsExactly(
                        tuple("ID", "decimal"),
                        tuple("REGION", "varchar"),
                        tuple("EMAIL", "varchar")));
    assertThat(PolicySetValidator.validate(set))
        .noneMatch(problem -> problem.message().contains("not among the set's tables"));
    List<Loss> bypasses =
        set.losses().stream().filter(loss -> loss.direction() == LossDirection.LOOSER).toList();
    assertThat(bypasses).hasSize(2);
    assertThat(bypasses).allMatch(loss -> loss.reason().startsWith("role ETL can read base table"));
    assertThat(bypasses).noneMatch(loss -> loss.reason().contains("ANALYST"));
    assertThat(ViewPolicyDetector.detect(set)).isSameAs(set);
  }

  @Test
  void testPostgresqlViewWithMappingJoinAndBypassingGrant() {
    PolicySet read =
        PostgresqlDdlReader.read(
            """
            CREATE ROLE analyst;
            CREATE ROLE loader;
            CREATE TABLE app.orders (id integer, region text);
            CREATE TABLE app.entitlements (region text, member text);
            CREATE VIEW app.my_orders AS
              SELECT o.id, o.region FROM app.orders o
              JOIN app.entitlements e ON e.region = o.region AND e.member = current_user;
            GRANT SELECT ON app.my_orders TO analyst;
            GRANT SELECT ON app.orders TO loader;
            """,
            "views.sql",
            SystemKind.POSTGRESQL,
            dev.passport.extract.sql.FunctionAliases.none());
    PolicySet set = ViewPolicyDetector.detect(read);
    assertThat(set.rowFilters())
        .filteredOn(filter -> filter.origin().kind() == OriginKind.VIEW)
        .singleElement()
        .satisfies(
            filter -> {
              assertThat(filter.table()).isEqualTo(Securable.table("app", "my_orders"));
              assertThat(filter.predicate())
                  .isEqualTo(
                      Expressions.exists(
                          Securable.table("app", "entitlements"),
                          "e",
                          Expressions.and(
                              Expressions.equal(
                                  Expressions.column("e", "region"), Expressions.column("region")),
                              Expressions.equal(
                                  Expressions.column("e", "member"), Expressions.currentUser()))));
            });
    assertThat(set.losses())
        .filteredOn(loss -> loss.direction() == LossDirection.LOOSER)
        .singleElement()
        .satisfies(
            loss -> assertThat(loss.reason()).contains("role loader").contains("app.orders"));
  }

  @Test
  void testViewWithoutIdentityIsNoPolicy() {
    PolicySet set =
        new SnowflakeDdlReader(ExtractionOptions.defaults())
            .readScript(
                "CREATE VIEW s.v AS SELECT a, CASE WHEN b > 1 THEN 'x' ELSE 'y' END AS c FROM s.t;",
                "v.sql")
            .policySet();
    assertThat(set.rowFilters()).isEmpty();
    assertThat(set.columnMasks()).isEmpty();
    assertThat(set.losses()).isEmpty();
  }
}
