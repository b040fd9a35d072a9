package dev.passport.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

final class TestExpressions {
  @Test
  void testLiteralValueIsTheJavaValueAndEmptyForNull() {
    assertThat(Expressions.literalValue(new Expr.StringLiteral("it's"))).contains("it's");
    assertThat(Expressions.literalValue(new Expr.NumberLiteral(new BigDecimal("1.50"))))
        .contains(new BigDecimal("1.5"));
    assertThat(Expressions.literalValue(new Expr.BooleanLiteral(false))).contains(false);
    assertThat(Expressions.literalValue(new Expr.DateLiteral(LocalDate.of(2024, 2, 29))))
        .contains(LocalDate.of(2024, 2, 29));
    assertThat(
            Expressions.literalValue(
                new Expr.TimestampLiteral(LocalDateTime.of(2024, 2, 29, 23, 59, 1))))
        .contains(LocalDateTime.of(2024, 2, 29, 23, 59, 1));
    assertThat(Expressions.literalValue(new Expr.NullLiteral())).isEmpty();
  }
}
