package dev.passport.engine.trino;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.currentUser;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.literal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.enforce.mask.RowMasker;
import dev.passport.enforce.rewrite.RewriteOptions;
import dev.passport.enforce.rewrite.SqlRewriter;
import dev.passport.enforce.rewrite.TableSchemas;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.DateUnit;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
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
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.sql.SqlDialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rewriter's Trino SQL run on a real Trino: for each audience, the rewritten statement over the
 * raw tables returns exactly what the original statement returns over the tables as the JVM's
 * {@link RowMasker} masked them (loaded into a second catalog under the same names). Row filters
 * read roles, groups, the user and session attributes, which the rewriter resolves to literals;
 * some audiences' attribute values are written to break out of a string literal, and must only ever
 * select the rows whose tenant is exactly that text.
 */
@ExtendWith(TrinoExtension.class)
class TestSqlRewriterOnTrino {
  private static final Origin ORIGIN = Origin.of(SystemKind.TRINO);
  private static final Securable ACCOUNTS = Securable.table("app", "accounts");
  private static final Securable MEMBERS = Securable.table("app", "members");
  private static final Securable SECRETS = Securable.table("app", "secrets");
  private static final EvaluationOptions EVALUATION =
      EvaluationOptions.defaults().withSalt("pepper'; -- ü 𝄞");
  private static final AtomicInteger SCRATCH = new AtomicInteger();

  private static final Map<String, PrincipalContext> AUDIENCES = audiences();

  private static final List<String> QUERIES =
      List.of(
          "SELECT * FROM app.accounts",
          "SELECT a.id, a.owner, m.member FROM app.accounts a JOIN app.members m"
              + " ON m.account_id = a.id",
          "SELECT id FROM app.accounts WHERE id IN (SELECT account_id FROM app.members)",
          """
          WITH t AS (SELECT id, tenant, balance FROM app.accounts)
          SELECT tenant, count(*) AS n, sum(balance) AS total FROM t GROUP BY tenant""",
          """
          WITH members AS (SELECT 42 AS account_id)
          SELECT a.id FROM app.accounts a LEFT JOIN members ON members.account_id = a.id""",
          "SELECT id FROM app.accounts UNION SELECT account_id FROM app.members",
          "SELECT (SELECT count(*) FROM app.members) AS n, count(*) AS c FROM app.accounts",
          "SELECT a.* FROM app.accounts a WHERE EXISTS (SELECT 1 FROM app.members m"
              + " WHERE m.account_id = a.id)",
          "SELECT x.region, x.latest FROM (SELECT region, max(created) AS latest"
              + " FROM app.accounts GROUP BY region) x",
          "SELECT owner, code, score, big FROM app.accounts ORDER BY id LIMIT 50",
          "SELECT id, owner FROM app.accounts WHERE owner LIKE '%''%' OR note LIKE '%--%'",
          // Trino's block comments do not nest; JSqlParser's do, and alone it lost the FROM.
          "SELECT id /* /* */ , email FROM app.accounts -- */");

  private static RunningTrino trino;
  private static PolicySet policySet;
  private static SqlRewriter rewriter;
  private static Map<String, List<List<Object>>> rawRows;

  @BeforeAll
  static void load(RunningTrino running) {
    trino = running;
    trino.execute("CREATE SCHEMA memory.app");
    trino.execute("CREATE SCHEMA memory.scratch");
    trino.execute("CREATE SCHEMA oracle.app");
    SeededTables.load(
        trino,
        "memory.app.accounts",
        SeededTables.ACCOUNT_COLUMNS,
        SeededTables.asLists(SeededTables.accounts()));
    SeededTables.load(
        trino,
        "memory.app.members",
        SeededTables.MEMBER_COLUMNS,
        SeededTables.asLists(SeededTables.members()));
    SeededTables.load(
        trino,
        "memory.app.secrets",
        SeededTables.SECRET_COLUMNS,
        SeededTables.asLists(SeededTables.secrets()));
    rawRows = new HashMap<>();
    for (String table : List.of("accounts", "members", "secrets")) {
      rawRows.put(table, trino.execute("SELECT * FROM memory.app." + table).rows());
    }
    policySet = policySet();
    rewriter =
        SqlRewriter.of(
            policySet, TableSchemas.empty(), RewriteOptions.defaults().withEvaluation(EVALUATION));
  }

