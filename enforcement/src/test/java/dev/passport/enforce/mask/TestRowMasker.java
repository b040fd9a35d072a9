package dev.passport.enforce.mask;

import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.sessionAttribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.LookupSource;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.evaluation.Row;
import dev.passport.model.evaluation.RowEvaluator;
import dev.passport.model.evaluation.Transforms;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestRowMasker {
  private static final Origin ORIGIN = Origin.of(SystemKind.PASSPORT);
  private static final Securable PEOPLE = Securable.table("hr", "people");
  private static final List<String> COLUMNS = List.of("id", "tenant", "email", "ssn", "salary");

  private static PolicySet policySet() {
    return PolicySet.builder(Source.of(SystemKind.PASSPORT, "test", ExtractionMethod.FILE))
        .addTable(
            new Table(
                PEOPLE,
                List.of(
                    new ColumnInfo("id", "integer", false),
                    new ColumnInfo("tenant", "text", false),
                    new ColumnInfo("email", "text", true),
                    new ColumnInfo("ssn", "text", true),
                    new ColumnInfo("salary", "numeric(10,2)", true)),
                Optional.empty(),
                RowSecurity.allAnd()))
        .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), PEOPLE, ORIGIN))
        .addGrant(
            new Grant(
                Subjects.isUser("eve"),
                Set.of(Privilege.SELECT),
                PEOPLE.column("ssn"),
                dev.passport.model.GrantEffect.DENY,
                false,
                dev.passport.model.GrantVia.DIRECT,
                ORIGIN))
        .addRowFilter(
            RowFilter.of(
                PEOPLE,
                equal(column("tenant"), sessionAttribute("tenant")),
                Subjects.everyone(),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("email"),
                List.of(),
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(
                PEOPLE.column("ssn"),
                List.of(),
                new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER),
                ORIGIN))
        .addColumnMask(
            ColumnMask.of(PEOPLE.column("salary"), List.of(), new Transform.Round(-3), ORIGIN))
        .build();
  }

  private static RowMasker masker(String user) {
    return RowMasker.of(
        policySet(),
        PrincipalContext.user(user).withAttribute("tenant", "acme"),
        "hr.people",
        COLUMNS,
        EvaluationOptions.defaults());
  }

  @Test
  void testRowsAreFilteredAndMaskedWithTheTransformsValues() {
    RowMasker masker = masker("ann");
    Iterator<Object[]> masked =
        masker.mask(
            List.<Object[]>of(
                    new Object[] {
                      1, "acme", "ann@acme.example", "123-45-6789", new BigDecimal("51234.50")
                    },
                    new Object[] {2, "globex", "bob@globex.example", "987", new BigDecimal("1")},
                    new Object[] {3, "acme", null, null, null})
                .iterator());
    List<Object[]> rows = new ArrayList<>();
    masked.forEachRemaining(rows::add);
    assertThat(masker.filterCompiled()).isTrue();
    assertThat(rows).hasSize(2);
    // The unmasked id is shown as is: the caller's Integer, not a widened copy.
    assertThat(rows.get(0))
        .containsExactly(
            1,
            "acme",
            Transforms.apply(
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE), "ann@acme.example"),
            "*******6789",
            new BigDecimal("51000"));
    assertThat(rows.get(1)).containsExactly(3, "acme", null, null, null);
  }

  @Test
  void testDeniedColumnIsLeftOut() {
    RowMasker masker = masker("eve");
    assertThat(masker.outputColumns()).containsExactly("id", "tenant", "email", "salary");
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", 7);
    record.put("tenant", "acme");
    record.put("ssn", "secret");
    Iterator<Map<String, Object>> masked = masker.maskRecords(List.of(record).iterator());
    assertThat(masked.next()).doesNotContainKey("ssn").containsEntry("email", null);
  }

  @Test
  void testCsvPipeKeepsNullAndEmptyApartAndQuotesWhatNeedsIt() {
    StringWriter out = new StringWriter();
    long count =
        masker("ann")
            .mask(
                new StringReader(
                    """
                    ssn,id,tenant,email,salary
                    "12,34",1,acme,,1499.99
                    "",2,acme,"a""b@x",
                    9,3,globex,c@x,1
                    """),
                out,
                RowMasker.Format.CSV);
    assertThat(count).isEqualTo(2);
    String hash =
        Transforms.apply(new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE), "a\"b@x")
            .toString();
    assertThat(out.toString())
        .isEqualTo(
            "ssn,id,tenant,email,salary\r\n"
                + "\"*2,34\",1,acme,,1000\r\n"
                + "\"\",2,acme,"
                + hash
                + ",\r\n");
  }

  @Test
  void testJsonLinesPipe() {
    StringWriter out = new StringWriter();
    masker("ann")
        .mask(
            new StringReader(
                """
                {"id": 1, "tenant": "acme", "email": null, "ssn": "ÄÖÜ-123", "salary": 2500.5}
                {"id": 2, "tenant": "other"}
                """),
            out,
            RowMasker.Format.JSON_LINES);
    assertThat(out.toString())
        .isEqualTo(
            "{\"id\":1,\"tenant\":\"acme\",\"email\":null,\"ssn\":\"***-123\",\"salary\":3000}\n");
  }

  @Test
  void testMalformedInputIsInvalidArgument() {
    assertThatThrownBy(
            () ->
                masker("ann")
                    .mask(
                        new StringReader("id,salary\n1,not-a-number\n"),
                        new StringWriter(),
                        RowMasker.Format.CSV))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("not-a-number")
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThatThrownBy(
            () ->
                masker("ann")
                    .mask(
                        new StringReader("[1]\n"), new StringWriter(), RowMasker.Format.JSON_LINES))
        .isInstanceOf(PassportException.class)
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void testUnfilteredMaskingMatchesTheEvaluatorsMaskRow() {
    Securable orders = Securable.table("shop", "orders");
    List<String> columns =
        List.of("id", "name", "email", "code", "amount", "day", "note", "secret", "label");
    PolicySet policySet =
        PolicySet.builder(Source.of(SystemKind.PASSPORT, "test", ExtractionMethod.FILE))
            .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), orders, ORIGIN))
            .addColumnMask(
                ColumnMask.of(
                    orders.column("name"), List.of(), new Transform.MaskCharacters(), ORIGIN))
            .addColumnMask(
                ColumnMask.of(orders.column("email"), List.of(), new Transform.Email(), ORIGIN))
            .addColumnMask(
                ColumnMask.of(
                    orders.column("code"),
                    List.of(),
                    new Transform.Partial(1, 2, "#", FillMode.EACH_CHARACTER),
                    ORIGIN))
            .addColumnMask(
                ColumnMask.of(orders.column("amount"), List.of(), new Transform.Round(1), ORIGIN))
            .addColumnMask(
                ColumnMask.of(
                    orders.column("day"),
                    List.of(),
                    new Transform.DateTruncate(dev.passport.model.DateUnit.MONTH),
                    ORIGIN))
            .addColumnMask(
                ColumnMask.of(
                    orders.column("note"),
                    List.of(),
                    new Transform.RegexReplace("\\d", "9"),
                    ORIGIN))
            .addColumnMask(
                ColumnMask.of(orders.column("secret"), List.of(), new Transform.Nullify(), ORIGIN))
            .addColumnMask(
                ColumnMask.of(
                    orders.column("label"),
                    List.of(),
                    new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL),
                    ORIGIN))
            .build();
    EvaluationOptions options = EvaluationOptions.defaults().withSalt("pepper");
    Decision decision =
        Evaluator.compile(policySet)
            .decide(PrincipalContext.user("ann"), orders, dev.passport.model.Action.SELECT);
    RowMasker masker = RowMasker.forDecision(decision, columns, options, LookupSource.none());
    List<Object[]> rows =
        List.of(
            new Object[] {
              1,
              "Ann Lee",
              "ann@x.example",
              "ABCDEF",
              new BigDecimal("12.345"),
              LocalDate.of(2024, 5, 17),
              "room 101",
              "s",
              "Ann"
            },
            new Object[] {
              7_000_000_000L,
              "Łukasz Øre ٣",
              "\uD83D\uDE00@€.example",
              "\uD83D\uDE00bc\uD83D\uDE01",
              12,
              LocalDate.of(2023, 1, 31),
              "no digits",
              "t",
              42
            },
            new Object[] {null, null, null, null, null, null, null, null, null});
    for (Object[] row : rows) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (int index = 0; index < columns.size(); index++) {
        values.put(columns.get(index), row[index]);
      }
      Map<String, Object> expected =
          RowEvaluator.maskRow(decision, Row.of(values), LookupSource.none(), options);
      assertThat(masker.outputColumns()).containsExactlyElementsOf(expected.keySet());
      Object[] masked = masker.maskOrNull(row);
      List<Object> expectedValues = new ArrayList<>(expected.values());
      // id is unmasked: passed through by reference, and maskRow's widened copy has its text.
      assertThat(masked[0]).isSameAs(row[0]);
      assertThat(masked[0] == null ? null : Transforms.text(masked[0]))
          .isEqualTo(expectedValues.get(0) == null ? null : Transforms.text(expectedValues.get(0)));
      assertThat(Arrays.asList(masked).subList(1, masked.length))
          .containsExactlyElementsOf(expectedValues.subList(1, expectedValues.size()));
    }
  }

  /** A table with one masked column and a row filter, for the filter tests. */
  private static Decision filteredDecision(dev.passport.model.Expr filter) {
    Securable orders = Securable.table("shop", "orders");
    PolicySet policySet =
        PolicySet.builder(Source.of(SystemKind.PASSPORT, "test", ExtractionMethod.FILE))
            .addGrant(Grant.allow(Subjects.everyone(), Set.of(Privilege.SELECT), orders, ORIGIN))
            .addRowFilter(RowFilter.of(orders, filter, Subjects.everyone(), ORIGIN))
            .addColumnMask(
                ColumnMask.of(
                    orders.column("name"), List.of(), new Transform.MaskCharacters(), ORIGIN))
            .build();
    return Evaluator.compile(policySet)
        .decide(PrincipalContext.user("ann"), orders, dev.passport.model.Action.SELECT);
  }

  private static final List<String> FILTERED_COLUMNS =
      List.of("id", "name", "region", "amount", "active");

  @Test
  void testCompiledAndInterpretedRowFiltersAdmitTheEvaluatorsRows() {
    dev.passport.model.Expr simple =
        dev.passport.model.Expressions.or(
            dev.passport.model.Expressions.and(
                dev.passport.model.Expressions.in(
                    column("region"),
                    dev.passport.model.Expressions.literal("eu"),
                    dev.passport.model.Expressions.literal("us"),
                    dev.passport.model.Expressions.nullLiteral()),
                dev.passport.model.Expressions.compare(
                    dev.passport.model.ComparisonOperator.GREATER_THAN_OR_EQUAL,
                    column("amount"),
                    dev.passport.model.Expressions.literal(10))),
            dev.passport.model.Expressions.not(
                dev.passport.model.Expressions.isNull(column("active"))));
    // LIKE is outside the compiled shapes: the same rows through the interpreter.
    dev.passport.model.Expr interpreted =
        dev.passport.model.Expressions.and(
            simple,
            dev.passport.model.Expressions.like(
                column("name"), dev.passport.model.Expressions.literal("%")));
    Random random = new Random(11);
    List<Object[]> rows = new ArrayList<>();
    Object[] regions = {null, "eu", "us", "apac", ""};
    Object[] amounts = {null, 5, 10, 12L, new BigDecimal("9.99"), "11", "not a number"};
    Object[] actives = {null, true, false};
    for (int index = 0; index < 2_000; index++) {
      rows.add(
          new Object[] {
            index,
            random.nextInt(5) == 0 ? null : "Name " + index,
            regions[random.nextInt(regions.length)],
            amounts[random.nextInt(amounts.length)],
            actives[random.nextInt(actives.length)]
          });
    }
    for (dev.passport.model.Expr filter : List.of(simple, interpreted)) {
      Decision decision = filteredDecision(filter);
      RowMasker masker =
          RowMasker.forDecision(
              decision, FILTERED_COLUMNS, EvaluationOptions.defaults(), LookupSource.none());
      assertThat(masker.filterCompiled()).isEqualTo(filter == simple);
      int admitted = 0;
      for (Object[] row : rows) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int index = 0; index < FILTERED_COLUMNS.size(); index++) {
          values.put(FILTERED_COLUMNS.get(index), row[index]);
        }
        Row evaluationRow = Row.of(values);
        Object[] masked = masker.maskOrNull(row);
        if (!RowEvaluator.admits(decision.rowFilter(), evaluationRow, LookupSource.none())) {
          assertThat(masked).as("%s", values).isNull();
          continue;
        }
        admitted++;
        Map<String, Object> expected =
            RowEvaluator.maskRow(decision, evaluationRow, LookupSource.none());
        assertThat(masked).as("%s", values).isNotNull();
        assertThat(masked[1]).isEqualTo(expected.get("name"));
        // Unmasked columns are the caller's objects.
        for (int index : new int[] {0, 2, 3, 4}) {
          assertThat(masked[index]).isSameAs(row[index]);
        }
      }
      assertThat(admitted).isBetween(200, 1_800);
    }
  }

  @Test
  void testUnsupportedValueFailsOnlyInAMaskedColumn() {
    RowMasker masker =
        RowMasker.forDecision(
            filteredDecision(dev.passport.model.Expressions.alwaysTrue()),
            FILTERED_COLUMNS,
            EvaluationOptions.defaults(),
            LookupSource.none());
    Object opaque = new java.util.UUID(1, 2);
    assertThat(masker.maskOrNull(new Object[] {1, "Ann", opaque, null, null})[2]).isSameAs(opaque);
    assertThatThrownBy(() -> masker.maskOrNull(new Object[] {1, opaque, "eu", null, null}))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("Unsupported value type java.util.UUID")
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.EVALUATION_ERROR);
  }

  @Test
  void testDeniedDecisionAdmitsNoRow() {
    PolicySet withoutGrants =
        PolicySet.builder(Source.of(SystemKind.PASSPORT, "test", ExtractionMethod.FILE)).build();
    Decision decision =
        Evaluator.compile(withoutGrants)
            .decide(PrincipalContext.user("ann"), PEOPLE, dev.passport.model.Action.SELECT);
    RowMasker masker =
        RowMasker.forDecision(decision, COLUMNS, EvaluationOptions.defaults(), LookupSource.none());
    assertThat(masker.apply(new Object[] {1, "acme", "a@b", "1", BigDecimal.ONE})).isEmpty();
  }
}
