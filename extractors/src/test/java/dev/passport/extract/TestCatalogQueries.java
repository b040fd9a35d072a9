package dev.passport.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestCatalogQueries {
  private final CatalogQueries keeping = new CatalogQueries(CatalogQueries.MessageEnding.KEEP);

  @ParameterizedTest
  @CsvSource({
    "42501, INSUFFICIENT_PRIVILEGE",
    "08006, CONNECTION_FAILED",
    "57P01, CONNECTION_FAILED",
    "42P01, INTERNAL_ERROR"
  })
  void testSqlStateMapsToErrorCode(String state, ErrorCode expected) {
    PassportException failure =
        keeping.failure("pg_policy", new SQLException("denied\nDetail: more", state));

    assertThat(failure.errorCode()).isEqualTo(expected);
    assertThat(failure.getMessage())
        .contains("pg_policy")
        .contains("denied")
        .doesNotContain("Detail");
  }

  @Test
  void testMissingStateIsInternalError() {
    assertThat(keeping.failure("roles", new SQLException("boom")).errorCode())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void testFinalPeriodDroppedOnlyWhenAsked() {
    SQLException error = new SQLException("permission denied.", "42501");
    CatalogQueries dropping = new CatalogQueries(CatalogQueries.MessageEnding.DROP_FINAL_PERIOD);

    assertThat(keeping.failure("t", error).getMessage()).endsWith("permission denied..");
    assertThat(dropping.failure("t", error).getMessage())
        .endsWith("permission denied.")
        .doesNotEndWith("..");
  }
}
