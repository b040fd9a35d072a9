package dev.passport.model;

import static java.util.Objects.requireNonNull;

/**
 * SQL text, such as opaque SQL or a view's definition, spelled one way, so that texts that differ
 * only in layout and in the case of keywords compare equal.
 */
public final class SqlText {
  private SqlText() {}

  /**
   * {@code sql} with runs of whitespace collapsed to one space, leading whitespace and any space
   * before one of {@code tight} or after {@code (} dropped, and everything outside quotes in lower
   * case (keywords and unquoted identifiers are case-blind). Quoted text is kept as written.
   *
   * @param tight the characters a space before which means nothing, e.g. {@code "(),"}
   */
  public static String normalise(String sql, String tight) {
    requireNonNull(sql, "sql is null");
    requireNonNull(tight, "tight is null");
    StringBuilder out = new StringBuilder(sql.length());
    char quote = 0;
    boolean pendingSpace = false;
    for (int index = 0; index < sql.length(); index++) {
      char character = sql.charAt(index);
      if (quote != 0) {
        out.append(character);
        if (character == quote) {
          quote = 0;
        }
        continue;
      }
      if (Character.isWhitespace(character)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace && tight.indexOf(character) < 0 && out.charAt(out.length() - 1) != '(') {
        out.append(' ');
      }
      pendingSpace = false;
      if (character == '\'' || character == '"') {
        quote = character;
        out.append(character);
      } else {
        out.append(Character.toLowerCase(character));
      }
    }
    return out.toString();
  }
}
