package dev.passport.model.evaluation;

import static dev.passport.model.evaluation.EvaluationFixtures.ORIGIN;
import static dev.passport.model.evaluation.EvaluationFixtures.builder;
import static dev.passport.model.evaluation.EvaluationFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.ColumnMask;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.Grant;
import dev.passport.model.PassportException;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.Transform;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestResolveTable {
  private static final Evaluator EVALUATOR =
      Evaluator.compile(
          builder()
              .addTable(
                  table(Securable.table("db", "sales", "orders"), RowSecurity.disabled(), "id"))
              .addTable(
                  table(Securable.table("db", "sales", "customers"), RowSecurity.disabled(), "id"))
              .addTable(
                  table(Securable.table("db", "hr", "customers"), RowSecurity.disabled(), "id"))
              .addRowFilter(
                  RowFilter.of(
                      Securable.table("sales", "orders"),
                      Expressions.alwaysTrue(),
                      Subjects.everyone(),
                      ORIGIN))
              .addColumnMask(
                  ColumnMask.of(
                      Securable.table("db", "ops", "events").column("payload"),
                      List.of(),
                      new Transform.Nullify(),
                      ORIGIN))
              .addGrant(
                  Grant.allow(
                      Subjects.everyone(),
                      Set.of(Privilege.SELECT),
                      Securable.table("db", "ops", "Metrics").column("value"),
                      ORIGIN))
              .build());

  @Test
  void testFullAndSuffixNames() {
    assertThat(EVALUATOR.resolveTable("db.sales.orders"))
        .isEqualTo(Securable.table("db", "sales", "orders"));
    assertThat(EVALUATOR.resolveTable("sales.orders"))
        .as("the filter's shorter spelling is the same table")
        .isEqualTo(Securable.table("db", "sales", "orders"));
    assertThat(EVALUATOR.resolveTable("orders"))
        .isEqualTo(Securable.table("db", "sales", "orders"));
    assertThat(EVALUATOR.resolveTable("hr.customers"))
        .isEqualTo(Securable.table("db", "hr", "customers"));
  }

  @Test
  void testTablesNamedOnlyByMasksAndGrants() {
    assertThat(EVALUATOR.resolveTable("events")).isEqualTo(Securable.table("db", "ops", "events"));
    assertThat(EVALUATOR.resolveTable("metrics"))
        .as("case-insensitive when nothing matches exactly")
        .isEqualTo(Securable.table("db", "ops", "Metrics"));
  }

  @Test
  void testAmbiguous() {
    assertThatThrownBy(() -> EVALUATOR.resolveTable("customers"))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("db.sales.customers")
        .hasMessageContaining("db.hr.customers")
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.AMBIGUOUS_NAME);
  }

  @Test
  void testUnknownWithSuggestions() {
    assertThatThrownBy(() -> EVALUATOR.resolveTable("order"))
        .isInstanceOf(PassportException.class)
        .hasMessageContaining("did you mean db.sales.orders")
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.UNKNOWN_TABLE);
    assertThatThrownBy(() -> EVALUATOR.resolveTable("other.orders"))
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.UNKNOWN_TABLE);
    assertThatThrownBy(() -> EVALUATOR.resolveTable("a..b"))
        .extracting(error -> ((PassportException) error).errorCode())
        .isEqualTo(ErrorCode.UNKNOWN_TABLE);
  }
}
