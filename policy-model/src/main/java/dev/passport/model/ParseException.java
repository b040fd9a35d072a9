package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Text in some dialect could not be read. The message names the file (when there is one), the line
 * and the column, in the form {@code file:line:column: [dialect] problem}.
 */
public final class ParseException extends PassportException {
  private static final long serialVersionUID = 1L;

  private final SystemKind dialect;
  private final transient Optional<String> file;
  private final int line;
  private final int column;
  private final String problem;

  public ParseException(
      ErrorCode errorCode,
      SystemKind dialect,
      Optional<String> file,
      int line,
      int column,
      String problem) {
    this(errorCode, dialect, file, line, column, problem, null);
  }

  public ParseException(
      ErrorCode errorCode,
      SystemKind dialect,
      Optional<String> file,
      int line,
      int column,
      String problem,
      Throwable cause) {
    super(errorCode, format(dialect, file, line, column, problem), cause);
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.file = requireNonNull(file, "file is null");
    this.line = line;
    this.column = column;
    this.problem = requireNonNull(problem, "problem is null");
  }

  private static String format(
      SystemKind dialect, Optional<String> file, int line, int column, String problem) {
    return file.map(f -> f + ":").orElse("")
        + line
        + ":"
        + column
        + ": ["
        + dialect.displayName()
        + "] "
        + problem;
  }

  public SystemKind dialect() {
    return dialect;
  }

  public Optional<String> file() {
    return file;
  }

  /** One-based line number. */
  public int line() {
    return line;
  }

  /** One-based column number. */
  public int column() {
    return column;
  }

  /** The problem without its location. */
  public String problem() {
    return problem;
  }
}
