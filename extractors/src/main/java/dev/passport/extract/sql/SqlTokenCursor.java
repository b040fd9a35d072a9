package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ErrorCode;
import dev.passport.model.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the envelope of a DDL statement token by token, for statements JSqlParser does not parse
 * (PostgreSQL {@code ALTER POLICY}, {@code CREATE ROLE}; Redshift {@code CREATE RLS POLICY}, {@code
 * ATTACH MASKING POLICY}). Expressions inside it are cut out as {@link TextSpan}s with {@link
 * #parenthesised()} and handed to {@link SqlExpressionConverter} with their location.
 *
 * <pre>{@code
 * SqlTokenCursor cursor = SqlTokenCursor.of(statement, SqlDialect.REDSHIFT);
 * cursor.expectWords("CREATE", "RLS", "POLICY");
 * QualifiedName name = cursor.qualifiedName();
 * if (cursor.acceptWords("WITH")) { TextSpan columns = cursor.parenthesised(); }
 * }</pre>
 *
 * <p>Errors are {@link ParseException}s with {@link ErrorCode#PARSE_ERROR} at the file position of
 * the token where reading stopped.
 */
public final class SqlTokenCursor {
  private final SqlStatement statement;
  private final SqlDialect dialect;
  private final List<SqlToken> tokens;
  private int index;

  private SqlTokenCursor(SqlStatement statement, SqlDialect dialect) {
    this.statement = requireNonNull(statement, "statement is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.tokens = SqlLexer.significantTokens(statement.text(), dialect);
  }

  /** A cursor at the first token of the statement. */
  public static SqlTokenCursor of(SqlStatement statement, SqlDialect dialect) {
    return new SqlTokenCursor(statement, dialect);
  }

  public SqlStatement statement() {
    return statement;
  }

  public SqlDialect dialect() {
    return dialect;
  }

  public boolean atEnd() {
    return index >= tokens.size();
  }

  /** The current token, if any. */
  public Optional<SqlToken> peek() {
    return peek(0);
  }

  /** The token {@code ahead} tokens after the current one, if any. */
  public Optional<SqlToken> peek(int ahead) {
    int at = index + ahead;
    return at >= 0 && at < tokens.size() ? Optional.of(tokens.get(at)) : Optional.empty();
  }

  /** The current token; the cursor moves past it. */
  public SqlToken next() {
    if (atEnd()) {
      throw error("unexpected end of statement");
    }
    return tokens.get(index++);
  }

  /** Whether the next tokens are these words (any case), without moving. */
  public boolean peekWords(String... words) {
    for (int offset = 0; offset < words.length; offset++) {
      Optional<SqlToken> token = peek(offset);
      if (token.isEmpty() || !token.get().isWord(words[offset])) {
        return false;
      }
    }
    return true;
  }

  /** Moves past these words when they come next; tells whether they did. */
  public boolean acceptWords(String... words) {
    if (!peekWords(words)) {
      return false;
    }
    index += words.length;
    return true;
  }

  /** Moves past these words, or fails. */
  public void expectWords(String... words) {
    if (!acceptWords(words)) {
      throw error("expected " + String.join(" ", words).toUpperCase(Locale.ROOT));
    }
  }

  public boolean peekSymbol(String symbol) {
    return peek().map(token -> token.isSymbol(symbol)).orElse(false);
  }

  /** Moves past the symbol when it comes next; tells whether it did. */
  public boolean acceptSymbol(String symbol) {
    if (!peekSymbol(symbol)) {
      return false;
    }
    index++;
    return true;
  }

  /** Moves past the symbol, or fails. */
  public void expectSymbol(String symbol) {
    if (!acceptSymbol(symbol)) {
      throw error("expected '" + symbol + "'");
    }
  }

  /** Whether the next token can name an object. */
  public boolean peekIdentifier() {
    return peek().map(SqlToken::isIdentifier).orElse(false);
  }

  /** The next token as one normalised identifier. */
  public String identifier() {
    if (!peekIdentifier()) {
      throw error("expected a name");
    }
    return dialect.identifiers().normalise(next().text());
  }

  /** A dotted name: identifiers separated by dots. */
  public QualifiedName qualifiedName() {
    int start = peek().map(SqlToken::offset).orElse(statement.text().length());
    List<String> parts = new ArrayList<>();
    parts.add(identifier());
    while (peekSymbol(".") && peek(1).map(SqlToken::isIdentifier).orElse(false)) {
      index++;
      parts.add(identifier());
    }
    int end = tokens.get(index - 1).end();
    return new QualifiedName(parts, statement.text().substring(start, end));
  }

  /**
   * The text between the next {@code (} and its matching {@code )}, which must come next; the
   * cursor moves past the closing parenthesis.
   */
  public TextSpan parenthesised() {
    if (!peekSymbol("(")) {
      throw error("expected '('");
    }
    SqlToken open = next();
    int depth = 1;
    while (!atEnd()) {
      SqlToken token = next();
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
        if (depth == 0) {
          return new TextSpan(statement.text().substring(open.end(), token.offset()), open.end());
        }
      }
    }
    throw errorAt(open.offset(), "unbalanced parentheses");
  }

  /** Moves past tokens up to (not including) the next of these words at parenthesis depth 0. */
  public TextSpan until(String... words) {
    int start = peek().map(SqlToken::offset).orElse(statement.text().length());
    int end = start;
    int depth = 0;
    while (!atEnd()) {
      SqlToken token = peek().get();
      if (depth == 0) {
        for (String word : words) {
          if (token.isWord(word)) {
            return new TextSpan(statement.text().substring(start, end), start);
          }
        }
      }
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      }
      end = token.end();
      index++;
    }
    return new TextSpan(statement.text().substring(start, end), start);
  }

  /** The rest of the statement's text from the current token; the cursor moves to the end. */
  public TextSpan rest() {
    int start = peek().map(SqlToken::offset).orElse(statement.text().length());
    index = tokens.size();
    return new TextSpan(statement.text().substring(start), start);
  }

  /** The offset in the statement of the current token (the text's length at the end). */
  public int offset() {
    return peek().map(SqlToken::offset).orElse(statement.text().length());
  }

  /** Where a statement offset is in the file. */
  public SqlLocation locationAt(int offsetInStatement) {
    return statement.locationAt(dialect.system(), offsetInStatement);
  }

  /** A PARSE_ERROR at the current token. */
  public ParseException error(String problem) {
    return errorAt(offset(), problem);
  }

  /** A PARSE_ERROR at a statement offset. */
  public ParseException errorAt(int offsetInStatement, String problem) {
    return locationAt(offsetInStatement).error(ErrorCode.PARSE_ERROR, problem);
  }
}
