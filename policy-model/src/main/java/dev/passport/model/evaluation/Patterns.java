package dev.passport.model.evaluation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiled regular expressions and LIKE patterns, cached so rows never recompile them. */
final class Patterns {
  private static final int LIMIT = 4096;
  private static final Map<String, Pattern> REGEX = new ConcurrentHashMap<>();
  private static final Map<String, Pattern> LIKE = new ConcurrentHashMap<>();
  private static final Map<String, Pattern> LIKE_IGNORING_CASE = new ConcurrentHashMap<>();

  private Patterns() {}

  static Pattern regex(String pattern, boolean ignoreCase) {
    String key = (ignoreCase ? "i:" : "c:") + pattern;
    Pattern cached = REGEX.get(key);
    if (cached != null) {
      return cached;
    }
    Pattern compiled;
    try {
      compiled =
          ignoreCase
              ? Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
              : Pattern.compile(pattern);
    } catch (PatternSyntaxException exception) {
      throw SqlValues.error(
          "Invalid regular expression '" + pattern + "': " + exception.getMessage());
    }
    return remember(REGEX, key, compiled);
  }

  /** SQL LIKE: {@code %} any run, {@code _} one character, {@code \} escapes the next one. */
  static Pattern like(String pattern, boolean ignoreCase) {
    Map<String, Pattern> cache = ignoreCase ? LIKE_IGNORING_CASE : LIKE;
    Pattern cached = cache.get(pattern);
    if (cached != null) {
      return cached;
    }
    StringBuilder regex = new StringBuilder();
    int index = 0;
    while (index < pattern.length()) {
      int codePoint = pattern.codePointAt(index);
      index += Character.charCount(codePoint);
      if (codePoint == '\\') {
        if (index >= pattern.length()) {
          throw SqlValues.error("LIKE pattern ends with an escape: '" + pattern + "'");
        }
        int escaped = pattern.codePointAt(index);
        index += Character.charCount(escaped);
        regex.append(Pattern.quote(new String(Character.toChars(escaped))));
      } else if (codePoint == '%') {
        regex.append(".*");
      } else if (codePoint == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(new String(Character.toChars(codePoint))));
      }
    }
    int flags = Pattern.DOTALL;
    if (ignoreCase) {
      flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    }
    return remember(cache, pattern, Pattern.compile(regex.toString(), flags));
  }

  private static Pattern remember(Map<String, Pattern> cache, String key, Pattern pattern) {
    if (cache.size() >= LIMIT) {
      // Patterns come from policies, so the set is small; a flood means generated patterns.
      cache.clear();
    }
    cache.put(key, pattern);
    return pattern;
  }
}
