package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Splits a SQL script into statements at the semicolons that are outside strings, quoted
 * identifiers, dollar quotes and comments, following the dialect's lexical rules (see {@link
 * SqlLexer}). Each statement keeps the one-based line and column of its first character in the
 * file, so that later errors and origins point into the file; {@link
 * SqlStatement#locationAt(dev.passport.model.SystemKind, int)} maps an offset inside a statement
 * back to a file position.
 *
 * <p>Comments between statements are dropped; a leading UTF-8 byte order mark is ignored (it does
 * not count as a column); psql meta-command lines (a backslash first on the line) are skipped, and
 * {@code \g}, {@code \gset}, {@code \gx} and {@code \gexec} end the statement before them as they
 * do in psql. Empty statements ({@code ;;}) are dropped. Splitting never fails.
 *
 * <pre>{@code
 * List<SqlStatement> statements =
 *     SqlScriptSplitter.of(SqlDialect.POSTGRESQL).split(script, Optional.of("schema.sql"));
 * }</pre>
 */
public final class SqlScriptSplitter {
  private final SqlDialect dialect;

  private SqlScriptSplitter(SqlDialect dialect) {
    this.dialect = requireNonNull(dialect, "dialect is null");
  }

  /** A splitter for the dialect's lexical rules. */
  public static SqlScriptSplitter of(SqlDialect dialect) {
    return new SqlScriptSplitter(dialect);
  }

  /** The statements of the script, in order. */
  public List<SqlStatement> split(String script, Optional<String> file) {
    requireNonNull(script, "script is null");
    requireNonNull(file, "file is null");
    LineIndex lines = new LineIndex(script);
    List<SqlStatement> statements = new ArrayList<>();
    SqlToken first = null;
    SqlToken last = null;
    for (SqlToken token : SqlLexer.tokenize(script, dialect)) {
      boolean terminator = token.isSymbol(";") || isSendCommand(token);
      if (terminator) {
        if (first != null) {
          statements.add(statement(script, file, lines, first, last));
        }
        first = null;
        last = null;
      } else if (token.kind() == SqlTokenKind.COMMENT
          || token.kind() == SqlTokenKind.META_COMMAND) {
        continue;
      } else {
        if (first == null) {
          first = token;
        }
        last = token;
      }
    }
    if (first != null) {
      statements.add(statement(script, file, lines, first, last));
    }
    return List.copyOf(statements);
  }

  private static boolean isSendCommand(SqlToken token) {
    if (token.kind() != SqlTokenKind.META_COMMAND) {
      return false;
    }
    String command = token.text().strip().split("\\s+", 2)[0];
    return command.equals("\\g")
        || command.equals("\\gset")
        || command.equals("\\gx")
        || command.equals("\\gexec");
  }

  private static SqlStatement statement(
      String script, Optional<String> file, LineIndex lines, SqlToken first, SqlToken last) {
    int start = first.offset();
    String text = script.substring(start, last.end());
    return new SqlStatement(text, file, lines.line(start), lines.column(start), start);
  }

  /** Line starts of a text, for offset → line and column. */
  static final class LineIndex {
    private final int[] starts;
    private final boolean byteOrderMark;

    LineIndex(String text) {
      List<Integer> found = new ArrayList<>();
      found.add(0);
      for (int index = 0; index < text.length(); index++) {
        char character = text.charAt(index);
        if (character == '\n') {
          found.add(index + 1);
        } else if (character == '\r') {
          if (index + 1 < text.length() && text.charAt(index + 1) == '\n') {
            index++;
          }
          found.add(index + 1);
        }
      }
      starts = found.stream().mapToInt(Integer::intValue).toArray();
      byteOrderMark = text.startsWith("\uFEFF");
    }

    int line(int offset) {
      int found = Arrays.binarySearch(starts, offset);
      return (found >= 0 ? found : -found - 2) + 1;
    }

    int column(int offset) {
      int line = line(offset);
      int column = offset - starts[line - 1] + 1;
      return line == 1 && byteOrderMark && offset > 0 ? column - 1 : column;
    }
  }
}
