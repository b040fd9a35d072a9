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
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.evaluation.Transforms;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0))
        .containsExactly(
            BigDecimal.valueOf(1),
            "acme",
            Transforms.apply(
                new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE), "ann@acme.example"),
            "*******6789",
            new BigDecimal("51000"));
    assertThat(rows.get(1)).containsExactly(BigDecimal.valueOf(3), "acme", null, null, null);
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
}
