package dev.passport.enforce.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.SystemKind;
import dev.passport.translate.sql.SqlDialect;
import org.junit.jupiter.api.Test;

final class TestPolicyWords {
  @Test
  void aDialectThatCannotSayAnExpressionFallsBackToPostgresql() {
    Expr filter =
        Expressions.equal(Expressions.column("region"), Expressions.sessionAttribute("app.region"));

    String text = PolicyWords.sql(filter, SqlDialect.SPARK, "value");

    assertThat(text).isEqualTo("region = current_setting('app.region', true)");
  }

  @Test
  void opaqueSqlOfAnotherSystemIsShownAsItIs() {
    Expr opaque = Expressions.opaque(SystemKind.SNOWFLAKE, "IS_ROLE_IN_SESSION('X')");

    assertThat(PolicyWords.sql(opaque, SqlDialect.TRINO, "value"))
        .isEqualTo("(Snowflake SQL not understood: IS_ROLE_IN_SESSION('X'))");
  }

  @Test
  void whatTheDialectCanSayIsSaidInIt() {
    Expr filter = Expressions.equal(Expressions.column("sales region"), Expressions.literal("EU"));

    assertThat(PolicyWords.sql(filter, SqlDialect.SPARK, "value"))
        .isEqualTo("`sales region` = 'EU'");
  }
}
