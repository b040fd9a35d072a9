package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into {@link SqlToken}s under a dialect's lexical rules: single-quoted strings with
 * {@code ''}, {@code E'…'} strings with backslash escapes, double-quoted identifiers, dollar quotes
 * ({@code $$…$$}, {@code $tag$…$tag$}), {@code --} and block comments (nested where the dialect
 * nests them), a leading UTF-8 byte order mark, and psql meta-command lines; and, where the dialect
 * says so, backslash escapes in {@code '…'} strings, Snowflake's {@code //} comments, Hive and
 * Spark quoting ({@code "…"} strings with escapes too, {@code `…`} identifiers), Spark's raw
 * strings and its {@code --} comments continued by a backslash.
 *
 * <p>It never fails: an unterminated string, identifier or comment runs to the end of the text, and
 * the parser that reads the tokens reports the problem. It is linear in the text's length.
 */
public final class SqlLexer {
  private static final String OPERATOR_CHARACTERS = "+-*/<>=~!@#%^&|`?";

  private final String text;
  private final SqlDialect dialect;
  private int position;

  private SqlLexer(String text, SqlDialect dialect) {
    this.text = text;
    this.dialect = dialect;
  }

  /** All tokens of the text, comments and meta-commands included, in order. */
  public static List<SqlToken> tokenize(String text, SqlDialect dialect) {
    requireNonNull(text, "text is null");
    requireNonNull(dialect, "dialect is null");
    return new SqlLexer(text, dialect).run();
  }

  /** The tokens of the text without comments and meta-commands. */
  public static List<SqlToken> significantTokens(String text, SqlDialect dialect) {
    List<SqlToken> significant = new ArrayList<>();
    for (SqlToken token : tokenize(text, dialect)) {
      if (token.kind() != SqlTokenKind.COMMENT && token.kind() != SqlTokenKind.META_COMMAND) {
        significant.add(token);
      }
    }
    return significant;
  }

  private List<SqlToken> run() {
    List<SqlToken> tokens = new ArrayList<>();
    if (text.startsWith("\uFEFF")) {
      position = 1;
    }
    while (position < text.length()) {
      char character = text.charAt(position);
      if (Character.isWhitespace(character)) {
        position++;
        continue;
      }
      int start = position;
      SqlTokenKind kind = next(character);
      tokens.add(new SqlToken(kind, text.substring(start, position), start));
    }
    return tokens;
  }

