package dev.passport.cli;

import static java.util.Objects.requireNonNull;

import dev.passport.model.PassportException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps secrets out of what the command prints. A driver may echo a connection property in an
 * error, and {@code --debug} prints whole cause chains, so every message of a failure is scrubbed
 * before anything reaches the streams.
 */
final class Secrets {
  static final String REPLACEMENT = "********";
  private static final int MAX_CAUSES = 20;

  private final List<String> secrets;

  private Secrets(List<String> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  /** Scrubs the given secrets; empty ones are ignored, as they would match everywhere. */
  static Secrets of(List<String> secrets) {
    requireNonNull(secrets, "secrets is null");
    List<String> kept = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        kept.add(secret);
      }
    }
    return new Secrets(kept);
  }

  /** The text with every occurrence of a secret replaced. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String scrubbed = text;
    for (String secret : secrets) {
      scrubbed = scrubbed.replace(secret, REPLACEMENT);
    }
    return scrubbed;
  }

  /**
   * The same failure with every message in it and in its causes scrubbed. The causes become {@link
   * ScrubbedCause}s that keep the original class name and stack trace for {@code --debug}.
   */
  PassportException scrub(PassportException exception) {
    requireNonNull(exception, "exception is null");
    PassportException scrubbed =
        exception.getCause() == null
            ? new PassportException(exception.errorCode(), scrub(exception.getMessage()))
            : new PassportException(
                exception.errorCode(),
                scrub(exception.getMessage()),
                scrubCause(exception.getCause(), 0));
    scrubbed.setStackTrace(exception.getStackTrace());
    return scrubbed;
  }

  /** Any failure, scrubbed; the result is a {@link ScrubbedCause} unless it was a Passport one. */
  RuntimeException scrub(Exception exception) {
    requireNonNull(exception, "exception is null");
    if (exception instanceof PassportException passport) {
      return scrub(passport);
    }
    return scrubCause(exception, 0);
  }

  private ScrubbedCause scrubCause(Throwable cause, int depth) {
    Throwable next = cause.getCause();
    ScrubbedCause scrubbed =
        new ScrubbedCause(
            cause instanceof ScrubbedCause already
                ? already.originalClass()
                : cause.getClass().getName(),
            scrub(cause.getMessage()),
            next == null || next == cause || depth >= MAX_CAUSES
                ? null
                : scrubCause(next, depth + 1));
    scrubbed.setStackTrace(cause.getStackTrace());
    return scrubbed;
  }

  /** A stand-in for a cause whose message was scrubbed; prints like the original. */
  static final class ScrubbedCause extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String originalClass;

    ScrubbedCause(String originalClass, String message, Throwable cause) {
      super(message, cause);
      this.originalClass = originalClass;
    }

    /** The class name of the exception this stands for. */
    String originalClass() {
      return originalClass;
    }

    @Override
    public String toString() {
      String message = getMessage();
      return message == null ? originalClass : originalClass + ": " + message;
    }
  }
}
