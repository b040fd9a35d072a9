package dev.passport.model.validation;

import static java.util.Objects.requireNonNull;

/**
 * One finding of {@link PolicySetValidator}.
 *
 * @param severity whether the set is inconsistent or only suspicious
 * @param path the JSON path of the offending element in the set's JSON form, e.g. {@code
 *     $.columnMasks[3].column}
 * @param message what is wrong, for people
 */
public record ValidationProblem(Severity severity, String path, String message) {
  public ValidationProblem {
    requireNonNull(severity, "severity is null");
    requireNonNull(path, "path is null");
    requireNonNull(message, "message is null");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return severity + " " + path + ": " + message;
  }
}
