package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ErrorCode;
import dev.passport.model.ParseException;
import dev.passport.model.SystemKind;
import java.util.Optional;

/**
 * Where a piece of SQL text starts: the dialect it is written in, the file (when it came from one)
 * and the one-based line and column of its first character. Text handed to the parser or the
 * converter travels with its location so that every error points at the file, not at an offset
 * inside an extracted fragment.
 *
 * @param dialect the system whose SQL this is
 * @param file the script the text came from, absent for catalog text
 * @param line one-based line of the text's first character
 * @param column one-based column of the text's first character
 */
public record SqlLocation(SystemKind dialect, Optional<String> file, int line, int column) {
  public SqlLocation {
    requireNonNull(dialect, "dialect is null");
    requireNonNull(file, "file is null");
    if (line < 1) {
      throw new IllegalArgumentException("line must be positive: " + line);
    }
    if (column < 1) {
      throw new IllegalArgumentException("column must be positive: " + column);
    }
  }

  /** The start of a text with no file, such as an expression read from a catalog. */
  public static SqlLocation start(SystemKind dialect) {
    return new SqlLocation(dialect, Optional.empty(), 1, 1);
  }

  /** The start of a file. */
  public static SqlLocation start(SystemKind dialect, String file) {
    return new SqlLocation(dialect, Optional.of(file), 1, 1);
  }

  /**
   * The location of the character at {@code offset} of {@code text}, where {@code text} starts at
   * this location.
   *
   * @throws IndexOutOfBoundsException when the offset is outside the text (its length is allowed)
   */
  public SqlLocation advance(String text, int offset) {
    requireNonNull(text, "text is null");
    if (offset < 0 || offset > text.length()) {
      throw new IndexOutOfBoundsException("offset " + offset + " outside text of " + text.length());
    }
    int newLine = line;
    int newColumn = column;
    for (int index = 0; index < offset; index++) {
      char character = text.charAt(index);
      if (character == '\n') {
        newLine++;
        newColumn = 1;
      } else if (character == '\r') {
        if (index + 1 < text.length() && text.charAt(index + 1) == '\n') {
          continue;
        }
        newLine++;
        newColumn = 1;
      } else {
        newColumn++;
      }
    }
    return new SqlLocation(dialect, file, newLine, newColumn);
  }

  /**
   * The location of a one-based line and column counted inside a text that starts at this location:
   * line 1 continues this location's line, later lines start at column 1.
   */
  public SqlLocation relative(int lineInText, int columnInText) {
    int safeLine = Math.max(1, lineInText);
    int safeColumn = Math.max(1, columnInText);
    if (safeLine == 1) {
      return new SqlLocation(dialect, file, line, column + safeColumn - 1);
    }
    return new SqlLocation(dialect, file, line + safeLine - 1, safeColumn);
  }

  /** A parse error at this location. */
  public ParseException error(ErrorCode errorCode, String problem) {
    return new ParseException(errorCode, dialect, file, line, column, problem);
  }

  /** A parse error at this location, with its cause. */
  public ParseException error(ErrorCode errorCode, String problem, Throwable cause) {
    return new ParseException(errorCode, dialect, file, line, column, problem, cause);
  }

  /** {@code file:line:column}, or {@code line:column} without a file. */
  public String describe() {
    return file.map(name -> name + ":").orElse("") + line + ":" + column;
  }
}
