package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A lexical token of SQL text: its kind, its exact text and its offset in the text it was read
 * from.
 */
public record SqlToken(SqlTokenKind kind, String text, int offset) {
  public SqlToken {
    requireNonNull(kind, "kind is null");
    requireNonNull(text, "text is null");
    if (offset < 0) {
      throw new IllegalArgumentException("offset is negative: " + offset);
    }
  }

  /** Offset just past the token. */
  public int end() {
    return offset + text.length();
  }

  /** Whether this is the unquoted word, ignoring case. */
  public boolean isWord(String word) {
    return kind == SqlTokenKind.WORD && text.equalsIgnoreCase(word);
  }

  /** Whether this is the symbol. */
  public boolean isSymbol(String symbol) {
    return kind == SqlTokenKind.SYMBOL && text.equals(symbol);
  }

  /** Whether this token can name an object (an unquoted word or a quoted identifier). */
  public boolean isIdentifier() {
    return kind == SqlTokenKind.WORD || kind == SqlTokenKind.QUOTED_IDENTIFIER;
  }

  /**
   * The value of a string literal: quotes removed, {@code ''} undoubled, backslash escapes of
   * {@code E'…'} strings decoded, dollar quotes removed. Other tokens give their text.
   */
  public String stringValue() {
    if (kind != SqlTokenKind.STRING) {
      return text;
    }
    if (text.startsWith("$")) {
      int tagEnd = text.indexOf('$', 1);
      int tagLength = tagEnd + 1;
      if (text.length() >= 2 * tagLength) {
        return text.substring(tagLength, text.length() - tagLength);
      }
      return text.substring(tagLength);
    }
    boolean escapes = text.charAt(0) == 'E' || text.charAt(0) == 'e';
    int start = text.indexOf('\'') + 1;
    int end = text.length() > start && text.endsWith("'") ? text.length() - 1 : text.length();
    String body = text.substring(start, Math.max(start, end));
    if (!escapes) {
      return body.replace("''", "'");
    }
    return decodeEscapes(body);
  }

  /** The word in lower case, for keyword comparisons. */
  public String lowerText() {
    return text.toLowerCase(Locale.ROOT);
  }

  private static String decodeEscapes(String body) {
    StringBuilder value = new StringBuilder(body.length());
    for (int index = 0; index < body.length(); index++) {
      char character = body.charAt(index);
      if (character == '\'' && index + 1 < body.length() && body.charAt(index + 1) == '\'') {
        value.append('\'');
        index++;
      } else if (character == '\\' && index + 1 < body.length()) {
        char next = body.charAt(++index);
        switch (next) {
          case 'n' -> value.append('\n');
          case 't' -> value.append('\t');
          case 'r' -> value.append('\r');
          case 'b' -> value.append('\b');
          case 'f' -> value.append('\f');
          default -> value.append(next);
        }
      } else {
        value.append(character);
      }
    }
    return value.toString();
  }
}
