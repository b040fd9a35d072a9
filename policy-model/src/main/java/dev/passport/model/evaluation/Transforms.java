package dev.passport.model.evaluation;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Expr;
import dev.passport.model.Transform;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each {@link Transform} as a plain Java function, compiled once (patterns, digests and constants
 * resolved up front) so the row path does no parsing. Every transform maps NULL to NULL. Values are
 * those of {@link Row}; other numbers are widened to BigDecimal first.
 *
 * <ul>
 *   <li>Identity: the value. Nullify: NULL. Constant: the literal's value.
 *   <li>Hash: the lower-case hexadecimal digest of the UTF-8 bytes of the salt followed by the
 *       value's text; the salt is {@link EvaluationOptions#salt()} for scopes GLOBAL and
 *       QUERY_LOCAL and nothing for NONE.
 *   <li>Partial: over code points, not UTF-16 chars. A value of at most {@code keepFirst} code
 *       points is shown whole. Otherwise the first {@code keepFirst}, then the fill, then the last
 *       {@code min(keepLast, length - keepFirst)}. With EACH_CHARACTER the fill is repeated once
 *       per hidden code point (so nothing is added when nothing is hidden); with ONCE it is written
 *       once whenever the value is longer than {@code keepFirst}, as {@code LEFT(v, f) || fill ||
 *       RIGHT(v, l)} does.
 *   <li>MaskCharacters: code points for which {@link Character#isUpperCase(int)} holds become
 *       {@code X}, {@link Character#isLowerCase(int)} {@code x}, {@link Character#isDigit(int)}
 *       {@code 0} (so Unicode letters and digits are masked too); everything else is kept.
 *   <li>Email: everything before the last {@code @} becomes {@code *****}; a value without
 *       {@code @} becomes {@code *****}.
 *   <li>RegexReplace: Java {@link java.util.regex.Matcher#replaceAll(String)} ({@code $1} group
 *       references).
 *   <li>DateTruncate: a LocalDate or LocalDateTime truncated to the start of the unit; weeks start
 *       on Monday, quarters in January, April, July and October. Units finer than a day leave a
 *       date unchanged. Text is parsed as a date or timestamp first.
 *   <li>Round: half-up to {@code digits} places (negative digits round to tens, hundreds…), as a
 *       BigDecimal.
 *   <li>Expression: the expression evaluated with {@link Expr.MaskedValue} bound to the value and
 *       other columns read from the row; an opaque part or a missing mapping table gives NULL.
 * </ul>
 *
 * <p>Text forms of non-text values: {@link BigDecimal#toPlainString()}, ISO dates ({@code
 * 2024-01-31}), SQL timestamps ({@code 2024-01-31 08:15:00}, fraction only when non-zero), {@code
 * true}/{@code false}. The text transforms (Hash, Partial, MaskCharacters, Email, RegexReplace)
 * return text.
 */
public final class Transforms {
  private static final int CACHE_LIMIT = 4096;
  private static final Map<Key, CompiledTransform> CACHE = new ConcurrentHashMap<>();

  private Transforms() {}

  /** A transform ready to apply to values of a row. */
  @FunctionalInterface
  public interface CompiledTransform {
    /**
     * The masked value. {@code row} and {@code lookups} matter only to {@link
     * Transform.Expression}, which may read other columns.
     *
     * @throws dev.passport.model.PassportException EVALUATION_ERROR when the value cannot be
     *     transformed (a non-number to Round, an unknown function in an expression)
     */
    Object apply(Object value, Row row, LookupSource lookups);
  }

  /** The transform compiled with default options (no salt). */
  public static CompiledTransform compile(Transform transform) {
    return compile(transform, EvaluationOptions.defaults());
  }

  /** The transform compiled, cached by value: equal transforms share one compiled form. */
  public static CompiledTransform compile(Transform transform, EvaluationOptions options) {
    requireNonNull(transform, "transform is null");
    requireNonNull(options, "options is null");
    Key key = new Key(transform, options);
    CompiledTransform cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    CompiledTransform compiled = build(transform, options);
    if (CACHE.size() >= CACHE_LIMIT) {
      // Transforms come from policies, so the set is small; a flood means per-query salts.
      CACHE.clear();
    }
    CACHE.put(key, compiled);
    return compiled;
  }

  /**
   * The transform as a function of the value alone. An {@link Transform.Expression} that reads
   * another column fails with EVALUATION_ERROR; use {@link #compile} for those.
   */
  public static Function<Object, Object> function(Transform transform, EvaluationOptions options) {
    CompiledTransform compiled = compile(transform, options);
    Row empty = Row.of(Map.of());
    return value -> compiled.apply(value, empty, LookupSource.none());
  }

  public static Function<Object, Object> function(Transform transform) {
    return function(transform, EvaluationOptions.defaults());
  }

  /** Applies the transform to one value with default options. */
  public static Object apply(Transform transform, Object value) {
    return compile(transform).apply(value, Row.of(Map.of()), LookupSource.none());
  }

  /** The text form of a value that the text transforms and hashing use; null for NULL. */
  public static String text(Object value) {
    return CompiledTransforms.text(value);
  }

  /**
   * The value as {@link Transform.Identity} returns it: in the domain of {@link Row}, other numbers
   * widened to BigDecimal. For callers that pass unmasked columns through without a call through
   * {@link CompiledTransform}.
   *
   * @throws dev.passport.model.PassportException EVALUATION_ERROR for a value of an unsupported
   *     type or a non-finite floating-point number
   */
  public static Object normalize(Object value) {
    return CompiledTransforms.normalize(value);
  }

  private static CompiledTransform build(Transform transform, EvaluationOptions options) {
    return CompiledTransforms.of(transform, options);
  }

  private record Key(Transform transform, EvaluationOptions options) {}
}
