package dev.passport.enforce.rewrite;

import dev.passport.extract.sql.SqlLexer;
import dev.passport.extract.sql.SqlToken;
import dev.passport.extract.sql.SqlTokenKind;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.translate.sql.SqlDialect;
import java.util.List;

/**
 * Hand-written recognisers for the statements that move data out of a query, which JSqlParser
 * cannot parse (UNLOAD, COPY INTO) or whose target must not be rewritten (CTAS, INSERT … SELECT):
 * the envelope is kept byte for byte and only the inner query is handed on.
 */
final class Envelopes {
  private Envelopes() {}

  /** A statement split into envelope text around one inner query. */
  record Envelope(String kind, String prefix, String query, String suffix, boolean quoted) {
    /** The statement with the inner query replaced; a quoted query is escaped back. */
    String wrap(String rewritten) {
      if (!quoted) {
        return prefix + rewritten + suffix;
      }
      if (rewritten.indexOf('\\') >= 0) {
        throw new PassportException(
            ErrorCode.NOT_SUPPORTED,
            "The rewritten UNLOAD query holds a backslash, whose meaning inside the UNLOAD"
                + " literal cannot be proved; the statement is refused");
      }
      return prefix + "'" + rewritten.replace("'", "''") + "'" + suffix;
    }
  }

