package dev.passport.model.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.SaltScope;
import dev.passport.model.Transform;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The compiled text transforms take a Latin-1 fast path and fall back to code points otherwise;
 * these tests hold both paths to a plain code-point reference over values that reach each branch.
 */
class TestCompiledTransforms {
  private static final List<String> VALUES =
      List.of(
          "",
          "a",
          "Ab-9 z",
          "Customer Name 123456",
          "123-45-6789",
          "user1@example.com",
          "no-at-sign",
          "a@b@c",
          // Latin-1 letters, including the lower-case ordinal indicators and the micro sign.
          "ÄÖÜ äöü ß ÿ ª º µ ½ ²",
          // Above U+00FF: letters and digits masked, other chars kept (the fallback).
          "Łódź €12 ٣ Ωmega",
          "x€",
          "€@€.example",
          "a@€",
          // Surrogate pairs: a capital (U+1D400), emoji, and lone surrogates.
          "\uD835\uDC00bc",
          "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02\uD83D\uDE03",
          "ab\uD83D\uDE00",
          "ab\uD800",
          "\uDC00ab",
          "mail\uD83D\uDE00@host\uD83D\uDE00");

  private static List<Transform.Partial> partials() {
    List<Transform.Partial> partials = new ArrayList<>();
    for (FillMode mode : FillMode.values()) {
      for (String fill : List.of("*", "", "#-", "é", "€", "\uD83D\uDD12")) {
        if (mode == FillMode.EACH_CHARACTER && fill.codePointCount(0, fill.length()) != 1) {
          continue;
        }
        for (int keepFirst : new int[] {0, 1, 2, 5}) {
          for (int keepLast : new int[] {0, 1, 4, 30}) {
            partials.add(new Transform.Partial(keepFirst, keepLast, fill, mode));
          }
        }
      }
    }
    return partials;
  }

  @Test
  void testPartialMatchesTheCodePointForm() {
    for (Transform.Partial partial : partials()) {
      Function<Object, Object> compiled = Transforms.function(partial);
      for (String value : VALUES) {
        assertThat(compiled.apply(value))
            .as("%s of '%s'", partial, value)
            .isEqualTo(referencePartial(value, partial));
      }
    }
  }

  @Test
  void testMaskCharactersMatchesTheCodePointForm() {
    Function<Object, Object> compiled = Transforms.function(new Transform.MaskCharacters());
    for (String value : VALUES) {
      assertThat(compiled.apply(value)).as("'%s'", value).isEqualTo(referenceMask(value));
    }
    StringBuilder everyBmpChar = new StringBuilder();
    for (char character = 0; character < Character.MIN_SURROGATE; character++) {
      everyBmpChar.append(character);
    }
    assertThat(compiled.apply(everyBmpChar.toString()))
        .isEqualTo(referenceMask(everyBmpChar.toString()));
    for (int character = 0; character < 0x100; character++) {
      String single = String.valueOf((char) character);
      assertThat(compiled.apply(single)).isEqualTo(referenceMask(single));
    }
  }

  @Test
  void testEmailMatchesTheReference() {
    Function<Object, Object> compiled = Transforms.function(new Transform.Email());
    for (String value : VALUES) {
      int at = value.lastIndexOf('@');
      assertThat(compiled.apply(value))
          .as("'%s'", value)
          .isEqualTo(at < 0 ? "*****" : "*****" + value.substring(at));
    }
  }

