package dev.passport.enforce.rewrite;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.sessionAttribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.extract.sql.ParseLimits;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ErrorCode;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
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
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestSqlRewriter {
  private static final Origin ORIGIN = Origin.of(SystemKind.POSTGRESQL);
  private static final Securable ACCOUNTS = Securable.table("app", "accounts");
  private static final Securable SECRETS = Securable.table("app", "secrets");
  private static final Securable REGIONS = Securable.table("app", "regions");

  static PolicySet policySet() {
    Table accounts =
        new Table(
            ACCOUNTS,
            List.of(
                new ColumnInfo("id", "integer", false),
                new ColumnInfo("tenant", "text", false),
                new ColumnInfo("email", "text", true),
                new ColumnInfo("ssn", "text", true)),
            Optional.empty(),
            RowSecurity.allAnd());
    Table secrets =
        new Table(
            SECRETS,
            List.of(new ColumnInfo("id", "integer", false)),
            Optional.empty(),
            RowSecurity.allAnd());
    Table regions =
        new Table(
            REGIONS,
            List.of(new ColumnInfo("id", "integer", false), new ColumnInfo("name", "text", true)),
            Optional.empty(),
            RowSecurity.disabled());
    return PolicySet.builder(Source.of(SystemKind.POSTGRESQL, "test", ExtractionMethod.FILE))
        .addPrincipal(Principal.user("alice", ORIGIN))
        .addTable(accounts)
        .addTable(secrets)
        .addTable(regions)
        .addGrant(Grant.allow(Subjects.isUser("alice"), Set.of(Privilege.SELECT), ACCOUNTS, ORIGIN))
        .addGrant(Grant.allow(Subjects.isUser("alice"), Set.of(Privilege.SELECT), REGIONS, ORIGIN))
        .addGrant(Grant.allow(Subjects.isUser("bob"), Set.of(Privilege.SELECT), SECRETS, ORIGIN))
        .addRowFilter(
            RowFilter.of(
                ACCOUNTS,
                equal(column("tenant"), sessionAttribute("app.tenant")),
                Subjects.everyone(),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(ACCOUNTS.column("email"), List.of(), new Transform.Email(), ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                ACCOUNTS.column("ssn"),
                List.of(),
                new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER),
                ORIGIN))
        .build();
  }

  private static final PrincipalContext ALICE =
      PrincipalContext.user("alice").withAttribute("app.tenant", "acme");

  private static String rewrite(String sql) {
    return rewrite(sql, SqlDialect.POSTGRESQL);
  }

  private static String rewrite(String sql, SqlDialect dialect) {
    return SqlRewriter.of(policySet(), TableSchemas.empty(), RewriteOptions.defaults())
        .rewrite(sql, dialect, ALICE);
  }

  private static final String ACCOUNTS_PROJECTION =
      "(SELECT id, tenant, CASE WHEN strpos(reverse(email), '@') = 0 THEN '*****' ELSE '*****' ||"
          + " right(email, strpos(reverse(email), '@')) END AS email, CASE WHEN length(ssn) <= 0"
          + " THEN ssn ELSE left(ssn, 0) || repeat('*', (length(ssn) - 0 - least(4, length(ssn) -"
          + " 0))) || right(ssn, least(4, length(ssn) - 0)) END AS ssn FROM app.accounts WHERE"
          + " tenant = 'acme')";

  @Test
  void testPlainSelectBecomesTheProjection() {
    assertThat(rewrite("SELECT * FROM app.accounts"))
        .isEqualTo("SELECT * FROM " + ACCOUNTS_PROJECTION + " AS accounts");
  }

  @Test
  void testAliasIsKeptAndUnprotectedTableIsUntouched() {
    assertThat(
            rewrite(
                "SELECT a.email, r.name FROM app.accounts a JOIN app.regions AS r ON r.id = a.id"))
        .isEqualTo(
            "SELECT a.email, r.name FROM "
                + ACCOUNTS_PROJECTION
                + " AS a JOIN app.regions AS r ON r.id = a.id");
  }

  @Test
  void testSubqueriesSetOperationsAndCtesAreCovered() {
    String rewritten =
        rewrite(
            """
            WITH recent AS (SELECT id FROM app.accounts WHERE id > 1)
            SELECT id FROM recent
            WHERE id IN (SELECT id FROM app.accounts)
              AND EXISTS (SELECT 1 FROM accounts x WHERE x.id = recent.id)
            UNION ALL
            SELECT (SELECT max(id) FROM app.accounts) FROM app.regions
            """);
    assertThat(rewritten.split("FROM (app\\.)?accounts WHERE tenant = 'acme'", -1)).hasSize(5);
    assertThat(rewritten).contains("FROM recent").doesNotContain("FROM app.accounts x");
  }

  @Test
  void testCteShadowingATableIsNotATableReference() {
    String rewritten =
        rewrite(
            "WITH accounts AS (SELECT 1 AS id) SELECT id FROM accounts UNION SELECT id FROM"
                + " app.accounts");
    assertThat(rewritten)
        .startsWith(
            "WITH accounts AS (SELECT 1 AS id) SELECT id FROM accounts UNION SELECT id FROM (");
    // Inside the CTE's own body the name still means the table.
    assertThat(rewrite("WITH accounts AS (SELECT id FROM accounts) SELECT * FROM accounts"))
        .startsWith("WITH accounts AS (SELECT id FROM (SELECT id, tenant,")
        .endsWith(") AS accounts) SELECT * FROM accounts");
  }

  @Test
  void testUnknownTableIsRefusedUnlessAllowed() {
    assertThatThrownBy(() -> rewrite("SELECT * FROM app.unknown_table"))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("app.unknown_table")
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.UNKNOWN_TABLE);
    String allowed =
        SqlRewriter.of(
                policySet(),
                TableSchemas.empty(),
                RewriteOptions.defaults().withAllowUnknownTables(true))
            .rewrite("SELECT * FROM app.unknown_table", SqlDialect.POSTGRESQL, ALICE);
    assertThat(allowed).isEqualTo("SELECT * FROM app.unknown_table");
  }

  @Test
  void testDeniedTableIsRefusedWithTheReasonOrEmptyOnRequest() {
    assertThatThrownBy(() -> rewrite("SELECT id FROM app.secrets"))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("'alice' may not read app.secrets")
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE);
    String empty =
        SqlRewriter.of(
                policySet(),
                TableSchemas.empty(),
                RewriteOptions.defaults().withDeniedAsEmpty(true))
            .rewrite("SELECT id FROM app.secrets", SqlDialect.POSTGRESQL, ALICE);
    assertThat(empty)
        .isEqualTo("SELECT id FROM (SELECT * FROM app.secrets WHERE FALSE) AS secrets");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM generate_series(1, 3)",
        "SELECT * INTO copy_of FROM app.accounts",
        "DELETE FROM app.accounts",
        "UPDATE app.accounts SET id = 1",
        "WITH d AS (DELETE FROM app.accounts RETURNING *) SELECT * FROM d",
        "SELECT 1; SELECT * FROM app.accounts",
        "INSERT INTO t VALUES ((SELECT ssn FROM app.accounts LIMIT 1))",
        "CREATE VIEW v AS SELECT * FROM app.accounts",
        "SELECT * FROM app.accounts TABLESAMPLE SYSTEM (10)",
        "COPY app.accounts TO STDOUT",
      })
  void testShapesItCannotProveCoveredAreRefusedByName(String sql) {
    assertThatThrownBy(() -> rewrite(sql))
        .isInstanceOf(PassportException.class)
        .satisfies(
            error ->
                assertThat(((PassportException) error).errorCode())
                    .isIn(ErrorCode.NOT_SUPPORTED, ErrorCode.PARSE_ERROR));
  }

  @Test
  void testRedshiftUnloadQuotesAreUndoubledAndDoubledBack() {
    String rewritten =
        rewrite(
            "UNLOAD ('SELECT email FROM app.accounts WHERE tenant <> ''x''') TO 's3://bucket/p/'"
                + " IAM_ROLE 'arn:aws:iam::1:role/r' PARQUET",
            SqlDialect.REDSHIFT);
    assertThat(rewritten)
        .startsWith("UNLOAD ('SELECT email FROM (SELECT id, tenant, CASE WHEN")
        .contains("WHERE tenant = ''acme'') AS accounts WHERE tenant <> ''x''')")
        .endsWith(" TO 's3://bucket/p/' IAM_ROLE 'arn:aws:iam::1:role/r' PARQUET");
  }

  @Test
  void testSnowflakeCopyIntoStageRewritesTheInnerQueryOnly() {
    PolicySet upper = upperCasePolicySet();
    String rewritten =
        SqlRewriter.of(upper, TableSchemas.empty(), RewriteOptions.defaults())
            .rewrite(
                "COPY INTO @my_stage/result/data_ FROM (SELECT EMAIL FROM APP.ACCOUNTS)"
                    + " FILE_FORMAT = (TYPE = PARQUET) HEADER = TRUE",
                SqlDialect.SNOWFLAKE,
                PrincipalContext.user("alice"));
    assertThat(rewritten)
        .startsWith(
            "COPY INTO @my_stage/result/data_ FROM (SELECT EMAIL FROM (SELECT ID, lower(SHA2(EMAIL, 256))")
        .endsWith(
            " AS EMAIL FROM APP.ACCOUNTS) AS ACCOUNTS) FILE_FORMAT = (TYPE = PARQUET) HEADER = TRUE");
  }

  private static PolicySet upperCasePolicySet() {
    Securable accounts = Securable.table("APP", "ACCOUNTS");
    return PolicySet.builder(Source.of(SystemKind.SNOWFLAKE, "test", ExtractionMethod.FILE))
        .addTable(
            new Table(
                accounts,
                List.of(
                    new ColumnInfo("ID", "NUMBER", false),
                    new ColumnInfo("EMAIL", "VARCHAR", true)),
                Optional.empty(),
                RowSecurity.allAnd()))
        .addColumnMask(
            ColumnMask.of(
                accounts.column("EMAIL"),
                List.of(),
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                ORIGIN))
        .addGrant(Grant.allow(Subjects.isUser("alice"), Set.of(Privilege.SELECT), accounts, ORIGIN))
        .build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE TABLE iceberg.analytics.copy WITH (format = 'PARQUET') AS SELECT * FROM app.accounts",
        "INSERT INTO iceberg.analytics.copy (id, email) SELECT id, email FROM app.accounts",
      })
  void testTrinoEnvelopesKeepTheTargetAndRewriteTheQuery(String sql) {
    String rewritten = rewrite(sql, SqlDialect.TRINO);
    String head = sql.substring(0, sql.indexOf("SELECT"));
    assertThat(rewritten).startsWith(head).contains("FROM app.accounts WHERE tenant = 'acme')");
    assertThat(rewritten).contains("substr(").doesNotContain(" left(");
  }

  @Test
  void testPostgresqlCreateTableAsKeepsWithNoData() {
    assertThat(rewrite("CREATE TABLE t AS SELECT id FROM app.accounts WITH NO DATA"))
        .startsWith("CREATE TABLE t AS SELECT id FROM (SELECT id,")
        .endsWith(") AS accounts WITH NO DATA");
  }

  @Test
  void testSparkCreateTableUsingIcebergAsSelect() {
    String rewritten =
        rewrite(
            "CREATE TABLE lake.db.copy USING iceberg AS SELECT * FROM app.accounts",
            SqlDialect.SPARK);
    assertThat(rewritten)
        .startsWith("CREATE TABLE lake.db.copy USING iceberg AS SELECT * FROM (SELECT id,")
        .contains("instr(reverse(email), '@')");
  }

  /**
   * Spark and Hive read these with backslash escapes, backtick identifiers and (Spark) comments
   * that a line-ending backslash continues; in each, app.accounts is read and must be masked.
   */
  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          SPARK | SELECT 'a\\'' AS a, ssn FROM app.accounts -- '
          HIVE  | SELECT 'a\\'' AS a, ssn FROM app.accounts -- '
          SPARK | SELECT 1 AS `'`, 'a\\'' AS a, ssn FROM app.accounts -- '
          HIVE  | SELECT 1 AS `'`, 'a\\'' AS a, ssn FROM app.accounts -- '
          SPARK | SELECT r'\\' AS a, ssn FROM app.accounts -- '
          SPARK | SELECT id FROM app.regions -- \\⏎/*⏎UNION ALL SELECT id FROM app.accounts⏎-- */
          SNOWFLAKE | SELECT 'a\\'' AS a, ssn FROM app.accounts -- '
          SNOWFLAKE | SELECT 1 AS a // '⏎, ssn FROM app.accounts -- '
          SNOWFLAKE | SELECT $$'$$ AS a, ssn FROM app.accounts -- '
          REDSHIFT | SELECT 'a\\'' AS a, ssn FROM app.accounts -- '
          POSTGRESQL | SELECT $tag$'$tag$ AS a, ssn FROM app.accounts -- '
          POSTGRESQL | SELECT E'a\\'' AS a, ssn FROM app.accounts -- '
          TRINO | SELECT 1 AS a /* /* */ , ssn FROM app.accounts -- */
          REDSHIFT | SELECT 1 AS a /* /* */ , ssn FROM app.accounts -- */
          SNOWFLAKE | SELECT 1 AS a /* /* */ , ssn FROM app.accounts -- */
          """)
  void testSparkAndHiveLexicalRulesDecideWhatIsRewritten(SqlDialect dialect, String cell) {
    String sql = cell.replace('⏎', '\n');
    String rewritten = rewrite(sql, dialect);

    assertThat(rewritten).containsPattern("FROM app.accounts WHERE \"?tenant\"? = 'acme'\\)");
    assertThat(rewritten).doesNotContain("passport_literal");
    if (sql.contains("UNION")) {
      // Spark reads the UNION, which a comment-unaware reader would take for a block comment.
      assertThat(rewritten).contains("UNION ALL SELECT id FROM (SELECT id, tenant,");
    }
    for (String literal : List.of("'a\\''", "r'\\'", "$$'$$", "$tag$'$tag$")) {
      if (sql.contains(literal)) {
        assertThat(rewritten).contains(literal);
      }
    }
  }

  @Test
  void testSparkPlaceholderTextInTheStatementOrTheAudienceIsJustText() {
    PrincipalContext forger =
        PrincipalContext.user("alice").withAttribute("app.tenant", "'passport_literal_0_0'");
    String rewritten =
        SqlRewriter.of(policySet(), TableSchemas.empty(), RewriteOptions.defaults())
            .rewrite(
                "SELECT 'passport_literal_0_0' AS p, 'b\\'' AS q, id FROM app.accounts",
                SqlDialect.SPARK,
                forger);

    assertThat(rewritten)
        .startsWith("SELECT 'passport_literal_0_0' AS p, 'b\\'' AS q, id FROM (SELECT")
        .contains("WHERE tenant = '\\'passport_literal_0_0\\'')");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme' OR '1'='1",
        "x'; DROP TABLE app.accounts; --",
        "a\\' OR 1=1 --",
        "/* comment */ ' OR TRUE --",
        "ü'ñ\u2028\u0301'",
      })
  void testHostileAttributeValuesStayOneLiteral(String value) {
    PrincipalContext hostile = PrincipalContext.user("alice").withAttribute("app.tenant", value);
    for (SqlDialect dialect :
        List.of(SqlDialect.POSTGRESQL, SqlDialect.REDSHIFT, SqlDialect.TRINO)) {
      String rewritten =
          SqlRewriter.of(policySet(), TableSchemas.empty(), RewriteOptions.defaults())
              .rewrite("SELECT id FROM app.accounts", dialect, hostile);
      // Reading the output back must give exactly one comparison with exactly the value.
      String filter =
          rewritten.substring(
              rewritten.indexOf("WHERE tenant = ") + "WHERE tenant = ".length(),
              rewritten.lastIndexOf(") AS accounts"));
      assertThat(filter).isNotEmpty();
      dev.passport.extract.sql.SqlDialect lexical =
          switch (dialect) {
            case POSTGRESQL -> dev.passport.extract.sql.SqlDialect.POSTGRESQL;
            case REDSHIFT -> dev.passport.extract.sql.SqlDialect.REDSHIFT;
            case TRINO -> dev.passport.extract.sql.SqlDialect.builder(SystemKind.TRINO).build();
            case SNOWFLAKE, HIVE, SPARK -> throw new AssertionError("not read back here");
          };
      List<dev.passport.extract.sql.SqlToken> tokens =
          dev.passport.extract.sql.SqlLexer.significantTokens(filter, lexical);
      assertThat(tokens).hasSize(1);
      // stringValue decodes E'…' strings only; Redshift's backslashes are checked by the count.
      if (dialect != SqlDialect.REDSHIFT || value.indexOf('\\') < 0) {
        assertThat(tokens.get(0).stringValue()).isEqualTo(value);
      }
    }
  }

  @Test
  void testHostileColumnNamesFromASchemaFileAreQuoted() {
    TableSchemas schemas =
        TableSchemas.fromJson(
            new StringReader(
                """
                {"tables": {"app.accounts": [
                  {"name": "id", "type": "integer"},
                  {"name": "email\\" FROM app.secrets; --", "type": "text"},
                  {"name": "email", "type": "text"}
                ]}}
                """));
    String rewritten =
        SqlRewriter.of(policySet(), schemas, RewriteOptions.defaults())
            .rewrite("SELECT * FROM app.accounts", SqlDialect.POSTGRESQL, ALICE);
    assertThat(rewritten).contains("\"email\"\" FROM app.secrets; --\"");
    assertThat(rewritten).doesNotContain("ssn");
  }

  @Test
  void testNestingBeyondTheLimitIsRefusedBeforeParsing() {
    String deep = "SELECT " + "(".repeat(300) + "1" + ")".repeat(300) + " FROM app.accounts";
    assertThatThrownBy(() -> rewrite(deep))
        .isInstanceOf(PassportException.class)
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.PARSE_LIMIT_EXCEEDED);
    RewriteOptions tight =
        RewriteOptions.defaults().withLimits(ParseLimits.DEFAULT.withMaxNestingDepth(2));
    assertThatThrownBy(
            () ->
                SqlRewriter.of(policySet(), TableSchemas.empty(), tight)
                    .rewrite(
                        "SELECT * FROM (SELECT * FROM (SELECT * FROM (SELECT id FROM app.accounts) a) b) c",
                        SqlDialect.POSTGRESQL,
                        ALICE))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("nesting deeper than 2");
  }

  @ParameterizedTest
  @EnumSource(
      value = SqlDialect.class,
      names = {"POSTGRESQL", "REDSHIFT", "SNOWFLAKE", "TRINO", "SPARK"})
  void testEveryDialectRewritesAJoinWithinItsOwnSyntax(SqlDialect dialect) {
    String rewritten =
        rewrite(
            "SELECT a.id, r.name FROM app.accounts a LEFT JOIN app.regions r ON r.id = a.id",
            dialect);
    assertThat(rewritten).contains(" AS a LEFT JOIN app.regions r ON r.id = a.id");
    // Snowflake folds to upper case, so the policy's lower-case names must be quoted there.
    assertThat(rewritten)
        .contains(
            "FROM app.accounts WHERE "
                + ExpressionPrinter.identifier("tenant", dialect)
                + " = 'acme') AS a");
  }

  @Test
  void testSchemaFileShapeErrorsAreInvalidArgument() {
    assertThatThrownBy(() -> TableSchemas.fromJson(new StringReader("{\"tables\": []}")))
        .isInstanceOf(PassportException.class)
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(
            TableSchemas.fromJson(
                    new StringReader(
                        "{\"tables\": {\"s.t\": [{\"name\": \"a\", \"type\": \"int\"}]}}"))
                .tables())
        .isEqualTo(Map.of(Securable.table("s", "t"), List.of(new ColumnInfo("a", "int", true))));
  }
}
