package dev.passport.enforce.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.enforce.mask.RowMasker;
import dev.passport.extract.Extraction;
import dev.passport.extract.ExtractionOptions;
import dev.passport.fixtures.PostgresDatabase;
import dev.passport.fixtures.WithEmbeddedPostgres;
import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.DateUnit;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PolicySet;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.LookupSource;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.evaluation.Row;
import dev.passport.model.evaluation.RowEvaluator;
import dev.passport.translate.sql.SqlDialect;
import dev.passport.translate.sql.TransformSqlPrinter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rewritten query, run as the superuser (row security bypassed), returns exactly what
 * PostgreSQL returns for the original query under {@code SET ROLE}; masks (which PostgreSQL does
 * not have) give exactly the evaluator's values, and exactly the row masker's.
 */
@WithEmbeddedPostgres
class TestSqlRewriterAgainstPostgres {
  private static final String SUFFIX = "_" + ThreadLocalRandom.current().nextInt(1_000_000);
  private static final String ANALYST = "analyst" + SUFFIX;
  private static final String MANAGER = "manager" + SUFFIX;
  private static final String ALICE = "alice" + SUFFIX;
  private static final String NOBODY = "nobody" + SUFFIX;

  private static final String SCRIPT =
      """
      CREATE ROLE %1$s;
      CREATE ROLE %2$s;
      CREATE ROLE %3$s LOGIN IN ROLE %1$s;
      CREATE ROLE %4$s;
      CREATE SCHEMA app;
      CREATE TABLE app.accounts (
        id integer PRIMARY KEY, tenant text NOT NULL, owner text, email text, ssn text,
        balance numeric(12,2), created date, seen timestamp);
      CREATE TABLE app.members (account_id integer NOT NULL, member text NOT NULL);
      INSERT INTO app.accounts VALUES
        (1, 'acme', 'Ann', 'ann.lee@acme.example', '123-45-6789', 1234.565, '2024-02-29', '2024-02-29 13:14:15.5'),
        (2, 'acme', 'blocked', 'bob@acme.example', '987-65-4321', -5.55, '2023-12-31', '2023-12-31 23:59:59'),
        (3, 'globex', 'Émile Ünïcode', 'e@x@globex.example', 'AB12', 0.005, '2024-07-04', '2024-07-04 00:00:00'),
        (4, 'acme', NULL, 'no-at-sign', '', NULL, NULL, NULL),
        (5, 'acme', 'Zoë O''Brien; --', NULL, '12', 99999.99, '2024-05-15', '2024-05-15 08:00:01.123456'),
        (6, 'initech', 'ÅSA ßtraße 42', 'x@initech.example', 'ÄÖÜ-äöü-123', 10, '2024-11-11', '2024-11-11 11:11:11');
      INSERT INTO app.members VALUES (1, 'ann'), (1, 'hidden'), (3, 'emile'), (5, 'zoe'), (6, 'asa');
      ALTER TABLE app.accounts ENABLE ROW LEVEL SECURITY;
      ALTER TABLE app.members ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_p ON app.accounts FOR SELECT TO %1$s
        USING (tenant = current_setting('app.tenant', true));
      CREATE POLICY not_blocked ON app.accounts AS RESTRICTIVE FOR SELECT TO %1$s
        USING (owner IS DISTINCT FROM 'blocked');
      CREATE POLICY manager_all ON app.accounts FOR SELECT TO %2$s USING (true);
      CREATE POLICY member_p ON app.members FOR SELECT USING (member <> 'hidden');
      GRANT USAGE ON SCHEMA app TO %1$s, %2$s, %4$s;
      GRANT SELECT ON ALL TABLES IN SCHEMA app TO %1$s, %2$s, %4$s;
      """
          .formatted(ANALYST, MANAGER, ALICE, NOBODY);

  private static PolicySet policySet;
  private static TableSchemas schemas;

  @BeforeAll
  static void setUp(PostgresDatabase database) throws SQLException {
    database.execute(SCRIPT);
    try (Connection connection = database.connect()) {
      policySet =
          Extraction.readLive(
              SystemKind.POSTGRESQL,
              connection,
              ExtractionOptions.defaults().withSchemas(List.of("app")));
      schemas = TableSchemas.fromJdbc(connection.getMetaData(), "app");
    }
  }

