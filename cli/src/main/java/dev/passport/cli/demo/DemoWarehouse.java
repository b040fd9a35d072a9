package dev.passport.cli.demo;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.evaluation.PrincipalContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The demo warehouse: the script that creates it (resource {@value #SCRIPT}), the export query
 * (resource {@value #EXPORT}) and the names the demo's steps refer to.
 */
final class DemoWarehouse {
  static final String SCRIPT = "warehouse.sql";
  static final String EXPORT = "export.sql";
  static final String SCHEMA = "retail";

  /** The view that filters and masks customers by role; what the demo exports. */
  static final String DIRECTORY = "retail.customer_directory";

  /** The table under the view, read raw by the in-flight masker. */
  static final String CUSTOMERS = "retail.customers";

  /** The table with row-level security. */
  static final String ORDERS = "retail.orders";

  /** The columns the directory shows, in its order. */
  static final List<String> DIRECTORY_COLUMNS = List.of("id", "name", "region", "email", "ssn");

  /** Where the directory lands in the lake. */
  static final String LAKE_TABLE = "lake.retail.customers";

  /** The column the lost-mask destination leaves unmasked. */
  static final String LOST_MASK_COLUMN = "ssn";

  static final String AUDIENCE_USER = "alice";
  static final String AUDIENCE_SETTING = "app.region";
  static final String AUDIENCE_REGION = "EU";

  private DemoWarehouse() {}

  /** Alice, an analyst, in a session for the EU region. */
  static PrincipalContext audience() {
    return PrincipalContext.user(AUDIENCE_USER).withAttribute(AUDIENCE_SETTING, AUDIENCE_REGION);
  }

  /** How the audience's session is set up in PostgreSQL, as {@link #audience()} describes it. */
  static String audienceSession() {
    return "SET ROLE "
        + AUDIENCE_USER
        + "; SELECT set_config('"
        + AUDIENCE_SETTING
        + "', '"
        + AUDIENCE_REGION
        + "', false)";
  }

  static String script() {
    return resource(SCRIPT);
  }

  static String exportQuery() {
    return resource(EXPORT);
  }

  /** Runs the script: roles, schema, tables, policies, the view, grants and rows. */
  static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(script());
    }
  }

  /** The number of rows in a table, read as the superuser. */
  static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static String resource(String name) {
    try (InputStream in = DemoWarehouse.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new PassportException(
            ErrorCode.INTERNAL_ERROR, "resource missing from the class path: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(ErrorCode.INTERNAL_ERROR, "cannot read resource " + name, e);
    }
  }
}