  private SqlTokenKind next(char character) {
    if (character == '\\' && dialect.psqlMetaCommands() && atLineStart(position)) {
      skipToLineEnd();
      return SqlTokenKind.META_COMMAND;
    }
    if (character == '-' && peek(1) == '-') {
      skipToLineEnd();
      while (dialect.lineCommentContinuation()
          && position > 0
          && text.charAt(position - 1) == '\\'
          && peek(0) == '\n') {
        position++;
        skipToLineEnd();
      }
      return SqlTokenKind.COMMENT;
    }
    if (character == '/' && peek(1) == '*') {
      skipBlockComment();
      return SqlTokenKind.COMMENT;
    }
    if (character == '/' && peek(1) == '/' && dialect.doubleSlashComments()) {
      skipToLineEnd();
      return SqlTokenKind.COMMENT;
    }
    if ((character == 'R' || character == 'r')
        && (peek(1) == '\'' || peek(1) == '"')
        && dialect.rawStrings()
        && !identifierCharacterBefore(position)) {
      char quote = peek(1);
      int close = text.indexOf(quote, position + 2);
      position = close < 0 ? text.length() : close + 1;
      return SqlTokenKind.STRING;
    }
    if (dialect.hiveQuoting()) {
      if (character == '\'' || character == '"') {
        skipQuoted(character, true);
        return SqlTokenKind.STRING;
      }
      if (character == '`') {
        skipQuoted('`', false);
        return SqlTokenKind.QUOTED_IDENTIFIER;
      }
    }
    if (character == '\'') {
      skipQuoted('\'', dialect.backslashEscapes());
      return SqlTokenKind.STRING;
    }
    if ((character == 'E' || character == 'e')
        && peek(1) == '\''
        && dialect.escapeStrings()
        && !identifierCharacterBefore(position)) {
      position++;
      skipQuoted('\'', true);
      return SqlTokenKind.STRING;
    }
    if (character == '"') {
      skipQuoted('"', false);
      return SqlTokenKind.QUOTED_IDENTIFIER;
    }
    if (character == '$') {
      if (Character.isDigit(peek(1))) {
        position++;
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
          position++;
        }
        return SqlTokenKind.PARAMETER;
      }
      if (dialect.dollarQuotes()) {
        int tagEnd = dollarTagEnd(position);
        if (tagEnd > 0) {
          String tag = text.substring(position, tagEnd);
          int close = text.indexOf(tag, tagEnd);
          position = close < 0 ? text.length() : close + tag.length();
          return SqlTokenKind.STRING;
        }
      }
      position++;
      return SqlTokenKind.SYMBOL;
    }
    if (Character.isLetter(character) || character == '_' || character > 127) {
      while (position < text.length() && isIdentifierPart(text.charAt(position))) {
        position++;
      }
      return SqlTokenKind.WORD;
    }
    if (Character.isDigit(character) || (character == '.' && Character.isDigit(peek(1)))) {
      skipNumber();
      return SqlTokenKind.NUMBER;
    }
    if (character == ':' && peek(1) == ':') {
      position += 2;
      return SqlTokenKind.SYMBOL;
    }
    if (OPERATOR_CHARACTERS.indexOf(character) >= 0) {
      position++;
      while (position < text.length()
          && OPERATOR_CHARACTERS.indexOf(text.charAt(position)) >= 0
          && !(text.charAt(position) == '-' && peek(1) == '-')
          && !(text.charAt(position) == '/' && peek(1) == '*')
          && !(text.charAt(position) == '/' && peek(1) == '/' && dialect.doubleSlashComments())
          && !(text.charAt(position) == '`' && dialect.hiveQuoting())) {
        position++;
      }
      return SqlTokenKind.SYMBOL;
    }
    position++;
    return SqlTokenKind.SYMBOL;
  }

  private char peek(int ahead) {
    int index = position + ahead;
    return index < text.length() ? text.charAt(index) : '\0';
  }

  private boolean atLineStart(int index) {
    for (int back = index - 1; back >= 0; back--) {
      char character = text.charAt(back);
      if (character == '\n' || character == '\r') {
        return true;
      }
      if (!Character.isWhitespace(character) && character != '\uFEFF') {
        return false;
      }
    }
    return true;
  }

  private boolean identifierCharacterBefore(int index) {
    return index > 0 && isIdentifierPart(text.charAt(index - 1));
  }

  private static boolean isIdentifierPart(char character) {
    return Character.isLetterOrDigit(character)
        || character == '_'
        || character == '$'
        || character > 127;
  }

  private void skipToLineEnd() {
    while (position < text.length()
        && text.charAt(position) != '\n'
        && text.charAt(position) != '\r') {
      position++;
    }
  }

  private void skipBlockComment() {
    position += 2;
    int depth = 1;
    while (position < text.length()) {
      if (text.charAt(position) == '*' && peek(1) == '/') {
        position += 2;
        depth--;
        if (depth == 0 || !dialect.nestedBlockComments()) {
          return;
        }
      } else if (dialect.nestedBlockComments() && text.charAt(position) == '/' && peek(1) == '*') {
        position += 2;
        depth++;
      } else {
        position++;
      }
    }
  }

  private void skipQuoted(char quote, boolean backslashEscapes) {
    position++;
    while (position < text.length()) {
      char character = text.charAt(position);
      if (backslashEscapes && character == '\\') {
        position += 2;
      } else if (character == quote) {
        if (peek(1) == quote) {
          position += 2;
        } else {
          position++;
          return;
        }
      } else {
        position++;
      }
    }
    position = Math.min(position, text.length());
  }

  private int dollarTagEnd(int start) {
    if (identifierCharacterBefore(start)) {
      return -1;
    }
    int index = start + 1;
    if (index < text.length() && Character.isDigit(text.charAt(index))) {
      return -1;
    }
    while (index < text.length()) {
      char character = text.charAt(index);
      if (character == '$') {
        return index + 1;
      }
      if (!(Character.isLetterOrDigit(character) || character == '_')) {
        return -1;
      }
      index++;
    }
    return -1;
  }

  private void skipNumber() {
    while (position < text.length()
        && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
      if (text.charAt(position) == '.' && peek(1) == '.') {
        return;
      }
      position++;
    }
    if (position < text.length()
        && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
      int save = position;
      position++;
      if (position < text.length()
          && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
        position++;
      }
      if (position < text.length() && Character.isDigit(text.charAt(position))) {
        while (position < text.length() && Character.isDigit(text.charAt(position))) {
          position++;
        }
      } else {
        position = save;
      }
    }
  }
}
