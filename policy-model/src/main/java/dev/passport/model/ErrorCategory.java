package dev.passport.model;

/** Who has to act on an error: the user who gave the input, or the maintainers. */
public enum ErrorCategory {
  /** The input is wrong: bad JSON, an unknown table, SQL that does not parse. */
  USER_ERROR,
  /** The input is valid but uses something Passport cannot handle yet. */
  UNSUPPORTED,
  /** The environment failed: a database is unreachable, a file cannot be read. */
  EXTERNAL,
  /** A bug in Passport. */
  INTERNAL_ERROR
}
