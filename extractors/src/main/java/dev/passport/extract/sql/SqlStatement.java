package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.SystemKind;
import java.util.Optional;

/**
 * One statement of a script, as {@link SqlScriptSplitter} cut it out: the text without its
 * terminating semicolon and without the comments before it, and where it starts in the file.
 *
 * @param text the statement's text, trimmed
 * @param file the script's name, absent for text that did not come from a file
 * @param line one-based line of the statement's first character
 * @param column one-based column of the statement's first character
 * @param startOffset offset of the first character in the script string
 */
public record SqlStatement(
    String text, Optional<String> file, int line, int column, int startOffset) {
  public SqlStatement {
    requireNonNull(text, "text is null");
    requireNonNull(file, "file is null");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are one-based: " + line + ":" + column);
    }
    if (startOffset < 0) {
      throw new IllegalArgumentException("startOffset is negative: " + startOffset);
    }
  }

  /** Where the statement starts, for a dialect. */
  public SqlLocation location(SystemKind dialect) {
    return new SqlLocation(dialect, file, line, column);
  }

  /** Where the character at {@code offsetInText} of {@link #text()} is in the file. */
  public SqlLocation locationAt(SystemKind dialect, int offsetInText) {
    return location(dialect).advance(text, offsetInText);
  }

  /** {@code file:line}, or {@code line N} without a file, for messages. */
  public String describeLine() {
    return file.map(name -> name + ":" + line).orElse("line " + line);
  }
}
