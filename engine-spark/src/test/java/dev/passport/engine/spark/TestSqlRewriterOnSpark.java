package dev.passport.engine.spark;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.compare;
import static dev.passport.model.Expressions.currentUser;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.hasRole;
import static dev.passport.model.Expressions.inGroup;
import static dev.passport.model.Expressions.isNull;
import static dev.passport.model.Expressions.like;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.maskedValue;
import static dev.passport.model.Expressions.not;
import static dev.passport.model.Expressions.notEqual;
import static dev.passport.model.Expressions.or;
import static dev.passport.model.Expressions.sessionAttribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.enforce.mask.RowMasker;
import dev.passport.enforce.rewrite.RewriteOptions;
import dev.passport.enforce.rewrite.SqlRewriter;
import dev.passport.enforce.rewrite.TableSchemas;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.DateUnit;
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
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.sql.SqlDialect;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rewriter's Spark SQL, run on a real Spark 3.5, returns what the JVM returns for the same
 * audience: the seeded rows passed through {@link RowMasker} (the evaluator's row filter and
 * transforms, proved against PostgreSQL). For a single table the masker's rows are compared
 * directly; for joins, subqueries, CTEs and set operations the original query runs on Spark over
 * the masker's output, so both sides share Spark's relational operators and differ only in where
 * the policies were applied. Identity values (user, roles, groups, session attributes) include
 * quotes, backslashes, comment markers and non-Latin-1 text that also occur in the data: they must
 * select exactly the rows holding them.
 */
class TestSqlRewriterOnSpark {
  private static final Origin ORIGIN = Origin.of(SystemKind.SPARK);
  private static final Securable PEOPLE = Securable.table("app", "people");
  private static final Securable ORDERS = Securable.table("app", "orders");
  private static final EvaluationOptions SALT =
      EvaluationOptions.defaults().withSalt("pepper'; -- \\ ü");

  private static LocalSpark spark;
  private static PolicySet policySet;
  private static SqlRewriter rewriter;
  private static final Map<String, String> ORACLE_VIEWS = new HashMap<>();
  private static int sinks;

  @BeforeAll
  static void startSpark() {
    long start = System.nanoTime();
    spark = LocalSpark.start("TestSqlRewriterOnSpark");
    spark.session().sql("CREATE DATABASE app");
    SeedRows.load(spark.session(), "app.people", SeedRows.PEOPLE_COLUMNS, SeedRows.people());
    SeedRows.load(spark.session(), "app.orders", SeedRows.ORDERS_COLUMNS, SeedRows.orders());
    policySet = policySet();
    rewriter =
        SqlRewriter.of(
            policySet, TableSchemas.empty(), RewriteOptions.defaults().withEvaluation(SALT));
    System.out.printf("Spark ready in %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.close();
    }
  }

  private static List<ColumnInfo> columns(List<String[]> columns) {
    List<ColumnInfo> infos = new ArrayList<>();
    for (String[] column : columns) {
      infos.add(new ColumnInfo(column[0], column[1], true));
    }
    return infos;
  }

