package dev.passport.extract.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.model.DateUnit;
import dev.passport.model.DefinitionBody;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.Parameter;
import dev.passport.model.RoleScope;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Snowflake policy bodies to model rules: every transform shape and identity test. */
class TestSnowflakePolicies {
  private static final SnowflakePolicies POLICIES =
      SnowflakePolicies.of(ExtractionOptions.defaults());
  private static final Origin ORIGIN = Origin.declared(SystemKind.SNOWFLAKE, "P");
  private static final SqlLocation AT = SqlLocation.start(SystemKind.SNOWFLAKE);

  private static DefinitionBody.Mask mask(String type, String body) {
    SnowflakePolicies.BodyConversion conversion =
        POLICIES.maskingBody(List.of(new Parameter("VAL", type)), body, ORIGIN, AT);
    return (DefinitionBody.Mask) conversion.body();
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("VARCHAR", "val", new Transform.Identity()),
        Arguments.of("VARCHAR", "val::string", new Transform.Identity()),
        Arguments.of("VARCHAR", "NULL", new Transform.Nullify()),
        Arguments.of("VARCHAR", "'***'", new Transform.Constant(Expressions.literal("***"))),
        Arguments.of("NUMBER", "0", new Transform.Constant(Expressions.literal(0))),
        Arguments.of(
            "VARCHAR", "SHA2(val)", new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE)),
        Arguments.of(
            "VARCHAR",
            "sha2(val, '256')",
            new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE)),
        Arguments.of(
            "VARCHAR", "SHA2(val, 512)", new Transform.Hash(HashAlgorithm.SHA512, SaltScope.NONE)),
        Arguments.of("VARCHAR", "MD5(val)", new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE)),
        Arguments.of(
            "VARCHAR", "SHA1(val)", new Transform.Hash(HashAlgorithm.SHA1, SaltScope.NONE)),
        Arguments.of("VARCHAR", "REGEXP_REPLACE(val, '.+\\@', '*****@')", new Transform.Email()),
        Arguments.of(
            "VARCHAR",
            "REGEXP_REPLACE(val, '[0-9]', 'X')",
            new Transform.RegexReplace("[0-9]", "X")),
        Arguments.of(
            "VARCHAR",
            "'***-**-' || RIGHT(val, 4)",
            new Transform.Partial(0, 4, "***-**-", FillMode.ONCE)),
        Arguments.of(
            "VARCHAR",
            "CONCAT(LEFT(val, 2), '***', RIGHT(val, 2))",
            new Transform.Partial(2, 2, "***", FillMode.ONCE)),
        Arguments.of(
            "VARCHAR",
            "SUBSTR(val, 1, 3) || '***'",
            new Transform.Partial(3, 0, "***", FillMode.ONCE)),
        Arguments.of(
            "DATE", "DATE_TRUNC('MONTH', val)", new Transform.DateTruncate(DateUnit.MONTH)),
        Arguments.of("DATE", "DATE_TRUNC('year', val)", new Transform.DateTruncate(DateUnit.YEAR)),
        Arguments.of(
            "DATE", "DATE_FROM_PARTS(YEAR(val), 1, 1)", new Transform.DateTruncate(DateUnit.YEAR)),
        Arguments.of(
            "DATE",
            "DATE_FROM_PARTS(0001, 01, 01)::date",
            new Transform.Constant(Expressions.literal(LocalDate.of(1, 1, 1)))),
        Arguments.of(
            "TIMESTAMP_NTZ",
            "date_from_parts(0001, 01, 01)::timestamp_ntz",
            new Transform.Constant(Expressions.literal(LocalDateTime.of(1, 1, 1, 0, 0)))));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void testTransformShape(String type, String value, Transform expected) {
    DefinitionBody.Mask body =
        mask(type, "CASE WHEN CURRENT_ROLE() = 'ADMIN' THEN val ELSE " + value + " END");
    assertThat(body.otherwise()).isEqualTo(expected);
  }

  @Test
  void testAnythingElseIsAnExpressionOverTheMaskedValue() {
    DefinitionBody.Mask body = mask("VARCHAR", "UPPER(val)");
    assertThat(body.otherwise())
        .isEqualTo(
            new Transform.Expression(Expressions.function("upper", Expressions.maskedValue())));
  }

  @Test
  void testUdfIsAnExpressionWithALoss() {
    SnowflakePolicies.BodyConversion conversion =
        POLICIES.maskingBody(
            List.of(new Parameter("VAL", "VARIANT")),
            "IFF(IS_ROLE_IN_SESSION('PII'), val, ETL.TOKENIZE(val))",
            ORIGIN,
            AT);
    DefinitionBody.Mask body = (DefinitionBody.Mask) conversion.body();
    assertThat(body.otherwise().kind()).isEqualTo(TransformKind.EXPRESSION);
    assertThat(((Transform.Expression) body.otherwise()).expression())
        .isInstanceOf(Expr.Opaque.class);
    assertThat(conversion.losses())
        .singleElement()
        .satisfies(loss -> assertThat(loss.reason()).contains("ETL.TOKENIZE"));
  }

  @Test
  void testPrimaryAndInSessionRoles() {
    DefinitionBody.Mask body =
        mask(
            "VARCHAR",
            """
            CASE
              WHEN CURRENT_ROLE() IN ('ANALYST', 'AUDITOR') THEN val
              WHEN IS_ROLE_IN_SESSION('pii_reader') THEN SHA2(val)
              WHEN IS_DATABASE_ROLE_IN_SESSION('DB_READER') THEN MD5(val)
              WHEN IS_GRANTED_TO_INVOKER_ROLE('ETL') THEN val
              WHEN CURRENT_USER() = 'ALICE' THEN val
              WHEN INVOKER_ROLE() = 'OWNER' THEN val
              ELSE '*****'
            END
            """);
    assertThat(body.rules())
        .extracting(MaskRule::subject)
        .containsExactly(
            Subjects.anyOf(Subjects.hasPrimaryRole("ANALYST"), Subjects.hasPrimaryRole("AUDITOR")),
            Subjects.hasRole("PII_READER"),
            Subjects.hasRole("DB_READER"),
            Subjects.hasRole("ETL"),
            Subjects.isUser("ALICE"),
            Subjects.attributeEquals(SqlDialect.SNOWFLAKE_INVOKER_ROLE, "OWNER"));
    assertThat(body.rules()).allMatch(rule -> Expressions.isTrue(rule.condition()));
  }

  @Test
  void testDecodeAndNestedCaseKeepFirstMatchOrder() {
    DefinitionBody.Mask decode =
        mask("VARCHAR", "DECODE(CURRENT_ROLE(), 'HR', val, 'SUPPORT', RIGHT(val, 4), '***')");
    assertThat(decode.rules())
        .containsExactly(
            MaskRule.when(Subjects.hasPrimaryRole("HR"), new Transform.Identity()),
            MaskRule.when(
                Subjects.hasPrimaryRole("SUPPORT"),
                new Transform.Expression(
                    Expressions.function(
                        "right", Expressions.maskedValue(), Expressions.literal(4)))));
    DefinitionBody.Mask nested =
        mask(
            "VARCHAR",
            """
            CASE WHEN IS_ROLE_IN_SESSION('HR') THEN
                   CASE WHEN val IS NULL THEN NULL ELSE val END
                 ELSE '***' END
            """);
    assertThat(nested.rules())
        .containsExactly(
            new MaskRule(
                Subjects.hasRole("HR"),
                Expressions.isNull(Expressions.maskedValue()),
                new Transform.Nullify()),
            MaskRule.when(Subjects.hasRole("HR"), new Transform.Identity()));
    assertThat(nested.otherwise()).isEqualTo(new Transform.Constant(Expressions.literal("***")));
  }

  @Test
  void testConditionalMaskingKeepsTheConditionColumn() {
    SnowflakePolicies.BodyConversion conversion =
        POLICIES.maskingBody(
            List.of(new Parameter("EMAIL", "VARCHAR"), new Parameter("VISIBILITY", "STRING")),
            "CASE WHEN CURRENT_ROLE() = 'ADMIN' THEN email WHEN visibility = 'Public' THEN email"
                + " ELSE '***' END",
            ORIGIN,
            AT);
    dev.passport.model.Definition definition =
        new dev.passport.model.Definition(
            "DB.S.EMAIL_VIS",
            dev.passport.model.DefinitionKind.MASKING_POLICY,
            List.of(new Parameter("EMAIL", "VARCHAR"), new Parameter("VISIBILITY", "STRING")),
            java.util.Optional.of("VARCHAR"),
            conversion.body(),
            ORIGIN);
    Securable column = Securable.table("DB", "S", "USERS").column("EMAIL_ADDRESS");
    SnowflakePolicies.AttachmentResult result =
        SnowflakePolicies.attachMask(
            definition, column, List.of("EMAIL_ADDRESS", "IS_PUBLIC"), ORIGIN);
    assertThat(result.losses()).isEmpty();
    dev.passport.model.ColumnMask mask = result.mask().orElseThrow();
    assertThat(mask.bindings())
        .containsExactly(
            java.util.Map.entry("EMAIL", "EMAIL_ADDRESS"),
            java.util.Map.entry("VISIBILITY", "IS_PUBLIC"));
    assertThat(mask.rules().get(1))
        .isEqualTo(
            new MaskRule(
                Subjects.everyone(),
                Expressions.equal(Expressions.column("IS_PUBLIC"), Expressions.literal("Public")),
                new Transform.Identity()));
  }

  @Test
  void testRowAccessMappingTableIsALookup() {
    SnowflakePolicies.BodyConversion conversion =
        POLICIES.rowAccessBody(
            List.of(new Parameter("SALES_REGION", "VARCHAR")),
            """
            'SALES_EXECUTIVE_ROLE' = CURRENT_ROLE()
              OR EXISTS (SELECT 1 FROM governance.salesmanagerregions m
                         WHERE m.region = sales_region AND IS_ROLE_IN_SESSION(m.role_name))
            """,
            ORIGIN,
            AT);
    assertThat(conversion.losses()).isEmpty();
    Expr expected =
        Expressions.or(
            Expressions.hasRole(Expressions.literal("SALES_EXECUTIVE_ROLE"), RoleScope.PRIMARY),
            Expressions.exists(
                Securable.table("GOVERNANCE", "SALESMANAGERREGIONS"),
                "M",
                Expressions.and(
                    Expressions.equal(
                        Expressions.column("M", "REGION"), Expressions.column("SALES_REGION")),
                    Expressions.hasRole(
                        Expressions.column("M", "ROLE_NAME"), RoleScope.IN_SESSION))));
    assertThat(((DefinitionBody.Predicate) conversion.body()).predicate()).isEqualTo(expected);
  }

  @Test
  void testTagValueIsAColumnTagValue() {
    DefinitionBody.Mask body =
        mask(
            "VARCHAR",
            "CASE WHEN SYSTEM$GET_TAG_ON_CURRENT_COLUMN('governance.tags.pii') = 'email'"
                + " THEN '***' ELSE val END");
    assertThat(body.rules().get(0).condition())
        .isEqualTo(
            Expressions.equal(
                Expressions.columnTagValue("GOVERNANCE.TAGS.PII"), Expressions.literal("email")));
  }
}
