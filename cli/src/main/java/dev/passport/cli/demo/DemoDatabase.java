package dev.passport.cli.demo;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * An embedded PostgreSQL cluster with one database, {@value #DATABASE}, on a free port of
 * localhost; its data directory is removed on {@link #close()}.
 */
final class DemoDatabase implements AutoCloseable {
  static final String DATABASE = "warehouse";
  static final String SUPERUSER = "postgres";

  private final EmbeddedPostgres postgres;

  private DemoDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts the cluster and creates the database.
   *
   * @throws PassportException INTERNAL_ERROR when PostgreSQL does not start
   */
  static DemoDatabase start() {
    EmbeddedPostgres postgres;
    try {
      // A loaded two-core machine can take a while over the first start's unpacking.
      postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
    } catch (IOException | RuntimeException e) {
      throw new PassportException(
          ErrorCode.INTERNAL_ERROR,
          "The embedded PostgreSQL did not start (it runs the linux-amd64 binaries this jar"
              + " carries): "
              + e.getMessage(),
          e);
    }
    DemoDatabase database = new DemoDatabase(postgres);
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      database.close();
      throw new PassportException(
          ErrorCode.INTERNAL_ERROR, "Cannot create the demo database: " + e.getMessage(), e);
    }
    return database;
  }

  int port() {
    return postgres.getPort();
  }

  /** A new connection to the demo database as the superuser. */
  Connection connect() throws SQLException {
    return postgres.getDatabase(SUPERUSER, DATABASE).getConnection();
  }

  /** The server's version, e.g. {@code 18.1}. */
  String version() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW server_version")) {
      result.next();
      String version = result.getString(1);
      int space = version.indexOf(' ');
      return space < 0 ? version : version.substring(0, space);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      // The demo's results are written; a cluster that stops uncleanly changes none of them.
    }
  }
}
