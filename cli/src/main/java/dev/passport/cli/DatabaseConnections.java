package dev.passport.cli;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Opening a JDBC connection the way every command does: the password only from an environment
 * variable, never echoed (not in the URL, not in a driver's message), and failures as one line that
 * says whether the database refused the credentials, the privilege or the connection.
 */
final class DatabaseConnections {
  // A password in the URL would sit in shell history and process listings.
  private static final Pattern PASSWORD_IN_URL =
      Pattern.compile("(?i)([?&;]password=)|(//[^/@?]*:[^/@?]*@)");

  private DatabaseConnections() {}

  /** Whether the URL carries a password itself. */
  static boolean holdsPassword(String url) {
    return PASSWORD_IN_URL.matcher(url).find();
  }

  /**
   * The password in the environment variable {@code option} names, or empty when no variable is
   * named.
   *
   * @throws PassportException INVALID_ARGUMENT when the variable is not set
   */
  static Optional<String> secret(Environment environment, String option, String variable) {
    if (variable == null) {
      return Optional.empty();
    }
    return Optional.of(
        environment
            .variable(variable)
            .orElseThrow(
                () ->
                    new PassportException(
                        ErrorCode.INVALID_ARGUMENT,
                        "The environment variable "
                            + variable
                            + " that "
                            + option
                            + " names is not set.")));
  }

  /**
   * A connection to {@code url} as {@code user}; a failure is a PassportException whose messages
   * are scrubbed of the password.
   */
  static Connection connect(String url, String user, String password, Secrets secrets) {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    String locator = locator(url);
    try {
      DriverManager.getDriver(url);
    } catch (SQLException e) {
      throw new PassportException(
          ErrorCode.INVALID_ARGUMENT,
          "No JDBC driver accepts the URL "
              + locator
              + "; this build carries the PostgreSQL and Redshift drivers"
              + " (jdbc:postgresql://HOST:PORT/DATABASE, jdbc:redshift://HOST:PORT/DATABASE);"
              + " others are not included.");
    }
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw connectionFailure(e, url, user, secrets);
    }
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // What the connection was for is done or has already failed; a failing close changes neither.
    }
  }

  private static PassportException connectionFailure(
      SQLException exception, String url, String user, Secrets secrets) {
    String state = exception.getSQLState() == null ? "" : exception.getSQLState();
    String detail = secrets.scrub(firstLine(exception));
    String locator = locator(url);
    String message;
    ErrorCode code = ErrorCode.CONNECTION_FAILED;
    if (state.startsWith("28")) {
      message =
          "The database at "
              + locator
              + " refused the credentials"
              + (user == null ? "" : " of user " + user)
              + ": "
              + detail;
    } else if (state.equals("42501")) {
      code = ErrorCode.INSUFFICIENT_PRIVILEGE;
      message =
          (user == null ? "The user" : "User " + user)
              + " may not connect to "
              + locator
              + ": "
              + detail;
    } else {
      message = "Cannot connect to " + locator + ": " + detail;
    }
    return new PassportException(code, sentence(message), secrets.scrub((Exception) exception));
  }

  private static String firstLine(Exception exception) {
    String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
    return message.lines().findFirst().orElse(message).trim();
  }

  private static String sentence(String text) {
    return text.endsWith(".") ? text : text + ".";
  }

  /** The URL without user information or parameters, which may hold secrets. */
  static String locator(String url) {
    String withoutQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    return withoutQuery.replaceAll("//[^/@]*@", "//");
  }
}
