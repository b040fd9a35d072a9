package dev.passport.translate.iceberg;

import static dev.passport.model.Expressions.and;
import static dev.passport.model.Expressions.column;
import static dev.passport.model.Expressions.equal;
import static dev.passport.model.Expressions.function;
import static dev.passport.model.Expressions.in;
import static dev.passport.model.Expressions.literal;
import static dev.passport.model.Expressions.not;
import static dev.passport.model.Expressions.notEqual;
import static dev.passport.model.Expressions.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.DateUnit;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.Grant;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.LossDirection;
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
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.identity.IdentityMap;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TestIcebergReadRestrictions {
  private static final SystemKind SYSTEM = SystemKind.PASSPORT;
  private static final Securable TABLE = Securable.table("lake", "s", "t");
  private static final PrincipalContext ALICE = PrincipalContext.user("alice");
  private static final Grant EVERYONE_READS =
      Grant.allow(
          Subjects.everyone(), Set.of(Privilege.SELECT), TABLE, Origin.declared(SYSTEM, "g"));

  /** t(id long required, v &lt;type&gt;, region string optional), v masked, rows filtered. */
  private static PolicySet set(String type, boolean nullable, Transform mask, Expr filter) {
    PolicySet.Builder builder =
        PolicySet.builder(Source.of(SYSTEM, "t.json", ExtractionMethod.FILE))
            .addTable(
                new Table(
                    TABLE,
                    List.of(
                        new ColumnInfo("id", "bigint", false),
                        new ColumnInfo("v", type, nullable),
                        new ColumnInfo("region", "varchar", true)),
                    Optional.empty(),
                    RowSecurity.allAnd()))
            .addColumnMask(
                ColumnMask.of(TABLE.column("v"), List.of(), mask, Origin.declared(SYSTEM, "m")))
            // Everyone may read the table: the mask and the filter decide what is read.
            .addGrant(EVERYONE_READS);
    if (!Expressions.isTrue(filter)) {
      builder.addRowFilter(
          RowFilter.of(TABLE, filter, Subjects.everyone(), Origin.declared(SYSTEM, "f")));
    }
    return builder.build();
  }

  private static ReadRestrictions resolve(PolicySet set) {
    return IcebergReadRestrictions.resolve(
        set, ALICE, IcebergSchema.fromTable(set.tables().get(0)), TABLE);
  }

  static Stream<Arguments> masks() {
    return Stream.of(
        Arguments.of("varchar", true, new Transform.Nullify(), "replace-with-null", false),
        Arguments.of("varchar", false, new Transform.Nullify(), "mask-to-fixed-value", true),
        Arguments.of(
            "varchar",
            false,
            new Transform.Constant(literal("XXXXXXXX")),
            "mask-to-fixed-value",
            false),
        Arguments.of(
            "varchar",
            true,
            new Transform.Constant(literal("XXXXXXXX")),
            "replace-with-null",
            true),
        Arguments.of(
            "bigint", false, new Transform.Constant(literal(0)), "mask-to-fixed-value", false),
        Arguments.of(
            "varchar", false, new Transform.Constant(literal("***")), "mask-to-fixed-value", true),
        Arguments.of(
            "varchar",
            true,
            new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
            "sha-256-global",
            false),
        Arguments.of(
            "varchar",
            true,
            new Transform.Hash(HashAlgorithm.SHA256, SaltScope.QUERY_LOCAL),
            "sha-256-query-local",
            false),
        Arguments.of(
            "varchar",
            true,
            new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL),
            "replace-with-null",
            true),
        Arguments.of(
            "varchar",
            true,
            new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE),
            "replace-with-null",
            true),
        Arguments.of(
            "bigint",
            true,
            new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
            "replace-with-null",
            true),
        Arguments.of(
            "date", true, new Transform.DateTruncate(DateUnit.YEAR), "truncate-to-year", false),
        Arguments.of(
            "timestamp",
            false,
            new Transform.DateTruncate(DateUnit.MONTH),
            "truncate-to-month",
            false),
        Arguments.of(
            "timestamp with time zone",
            true,
            new Transform.DateTruncate(DateUnit.YEAR),
            "replace-with-null",
            true),
        Arguments.of(
            "date", true, new Transform.DateTruncate(DateUnit.DAY), "replace-with-null", true),
        Arguments.of(
            "varchar",
            true,
            new Transform.Partial(0, 4, "X", FillMode.EACH_CHARACTER),
            "replace-with-null",
            true),
        Arguments.of(
            "varchar",
            true,
            new Transform.Partial(4, 0, "x", FillMode.EACH_CHARACTER),
            "replace-with-null",
            true),
        Arguments.of("varchar", true, new Transform.MaskCharacters(), "replace-with-null", true),
        Arguments.of("varchar", false, new Transform.Email(), "mask-to-fixed-value", true),
        Arguments.of(
            "varchar", true, new Transform.RegexReplace("a", "b"), "replace-with-null", true),
        Arguments.of("decimal(10,2)", true, new Transform.Round(0), "replace-with-null", true),
        Arguments.of(
            "varchar",
            true,
            new Transform.Expression(function("upper", column("v"))),
            "replace-with-null",
            true));
  }

  @ParameterizedTest
  @MethodSource("masks")
  void testMaskMapsToActionOnlyWhenExact(
      String type, boolean nullable, Transform mask, String action, boolean reported) {
    ReadRestrictions restrictions = resolve(set(type, nullable, mask, Expressions.alwaysTrue()));
    assertThat(restrictions.projections())
        .containsExactly(new ColumnProjection(2, ProjectionAction.fromId(action)));
    assertThat(restrictions.rowFilter().isTrue()).isTrue();
    if (reported) {
      assertThat(restrictions.losses())
          .singleElement()
          .satisfies(
              loss -> {
                assertThat(loss.direction()).isEqualTo(LossDirection.STRICTER);
                assertThat(loss.reason()).startsWith("Column v (field ID 2)").contains(action);
              });
    } else {
      assertThat(restrictions.losses()).isEmpty();
    }
  }

  @Test
  void testRequiredFieldWithoutFixedValueDeniesAllRows() {
    PolicySet set = set("varchar", true, new Transform.Email(), Expressions.alwaysTrue());
    IcebergSchema schema =
        new IcebergSchema(
            0,
            List.of(
                new IcebergField(1, "id", true, IcebergType.primitive("long")),
                new IcebergField(2, "v", true, IcebergType.primitive("geometry")),
                new IcebergField(3, "region", false, IcebergType.primitive("string"))));
    ReadRestrictions restrictions = IcebergReadRestrictions.resolve(set, ALICE, schema, TABLE);
    assertThat(restrictions.rowFilter().isFalse()).isTrue();
    assertThat(restrictions.projections()).isEmpty();
    assertThat(restrictions.losses().get(0).reason()).contains("a false row filter");
  }

  @Test
  void testConditionalMaskDegrades() {
    PolicySet set =
        set("varchar", true, new Transform.Nullify(), Expressions.alwaysTrue()).toBuilder().build();
    PolicySet conditional =
        PolicySet.builder(set.source())
            .addTable(set.tables().get(0))
            .addGrant(EVERYONE_READS)
            .addColumnMask(
                ColumnMask.of(
                    TABLE.column("v"),
                    List.of(
                        new MaskRule(
                            Subjects.everyone(),
                            equal(column("region"), literal("EU")),
                            new Transform.Identity())),
                    new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
                    Origin.declared(SYSTEM, "m")))
            .build();
    ReadRestrictions restrictions = resolve(conditional);
    assertThat(restrictions.projections())
        .containsExactly(new ColumnProjection(2, ProjectionAction.REPLACE_WITH_NULL));
    assertThat(restrictions.losses().get(0).reason()).contains("depends on the row");
  }

  @Test
  void testThreeValuedFilterGetsNullGuards() {
    ReadRestrictions restrictions =
        resolve(
            set(
                "varchar",
                true,
                new Transform.Identity(),
                and(
                    notEqual(column("region"), literal("EU")),
                    in(column("id"), literal(1), literal(2)))));
    assertThat(ReadRestrictionsJson.predicate(restrictions.rowFilter()).toString())
        .isEqualTo(
            "{\"type\":\"and\",\"left\":{\"type\":\"and\",\"left\":{\"type\":\"not-null\","
                + "\"child\":{\"type\":\"reference\",\"id\":3}},\"right\":{\"type\":\"not-eq\","
                + "\"left\":{\"type\":\"reference\",\"id\":3},\"right\":{\"type\":\"literal\","
                + "\"value\":\"EU\"}}},\"right\":{\"type\":\"in\",\"child\":{\"type\":\"reference\","
                + "\"id\":1},\"values\":[1,2]}}");
    assertThat(restrictions.losses()).isEmpty();
  }

  @Test
  void testNotInWithNullMemberAdmitsNothing() {
    ReadRestrictions restrictions =
        resolve(
            set(
                "varchar",
                true,
                new Transform.Identity(),
                not(
                    new Expr.In(
                        column("region"), List.of(literal("EU"), Expressions.nullLiteral())))));
    assertThat(restrictions.rowFilter().isFalse()).isTrue();
    assertThat(restrictions.losses()).isEmpty();
  }

  @Test
  void testInexpressibleFilterPartsBecomeFalseAndAreReported() {
    Expr upper = equal(function("upper", column("region")), literal("EU"));
    ReadRestrictions whole = resolve(set("varchar", true, new Transform.Identity(), upper));
    assertThat(whole.rowFilter().isFalse()).isTrue();
    assertThat(whole.losses())
        .singleElement()
        .satisfies(
            loss -> {
              assertThat(loss.direction()).isEqualTo(LossDirection.STRICTER);
              assertThat(loss.reason())
                  .contains("a comparison of function call with string literal");
            });
    ReadRestrictions partial =
        resolve(
            set(
                "varchar",
                true,
                new Transform.Identity(),
                or(equal(column("id"), literal(7)), upper)));
    assertThat(ReadRestrictionsJson.predicate(partial.rowFilter()).toString())
        .isEqualTo(
            "{\"type\":\"eq\",\"left\":{\"type\":\"reference\",\"id\":1},"
                + "\"right\":{\"type\":\"literal\",\"value\":7}}");
    assertThat(partial.losses()).hasSize(1);
    ReadRestrictions negated = resolve(set("varchar", true, new Transform.Identity(), not(upper)));
    assertThat(negated.rowFilter().isFalse()).isTrue();
    ReadRestrictions columns =
        resolve(
            set("varchar", true, new Transform.Identity(), equal(column("v"), column("region"))));
    assertThat(columns.losses().get(0).reason()).contains("a comparison of two columns");
  }

  @Test
  void testLookupFilterOfSampleIsPublishedAsFalse() {
    PolicySet retail = SamplePolicySets.retailPostgresql();
    Securable orders = Securable.table("retail", "public", "orders");
    Table table = retail.tables().get(0);
    ReadRestrictions restrictions =
        IcebergReadRestrictions.resolve(
            retail,
            PrincipalContext.user("bob").withAttribute("app.tenant_id", "7"),
            IcebergSchema.fromTable(table),
            orders);
    assertThat(restrictions.rowFilter().isFalse()).isTrue();
    assertThat(restrictions.losses()).anyMatch(loss -> loss.reason().contains("lookup"));
  }

  @Test
  void testDeniedPrincipalGetsFalse() {
    ReadRestrictions restrictions =
        IcebergReadRestrictions.resolve(
            SamplePolicySets.tiny(),
            PrincipalContext.user("mallory"),
            IcebergSchema.fromTable(SamplePolicySets.tiny().tables().get(0)),
            Securable.table("shop", "public", "accounts"));
    assertThat(restrictions.allowed()).isFalse();
    assertThat(ReadRestrictionsJson.write(restrictions))
        .isEqualTo(
            """
            {
              "read-restrictions" : {
                "required-row-filter" : false
              }
            }
            """);
  }

  @Test
  void testRenamedColumnKeepsItsMaskThroughTheFieldId() throws Exception {
    PolicySet set =
        set(
            "varchar",
            true,
            new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
            equal(column("region"), literal("EU")));
    IcebergSchema before = IcebergSchema.fromTable(set.tables().get(0));
    Map<String, Integer> binding = before.columnIds();
    ReadRestrictions published = IcebergReadRestrictions.resolve(set, ALICE, before, TABLE);
    IcebergSchema after =
        before.withRenamedColumn("v", "contact").withRenamedColumn("region", "area");

    // What the catalog published before the rename still masks the renamed column.
    ReferenceApplier reader =
        new ReferenceApplier(after, ReadRestrictionsJson.write(published), "salt");
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", BigDecimal.ONE);
    row.put("contact", "abc");
    row.put("area", "EU");
    assertThat(reader.read(row).orElseThrow().get("contact"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    row.put("area", "US");
    assertThat(reader.read(row)).isEmpty();

    // Resolved again after the rename with the recorded binding: the same restrictions.
    ReadRestrictions rebound =
        IcebergReadRestrictions.resolve(Evaluator.compile(set), ALICE, after, TABLE, binding);
    assertThat(rebound.projections()).isEqualTo(published.projections());
    assertThat(rebound.rowFilter()).isEqualTo(published.rowFilter());
    assertThat(rebound.losses()).isEmpty();

    // Without the binding the names no longer match: fail closed, never unmasked.
    ReadRestrictions unbound =
        IcebergReadRestrictions.resolve(Evaluator.compile(set), ALICE, after, TABLE, Map.of());
    assertThat(unbound.rowFilter().isFalse()).isTrue();
    assertThat(unbound.losses()).anyMatch(loss -> loss.reason().contains("binds to no field"));
  }

  @Test
  void testValidateEnforcesTheSpecRules() {
    IcebergSchema schema =
        IcebergSchema.parse(
            """
            {"type": "struct", "schema-id": 3, "fields": [
              {"id": 1, "name": "id", "required": true, "type": "long"},
              {"id": 2, "name": "address", "required": false, "type": {"type": "struct",
                "fields": [{"id": 5, "name": "zip", "required": false, "type": "string"}]}},
              {"id": 3, "name": "tags", "required": false, "type": {"type": "map",
                "key-id": 6, "key": "string", "value-id": 7, "value": "string",
                "value-required": false}},
              {"id": 4, "name": "born", "required": true, "type": "date"}]}
            """);
    assertThat(schema.mapKeyIds()).containsExactly(6);
    assertThat(schema.nestedIds(2)).containsExactly(5);
    assertInvalid(schema, List.of(projection(1, "replace-with-null")), "does not apply");
    assertInvalid(schema, List.of(projection(4, "show-last-4")), "does not apply");
    assertInvalid(schema, List.of(projection(1, "truncate-to-year")), "does not apply");
    assertInvalid(
        schema,
        List.of(projection(5, "replace-with-null"), projection(5, "mask-alphanum")),
        "two projections");
    assertInvalid(schema, List.of(projection(6, "mask-alphanum")), "map key");
    assertInvalid(
        schema,
        List.of(projection(2, "replace-with-null"), projection(5, "mask-alphanum")),
        "under the projected");
    assertInvalid(schema, List.of(projection(9, "replace-with-null")), "unknown field");
    new ReadRestrictions(
            TABLE,
            true,
            IcebergPredicate.alwaysTrue(),
            List.of(
                projection(1, "sha-256-global"),
                projection(4, "truncate-to-month"),
                projection(5, "show-first-4"),
                projection(7, "mask-to-fixed-value")),
            List.of())
        .validate(schema);
  }

  private static ColumnProjection projection(int id, String action) {
    return new ColumnProjection(id, ProjectionAction.fromId(action));
  }

  private static void assertInvalid(
      IcebergSchema schema, List<ColumnProjection> projections, String message) {
    ReadRestrictions restrictions =
        new ReadRestrictions(TABLE, true, IcebergPredicate.alwaysTrue(), projections, List.of());
    assertThatThrownBy(() -> restrictions.validate(schema))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining(message);
  }

  @Test
  void testSchemaParsesTableMetadataAndMapsSourceTypes() {
    IcebergSchema schema =
        IcebergSchema.parse(
            """
            {"metadata": {"current-schema-id": 1, "schemas": [
              {"type": "struct", "schema-id": 0, "fields": []},
              {"type": "struct", "schema-id": 1, "fields": [
                {"id": 1, "name": "Amount", "required": true, "type": "decimal(12,2)"}]}]}}
            """);
    assertThat(schema.schemaId()).isEqualTo(1);
    assertThat(schema.column("amount").orElseThrow().type().decimalScale()).isEqualTo(2);
    assertThat(IcebergSchema.type("NUMERIC(18, 2)")).isEqualTo("decimal(18,2)");
    assertThat(IcebergSchema.type("timestamp with time zone")).isEqualTo("timestamptz");
    // A precision must not hide the zone.
    for (String zoned :
        List.of(
            "timestamptz(3)",
            "TIMESTAMP_TZ(9)",
            "timestamp_ltz(9)",
            "timestamp(3) with time zone",
            "timestamp with local time zone")) {
      assertThat(IcebergSchema.type(zoned)).as(zoned).isEqualTo("timestamptz");
    }
    for (String plain :
        List.of("timestamp", "timestamp(6)", "timestamp_ntz(9)", "timestamp without time zone")) {
      assertThat(IcebergSchema.type(plain)).as(plain).isEqualTo("timestamp");
    }
    assertThat(IcebergSchema.type("integer")).isEqualTo("int");
    assertThatThrownBy(() -> IcebergSchema.parse("[]")).isInstanceOf(PassportException.class);
  }

  @Test
  void testAuthorizerMapsCatalogCallersBackToSourcePrincipals() {
    PolicySetAuthorizer authorizer =
        new PolicySetAuthorizer(SamplePolicySets.tiny(), IdentityMap.standard());
    IcebergSchema schema = IcebergSchema.fromTable(SamplePolicySets.tiny().tables().get(0));
    ReadRestrictions alice =
        authorizer
            .authorizeLoadTable(
                new ReadRestrictionsAuthorizer.Caller("alice", List.of("reader"), List.of()),
                List.of("public"),
                "accounts",
                schema)
            .orElseThrow();
    assertThat(ReadRestrictionsJson.predicate(alice.rowFilter()).toString()).contains("\"alice\"");
    ReadRestrictions admin =
        authorizer
            .authorizeLoadTable(
                new ReadRestrictionsAuthorizer.Caller("eve", List.of("admin"), List.of()),
                List.of("shop", "public"),
                "accounts",
                schema)
            .orElseThrow();
    assertThat(admin.unrestricted()).isTrue();
    assertThat(
            authorizer.authorizeLoadTable(
                new ReadRestrictionsAuthorizer.Caller("eve", List.of(), List.of()),
                List.of("public"),
                "accounts",
                schema))
        .isEmpty();
    assertThat(
            authorizer.authorizeLoadTable(
                new ReadRestrictionsAuthorizer.Caller("alice", List.of("reader"), List.of()),
                List.of("public"),
                "no_such_table",
                schema))
        .isEmpty();
  }
}
