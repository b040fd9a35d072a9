package dev.passport.extract;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A statement of a DDL script that a reader did not apply, and why.
 *
 * @param file the script
 * @param line one-based line of the statement (or, for a parse failure, of the error)
 * @param column one-based column, likewise
 * @param kind why it was skipped
 * @param reason one sentence for people
 * @param summary the statement's first words, for listings
 */
public record SkippedStatement(
    Optional<String> file, int line, int column, Kind kind, String reason, String summary) {
  /** Why a statement was skipped. */
  public enum Kind {
    /** It has no bearing on who may see what (COMMENT ON, CREATE INDEX, CREATE FUNCTION, SET). */
    IGNORED,
    /**
     * It may bear on access but is not understood (ALTER DEFAULT PRIVILEGES ON TABLES, SECURITY
     * LABEL, CREATE RULE, DO blocks); a {@link dev.passport.model.Loss} accompanies it.
     */
    UNSUPPORTED,
    /** It could not be parsed; a loss accompanies it when it was a statement the reader reads. */
    FAILED
  }

  public SkippedStatement {
    requireNonNull(file, "file is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(summary, "summary is null");
  }

  /** {@code file:line:column: reason}. */
  public String describe() {
    return file.map(name -> name + ":").orElse("") + line + ":" + column + ": " + reason;
  }
}
