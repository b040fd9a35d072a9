package dev.passport.enforce.rewrite;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlLexer;
import dev.passport.extract.sql.SqlToken;
import dev.passport.extract.sql.SqlTokenKind;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A query as JSqlParser must see it so that it reads the statement the target engine reads.
 *
 * <p>JSqlParser reads strings and comments by standard SQL's rules and PostgreSQL's {@code $$}.
 * Engines differ: PostgreSQL's {@code $tag$…$tag$} and {@code E'…'}, backslash escapes inside
 * {@code '…'} in Snowflake, Redshift, Hive and Spark, Snowflake's {@code //} comments, Spark's raw
 * strings and its {@code --} comments that a line-ending backslash carries on to the next line.
 * Left to JSqlParser, {@code SELECT 'a\'', ssn FROM t -- '} is one literal and no table, while
 * Snowflake and Spark read {@code t}; a continued comment can hide a {@code UNION} that Spark runs
 * (each found by running it, on Spark, or by JSqlParser's own reading). So the query is cut by the
 * lexer under the engine's rules, and JSqlParser is given
 *
 * <ul>
 *   <li>each comment as blank space (newlines kept, so error lines stay right);
 *   <li>each string literal that another reader could cut differently (one holding a backslash
 *       where backslashes escape, a dollar-quoted, escape or raw string) as a placeholder literal
 *       of letters, digits and underscores that no reading can split, put back as written after
 *       printing. Columns reported after one on the same line may shift.
 * </ul>
 *
 * A Spark or Hive {@code "…"} string holding a backslash is refused: with {@code
 * spark.sql.ansi.doubleQuotedIdentifiers} Spark reads it as an identifier without escapes, so the
 * statement's shape depends on a session setting the rewriter cannot see.
 *
 * <p>The placeholders carry a random nonce drawn per query, so neither the statement nor the policy
 * text the rewrite adds can forge one; a placeholder that does not come back exactly is refused.
 */
final class ParserInput {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String forParser;
  private final String marker;
  private final List<String> literals;

  private ParserInput(String forParser, String marker, List<String> literals) {
    this.forParser = forParser;
    this.marker = marker;
    this.literals = List.copyOf(literals);
  }

  /**
   * Cuts the query under the engine's lexical rules.
   *
   * @throws dev.passport.model.PassportException NOT_SUPPORTED for a Spark or Hive {@code "…"}
   *     string holding a backslash
   */
  static ParserInput of(String query, SqlDialect dialect) {
    requireNonNull(query, "query is null");
    requireNonNull(dialect, "dialect is null");
    List<SqlToken> tokens = SqlLexer.tokenize(query, dialect);
    String marker = "passport_literal_" + nonce(query) + "_";
    StringBuilder text = new StringBuilder(query.length());
    List<String> literals = new ArrayList<>();
    int copied = 0;
    for (SqlToken token : tokens) {
      String written = token.text();
      String replacement = null;
      if (token.kind() == SqlTokenKind.COMMENT) {
        replacement = blank(written);
      } else if (token.kind() == SqlTokenKind.STRING
          && dialect.hiveQuoting()
          && written.charAt(0) == '"'
          && written.indexOf('\\') >= 0) {
        throw QueryRewriter.refuse(
            "a backslash inside a double-quoted string ("
                + written
                + "), which Spark reads as a string or, with ANSI double-quoted identifiers, as"
                + " an identifier without escapes");
      } else if (token.kind() == SqlTokenKind.STRING && readDifferently(written, dialect)) {
        replacement = placeholder(marker, literals, written);
      }
      if (replacement != null) {
        text.append(query, copied, token.offset()).append(replacement);
        copied = token.end();
      }
    }
    text.append(query, copied, query.length());
    return new ParserInput(text.toString(), marker, literals);
  }

  /** The text to give JSqlParser. */
  String forParser() {
    return forParser;
  }

  /**
   * The printed statement with each placeholder replaced by its literal as written.
   *
   * @throws dev.passport.model.PassportException NOT_SUPPORTED when a placeholder is missing or the
   *     marker appears in any other form
   */
  String restore(String printed) {
    if (literals.isEmpty()) {
      return printed;
    }
    StringBuilder restored = new StringBuilder(printed.length());
    boolean[] seen = new boolean[literals.size()];
    int copied = 0;
    int at = printed.indexOf(marker);
    while (at >= 0) {
      int digits = at + marker.length();
      int end = digits;
      while (end < printed.length() && Character.isDigit(printed.charAt(end))) {
        end++;
      }
      boolean quoted =
          at > 0
              && printed.charAt(at - 1) == '\''
              && end > digits
              && end < printed.length()
              && printed.charAt(end) == '\'';
      int index = quoted ? parseIndex(printed.substring(digits, end)) : -1;
      if (index < 0 || index >= literals.size()) {
        throw QueryRewriter.refuse("the rewritten statement (a string literal did not come back)");
      }
      seen[index] = true;
      restored.append(printed, copied, at - 1).append(literals.get(index));
      copied = end + 1;
      at = printed.indexOf(marker, copied);
    }
    for (boolean found : seen) {
      if (!found) {
        throw QueryRewriter.refuse("the rewritten statement (a string literal went missing)");
      }
    }
    return restored.append(printed, copied, printed.length()).toString();
  }

  private static String placeholder(String marker, List<String> literals, String written) {
    literals.add(written);
    return "'" + marker + (literals.size() - 1) + "'";
  }

  /** Whether JSqlParser, which reads standard strings and {@code $$…$$}, could cut it otherwise. */
  private static boolean readDifferently(String written, SqlDialect dialect) {
    char first = written.charAt(0);
    boolean prefixed = first != '\'' && first != '"';
    boolean escapes = dialect.backslashEscapes() || dialect.hiveQuoting();
    return prefixed || (escapes && written.indexOf('\\') >= 0);
  }

  private static String blank(String comment) {
    StringBuilder blank = new StringBuilder(comment.length());
    for (int index = 0; index < comment.length(); index++) {
      char character = comment.charAt(index);
      blank.append(character == '\n' || character == '\r' ? character : ' ');
    }
    return blank.toString();
  }

  private static int parseIndex(String digits) {
    if (digits.length() > 9) {
      return -1;
    }
    return Integer.parseInt(digits);
  }

  /** Random hex, drawn again in the (vanishing) case that the query already holds it. */
  private static String nonce(String query) {
    byte[] bytes = new byte[12];
    String nonce;
    do {
      RANDOM.nextBytes(bytes);
      nonce = HexFormat.of().formatHex(bytes);
    } while (query.contains(nonce));
    return nonce;
  }
}
