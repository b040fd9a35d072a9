package dev.passport.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passport.model.DateUnit;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.PassportException;
import dev.passport.model.SaltScope;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TestTransforms {
  private static final String SHA256_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  static Stream<Transform> everyKind() {
    return Stream.of(
        new Transform.Identity(),
        new Transform.Nullify(),
        new Transform.Constant((dev.passport.model.Expr.Literal) Expressions.literal("x")),
        new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE),
        new Transform.Partial(1, 1, "*", FillMode.EACH_CHARACTER),
        new Transform.MaskCharacters(),
        new Transform.Email(),
        new Transform.RegexReplace("a", "b"),
        new Transform.DateTruncate(DateUnit.MONTH),
        new Transform.Round(0),
        new Transform.Expression(Expressions.literal("z")));
  }

  @Test
  void testEveryKindIsCovered() {
    assertThat(everyKind().map(Transform::kind)).containsExactlyInAnyOrder(TransformKind.values());
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void testNullStaysNull(Transform transform) {
    assertThat(Transforms.apply(transform, null)).isNull();
  }

  @Test
  void testIdentityNullifyConstant() {
    assertThat(Transforms.apply(new Transform.Identity(), 5)).isEqualTo(BigDecimal.valueOf(5));
    assertThat(Transforms.apply(new Transform.Nullify(), "x")).isNull();
    assertThat(
            Transforms.apply(
                new Transform.Constant((dev.passport.model.Expr.Literal) Expressions.literal(0)),
                "secret"))
        .isEqualTo(BigDecimal.ZERO);
  }

  @Test
  void testHash() {
    Transform plain = new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE);
    Transform global = new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL);
    assertThat(Transforms.apply(plain, "abc")).isEqualTo(SHA256_ABC);
    assertThat(Transforms.apply(global, "abc")).as("default salt is empty").isEqualTo(SHA256_ABC);
    EvaluationOptions salted = EvaluationOptions.defaults().withSalt("ab");
    assertThat(Transforms.function(global, salted).apply("c")).isEqualTo(SHA256_ABC);
    assertThat(Transforms.function(plain, salted).apply("abc"))
        .as("NONE ignores the salt")
        .isEqualTo(SHA256_ABC);
    assertThat(Transforms.apply(new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE), "abc"))
        .isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    assertThat(Transforms.apply(plain, new BigDecimal("1.50")))
        .isEqualTo(Transforms.apply(plain, "1.50"));
    assertThat(Transforms.apply(plain, true)).isEqualTo(Transforms.apply(plain, "true"));
    assertThat(Transforms.apply(plain, LocalDate.of(2024, 1, 2)))
        .isEqualTo(Transforms.apply(plain, "2024-01-02"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0|4|*|EACH_CHARACTER|123456789|*****6789",
        "0|4|*|EACH_CHARACTER|1234|1234",
        "0|4|*|EACH_CHARACTER|12|12",
        "2|2|#|EACH_CHARACTER|abcdefg|ab###fg",
        "2|2|#|EACH_CHARACTER|abc|abc",
        "2|2|#|EACH_CHARACTER|ab|ab",
        "3|0|x|EACH_CHARACTER|abcdef|abcxxx",
        "0|4|***-**-|ONCE|123456789|***-**-6789",
        "0|4|***-**-|ONCE|12|***-**-12",
        "2|0|...|ONCE|ab|ab",
        "2|0|...|ONCE|abc|ab...",
        "0|0|*|EACH_CHARACTER|''|''",
      })
  void testPartial(int first, int last, String fill, FillMode mode, String input, String expected) {
    assertThat(Transforms.apply(new Transform.Partial(first, last, fill, mode), input))
        .isEqualTo(expected);
  }

  @Test
  void testPartialCountsCodePoints() {
    String smiles = "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02\uD83D\uDE03";
    assertThat(Transforms.apply(new Transform.Partial(1, 1, "*", FillMode.EACH_CHARACTER), smiles))
        .isEqualTo("\uD83D\uDE00**\uD83D\uDE03");
    assertThat(
            Transforms.apply(
                new Transform.Partial(0, 1, "\uD83D\uDD12", FillMode.EACH_CHARACTER), "ab"))
        .isEqualTo("\uD83D\uDD12b");
    assertThat(Transforms.apply(new Transform.Partial(0, 2, "*", FillMode.EACH_CHARACTER), 12345))
        .isEqualTo("***45");
  }

  @Test
  void testMaskCharacters() {
    Transform mask = new Transform.MaskCharacters();
    assertThat(Transforms.apply(mask, "Ab-9 z")).isEqualTo("Xx-0 x");
    assertThat(Transforms.apply(mask, "Éé٣!")).as("Unicode letters and digits").isEqualTo("Xx0!");
    assertThat(Transforms.apply(mask, new BigDecimal("-12.5"))).isEqualTo("-00.0");
  }

  @ParameterizedTest
  @CsvSource({
    "alice@example.com,*****@example.com",
    "a@b@c.org,*****@c.org",
    "@x.io,*****@x.io",
    "no-at-sign,*****",
  })
  void testEmail(String input, String expected) {
    assertThat(Transforms.apply(new Transform.Email(), input)).isEqualTo(expected);
  }

  @Test
  void testRegexReplace() {
    assertThat(Transforms.apply(new Transform.RegexReplace("\\d", "#"), "a1b22"))
        .isEqualTo("a#b##");
    assertThat(Transforms.apply(new Transform.RegexReplace("(\\w+)@(\\w+)", "$2"), "me@host"))
        .isEqualTo("host");
  }

  @ParameterizedTest
  @CsvSource({
    "YEAR,2024-01-01",
    "QUARTER,2024-04-01",
    "MONTH,2024-05-01",
    "WEEK,2024-05-13",
    "DAY,2024-05-15",
    "SECOND,2024-05-15",
  })
  void testDateTruncateOnDates(DateUnit unit, String expected) {
    assertThat(Transforms.apply(new Transform.DateTruncate(unit), LocalDate.of(2024, 5, 15)))
        .isEqualTo(LocalDate.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({
    "YEAR,2024-01-01T00:00",
    "QUARTER,2024-10-01T00:00",
    "MONTH,2024-11-01T00:00",
    "WEEK,2024-11-18T00:00",
    "DAY,2024-11-23T00:00",
    "HOUR,2024-11-23T13:00",
    "MINUTE,2024-11-23T13:45",
    "SECOND,2024-11-23T13:45:30",
  })
  void testDateTruncateOnTimestamps(DateUnit unit, String expected) {
    LocalDateTime value = LocalDateTime.of(2024, 11, 23, 13, 45, 30, 123_000_000);
    assertThat(Transforms.apply(new Transform.DateTruncate(unit), value))
        .isEqualTo(LocalDateTime.parse(expected));
  }

  @Test
  void testDateTruncateRejectsNonDates() {
    assertThatThrownBy(() -> Transforms.apply(new Transform.DateTruncate(DateUnit.DAY), 5))
        .isInstanceOf(PassportException.class);
  }

  @ParameterizedTest
  @CsvSource({"0,2.5,3", "0,-2.5,-3", "1,1.25,1.3", "-2,1250,1300", "-2,1249,1200", "2,1,1.00"})
  void testRound(int digits, String input, String expected) {
    assertThat(Transforms.apply(new Transform.Round(digits), new BigDecimal(input)))
        .isEqualTo(new BigDecimal(expected));
  }

  @Test
  void testRoundRejectsText() {
    assertThatThrownBy(() -> Transforms.apply(new Transform.Round(0), "abc"))
        .isInstanceOf(PassportException.class);
  }

  @Test
  void testExpressionBindsMaskedValueAndRow() {
    Transform expression =
        new Transform.Expression(
            Expressions.function(
                "concat",
                Expressions.function("left", Expressions.maskedValue(), Expressions.literal(2)),
                Expressions.column("suffix")));
    Row row = Row.of(Map.of("code", "ABCDEF", "suffix", "-x"));
    assertThat(Transforms.compile(expression).apply("ABCDEF", row, LookupSource.none()))
        .isEqualTo("AB-x");
    assertThat(
            Transforms.apply(
                new Transform.Expression(
                    Expressions.opaque(dev.passport.model.SystemKind.TRINO, "f(v)")),
                "v"))
        .isNull();
  }

  @Test
  void testCompiledTransformsAreShared() {
    Transform partial = new Transform.Partial(0, 4, "*", FillMode.EACH_CHARACTER);
    assertThat(Transforms.compile(partial)).isSameAs(Transforms.compile(partial));
    assertThat(
            Arrays.asList(
                Transforms.text(LocalDateTime.of(2024, 1, 2, 3, 4)),
                Transforms.text(new BigDecimal("1E+3"))))
        .containsExactly("2024-01-02 03:04:00", "1000");
  }
}
