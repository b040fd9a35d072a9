package dev.passport.translate.opa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.Grant;
import dev.passport.model.Loss;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.RowFilter;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Table;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the generated policies in a real OPA: {@code opa check --strict}, the generated {@code opa
 * test} cases, and an {@code opa run --server} that answers Trino-shaped requests for a matrix of
 * callers × tables × columns, compared with the evaluator's decisions on the source policy set.
 */
class TestOpaTranslatorWithOpa {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PACKAGE_PATH = "passport/trino";
  private static final String UNMAPPED_USER = "nobody_known";

  private static Path opa;

  @BeforeAll
  static void findOpa() {
    Optional<Path> found = OpaBinary.find();
    if (found.isEmpty()) {
      System.err.println("WARNING: " + OpaBinary.missingMessage());
    }
    Assumptions.assumeTrue(found.isPresent(), OpaBinary.missingMessage());
    opa = found.get();
  }

  /** Name, policy set, options, and whether the output may disagree with the evaluator. */
  static Stream<Arguments> policySets() {
    return Stream.of(
        Arguments.of("tiny", SamplePolicySets.tiny(), OpaOptions.defaults(), false),
        Arguments.of(
            "redshift-sales", SamplePolicySets.redshiftSales(), OpaOptions.defaults(), false),
        Arguments.of(
            "retail-postgresql", SamplePolicySets.retailPostgresql(), OpaOptions.defaults(), true),
        Arguments.of(
            "snowflake-customers",
            SamplePolicySets.snowflakeCustomers(),
            OpaOptions.defaults(),
            true),
        Arguments.of(
            "coverage",
            OpaPolicySets.coverage(),
            OpaOptions.defaults().withLookups(OpaOptions.LookupHandling.AS_CALLER),
            false),
        Arguments.of(
            "coverage-fail-closed", OpaPolicySets.coverage(), OpaOptions.defaults(), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policySets")
  void testCheckStrictAndGeneratedTestsPass(
      String name, PolicySet set, OpaOptions options, boolean mayDisagree, @TempDir Path directory)
      throws Exception {
    write(OpaTranslator.translate(set, IdentityMap.standard(), options), directory);

    OpaBinary.Result check =
        OpaBinary.run(
            opa,
            directory,
            "check",
            "--strict",
            OpaTranslator.MODULE_FILE,
            OpaTranslator.TEST_FILE,
            OpaTranslator.DATA_FILE);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).isBlank();

    OpaBinary.Result test = OpaBinary.run(opa, directory, "test", ".", "--format=json");
    assertThat(test.exitCode()).as(test.output()).isZero();
    JsonNode results = JSON.readTree(test.output());
    assertThat(results.size()).isGreaterThan(3);
    for (JsonNode result : results) {
      assertThat(result.path("fail").asBoolean(false)).as(result.toString()).isFalse();
      assertThat(result.has("error")).as(result.toString()).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policySets")
  void testServerAgreesWithEvaluator(
      String name, PolicySet set, OpaOptions options, boolean mayDisagree, @TempDir Path directory)
      throws Exception {
    Translation translation = OpaTranslator.translate(set, IdentityMap.standard(), options);
    write(translation, directory);
    JsonNode facts =
        JSON.readTree(translation.artifact(OpaTranslator.DATA_FILE))
            .path("passport")
            .path("trino_facts");
    Evaluator evaluator = Evaluator.compile(set);
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    try (OpaServer server = server(directory)) {
      for (Caller caller : callers(set, IdentityMap.standard())) {
        for (JsonNode table : facts.path("tables")) {
          compared +=
              compare(server, evaluator, set, options, caller, table, translation, disagreements);
        }
      }
    }
    assertThat(compared).isGreaterThan(10);
    if (!mayDisagree) {
      assertThat(disagreements).isEmpty();
    } else {
      assertThat(disagreements).isNotEmpty();
    }
    for (String disagreement : disagreements) {
      assertThat(disagreement).doesNotContain("NOT COVERED");
    }
  }

  @Test
  void testCallerInTwoUnrelatedRolesGetsTheStrictestOfBoth(@TempDir Path directory)
      throws Exception {
    Translation translation =
        OpaTranslator.translate(
            OpaPolicySets.coverage(),
            IdentityMap.standard(),
            OpaOptions.defaults().withLookups(OpaOptions.LookupHandling.AS_CALLER));
    write(translation, directory);
    try (OpaServer server = server(directory)) {
      ObjectNode items = table("cat", "s", "items");
      JsonNode filters =
          server.query(
              PACKAGE_PATH + "/rowFilters",
              input(
                  "carol", List.of("r1", "r2"), "GetRowFilters", "resource", tableResource(items)));
      Set<String> expressions = new LinkedHashSet<>();
      filters.forEach(filter -> expressions.add(filter.path("expression").asText()));
      // Trino ands them: both roles' filters hold, as the source's ALL_AND would say.
      assertThat(expressions)
          .containsExactlyInAnyOrder(
              "region = 'EU''s'",
              "EXISTS (SELECT 1 FROM cat.s.owners AS o WHERE o.user_name = current_user AND"
                  + " o.region = region)");

      JsonNode secret =
          server.query(
              PACKAGE_PATH + "/columnMask",
              input(
                  "carol",
                  List.of("r1", "r2"),
                  "GetColumnMask",
                  "resource",
                  columnResource(items, "secret")));
      // r1 hashes, r2 shows the domain: disagreeing masks become NULL.
      assertThat(secret.path("expression").asText()).isEqualTo("NULL");

      JsonNode single =
          server.query(
              PACKAGE_PATH + "/columnMask",
              input("u1", List.of(), "GetColumnMask", "resource", columnResource(items, "id")));
      assertThat(single.isMissingNode()).as("no mask on id: undefined").isTrue();

      JsonNode denied =
          server.query(
              PACKAGE_PATH + "/allow",
              input(
                  UNMAPPED_USER,
                  List.of("someone_else"),
                  "SelectFromColumns",
                  "resource",
                  tableResource(items)));
      assertThat(denied.asBoolean(true)).isFalse();
      JsonNode query =
          server.query(
              PACKAGE_PATH + "/allow", input(UNMAPPED_USER, List.of(), "ExecuteQuery", null, null));
      assertThat(query.asBoolean(false)).isTrue();
    }
  }

  // ------------------------------------------------------------------ matrix

  /** A Trino caller and the source session it stands for. */
  private record Caller(
      String label, String user, List<String> groups, PrincipalContext source, boolean anonymous) {}

  private static List<Caller> callers(PolicySet set, IdentityMap identities) {
    List<Caller> callers = new ArrayList<>();
    for (Principal principal : set.principals()) {
      Optional<TargetPrincipals> target = identities.map(principal);
      if (target.isEmpty()) {
        continue;
      }
      boolean login =
          principal.kind() == PrincipalKind.USER || principal.hasFlag(PrincipalFlag.LOGIN);
      String member = "member_of_" + principal.name().toLowerCase(Locale.ROOT).replace(':', '_');
      if (login && !target.get().users().isEmpty()) {
        callers.add(
            new Caller(
                principal.name(),
                target.get().users().get(0),
                List.of(),
                PrincipalContext.user(principal.name()),
                false));
      } else if (!target.get().groups().isEmpty()) {
        callers.add(
            new Caller(
                principal.name(),
                member,
                List.of(target.get().groups().get(0)),
                login
                    ? PrincipalContext.user(principal.name())
                    : PrincipalContext.user(member).withRoles(List.of(principal.name())),
                !login));
      }
    }
    callers.add(
        new Caller(
            "unmapped",
            UNMAPPED_USER,
            List.of("nobody_group"),
            PrincipalContext.user(UNMAPPED_USER),
            true));
    return callers;
  }

  private static int compare(
      OpaServer server,
      Evaluator evaluator,
      PolicySet set,
      OpaOptions options,
      Caller caller,
      JsonNode tableFacts,
      Translation translation,
      List<String> disagreements)
      throws IOException, InterruptedException {
    Securable source = Securable.parse(tableFacts.path("source").asText());
    Decision decision = evaluator.decide(caller.source(), source, Action.SELECT);
    ObjectNode table =
        table(
            tableFacts.path("catalog").isNull()
                ? "any_catalog"
                : tableFacts.path("catalog").asText(),
            tableFacts.path("schema").asText(),
            tableFacts.path("table").asText());
    List<ColumnDecision> columns = new ArrayList<>(decision.columns().values());
    List<String> trinoColumns = new ArrayList<>();
    for (ColumnDecision column : columns) {
      trinoColumns.add(column.column().toLowerCase(Locale.ROOT));
    }
    String where = caller.label() + " on " + source;
    Checker checker = new Checker(set, source, caller, translation, disagreements);
    int compared = 0;

    boolean allReadable = columns.stream().allMatch(ColumnDecision::readable);
    ObjectNode selectTable = table.deepCopy();
    ArrayNode selectColumns = selectTable.putArray("columns");
    trinoColumns.forEach(selectColumns::add);
    JsonNode allowed =
        server.query(
            PACKAGE_PATH + "/allow",
            input(
                caller.user(),
                caller.groups(),
                "SelectFromColumns",
                "resource",
                tableResource(selectTable)));
    checker.check(
        where + ": select all columns", decision.allowed() && allReadable, allowed.asBoolean());
    compared++;

    for (Action action : List.of(Action.INSERT, Action.DELETE)) {
      Decision write = evaluator.decide(caller.source(), source, action);
      String operation = action == Action.INSERT ? "InsertIntoTable" : "DeleteFromTable";
      JsonNode answer =
          server.query(
              PACKAGE_PATH + "/allow",
              input(caller.user(), caller.groups(), operation, "resource", tableResource(table)));
      checker.check(where + ": " + action, write.allowed(), answer.asBoolean());
      compared++;
    }

    // FilterColumns through the batch endpoint: the indices of readable columns.
    ArrayNode resources = JSON.createArrayNode();
    resources.add(tableResource(selectTable));
    JsonNode batch =
        server.query(
            PACKAGE_PATH + "/batch",
            input(caller.user(), caller.groups(), "FilterColumns", "filterResources", resources));
    Set<Integer> expectedReadable = readableIndices(columns, decision.allowed());
    Set<Integer> actualReadable = new TreeSet<>();
    batch.forEach(index -> actualReadable.add(index.asInt()));
    checker.check(where + ": readable columns", expectedReadable, actualReadable);
    compared++;

    if (!decision.allowed()) {
      return compared;
    }
    JsonNode filters =
        server.query(
            PACKAGE_PATH + "/rowFilters",
            input(
                caller.user(), caller.groups(), "GetRowFilters", "resource", tableResource(table)));
    Set<String> actualFilters = new LinkedHashSet<>();
    filters.forEach(
        filter -> actualFilters.add(checker.asCaller(filter.path("expression").asText())));
    Set<String> expectedFilters = new LinkedHashSet<>();
    if (!Expressions.isTrue(decision.rowFilter())) {
      expectedFilters.add(printFilter(decision.rowFilter()));
    }
    checker.check(where + ": row filters", expectedFilters, actualFilters);
    compared++;

    if (columns.isEmpty()) {
      return compared;
    }
    ArrayNode maskResources = JSON.createArrayNode();
    for (String column : trinoColumns) {
      maskResources.add(columnResource(table, column));
    }
    JsonNode masks =
        server.query(
            PACKAGE_PATH + "/batchColumnMasks",
            input(
                caller.user(), caller.groups(), "GetColumnMask", "filterResources", maskResources));
    Map<Integer, String> actualMasks = new TreeMap<>();
    masks.forEach(
        mask ->
            actualMasks.put(
                mask.path("index").asInt(),
                checker.asCaller(mask.path("viewExpression").path("expression").asText())));
    Map<Integer, String> expectedMasks = new TreeMap<>();
    Optional<Table> entry =
        set.tables().stream().filter(known -> known.name().equals(decision.table())).findFirst();
    for (int index = 0; index < columns.size(); index++) {
      ColumnDecision column = columns.get(index);
      if (!column.readable()) {
        actualMasks.remove(index);
        continue;
      }
      Optional<String> type =
          entry.flatMap(known -> known.column(column.column())).map(ColumnInfo::type);
      Optional<String> mask = printMask(column, type, options);
      if (mask.isPresent()) {
        expectedMasks.put(index, mask.get());
      }
    }
    checker.check(where + ": masks", expectedMasks, actualMasks);
    return compared + 1;
  }

  /** The readable column indices the evaluator expects. */
  private static Set<Integer> readableIndices(List<ColumnDecision> columns, boolean allowed) {
    Set<Integer> indices = new TreeSet<>();
    for (int index = 0; index < columns.size(); index++) {
      if (allowed && columns.get(index).readable()) {
        indices.add(index);
      }
    }
    return indices;
  }

  private static String printFilter(Expr filter) {
    try {
      return ExpressionPrinter.print(filter, SqlDialect.TRINO);
    } catch (PassportException e) {
      return OpaFacts.FALSE;
    }
  }

  private static Optional<String> printMask(
      ColumnDecision column, Optional<String> type, OpaOptions options) {
    try {
      return OpaTranslator.printMask(column, type, options.hashSalt());
    } catch (PassportException e) {
      return Optional.of(OpaFacts.NULL);
    }
  }

  /** Records disagreements and whether a reported loss covers each. */
  private static final class Checker {
    private final Set<Origin> origins = new LinkedHashSet<>();
    private final Caller caller;
    private final Translation translation;
    private final List<String> disagreements;

    Checker(
        PolicySet set,
        Securable table,
        Caller caller,
        Translation translation,
        List<String> disagreements) {
      this.caller = caller;
      this.translation = translation;
      this.disagreements = disagreements;
      for (RowFilter filter : set.rowFilters()) {
        if (filter.table().contains(table)) {
          origins.add(filter.origin());
        }
      }
      for (ColumnMask mask : set.columnMasks()) {
        if (mask.column().map(column -> column.tableOnly().contains(table)).orElse(true)) {
          origins.add(mask.origin());
        }
      }
      for (Grant grant : set.grants()) {
        Securable securable = grant.securable();
        boolean covers =
            securable.level() == SecurableLevel.COLUMN || securable.level() == SecurableLevel.TABLE
                ? securable.tableOnly().contains(table)
                : securable.contains(table);
        if (covers) {
          origins.add(grant.origin());
        }
      }
      set.principal(caller.label()).ifPresent(principal -> origins.add(principal.origin()));
    }

    /** An anonymous class keeps current_user; the evaluator wrote the caller's name. */
    String asCaller(String sql) {
      return caller.anonymous()
          ? sql.replace(
              "current_user", ExpressionPrinter.stringLiteral(caller.user(), SqlDialect.TRINO))
          : sql;
    }

    void check(String what, Object expected, Object actual) {
      if (expected.equals(actual)) {
        return;
      }
      boolean covered = false;
      for (Loss loss : translation.losses()) {
        covered |= origins.contains(loss.origin());
      }
      disagreements.add(
          (covered ? "covered: " : "NOT COVERED: ")
              + what
              + " expected "
              + expected
              + " but OPA said "
              + actual);
    }
  }

  // ------------------------------------------------------------------ Trino-shaped inputs

  private static ObjectNode table(String catalog, String schema, String name) {
    ObjectNode table = JSON.createObjectNode();
    table.put("catalogName", catalog);
    table.put("schemaName", schema);
    table.put("tableName", name);
    return table;
  }

  private static ObjectNode tableResource(ObjectNode table) {
    ObjectNode resource = JSON.createObjectNode();
    resource.set("table", table);
    return resource;
  }

  private static ObjectNode columnResource(ObjectNode table, String column) {
    ObjectNode resource = JSON.createObjectNode();
    ObjectNode node = table.deepCopy();
    node.remove("columns");
    node.put("columnName", column);
    node.put("columnType", "varchar");
    resource.set("column", node);
    return resource;
  }

  /** {@code {"context": {...}, "action": {"operation": ..., <member>: <value>}}} as Trino sends. */
  private static ObjectNode input(
      String user, List<String> groups, String operation, String member, JsonNode value) {
    ObjectNode input = JSON.createObjectNode();
    ObjectNode context = input.putObject("context");
    ObjectNode identity = context.putObject("identity");
    identity.put("user", user);
    ArrayNode groupNodes = identity.putArray("groups");
    groups.forEach(groupNodes::add);
    context.putObject("softwareStack").put("trinoVersion", "476");
    context.put("queryId", "20250718_081710_03427_trino");
    ObjectNode action = input.putObject("action");
    action.put("operation", operation);
    if (member != null) {
      action.set(member, value);
    }
    return input;
  }

  // ------------------------------------------------------------------ files

  private static void write(Translation translation, Path directory) throws IOException {
    for (Map.Entry<String, String> artifact : translation.artifacts().entrySet()) {
      Files.writeString(directory.resolve(artifact.getKey()), artifact.getValue());
    }
  }

  private static OpaServer server(Path directory) throws IOException, InterruptedException {
    return OpaServer.start(
        opa,
        List.of(
            directory.resolve(OpaTranslator.MODULE_FILE),
            directory.resolve(OpaTranslator.DATA_FILE)));
  }
}
