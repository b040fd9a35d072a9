package dev.passport.model;

import static java.util.Objects.requireNonNull;

/**
 * The stable error codes of Passport. Every {@link PassportException} carries one, so that callers
 * can branch on the kind of failure and the command line can choose its exit code.
 *
 * <p>Codes are never renumbered; new codes are appended.
 */
public enum ErrorCode {
  /** A file or text is not well-formed JSON, or does not have the PolicySet shape. */
  INVALID_JSON(1, ErrorCategory.USER_ERROR),
  /** The {@code "passport"} format version is not one this build reads. */
  UNSUPPORTED_FORMAT_VERSION(2, ErrorCategory.USER_ERROR),
  /** A PolicySet is well-formed but inconsistent (dangling names, conflicting settings). */
  INVALID_POLICY_SET(3, ErrorCategory.USER_ERROR),
  /** SQL or DDL text could not be parsed; carries dialect, line and column. */
  PARSE_ERROR(4, ErrorCategory.USER_ERROR),
  /** Input exceeded a parse bound: size, nesting depth or time. */
  PARSE_LIMIT_EXCEEDED(5, ErrorCategory.USER_ERROR),
  /** A table named by the user is not in the PolicySet. */
  UNKNOWN_TABLE(6, ErrorCategory.USER_ERROR),
  /** A name matches more than one object; the message lists the candidates. */
  AMBIGUOUS_NAME(7, ErrorCategory.USER_ERROR),
  /** A principal named by the user is not in the PolicySet. */
  UNKNOWN_PRINCIPAL(8, ErrorCategory.USER_ERROR),
  /** A command-line argument or option value is invalid. */
  INVALID_ARGUMENT(9, ErrorCategory.USER_ERROR),
  /** A statement or construct Passport refuses to handle because it cannot prove coverage. */
  NOT_SUPPORTED(10, ErrorCategory.UNSUPPORTED),
  /** A database could not be reached or refused the credentials. */
  CONNECTION_FAILED(11, ErrorCategory.EXTERNAL),
  /** The connected account lacks a privilege needed to read the catalog. */
  INSUFFICIENT_PRIVILEGE(12, ErrorCategory.EXTERNAL),
  /** A file could not be read or written. */
  IO_ERROR(13, ErrorCategory.EXTERNAL),
  /** An expression could not be evaluated against a row (unknown function, bad cast). */
  EVALUATION_ERROR(14, ErrorCategory.USER_ERROR),
  /** A bug. */
  INTERNAL_ERROR(65536, ErrorCategory.INTERNAL_ERROR);

  private final int code;
  private final ErrorCategory category;

  ErrorCode(int code, ErrorCategory category) {
    this.code = code;
    this.category = requireNonNull(category, "category is null");
  }

  /** The stable numeric code. */
  public int code() {
    return code;
  }

  /** Whose fault the error is. */
  public ErrorCategory category() {
    return category;
  }
}
