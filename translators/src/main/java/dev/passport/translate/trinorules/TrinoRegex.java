package dev.passport.translate.trinorules;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Principal and object names as the anchored Java regular expressions Trino's rules match with.
 * ASCII punctuation is escaped with a backslash (legal before any non-letter in Java regex);
 * letters and digits, ASCII or not, stay as they are, since a backslash before a letter may mean a
 * class.
 */
public final class TrinoRegex {
  private TrinoRegex() {}

  /** {@code ^name$} with the name's metacharacters escaped. */
  public static String exactly(String name) {
    return "^" + escape(requireNonNull(name, "name is null")) + "$";
  }

  /** {@code ^(?:a|b)$}, or {@link #exactly} for one name. */
  public static String anyOf(List<String> names) {
    requireNonNull(names, "names is null");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no names");
    }
    if (names.size() == 1) {
      return exactly(names.get(0));
    }
    StringBuilder regex = new StringBuilder("^(?:");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        regex.append('|');
      }
      regex.append(escape(names.get(i)));
    }
    return regex.append(")$").toString();
  }

  static String escape(String name) {
    StringBuilder escaped = new StringBuilder();
    name.codePoints()
        .forEach(
            codePoint -> {
              if (codePoint < 128
                  && !Character.isLetterOrDigit(codePoint)
                  && codePoint != '_'
                  && codePoint != ' ') {
                escaped.append('\\');
              }
              escaped.appendCodePoint(codePoint);
            });
    return escaped.toString();
  }
}