  static PolicySet policySet() {
    Transform identity = new Transform.Identity();
    return PolicySet.builder(Source.of(SystemKind.SPARK, "spark-test", ExtractionMethod.FILE))
        .addPrincipal(Principal.role("analyst", ORIGIN))
        .addPrincipal(Principal.role("support", ORIGIN))
        .addPrincipal(Principal.role("auditor", ORIGIN))
        .addPrincipal(Principal.role("admin", ORIGIN))
        .addTable(
            new Table(
                PEOPLE, columns(SeedRows.PEOPLE_COLUMNS), Optional.empty(), RowSecurity.allAnd()))
        .addTable(
            new Table(
                ORDERS, columns(SeedRows.ORDERS_COLUMNS), Optional.empty(), RowSecurity.allAnd()))
        .addGrant(
            Grant.allow(
                Subjects.anyOf(
                    Subjects.hasRole("analyst"),
                    Subjects.hasRole("auditor"),
                    Subjects.hasRole("admin")),
                Set.of(Privilege.SELECT),
                PEOPLE,
                ORIGIN))
        .addGrant(
            Grant.allow(
                Subjects.anyOf(
                    Subjects.hasRole("analyst"),
                    Subjects.hasRole("auditor"),
                    Subjects.hasRole("admin")),
                Set.of(Privilege.SELECT),
                ORDERS,
                ORIGIN))
        // A tenant's rows, unless auditing; admins are exempt.
        .addRowFilter(
            RowFilter.of(
                PEOPLE,
                or(equal(column("tenant"), sessionAttribute("tenant")), hasRole("auditor")),
                Subjects.not(Subjects.hasRole("admin")),
                ORIGIN))
        // Nobody sees their own record, unless in HR.
        .addRowFilter(
            RowFilter.of(
                PEOPLE,
                or(inGroup("hr"), isNull(column("name")), notEqual(column("name"), currentUser())),
                Subjects.everyone(),
                ORIGIN))
        // Analysts never see secret plans (a LIKE with an escaped underscore).
        .addRowFilter(
            RowFilter.of(
                PEOPLE,
                not(like(column("note"), literal("%secret\\_%"))),
                Subjects.hasRole("analyst"),
                ORIGIN))
        .addRowFilter(
            RowFilter.of(
                ORDERS,
                or(
                    compare(
                        ComparisonOperator.GREATER_THAN_OR_EQUAL,
                        column("amount"),
                        literal(BigDecimal.ZERO)),
                    hasRole("auditor"),
                    notEqual(column("memo"), sessionAttribute("hidden_memo"))),
                Subjects.everyone(),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("name"),
                List.of(MaskRule.when(Subjects.hasRole("admin"), identity)),
                new Transform.MaskCharacters(),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("email"),
                List.of(MaskRule.when(Subjects.hasRole("support"), new Transform.Email())),
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("ssn"),
                List.of(
                    MaskRule.when(
                        Subjects.inGroup("hr"), new Transform.Partial(2, 2, "…'", FillMode.ONCE))),
                new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("note"),
                List.of(
                    MaskRule.when(
                        Subjects.hasRole("auditor"),
                        new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL))),
                new Transform.RegexReplace("[0-9]+", "#"),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("balance"),
                List.of(
                    MaskRule.when(Subjects.hasRole("support"), new Transform.Round(-2)),
                    MaskRule.when(
                        Subjects.inGroup("research"),
                        new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE)),
                    new MaskRule(
                        Subjects.everyone(),
                        compare(ComparisonOperator.LESS_THAN, maskedValue(), literal(0)),
                        new Transform.Constant(literal(0)))),
                new Transform.Round(0),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("score"),
                List.of(MaskRule.when(Subjects.hasRole("admin"), identity)),
                new Transform.Round(-3),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(PEOPLE.column("ratio"), List.of(), new Transform.Round(2), ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("born"),
                List.of(
                    MaskRule.when(
                        Subjects.hasRole("auditor"),
                        new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL))),
                new Transform.DateTruncate(DateUnit.MONTH),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("seen"),
                List.of(
                    MaskRule.when(
                        Subjects.hasRole("support"), new Transform.DateTruncate(DateUnit.WEEK)),
                    MaskRule.when(
                        Subjects.inGroup("research"),
                        new Transform.Partial(4, 0, "-**", FillMode.ONCE))),
                new Transform.DateTruncate(DateUnit.HOUR),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("active"),
                List.of(MaskRule.when(Subjects.hasRole("auditor"), identity)),
                new Transform.Nullify(),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("tenant"),
                List.of(
                    MaskRule.when(
                        Subjects.inGroup("research"),
                        new Transform.Constant(literal("tenant 'hidden' \\ ü")))),
                identity,
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                ORDERS.column("memo"),
                List.of(
                    MaskRule.when(Subjects.hasRole("support"), identity),
                    new MaskRule(
                        Subjects.everyone(),
                        isNull(maskedValue()),
                        new Transform.Constant(literal("never shown")))),
                new Transform.Constant(literal("redacted")),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(ORDERS.column("amount"), List.of(), new Transform.Round(1), ORIGIN))
        .build();
  }

  static List<PrincipalContext> audiences() {
    return List.of(
        PrincipalContext.user("ann")
            .withRoles(List.of("analyst"))
            .withAttribute("tenant", "acme")
            .withAttribute("hidden_memo", "gift"),
        PrincipalContext.user("sam")
            .withRoles(List.of("analyst", "support"))
            .withGroups(List.of("hr"))
            .withAttribute("tenant", "globex")
            .withAttribute("hidden_memo", "7"),
        PrincipalContext.user("aud")
            .withRoles(List.of("auditor"))
            .withGroups(List.of("research"))
            .withAttribute("tenant", "none")
            .withAttribute("hidden_memo", ""),
        PrincipalContext.user("root")
            .withRoles(List.of("admin"))
            .withAttribute("tenant", "")
            .withAttribute("hidden_memo", "refund 42"),
        // Hostile values, each of which is also a tenant or name in the data.
        PrincipalContext.user("x'; DROP TABLE app.people; --")
            .withRoles(List.of("analyst"))
            .withGroups(List.of("hr' OR '1'='1"))
            .withAttribute("tenant", "acme' OR '1'='1")
            .withAttribute("hidden_memo", "x') OR TRUE --"),
        PrincipalContext.user("Zoë O''Brien; --")
            .withRoles(List.of("analyst"))
            .withAttribute("tenant", "a\\' OR 1=1 --")
            .withAttribute("hidden_memo", "it's \\ fine"),
        PrincipalContext.user("back\\slash \\' \\\\")
            .withRoles(List.of("analyst", "support"))
            .withAttribute("tenant", "ü'ñ /* x */ 𝄞")
            .withAttribute("hidden_memo", "*/ --"));
  }

  private static final List<String> QUERIES =
      List.of(
          """
          SELECT * FROM app.people""",
          """
          SELECT id, name, email, ssn FROM app.people WHERE id % 3 = 0""",
          """
          SELECT p.id, p.tenant, o.order_id, o.amount, o.memo
          FROM app.people p JOIN app.orders o ON o.person_id = p.id""",
          """
          SELECT p.id, o.memo FROM app.people AS p LEFT JOIN app.orders AS o
            ON o.person_id = p.id AND o.amount > 0""",
          """
          SELECT id, ssn, note FROM app.people
          WHERE id IN (SELECT person_id FROM app.orders WHERE amount >= 0)""",
          """
          WITH t AS (SELECT tenant, balance, score FROM app.people)
          SELECT tenant, count(*) AS n, sum(balance) AS total, max(score) AS top
          FROM t GROUP BY tenant""",
          """
          SELECT email AS v FROM app.people UNION SELECT memo FROM app.orders""",
          """
          SELECT id, born, seen FROM app.people
          UNION ALL SELECT order_id, NULL, NULL FROM app.orders""",
          """
          SELECT x.tenant, x.hashed FROM (SELECT tenant, email AS hashed FROM app.people
            WHERE active) x""",
          """
          SELECT (SELECT count(*) FROM app.orders) AS orders, count(*) AS people,
            count(DISTINCT name) AS names FROM app.people""",
          """
          SELECT p.* FROM app.people p
          WHERE EXISTS (SELECT 1 FROM app.orders o WHERE o.person_id = p.id)""",
          """
          SELECT * FROM app.orders""");

  /**
   * Every query for two audiences (one with roles and groups, one hostile), the join for the others
   * (their single-table results are compared byte for byte below). A scenario costs Spark two
   * queries, about a second.
   */
  static Stream<Arguments> scenarios() {
    List<Arguments> arguments = new ArrayList<>();
    List<PrincipalContext> audiences = audiences();
    for (int index = 0; index < audiences.size(); index++) {
      for (int query = 0; query < QUERIES.size(); query++) {
        if (index == 1 || index == 4 || query == 2) {
          arguments.add(Arguments.of(audiences.get(index), QUERIES.get(query)));
        }
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}: {1}")
  @MethodSource("scenarios")
  void testRewrittenQueryOnSparkEqualsTheQueryOverRowMaskerOutput(
      PrincipalContext audience, String query) {
    String rewritten = rewriter.rewrite(query, SqlDialect.SPARK, audience);
    Dataset<Row> actual = spark.session().sql(rewritten);
    Dataset<Row> expected = spark.session().sql(oracleQuery(audience, query));
    assertThat(actual.columns()).as(rewritten).isEqualTo(expected.columns());
    assertSameRows(
        LocalSpark.texts(actual.collectAsList()),
        LocalSpark.texts(expected.collectAsList()),
        rewritten);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("audiences")
  void testSelectStarIsTheRowMaskerOutputByteForByte(PrincipalContext audience) {
    for (String table : List.of("app.people", "app.orders")) {
      String rewritten = rewriter.rewrite("SELECT * FROM " + table, SqlDialect.SPARK, audience);
      RowMasker masker = masker(audience, table);
      List<List<String>> expected = new ArrayList<>();
      for (Object[] row : masked(masker, table)) {
        List<String> texts = new ArrayList<>();
        for (Object value : row) {
          texts.add(LocalSpark.Values.text(value));
        }
        expected.add(texts);
      }
      assertThat(spark.columns(rewritten)).as(rewritten).isEqualTo(masker.outputColumns());
      // Every audience sees some rows: the comparison is never between two empty sets.
      assertThat(expected).as(table + " for " + audience).isNotEmpty();
      assertSameRows(spark.rows(rewritten), expected, rewritten);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("envelopeAudiences")
  void testCreateTableAsSelectAndInsertSelectWriteTheMaskedRows(PrincipalContext audience) {
    int sink = ++sinks;
    String create =
        "CREATE TABLE app.copy_%d USING parquet AS SELECT * FROM app.people".formatted(sink);
    spark.session().sql(rewriter.rewrite(create, SqlDialect.SPARK, audience));
    assertSameRows(
        spark.rows("SELECT * FROM app.copy_" + sink),
        spark.rows(oracleQuery(audience, "SELECT * FROM app.people")),
        create);
    // Masks that keep a type keep it in the copy: TIMESTAMP_NTZ stays NTZ, NULLs stay BOOLEAN.
    assertThat(spark.session().table("app.copy_" + sink).schema().simpleString())
        .contains("id:int", "born:date", "seen:timestamp_ntz", "active:boolean");
    spark
        .session()
        .sql(
            "CREATE TABLE app.sink_%d (id INT, email STRING, memo STRING) USING parquet"
                .formatted(sink));
    String insert =
        """
        INSERT INTO app.sink_%d
        SELECT p.id, p.email, o.memo FROM app.people p JOIN app.orders o ON o.person_id = p.id"""
            .formatted(sink);
    spark.session().sql(rewriter.rewrite(insert, SqlDialect.SPARK, audience));
    assertSameRows(
        spark.rows("SELECT * FROM app.sink_" + sink),
        spark.rows(
            oracleQuery(
                audience,
                "SELECT p.id, p.email, o.memo FROM app.people p JOIN app.orders o"
                    + " ON o.person_id = p.id")),
        insert);
  }

  /**
   * Statements that Spark reads differently from a lexer without Spark's rules: a backslash-escaped
   * quote, a backtick-quoted quote, a raw string and a {@code --} comment continued by a
   * line-ending backslash. Each last column is app.people's ssn as Spark reads it; before Spark's
   * rules were modelled, JSqlParser saw no app.people at all in the second and fourth.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        """
        SELECT 'a\\'' AS a, ssn FROM app.people -- '""",
        """
        SELECT 1 AS `'`, 'a\\'' AS a, ssn FROM app.people -- '""",
        """
        SELECT r'\\' AS a, ssn FROM app.people -- '""",
        "SELECT memo AS v FROM app.orders -- \\\n/*\nUNION ALL SELECT ssn FROM app.people\n-- */",
      })
  void testStatementsThatHideATableFromOtherLexersAreRewrittenAsSparkReadsThem(String query) {
    PrincipalContext audience = audiences().get(0);
    // Spark reads app.people's raw ssn through the statement as written ...
    assertThat(lastColumn(spark.rows(query))).contains("'123-45-6789'");
    List<List<String>> expected = spark.rows(oracleQuery(audience, query));
    // ... which this audience sees masked,
    assertThat(lastColumn(expected)).isNotEmpty().doesNotContain("'123-45-6789'");
    // ... and the rewritten statement reads exactly what the row masker lets it.
    String rewritten = rewriter.rewrite(query, SqlDialect.SPARK, audience);
    assertSameRows(spark.rows(rewritten), expected, rewritten);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        """
        SELECT id, ssn, regexp_replace(note, '\\\\s', '_') AS n FROM app.people
        WHERE note rlike '\\\\w' OR id >= 0""",
        """
        SELECT id, 'a\\tb' AS t, ssn /* a /* nested */ comment */ FROM app.people""",
        """
        SELECT id, `e-mail`.email FROM (SELECT id, email FROM app.people) `e-mail`""",
      })
  void testBackslashesNestedCommentsAndBackticksAreRewritten(String query) {
    PrincipalContext audience = audiences().get(0);
    String rewritten = rewriter.rewrite(query, SqlDialect.SPARK, audience);
    List<List<String>> expected = spark.rows(oracleQuery(audience, query));
    assertThat(expected).isNotEmpty();
    assertSameRows(spark.rows(rewritten), expected, rewritten);
  }

  @Test
  void testABackslashInADoubleQuotedStringIsRefused() {
    // Under spark.sql.ansi.doubleQuotedIdentifiers the same text is an identifier without escapes.
    String query = "SELECT \"a\\\"\" AS a, ssn FROM app.people -- \"";
    assertThatThrownBy(() -> rewriter.rewrite(query, SqlDialect.SPARK, audiences().get(0)))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("double-quoted")
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
  }

  private static List<String> lastColumn(List<List<String>> rows) {
    List<String> values = new ArrayList<>();
    for (List<String> row : rows) {
      values.add(row.get(row.size() - 1));
    }
    return values;
  }

  static Stream<PrincipalContext> envelopeAudiences() {
    return Stream.of(audiences().get(4));
  }

  private static void assertSameRows(
      List<List<String>> actual, List<List<String>> expected, String sql) {
    List<String> actualRows = sorted(actual);
    List<String> expectedRows = sorted(expected);
    List<String> missing = new ArrayList<>(expectedRows);
    List<String> extra = new ArrayList<>();
    for (String row : actualRows) {
      if (!missing.remove(row)) {
        extra.add(row);
      }
    }
    assertThat(missing.isEmpty() && extra.isEmpty())
        .as(
            "%s%nonly in the JVM (%d): %s%nonly on Spark (%d): %s",
            sql,
            missing.size(),
            missing.subList(0, Math.min(5, missing.size())),
            extra.size(),
            extra.subList(0, Math.min(5, extra.size())))
        .isTrue();
    assertThat(actualRows).hasSameSizeAs(expectedRows);
  }

  private static List<String> sorted(List<List<String>> rows) {
    List<String> texts = new ArrayList<>();
    for (List<String> row : rows) {
      texts.add(String.join(" | ", row));
    }
    texts.sort(null);
    return texts;
  }

  private static RowMasker masker(PrincipalContext audience, String table) {
    List<String[]> columns =
        table.equals("app.people") ? SeedRows.PEOPLE_COLUMNS : SeedRows.ORDERS_COLUMNS;
    return RowMasker.of(policySet, audience, table, SeedRows.names(columns), SALT);
  }

  private static List<Object[]> masked(RowMasker masker, String table) {
    List<Object[]> rows = table.equals("app.people") ? SeedRows.people() : SeedRows.orders();
    List<Object[]> result = new ArrayList<>();
    Iterator<Object[]> iterator = masker.mask(rows.iterator());
    while (iterator.hasNext()) {
      result.add(iterator.next());
    }
    return result;
  }

  /** The query over temporary views of the row masker's output for the audience. */
  private static String oracleQuery(PrincipalContext audience, String query) {
    String suffix =
        ORACLE_VIEWS.computeIfAbsent(
            audience.toString(),
            key -> {
              String name = "_" + ORACLE_VIEWS.size();
              oracleView(audience, "app.people", SeedRows.PEOPLE_COLUMNS, "oracle_people" + name);
              oracleView(audience, "app.orders", SeedRows.ORDERS_COLUMNS, "oracle_orders" + name);
              return name;
            });
    return query
        .replace("app.people", "oracle_people" + suffix)
        .replace("app.orders", "oracle_orders" + suffix);
  }

  private static void oracleView(
      PrincipalContext audience, String table, List<String[]> sourceColumns, String view) {
    RowMasker masker = masker(audience, table);
    List<Object[]> rows = masked(masker, table);
    List<StructField> fields = new ArrayList<>();
    List<String> output = masker.outputColumns();
    for (int index = 0; index < output.size(); index++) {
      String sourceType = "string";
      for (String[] column : sourceColumns) {
        if (column[0].equals(output.get(index))) {
          sourceType = column[1];
        }
      }
      fields.add(
          DataTypes.createStructField(output.get(index), type(rows, index, sourceType), true));
    }
    List<Row> sparkRows = new ArrayList<>();
    for (Object[] row : rows) {
      Object[] values = row.clone();
      for (int index = 0; index < values.length; index++) {
        if (fields.get(index).dataType() instanceof DecimalType decimal
            && values[index] instanceof Number number) {
          values[index] =
              new BigDecimal(number.toString()).setScale(decimal.scale(), RoundingMode.UNNECESSARY);
        }
      }
      sparkRows.add(RowFactory.create(values));
    }
    spark
        .session()
        .createDataFrame(sparkRows, new StructType(fields.toArray(new StructField[0])))
        .createOrReplaceTempView(view);
  }

  /** The Spark type of a masked column, from its values; all-NULL columns keep the source type. */
  private static DataType type(List<Object[]> rows, int index, String sourceType) {
    int scale = 0;
    boolean decimal = false;
    Class<?> seen = null;
    for (Object[] row : rows) {
      Object value = row[index];
      if (value == null) {
        continue;
      }
      if (value instanceof BigDecimal number) {
        decimal = true;
        scale = Math.max(scale, number.scale());
      }
      seen = value.getClass();
    }
    if (decimal) {
      return DataTypes.createDecimalType(38, scale);
    }
    if (seen == null) {
      return switch (sourceType) {
        case "int" -> DataTypes.IntegerType;
        case "bigint" -> DataTypes.LongType;
        case "double" -> DataTypes.DoubleType;
        case "date" -> DataTypes.DateType;
        case "timestamp_ntz" -> DataTypes.TimestampNTZType;
        case "boolean" -> DataTypes.BooleanType;
        default ->
            sourceType.startsWith("decimal")
                ? DataTypes.createDecimalType(38, 2)
                : DataTypes.StringType;
      };
    }
    if (seen == String.class) {
      return DataTypes.StringType;
    }
    if (seen == Integer.class) {
      return DataTypes.IntegerType;
    }
    if (seen == Long.class) {
      return DataTypes.LongType;
    }
    if (seen == Double.class) {
      return DataTypes.DoubleType;
    }
    if (seen == LocalDate.class) {
      return DataTypes.DateType;
    }
    if (seen == LocalDateTime.class) {
      return DataTypes.TimestampNTZType;
    }
    if (seen == Boolean.class) {
      return DataTypes.BooleanType;
    }
    throw new IllegalArgumentException("No Spark type for " + seen);
  }
}