  private static PolicySet policySet() {
    return PolicySet.builder(Source.of(SystemKind.TRINO, "engine-trino", ExtractionMethod.FILE))
        .addTable(table(ACCOUNTS, SeededTables.ACCOUNT_COLUMNS, RowSecurity.allAnd()))
        .addTable(table(MEMBERS, SeededTables.MEMBER_COLUMNS, RowSecurity.allAnd()))
        .addTable(table(SECRETS, SeededTables.SECRET_COLUMNS, RowSecurity.disabled()))
        .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), ACCOUNTS, ORIGIN))
        .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), MEMBERS, ORIGIN))
        .addGrant(
            Grant.allow(Subjects.hasRole("auditor"), Set.of(Privilege.SELECT), SECRETS, ORIGIN))
        .addRowFilter(
            RowFilter.of(
                ACCOUNTS,
                Expressions.or(
                    equal(column("tenant"), Expressions.sessionAttribute("tenant")),
                    Expressions.hasRole("auditor")),
                Subjects.everyone(),
                ORIGIN))
        .addRowFilter(
            RowFilter.of(
                ACCOUNTS,
                Expressions.and(
                    equal(column("region"), literal("emea")),
                    Expressions.or(
                        Expressions.isNull(column("owner")),
                        Expressions.notEqual(column("owner"), currentUser()))),
                Subjects.inGroup("contractors"),
                ORIGIN))
        .addRowFilter(
            RowFilter.of(
                MEMBERS,
                Expressions.or(
                    Expressions.inGroup("hr"),
                    Expressions.notEqual(column("member"), literal("hidden"))),
                Subjects.everyone(),
                ORIGIN))
        .addColumnMask(
            mask(
                "email",
                List.of(MaskRule.when(Subjects.hasRole("manager"), new Transform.Email())),
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL)))
        .addColumnMask(
            mask(
                "ssn",
                List.of(MaskRule.when(Subjects.hasRole("auditor"), new Transform.Identity())),
                new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER)))
        .addColumnMask(mask("owner", List.of(), new Transform.MaskCharacters()))
        .addColumnMask(
            mask(
                "tenant",
                List.of(
                    new MaskRule(
                        Subjects.everyone(),
                        equal(Expressions.maskedValue(), literal("globex")),
                        new Transform.Partial(2, 1, "~~", FillMode.ONCE))),
                new Transform.Identity()))
        .addColumnMask(mask("note", List.of(), new Transform.RegexReplace("[0-9]+", "#")))
        .addColumnMask(mask("code", List.of(), new Transform.Nullify()))
        .addColumnMask(
            mask(
                "region",
                List.of(
                    MaskRule.when(
                        Subjects.inGroup("contractors"),
                        new Transform.Constant(literal("zone 'x'")))),
                new Transform.Identity()))
        .addColumnMask(mask("balance", List.of(), new Transform.Round(1)))
        .addColumnMask(
            mask("big", List.of(), new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE)))
        .addColumnMask(mask("score", List.of(), new Transform.Round(1)))
        .addColumnMask(mask("created", List.of(), new Transform.DateTruncate(DateUnit.MONTH)))
        .addColumnMask(
            mask(
                "seen",
                List.of(
                    MaskRule.when(
                        Subjects.hasRole("manager"),
                        new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE))),
                new Transform.DateTruncate(DateUnit.HOUR)))
        .addColumnMask(
            ColumnMask.of(
                MEMBERS.column("member"),
                List.of(MaskRule.when(Subjects.hasRole("manager"), new Transform.Identity())),
                new Transform.Partial(1, 0, "…", FillMode.ONCE),
                ORIGIN))
        .build();
  }

  private static Table table(Securable name, Map<String, String> columns, RowSecurity security) {
    List<ColumnInfo> infos = new ArrayList<>();
    columns.forEach((column, type) -> infos.add(new ColumnInfo(column, type, true)));
    return new Table(name, infos, Optional.empty(), security);
  }

  private static ColumnMask mask(String column, List<MaskRule> rules, Transform otherwise) {
    return ColumnMask.of(ACCOUNTS.column(column), rules, otherwise, ORIGIN);
  }

  private static Map<String, PrincipalContext> audiences() {
    Map<String, PrincipalContext> audiences = new LinkedHashMap<>();
    audiences.put(
        "manager of globex",
        PrincipalContext.user("mona")
            .withRoles(List.of("manager"))
            .withAttribute("tenant", "globex"));
    audiences.put(
        "auditor in hr",
        PrincipalContext.user("audrey").withRoles(List.of("auditor")).withGroups(List.of("hr")));
    audiences.put(
        "contractor named with a quote",
        PrincipalContext.user("O'Brien; --")
            .withRoles(List.of("analyst"))
            .withGroups(List.of("contractors"))
            .withAttribute("tenant", "acme"));
    audiences.put(
        "tenant that closes the literal",
        PrincipalContext.user("eve")
            .withRoles(List.of("analyst"))
            .withAttribute("tenant", SeededTables.HOSTILE_TENANT));
    audiences.put(
        "tenant with a statement and a comment",
        PrincipalContext.user("mallory")
            .withRoles(List.of("analyst"))
            .withGroups(List.of("contractors"))
            .withAttribute("tenant", SeededTables.DROP_TENANT));
    audiences.put(
        "tenant of comment markers and a surrogate pair",
        PrincipalContext.user("zoë 𝄞")
            .withRoles(List.of("analyst"))
            .withAttribute("tenant", SeededTables.UNICODE_TENANT));
    return audiences;
  }

  static Stream<String> audienceNames() {
    return AUDIENCES.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("audienceNames")
  void testRewrittenStatementsOnTrinoEqualTheOriginalOverJvmMaskedTables(String name) {
    PrincipalContext audience = AUDIENCES.get(name);
    List<String> failures = new ArrayList<>();
    int rows = loadOracle(audience, failures);
    assertThat(rows).as("rows the audience sees").isPositive();

    for (String query : QUERIES) {
      String rewritten = rewriter.rewrite(query, SqlDialect.TRINO, audience);
      compare(query, query, trino.execute("memory", rewritten), failures);
    }

    int scratch = SCRATCH.incrementAndGet();
    String selectAll = "SELECT * FROM app.accounts";
    String createAs = "CREATE TABLE memory.scratch.all_" + scratch + " AS " + selectAll;
    trino.execute(rewriter.rewrite(createAs, SqlDialect.TRINO, audience));
    compare(
        createAs,
        selectAll,
        trino.execute("SELECT * FROM memory.scratch.all_" + scratch),
        failures);

    String join =
        "SELECT a.id, a.email, a.code, m.member FROM app.accounts a"
            + " JOIN app.members m ON m.account_id = a.id";
    String createJoin = "CREATE TABLE memory.scratch.join_" + scratch + " AS " + join;
    trino.execute(rewriter.rewrite(createJoin, SqlDialect.TRINO, audience));
    compare(
        createJoin, join, trino.execute("SELECT * FROM memory.scratch.join_" + scratch), failures);

    trino.execute(
        "CREATE TABLE memory.scratch.insert_"
            + scratch
            + " (id integer, email varchar, code varchar(12), seen varchar)");
    String select =
        "SELECT id, email, code, CAST(seen AS varchar) AS seen FROM app.accounts WHERE id <= 200";
    String insert = "INSERT INTO memory.scratch.insert_" + scratch + " " + select;
    trino.execute(rewriter.rewrite(insert, SqlDialect.TRINO, audience));
    compare(
        insert, select, trino.execute("SELECT * FROM memory.scratch.insert_" + scratch), failures);

    assertThat(failures).isEmpty();
    // The hostile values were data, never SQL: the raw tables are intact.
    assertThat(trino.execute("SELECT count(*) FROM memory.app.accounts").rows())
        .containsExactly(List.of(320L));
  }

  @Test
  void testOnlyTheAuditorMayReadSecrets() {
    PrincipalContext auditor = AUDIENCES.get("auditor in hr");
    String rewritten = rewriter.rewrite("SELECT * FROM app.secrets", SqlDialect.TRINO, auditor);
    assertThat(trino.execute(rewritten).rows()).isEqualTo(rawRows.get("secrets"));
    assertThatThrownBy(
            () ->
                rewriter.rewrite(
                    "SELECT s.secret FROM app.accounts a JOIN app.secrets s ON s.id = a.id",
                    SqlDialect.TRINO,
                    AUDIENCES.get("tenant that closes the literal")))
        .isInstanceOfSatisfying(
            PassportException.class,
            exception ->
                assertThat(exception.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE));
  }

  /**
   * Masks the raw rows of each table in the JVM, checks Trino's {@code SELECT *} through the
   * rewriter gives the same columns and rows, and loads them as {@code oracle.app.<table>}.
   *
   * @return the number of account rows the audience sees
   */
  private static int loadOracle(PrincipalContext audience, List<String> failures) {
    int accounts = 0;
    for (String table : List.of("accounts", "members")) {
      Map<String, String> columns =
          table.equals("accounts") ? SeededTables.ACCOUNT_COLUMNS : SeededTables.MEMBER_COLUMNS;
      RowMasker masker =
          RowMasker.of(
              policySet, audience, "app." + table, new ArrayList<>(columns.keySet()), EVALUATION);
      List<List<Object>> masked = new ArrayList<>();
      for (List<Object> row : rawRows.get(table)) {
        masker
            .apply(row.toArray())
            .ifPresent(values -> masked.add(java.util.Arrays.asList(values)));
      }
      String query = "SELECT * FROM app." + table;
      String rewritten = rewriter.rewrite(query, SqlDialect.TRINO, audience);
      RunningTrino.Result onTrino = trino.execute("memory", rewritten);
      if (!onTrino.columns().equals(masker.outputColumns())) {
        failures.add(
            query + ": columns " + onTrino.columns() + " but the JVM's " + masker.outputColumns());
      }
      difference(onTrino.rows(), masked).ifPresent(text -> failures.add(query + ": " + text));

      Map<String, String> types = new LinkedHashMap<>();
      for (int index = 0; index < onTrino.columns().size(); index++) {
        String type = onTrino.types().get(index);
        String column = onTrino.columns().get(index);
        // A column that is NULL for this audience still needs a type in the oracle's table.
        types.put(column, type.equals("unknown") ? columns.get(column) : type);
      }
      trino.execute("DROP TABLE IF EXISTS oracle.app." + table);
      SeededTables.load(trino, "oracle.app." + table, types, masked);
      if (table.equals("accounts")) {
        accounts = masked.size();
      }
    }
    return accounts;
  }

  /** The statement's result on Trino against the original query on the JVM-masked tables. */
  private static void compare(
      String statement, String originalQuery, RunningTrino.Result actual, List<String> failures) {
    RunningTrino.Result expected = trino.execute("oracle", originalQuery);
    if (!actual.columns().equals(expected.columns())) {
      failures.add(
          statement
              + ": columns "
              + actual.columns()
              + " but the original has "
              + expected.columns());
    }
    difference(actual.rows(), expected.rows())
        .ifPresent(text -> failures.add(statement + ":\n  " + text));
  }

  /** Multiset difference of two row lists in comparable form, when there is one. */
  private static Optional<String> difference(
      List<? extends List<?>> actual, List<? extends List<?>> expected) {
    Map<List<String>, Integer> counts = new HashMap<>();
    for (List<?> row : actual) {
      counts.merge(TrinoValues.comparableRow(row), 1, Integer::sum);
    }
    for (List<?> row : expected) {
      counts.merge(TrinoValues.comparableRow(row), -1, Integer::sum);
    }
    List<String> differing = new ArrayList<>();
    counts.forEach(
        (row, count) -> {
          if (count != 0 && differing.size() < 4) {
            differing.add((count > 0 ? "only on Trino " : "only in the JVM ") + row);
          }
        });
    if (differing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        actual.size() + " rows vs " + expected.size() + "; " + String.join("\n  ", differing));
  }
}