  /**
   * The envelope of one statement, or a plain query when there is none.
   *
   * @throws PassportException NOT_SUPPORTED for statement kinds that are not data movement
   */
  static Envelope recognise(
      String sql, SqlDialect dialect, dev.passport.extract.sql.SqlDialect lexicalDialect) {
    List<SqlToken> tokens = SqlLexer.significantTokens(sql, lexicalDialect);
    int end = tokens.size();
    // Trailing semicolons are tolerated; anything after one is a second statement.
    while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
      end--;
    }
    for (int index = 0; index < end; index++) {
      if (tokens.get(index).isSymbol(";")) {
        throw refuse("more than one statement");
      }
    }
    if (end == 0) {
      throw new PassportException(ErrorCode.INVALID_ARGUMENT, "The statement is empty");
    }
    tokens = tokens.subList(0, end);
    int stop = tokens.get(end - 1).end();
    SqlToken first = tokens.get(0);
    if (first.isWord("select") || first.isWord("with") || first.isSymbol("(")) {
      return new Envelope(
          "query",
          sql.substring(0, first.offset()),
          sql.substring(first.offset(), stop),
          sql.substring(stop),
          false);
    }
    if (first.isWord("unload")) {
      return unload(sql, tokens, dialect, stop);
    }
    if (first.isWord("copy")) {
      return copy(sql, tokens, dialect, stop);
    }
    if (first.isWord("create")) {
      return createAs(sql, tokens, stop);
    }
    if (first.isWord("insert")) {
      return insertSelect(sql, tokens, stop);
    }
    throw refuse("a statement starting with " + first.text().toUpperCase(java.util.Locale.ROOT));
  }

  private static Envelope unload(String sql, List<SqlToken> tokens, SqlDialect dialect, int stop) {
    if (dialect != SqlDialect.REDSHIFT) {
      throw refuse("UNLOAD outside Redshift");
    }
    if (tokens.size() < 4
        || !tokens.get(1).isSymbol("(")
        || tokens.get(2).kind() != SqlTokenKind.STRING
        || !tokens.get(2).text().startsWith("'")
        || !tokens.get(3).isSymbol(")")) {
      throw refuse("an UNLOAD that is not UNLOAD ('query') …");
    }
    SqlToken literal = tokens.get(2);
    String body = literal.text().substring(1, literal.text().length() - 1);
    if (body.indexOf('\\') >= 0) {
      throw refuse("an UNLOAD query holding a backslash (its escaping is ambiguous)");
    }
    String query = body.replace("''", "'");
    return new Envelope(
        "unload", sql.substring(0, literal.offset()), query, sql.substring(literal.end()), true);
  }

  private static Envelope copy(String sql, List<SqlToken> tokens, SqlDialect dialect, int stop) {
    if (dialect == SqlDialect.SNOWFLAKE) {
      // COPY INTO @stage|'location'|table FROM ( query ) options…
      if (tokens.size() < 2 || !tokens.get(1).isWord("into")) {
        throw refuse("a COPY that is not COPY INTO");
      }
      int depth = 0;
      for (int index = 2; index < tokens.size(); index++) {
        SqlToken token = tokens.get(index);
        if (token.isSymbol("(")) {
          depth++;
        } else if (token.isSymbol(")")) {
          depth--;
        } else if (depth == 0 && token.isWord("from")) {
          if (index + 1 >= tokens.size() || !tokens.get(index + 1).isSymbol("(")) {
            throw refuse("a COPY INTO that loads from files rather than a query");
          }
          return parenthesised(sql, tokens, index + 1, "copy into");
        }
      }
      throw refuse("a COPY INTO without FROM ( query )");
    }
    if (dialect == SqlDialect.POSTGRESQL && tokens.size() > 1 && tokens.get(1).isSymbol("(")) {
      return parenthesised(sql, tokens, 1, "copy");
    }
    throw refuse(
        "this form of COPY (only COPY ( query ) TO in PostgreSQL and COPY INTO … FROM ( query ) in Snowflake)");
  }

  private static Envelope parenthesised(String sql, List<SqlToken> tokens, int open, String kind) {
    int depth = 0;
    for (int index = open; index < tokens.size(); index++) {
      SqlToken token = tokens.get(index);
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
        if (depth == 0) {
          SqlToken start = tokens.get(open + 1);
          SqlToken close = token;
          return new Envelope(
              kind,
              sql.substring(0, start.offset()),
              sql.substring(start.offset(), close.offset()),
              sql.substring(close.offset()),
              false);
        }
      }
    }
    throw refuse("an unbalanced parenthesis in " + kind.toUpperCase(java.util.Locale.ROOT));
  }

  private static Envelope createAs(String sql, List<SqlToken> tokens, int stop) {
    boolean table = false;
    int depth = 0;
    for (int index = 1; index < tokens.size(); index++) {
      SqlToken token = tokens.get(index);
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && token.isWord("table")) {
        table = true;
      } else if (depth == 0
          && index > 0
          && tokens.get(index - 1).isWord("materialized")
          && token.isWord("view")) {
        table = true;
      } else if (depth == 0 && token.isWord("as") && index + 1 < tokens.size()) {
        SqlToken next = tokens.get(index + 1);
        if (!table) {
          throw refuse("CREATE of something other than a table or materialized view");
        }
        if (next.isWord("select") || next.isWord("with") || next.isSymbol("(")) {
          int end = tokens.size();
          // PostgreSQL's trailing WITH [NO] DATA belongs to the envelope.
          if (end - 2 > index
              && tokens.get(end - 1).isWord("data")
              && (tokens.get(end - 2).isWord("with")
                  || (tokens.get(end - 2).isWord("no") && tokens.get(end - 3).isWord("with")))) {
            end -= tokens.get(end - 2).isWord("no") ? 3 : 2;
          }
          int queryEnd = tokens.get(end - 1).end();
          return new Envelope(
              "create table as",
              sql.substring(0, next.offset()),
              sql.substring(next.offset(), queryEnd),
              sql.substring(queryEnd),
              false);
        }
      }
    }
    throw refuse("a CREATE statement without AS query");
  }

  private static Envelope insertSelect(String sql, List<SqlToken> tokens, int stop) {
    int depth = 0;
    for (int index = 1; index < tokens.size(); index++) {
      SqlToken token = tokens.get(index);
      boolean queryStart =
          token.isWord("select")
              || token.isWord("with")
              || (token.isSymbol("(")
                  && index + 1 < tokens.size()
                  && (tokens.get(index + 1).isWord("select")
                      || tokens.get(index + 1).isWord("with")));
      if (depth == 0 && queryStart) {
        return new Envelope(
            "insert select",
            sql.substring(0, token.offset()),
            sql.substring(token.offset(), stop),
            sql.substring(stop),
            false);
      }
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && token.isWord("values")) {
        throw refuse("INSERT … VALUES (only INSERT … SELECT moves data)");
      }
    }
    throw refuse("an INSERT without a query");
  }

  static PassportException refuse(String construct) {
    return QueryRewriter.refuse(construct);
  }
}
