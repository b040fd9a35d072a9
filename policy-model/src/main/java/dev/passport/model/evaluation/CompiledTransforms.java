package dev.passport.model.evaluation;

import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.FillMode;
import dev.passport.model.PassportException;
import dev.passport.model.SaltScope;
import dev.passport.model.Transform;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The compiled forms behind {@link Transforms#compile}: one small final class per transform kind,
 * with everything that depends only on the transform (fill bytes, salt bytes, patterns) worked out
 * once. The text kernels work on the UTF-16 chars of the value and build the result's Latin-1 bytes
 * directly, which covers almost every real value; a value with a char the fast path cannot express
 * (a surrogate, or a kept char above U+00FF) goes through the code-point form instead, so results
 * are the same for every input (the semantics are documented on {@link Transforms}).
 */
final class CompiledTransforms {
  private static final String EMAIL_MASK = "*****";
  private static final byte[] EMAIL_MASK_BYTES = EMAIL_MASK.getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * What character masking turns each Latin-1 char into, from the same {@link Character} tests as
   * the code-point form, so the table cannot disagree with it.
   */
  private static final byte[] LATIN1_MASK = new byte[256];

  static {
    for (int character = 0; character < LATIN1_MASK.length; character++) {
      LATIN1_MASK[character] = (byte) maskedCodePoint(character);
    }
  }

  private CompiledTransforms() {}

  static Transforms.CompiledTransform of(Transform transform, EvaluationOptions options) {
    switch (transform.kind()) {
      case IDENTITY:
        return IdentityTransform.INSTANCE;
      case NULLIFY:
        return NullifyTransform.INSTANCE;
      case CONSTANT:
        return new ConstantTransform(
            SqlValues.fromLiteral(((Transform.Constant) transform).value()));
      case HASH:
        {
          Transform.Hash hash = (Transform.Hash) transform;
          String salt = hash.salt() == SaltScope.NONE ? "" : options.salt();
          return new HashTransform(hash.algorithm().javaName(), salt);
        }
      case PARTIAL:
        return new PartialTransform((Transform.Partial) transform);
      case MASK_CHARACTERS:
        return MaskCharactersTransform.INSTANCE;
      case EMAIL:
        return EmailTransform.INSTANCE;
      case REGEX_REPLACE:
        return new RegexReplaceTransform((Transform.RegexReplace) transform);
      case DATE_TRUNCATE:
        return new DateTruncateTransform(
            ((Transform.DateTruncate) transform).unit().name().toLowerCase(Locale.ROOT));
      case ROUND:
        return new RoundTransform(((Transform.Round) transform).digits());
      case EXPRESSION:
        return new ExpressionTransform(((Transform.Expression) transform).expression());
    }
    throw new AssertionError("unreachable: " + transform.kind());
  }

  /**
   * The text form of {@link SqlValues#text}, without widening the common value types first: an
   * integer's plain decimal form is its {@link Long#toString}.
   */
  static String text(Object value) {
    if (value instanceof String string) {
      return string;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return Long.toString(((Number) value).longValue());
    }
    return SqlValues.text(value);
  }

  /** {@link SqlValues#normalize}, with the value types that stay as they are tested first. */
  static Object normalize(Object value) {
    if (value == null || value instanceof String || value instanceof BigDecimal) {
      return value;
    }
    return SqlValues.normalize(value);
  }

  /**
   * Values up to this many chars are built in the thread's scratch buffer, so a masked value
   * allocates only its string; longer ones get an array of their own.
   */
  private static final int SCRATCH_BYTES = 1024;

  private static final ThreadLocal<byte[]> SCRATCH =
      ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

  /** An array of at least {@code length} bytes to build one result in, reused by this thread. */
  private static byte[] scratch(int length) {
    return length <= SCRATCH_BYTES ? SCRATCH.get() : new byte[length];
  }

  /** The first {@code length} bytes as a Latin-1 string: one copy, into the string. */
  private static String latin1(byte[] bytes, int length) {
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  private static final VarHandle BIG_ENDIAN_INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BIG_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /**
   * Writes the first {@code length} bytes as lower-case hex digits into {@code hex}, four bytes at
   * a time: a table lookup per digit cost a digest's hex text about as much as the digest itself.
   * Each nibble is spread into a byte lane of a long, and every lane is turned into its digit at
   * once: {@code '0' + n}, plus {@code 'a' - '0' - 10} where {@code n + 6} carries into bit 4 (n ≥
   * 10). No lane ever exceeds {@code 'f'}, so no carry crosses lanes.
   */
  static void lowerCaseHex(byte[] bytes, int length, byte[] hex) {
    int index = 0;
    for (; index + 4 <= length; index += 4) {
      long nibbles = (int) BIG_ENDIAN_INTS.get(bytes, index) & 0xFFFF_FFFFL;
      nibbles = (nibbles | (nibbles << 16)) & 0x0000_FFFF_0000_FFFFL;
      nibbles = (nibbles | (nibbles << 8)) & 0x00FF_00FF_00FF_00FFL;
      nibbles = (nibbles | (nibbles << 4)) & 0x0F0F_0F0F_0F0F_0F0FL;
      long letters = ((nibbles + 0x0606_0606_0606_0606L) >>> 4) & 0x0101_0101_0101_0101L;
      BIG_ENDIAN_LONGS.set(hex, 2 * index, nibbles + 0x3030_3030_3030_3030L + letters * 39);
    }
    for (; index < length; index++) {
      int octet = bytes[index] & 0xFF;
      hex[2 * index] = HEX_DIGITS[octet >>> 4];
      hex[2 * index + 1] = HEX_DIGITS[octet & 0xF];
    }
  }

  private static int maskedCodePoint(int codePoint) {
    if (Character.isUpperCase(codePoint)) {
      return 'X';
    }
    if (Character.isLowerCase(codePoint)) {
      return 'x';
    }
    if (Character.isDigit(codePoint)) {
      return '0';
    }
    return codePoint;
  }

  private static final class IdentityTransform implements Transforms.CompiledTransform {
    static final IdentityTransform INSTANCE = new IdentityTransform();

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      return normalize(value);
    }
  }

  private static final class NullifyTransform implements Transforms.CompiledTransform {
    static final NullifyTransform INSTANCE = new NullifyTransform();

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      return null;
    }
  }

  private static final class ConstantTransform implements Transforms.CompiledTransform {
    private final Object constant;

    ConstantTransform(Object constant) {
      this.constant = constant;
    }

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      return value == null ? null : constant;
    }
  }

  /**
   * The digest of the salt's UTF-8 bytes followed by the value's. Each thread keeps its own digest
   * and buffers, so a value costs its digest and the one string of its hex form: an ASCII value's
   * bytes are copied into a reused buffer rather than encoded into a new array, the digest lands in
   * a reused array, and the hex digits are written into a reused buffer, eight at a time.
   */
  private static final class HashTransform implements Transforms.CompiledTransform {
    /** Values up to this many chars are fed through the thread's buffer when they are ASCII. */
    private static final int BUFFERED_CHARS = 256;

    private final String salt;
    private final byte[] saltBytes;
    private final boolean saltJoinsSafely;
    private final ThreadLocal<HashState> states;

    HashTransform(String algorithm, String salt) {
      this.salt = salt;
      this.saltBytes = salt.getBytes(StandardCharsets.UTF_8);
      // A salt ending in a high surrogate could pair with a value's leading low surrogate, and
      // then the bytes of the concatenation are not the two encodings side by side.
      this.saltJoinsSafely =
          salt.isEmpty() || !Character.isHighSurrogate(salt.charAt(salt.length() - 1));
      this.states = ThreadLocal.withInitial(() -> new HashState(digest(algorithm)));
    }

    private static MessageDigest digest(String algorithm) {
      try {
        return MessageDigest.getInstance(algorithm);
      } catch (NoSuchAlgorithmException exception) {
        throw new PassportException(
            ErrorCode.EVALUATION_ERROR, "Digest " + algorithm + " is not available", exception);
      }
    }

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      if (value == null) {
        return null;
      }
      String text = text(value);
      HashState state = states.get();
      MessageDigest digest = state.digest;
      if (saltJoinsSafely) {
        if (saltBytes.length > 0) {
          digest.update(saltBytes);
        }
        update(digest, text, state.input);
      } else {
        digest.update((salt + text).getBytes(StandardCharsets.UTF_8));
      }
      byte[] hash = state.output;
      int length;
      try {
        // digest() resets the instance, so it is ready for the next value on this thread.
        length = digest.digest(hash, 0, hash.length);
      } catch (DigestException exception) {
        throw new PassportException(
            ErrorCode.EVALUATION_ERROR, "Digest failed: " + exception.getMessage(), exception);
      }
      byte[] hex = state.hex;
      lowerCaseHex(hash, length, hex);
      return new String(hex, 0, 2 * length, StandardCharsets.ISO_8859_1);
    }

    /** Feeds the text's UTF-8 bytes: an ASCII text's chars are its bytes. */
    private static void update(MessageDigest digest, String text, byte[] buffer) {
      int length = text.length();
      if (length <= buffer.length) {
        int index = 0;
        while (index < length) {
          char character = text.charAt(index);
          if (character >= 0x80) {
            break;
          }
          buffer[index++] = (byte) character;
        }
        if (index == length) {
          digest.update(buffer, 0, length);
          return;
        }
      }
      digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One thread's digest and buffers. */
    private static final class HashState {
      final MessageDigest digest;
      final byte[] input = new byte[BUFFERED_CHARS];
      final byte[] output;
      final byte[] hex;

      HashState(MessageDigest digest) {
        this.digest = digest;
        this.output = new byte[Math.max(digest.getDigestLength(), 64)];
        this.hex = new byte[2 * output.length];
      }
    }
  }

  private static final class PartialTransform implements Transforms.CompiledTransform {
    private final Transform.Partial partial;
    private final int keepFirst;
    private final int keepLast;
    private final boolean once;
    private final String fill;
    private final byte[] fillBytes;

    PartialTransform(Transform.Partial partial) {
      this.partial = partial;
      this.keepFirst = partial.keepFirst();
      this.keepLast = partial.keepLast();
      this.once = partial.mode() == FillMode.ONCE;
      this.fill = partial.fill();
      boolean fillLatin1 = fill.chars().allMatch(character -> character < 0x100);
      this.fillBytes = fillLatin1 ? fill.getBytes(StandardCharsets.ISO_8859_1) : null;
    }

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      return value == null ? null : apply(text(value));
    }

    private String apply(String text) {
      int length = text.length();
      boolean latin1 = true;
      for (int index = 0; index < length; index++) {
        char character = text.charAt(index);
        if (character >= 0x100) {
          latin1 = false;
          if (Character.isSurrogate(character)) {
            return byCodePoints(text);
          }
        }
      }
      // No surrogates: chars are code points.
      if (length <= keepFirst) {
        return text;
      }
      int shownLast = Math.min(keepLast, length - keepFirst);
      int hidden = length - keepFirst - shownLast;
      long filled = once ? fill.length() : (long) fill.length() * hidden;
      if (filled > Integer.MAX_VALUE - length) {
        return byCodePoints(text);
      }
      if (latin1 && fillBytes != null) {
        int resultLength = keepFirst + (int) filled + shownLast;
        byte[] result = scratch(resultLength);
        int position = 0;
        for (int index = 0; index < keepFirst; index++) {
          result[position++] = (byte) text.charAt(index);
        }
        if (once) {
          System.arraycopy(fillBytes, 0, result, position, fillBytes.length);
          position += fillBytes.length;
        } else if (fillBytes.length == 1) {
          byte fillByte = fillBytes[0];
          for (int count = 0; count < hidden; count++) {
            result[position++] = fillByte;
          }
        } else {
          for (int count = 0; count < hidden; count++) {
            System.arraycopy(fillBytes, 0, result, position, fillBytes.length);
            position += fillBytes.length;
          }
        }
        for (int index = length - shownLast; index < length; index++) {
          result[position++] = (byte) text.charAt(index);
        }
        return latin1(result, resultLength);
      }
      StringBuilder result = new StringBuilder(keepFirst + (int) filled + shownLast);
      result.append(text, 0, keepFirst);
      if (once) {
        result.append(fill);
      } else {
        for (int count = 0; count < hidden; count++) {
          result.append(fill);
        }
      }
      result.append(text, length - shownLast, length);
      return result.toString();
    }

    private String byCodePoints(String text) {
      int[] codePoints = text.codePoints().toArray();
      int length = codePoints.length;
      if (length <= partial.keepFirst()) {
        return text;
      }
      int shownLast = Math.min(partial.keepLast(), length - partial.keepFirst());
      int hidden = length - partial.keepFirst() - shownLast;
      StringBuilder result = new StringBuilder(text.length() + partial.fill().length());
      result.append(new String(codePoints, 0, partial.keepFirst()));
      if (partial.mode() == FillMode.ONCE) {
        result.append(partial.fill());
      } else {
        result.append(partial.fill().repeat(hidden));
      }
      result.append(new String(codePoints, length - shownLast, shownLast));
      return result.toString();
    }
  }

  private static final class MaskCharactersTransform implements Transforms.CompiledTransform {
    static final MaskCharactersTransform INSTANCE = new MaskCharactersTransform();

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      return value == null ? null : apply(text(value));
    }

    private static String apply(String text) {
      int length = text.length();
      byte[] result = scratch(length);
      for (int index = 0; index < length; index++) {
        char character = text.charAt(index);
        if (character < 0x100) {
          result[index] = LATIN1_MASK[character];
        } else {
          // Surrogates are not letters or digits as chars, so they map to themselves here and
          // take the code-point form, as does any other kept char above U+00FF.
          int masked = maskedCodePoint(character);
          if (masked >= 0x100) {
            return byCodePoints(text);
          }
          result[index] = (byte) masked;
        }
      }
      return latin1(result, length);
    }

    private static String byCodePoints(String text) {
      StringBuilder result = new StringBuilder(text.length());
      int index = 0;
      while (index < text.length()) {
        int codePoint = text.codePointAt(index);
        result.appendCodePoint(maskedCodePoint(codePoint));
        index += Character.charCount(codePoint);
      }
      return result.toString();
    }
  }

  private static final class EmailTransform implements Transforms.CompiledTransform {
    static final EmailTransform INSTANCE = new EmailTransform();

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      return value == null ? null : apply(text(value));
    }

    private static String apply(String text) {
      int at = text.lastIndexOf('@');
      if (at < 0) {
        return EMAIL_MASK;
      }
      int length = text.length();
      int resultLength = EMAIL_MASK_BYTES.length + length - at;
      byte[] result = scratch(resultLength);
      System.arraycopy(EMAIL_MASK_BYTES, 0, result, 0, EMAIL_MASK_BYTES.length);
      int position = EMAIL_MASK_BYTES.length;
      for (int index = at; index < length; index++) {
        char character = text.charAt(index);
        if (character >= 0x100) {
          return EMAIL_MASK + text.substring(at);
        }
        result[position++] = (byte) character;
      }
      return latin1(result, resultLength);
    }
  }

  private static final class RegexReplaceTransform implements Transforms.CompiledTransform {
    private final Pattern pattern;
    private final String replacement;

    RegexReplaceTransform(Transform.RegexReplace regex) {
      this.pattern = Patterns.regex(regex.pattern(), false);
      this.replacement = regex.replacement();
    }

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      if (value == null) {
        return null;
      }
      try {
        return pattern.matcher(text(value)).replaceAll(replacement);
      } catch (IllegalArgumentException | IndexOutOfBoundsException exception) {
        throw SqlValues.error(
            "Invalid replacement '" + replacement + "': " + exception.getMessage());
      }
    }
  }

  private static final class DateTruncateTransform implements Transforms.CompiledTransform {
    private final String unit;

    DateTruncateTransform(String unit) {
      this.unit = unit;
    }

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      return value == null ? null : Interpreter.Functions.truncate(value, unit);
    }
  }

  private static final class RoundTransform implements Transforms.CompiledTransform {
    private final int digits;

    RoundTransform(int digits) {
      this.digits = digits;
    }

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      Object normal = normalize(value);
      if (normal == null) {
        return null;
      }
      if (!(normal instanceof BigDecimal number)) {
        throw SqlValues.error("Round needs a number, not " + SqlValues.describe(normal));
      }
      return Interpreter.Functions.roundHalfUp(number, digits);
    }
  }

  private static final class ExpressionTransform implements Transforms.CompiledTransform {
    private final Expr expression;

    ExpressionTransform(Expr expression) {
      this.expression = expression;
    }

    @Override
    public Object apply(Object value, Row row, LookupSource lookups) {
      if (value == null) {
        return null;
      }
      try {
        return Interpreter.forMask(row, lookups, value).evaluate(expression);
      } catch (UnknownResult unknown) {
        return null;
      }
    }
  }
}
