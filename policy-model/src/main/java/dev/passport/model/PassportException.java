package dev.passport.model;

import static java.util.Objects.requireNonNull;

/**
 * The one exception family of Passport. It always carries an {@link ErrorCode}; subclasses add
 * where the problem is ({@link ParseException}).
 */
public class PassportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;

  public PassportException(ErrorCode errorCode, String message) {
    super(requireNonNull(message, "message is null"));
    this.errorCode = requireNonNull(errorCode, "errorCode is null");
  }

  public PassportException(ErrorCode errorCode, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.errorCode = requireNonNull(errorCode, "errorCode is null");
  }

  /** The error code, stable across releases. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