  @Test
  void testHashDigestsSaltThenValue() throws Exception {
    for (String salt : List.of("", "pepper", "ü", "\uD83D", "x\uD83D")) {
      EvaluationOptions options = EvaluationOptions.defaults().withSalt(salt);
      Function<Object, Object> global =
          Transforms.function(new Transform.Hash(HashAlgorithm.SHA256, SaltScope.GLOBAL), options);
      Function<Object, Object> unsalted =
          Transforms.function(new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE), options);
      for (String value : VALUES) {
        assertThat(global.apply(value))
            .as("salt '%s', value '%s'", salt, value)
            .isEqualTo(referenceHash("SHA-256", salt + value));
        assertThat(unsalted.apply(value)).isEqualTo(referenceHash("SHA-256", value));
      }
      // A lone high surrogate at the end of the salt pairs with the value's low surrogate.
      assertThat(global.apply("\uDE00x")).isEqualTo(referenceHash("SHA-256", salt + "\uDE00x"));
    }
    Function<Object, Object> md5 =
        Transforms.function(new Transform.Hash(HashAlgorithm.MD5, SaltScope.NONE));
    assertThat(md5.apply("abc")).isEqualTo(referenceHash("MD5", "abc"));
  }

  @Test
  void testHashOfEveryAlgorithmAndLengthMatchesTheJdk() throws Exception {
    // The thread's input buffer holds 256 chars: values around that length take either path, and
    // a non-ASCII char at the end leaves the buffer after it was partly filled.
    List<String> values = new ArrayList<>(VALUES);
    for (int length : new int[] {255, 256, 257, 1000}) {
      values.add("a".repeat(length));
      values.add("a".repeat(length - 1) + "é");
    }
    values.add("tail\u007f");
    values.add("\u0080");
    for (HashAlgorithm algorithm : HashAlgorithm.values()) {
      for (String salt : List.of("", "pepper")) {
        Function<Object, Object> hash =
            Transforms.function(
                new Transform.Hash(algorithm, SaltScope.GLOBAL),
                EvaluationOptions.defaults().withSalt(salt));
        for (String value : values) {
          assertThat(hash.apply(value))
              .as("%s, salt '%s', value '%s'", algorithm, salt, value)
              .isEqualTo(referenceHash(algorithm.javaName(), salt + value));
        }
        assertThat(hash.apply(12345))
            .isEqualTo(referenceHash(algorithm.javaName(), salt + "12345"));
        assertThat(hash.apply(null)).isNull();
      }
    }
  }

  @Test
  void testHashIsRightOnManyThreadsAtOnce() throws Exception {
    Function<Object, Object> hash =
        Transforms.function(new Transform.Hash(HashAlgorithm.SHA256, SaltScope.NONE));
    List<Thread> threads = new ArrayList<>();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int thread = 0; thread < 4; thread++) {
      int offset = thread;
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int index = 0; index < 2_000; index++) {
                    String value = "value-" + offset + "-" + index + "é".repeat(index % 2);
                    if (!hash.apply(value).equals(referenceHash("SHA-256", value))) {
                      failures.add(value);
                    }
                  }
                } catch (Exception exception) {
                  failures.add(exception.toString());
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void testNumbersUseTheirPlainDecimalText() {
    Transform.Partial lastTwo = new Transform.Partial(0, 2, "*", FillMode.EACH_CHARACTER);
    Function<Object, Object> partial = Transforms.function(lastTwo);
    for (Object number :
        List.<Object>of(
            0,
            -7,
            12345,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            (short) -3,
            (byte) 9,
            Integer.MIN_VALUE)) {
      String plain = BigDecimal.valueOf(((Number) number).longValue()).toPlainString();
      assertThat(Transforms.text(number)).isEqualTo(plain);
      assertThat(partial.apply(number)).isEqualTo(referencePartial(plain, lastTwo));
    }
    assertThat(Transforms.text(1.5d)).isEqualTo("1.5");
    assertThat(Transforms.text(1e10d)).isEqualTo("10000000000");
  }

  @Test
  void testNormalizeWidensNumbersAndKeepsTheDomain() {
    assertThat(Transforms.normalize(5)).isEqualTo(BigDecimal.valueOf(5));
    assertThat(Transforms.normalize(5L)).isEqualTo(BigDecimal.valueOf(5));
    assertThat(Transforms.normalize('c')).isEqualTo("c");
    String text = "kept";
    assertThat(Transforms.normalize(text)).isSameAs(text);
    assertThat(Transforms.normalize(null)).isNull();
  }

  private static String referencePartial(String text, Transform.Partial partial) {
    int[] codePoints = text.codePoints().toArray();
    int length = codePoints.length;
    if (length <= partial.keepFirst()) {
      return text;
    }
    int shownLast = Math.min(partial.keepLast(), length - partial.keepFirst());
    int hidden = length - partial.keepFirst() - shownLast;
    return new String(codePoints, 0, partial.keepFirst())
        + (partial.mode() == FillMode.ONCE ? partial.fill() : partial.fill().repeat(hidden))
        + new String(codePoints, length - shownLast, shownLast);
  }

  private static String referenceMask(String text) {
    StringBuilder result = new StringBuilder();
    text.codePoints()
        .forEach(
            codePoint -> {
              if (Character.isUpperCase(codePoint)) {
                result.append('X');
              } else if (Character.isLowerCase(codePoint)) {
                result.append('x');
              } else if (Character.isDigit(codePoint)) {
                result.append('0');
              } else {
                result.appendCodePoint(codePoint);
              }
            });
    return result.toString();
  }

  private static String referenceHash(String algorithm, String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void testHexDigitsMatchTheJdkForEveryByteAndEveryLength() {
    byte[] every = new byte[256 + 3];
    for (int index = 0; index < every.length; index++) {
      every[index] = (byte) (index * 7 + 3);
    }
    for (int value = 0; value < 256; value++) {
      every[value] = (byte) value;
    }
    for (int length = 0; length <= every.length; length++) {
      byte[] hex = new byte[2 * every.length];
      CompiledTransforms.lowerCaseHex(every, length, hex);
      assertThat(new String(hex, 0, 2 * length, StandardCharsets.ISO_8859_1))
          .as("length %d", length)
          .isEqualTo(HexFormat.of().formatHex(every, 0, length));
    }
  }
}
