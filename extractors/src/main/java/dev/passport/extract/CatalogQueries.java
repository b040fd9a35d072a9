package dev.passport.extract;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Catalog queries over JDBC for the PostgreSQL-protocol catalog readers. One place maps SQL states
 * to error codes, so that a user without rights is told so (INSUFFICIENT_PRIVILEGE) rather than
 * being handed a partial catalog, and a dropped connection is not mistaken for a bug; and one place
 * strips secrets from the connection URL before it becomes a source locator.
 */
public final class CatalogQueries {
  /** How a driver's message ends; Redshift's end in a period, which the wrapping adds again. */
  public enum MessageEnding {
    /** Quote the driver's first line as it is. */
    KEEP,
    /** Drop one final period from the driver's first line. */
    DROP_FINAL_PERIOD
  }

  /** Handles one row of a query's result. */
  @FunctionalInterface
  public interface RowHandler {
    void handle(ResultSet row) throws SQLException;
  }

  private final MessageEnding ending;

  public CatalogQueries(MessageEnding ending) {
    this.ending = requireNonNull(ending, "ending is null");
  }

  /**
   * Runs the query and hands every row to the handler.
   *
   * @param what what the query reads, for messages
   * @throws PassportException mapped as by {@link #failure}
   */
  public void query(Connection connection, String what, String sql, RowHandler handler) {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        handler.handle(rows);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * The exception for a failure while reading {@code what}: INSUFFICIENT_PRIVILEGE for SQL state
   * 42501, CONNECTION_FAILED for class 08 and 57P01 (administrator shutdown), INTERNAL_ERROR
   * otherwise.
   */
  public PassportException failure(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("42501")) {
      return new PassportException(
          ErrorCode.INSUFFICIENT_PRIVILEGE,
          "The connected user may not read " + what + ": " + firstLine(e) + ".",
          e);
    }
    if (state.startsWith("08") || state.equals("57P01")) {
      return new PassportException(
          ErrorCode.CONNECTION_FAILED,
          "The database connection failed while reading " + what + ": " + firstLine(e) + ".",
          e);
    }
    return new PassportException(
        ErrorCode.INTERNAL_ERROR, "Reading " + what + " failed: " + firstLine(e) + ".", e);
  }

  /** The connection's URL without user information or query parameters, which may hold secrets. */
  public String locator(Connection connection) {
    try {
      String url = connection.getMetaData().getURL();
      if (url == null) {
        return "jdbc";
      }
      String withoutQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
      return withoutQuery.replaceAll("//[^/@]*@", "//");
    } catch (SQLException e) {
      throw failure("the connection's URL", e);
    }
  }

  // Drivers put detail and hints on later lines; the first names the problem.
  private String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    String line = message.lines().findFirst().orElse(message).trim();
    if (ending == MessageEnding.DROP_FINAL_PERIOD && line.endsWith(".")) {
      return line.substring(0, line.length() - 1);
    }
    return line;
  }
}