  static Stream<Arguments> scenarios() {
    List<String> queries =
        List.of(
            "SELECT * FROM app.accounts ORDER BY id",
            "SELECT a.id, m.member FROM app.accounts a JOIN app.members m ON m.account_id = a.id"
                + " ORDER BY 1, 2",
            "SELECT id FROM app.accounts WHERE id IN (SELECT account_id FROM app.members) ORDER BY id",
            "WITH t AS (SELECT id, tenant FROM app.accounts) SELECT tenant, count(*) AS n FROM t"
                + " GROUP BY tenant ORDER BY tenant",
            "WITH members AS (SELECT 42 AS account_id) SELECT a.id FROM app.accounts a"
                + " LEFT JOIN members ON members.account_id = a.id ORDER BY a.id",
            "SELECT id FROM app.accounts UNION SELECT account_id FROM app.members ORDER BY 1",
            "SELECT (SELECT count(*) FROM app.members) AS n, count(*) AS c FROM app.accounts",
            "SELECT a.* FROM app.accounts a WHERE EXISTS (SELECT 1 FROM app.members m"
                + " WHERE m.account_id = a.id) ORDER BY id",
            "SELECT x.tenant, x.total FROM (SELECT tenant, sum(balance) AS total FROM app.accounts"
                + " GROUP BY tenant) x ORDER BY 1",
            // Literals and comments JSqlParser alone would cut elsewhere than PostgreSQL.
            "SELECT $tag$'$tag$ AS a, id, ssn FROM app.accounts ORDER BY id -- '",
            "SELECT E'a\\'' AS a, $$'$$ AS b, id FROM app.accounts /* /* nested */ ' */"
                + " ORDER BY id -- '");
    List<String[]> audiences =
        List.of(
            new String[] {ALICE, "acme"},
            new String[] {ALICE, "globex"},
            new String[] {ALICE, "nobody's ' tenant"},
            new String[] {ANALYST, "initech"},
            new String[] {MANAGER, "acme"},
            new String[] {NOBODY, "acme"});
    List<Arguments> arguments = new ArrayList<>();
    for (String[] audience : audiences) {
      for (String query : queries) {
        arguments.add(Arguments.of(audience[0], audience[1], query));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0} tenant={1}: {2}")
  @MethodSource("scenarios")
  void testRewrittenQueryAsSuperuserEqualsOriginalUnderSetRole(
      String role, String tenant, String query, PostgresDatabase database) throws SQLException {
    List<Map<String, Object>> expected;
    try (Connection connection = database.connectAs(role)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET app.tenant = " + quote(tenant));
      }
      expected = PostgresDatabase.query(connection, query);
    }
    PrincipalContext audience = PrincipalContext.user(role).withAttribute("app.tenant", tenant);
    String rewritten =
        SqlRewriter.of(policySet, schemas, RewriteOptions.defaults())
            .rewrite(query, SqlDialect.POSTGRESQL, audience);
    List<Map<String, Object>> actual = database.query(rewritten);
    assertThat(actual).as(rewritten).isEqualTo(expected);
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static PolicySet maskedPolicySet() {
    Origin origin = Origin.of(SystemKind.PASSPORT);
    Securable accounts = Securable.table("app", "accounts");
    return policySet.toBuilder()
        .addColumnMask(
            ColumnMask.of(
                accounts.column("email"),
                List.of(MaskRule.when(Subjects.hasRole(MANAGER), new Transform.Email())),
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL),
                origin))
        .addColumnMask(
            ColumnMask.of(
                accounts.column("ssn"),
                List.of(),
                new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER),
                origin))
        .addColumnMask(
            ColumnMask.of(
                accounts.column("owner"), List.of(), new Transform.MaskCharacters(), origin))
        .addColumnMask(
            ColumnMask.of(
                accounts.column("created"),
                List.of(),
                new Transform.DateTruncate(DateUnit.MONTH),
                origin))
        .addColumnMask(
            ColumnMask.of(
                accounts.column("seen"),
                List.of(),
                new Transform.DateTruncate(DateUnit.HOUR),
                origin))
        .addColumnMask(
            ColumnMask.of(accounts.column("balance"), List.of(), new Transform.Round(1), origin))
        .addColumnMask(
            ColumnMask.of(
                accounts.column("tenant"),
                List.of(
                    new MaskRule(
                        Subjects.everyone(),
                        Expressions.equal(Expressions.maskedValue(), Expressions.literal("globex")),
                        new Transform.Partial(2, 1, "~~", FillMode.ONCE))),
                new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE),
                origin))
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maskAudiences")
  void testMaskedQueryEqualsTheEvaluatorAndTheRowMasker(String role, PostgresDatabase database)
      throws SQLException {
    PolicySet masked = maskedPolicySet();
    EvaluationOptions salt = EvaluationOptions.defaults().withSalt("pepper'; --");
    PrincipalContext audience = PrincipalContext.user(role).withAttribute("app.tenant", "acme");
    String rewritten =
        SqlRewriter.of(masked, schemas, RewriteOptions.defaults().withEvaluation(salt))
            .rewrite("SELECT * FROM app.accounts ORDER BY id", SqlDialect.POSTGRESQL, audience);
    List<Map<String, Object>> actual = normalise(database.query(rewritten));

    Evaluator evaluator = Evaluator.compile(masked);
    Decision decision =
        evaluator.decide(audience, evaluator.resolveTable("app.accounts"), Action.SELECT);
    List<Map<String, Object>> expected = new ArrayList<>();
    for (Map<String, Object> raw : objects(database, "SELECT * FROM app.accounts ORDER BY id")) {
      Map<String, Object> values = new LinkedHashMap<>();
      raw.forEach((key, value) -> values.put(key, jdbcToRow(value)));
      Row row = Row.of(values);
      if (RowEvaluator.admits(decision.rowFilter(), row, LookupSource.none())) {
        expected.add(RowEvaluator.maskRow(decision, row, LookupSource.none(), salt));
      }
    }
    expected = normalise(expected);
    assertThat(actual).as(rewritten).isNotEmpty().isEqualTo(expected);

    RowMasker masker =
        RowMasker.forDecision(
            decision,
            List.of("id", "tenant", "owner", "email", "ssn", "balance", "created", "seen"),
            salt,
            LookupSource.none());
    List<Map<String, Object>> inJvm = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery("SELECT * FROM app.accounts ORDER BY id")) {
      masker.mask(
          resultSet,
          values -> {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int index = 0; index < values.length; index++) {
              record.put(masker.outputColumns().get(index), values[index]);
            }
            inJvm.add(record);
          });
    }
    assertThat(normalise(inJvm)).isEqualTo(actual);
  }

  static Stream<String> maskAudiences() {
    return Stream.of(ALICE, MANAGER);
  }

  /** Rows with JDBC's own objects (BigDecimal for numeric, not text). */
  private static List<Map<String, Object>> objects(PostgresDatabase database, String sql)
      throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      int count = resultSet.getMetaData().getColumnCount();
      while (resultSet.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int index = 1; index <= count; index++) {
          row.put(resultSet.getMetaData().getColumnLabel(index), resultSet.getObject(index));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object jdbcToRow(Object value) {
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    return value;
  }

  /** JDBC and evaluator values in one form: text as is, numbers and dates by value. */
  private static List<Map<String, Object>> normalise(List<Map<String, Object>> rows) {
    List<Map<String, Object>> result = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> copy = new LinkedHashMap<>();
      row.forEach((key, value) -> copy.put(key, normalise(value)));
      result.add(copy);
    }
    return result;
  }

  private static Object normalise(Object value) {
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime();
    }
    if (value instanceof BigDecimal number) {
      return number.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Integer || value instanceof Long) {
      return BigDecimal.valueOf(((Number) value).longValue()).toPlainString();
    }
    return value;
  }

  @Test
  void testRowMaskerAndSqlAgreeByteForByteOnEveryTextTransform(PostgresDatabase database)
      throws SQLException {
    List<Transform> transforms =
        List.of(
            new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
            new Transform.Hash(HashAlgorithm.SHA512, SaltScope.GLOBAL),
            new Transform.Hash(HashAlgorithm.MD5, SaltScope.GLOBAL),
            new Transform.Partial(2, 2, "#", FillMode.EACH_CHARACTER),
            new Transform.Partial(3, 0, "…", FillMode.ONCE),
            new Transform.Partial(0, 4, "X", FillMode.EACH_CHARACTER),
            new Transform.MaskCharacters(),
            new Transform.Email(),
            new Transform.RegexReplace("[0-9]", "#"),
            new Transform.Constant(Expressions.literal("redacted")),
            new Transform.Nullify());
    String salt = "s@lt 'ü'";
    for (String column : List.of("owner", "email", "ssn", "id", "balance", "created", "seen")) {
      String type =
          schemas.columns(Securable.table("app", "accounts")).orElseThrow().stream()
              .filter(info -> info.name().equals(column))
              .findFirst()
              .orElseThrow()
              .type();
      for (Transform transform : transforms) {
        String sql =
            "SELECT "
                + column
                + " AS raw, "
                + TransformSqlPrinter.print(
                    transform, SqlDialect.POSTGRESQL, column, java.util.Optional.of(type), salt)
                + " AS masked FROM app.accounts ORDER BY id";
        Function<Object, Object> compiled =
            dev.passport.model.evaluation.Transforms.function(
                transform, EvaluationOptions.defaults().withSalt(salt));
        for (Map<String, Object> row : objects(database, sql)) {
          Object raw = row.get("raw");
          Object value = jdbcToRow(raw);
          Object expected = compiled.apply(value);
          assertThat(row.get("masked"))
              .as(transform + " on " + column + " = " + raw + " via " + sql)
              .isEqualTo(
                  expected == null
                      ? null
                      : dev.passport.model.evaluation.Transforms.text(expected));
        }
      }
    }
  }
}
