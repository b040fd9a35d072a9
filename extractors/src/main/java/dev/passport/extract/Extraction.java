package dev.passport.extract;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.postgresql.PostgresqlCatalogReader;
import dev.passport.extract.postgresql.PostgresqlDdlReader;
import dev.passport.extract.redshift.RedshiftCatalogReader;
import dev.passport.extract.redshift.RedshiftDdlReader;
import dev.passport.extract.snowflake.SnowflakeCatalogReader;
import dev.passport.extract.snowflake.SnowflakeDdlReader;
import dev.passport.extract.views.ViewPolicyDetector;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.SystemKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

/**
 * The one entry point the command line needs: read a system's policies from DDL scripts or from a
 * live connection.
 *
 * <pre>{@code
 * DdlReadResult result =
 *     Extraction.readDdl(SystemKind.POSTGRESQL, List.of(Path.of("schema.sql")), options);
 * PolicySet live = Extraction.readLive(SystemKind.GREENPLUM, connection, options);
 * }</pre>
 *
 * <p>PostgreSQL, Greenplum, Redshift and Snowflake are supported, from scripts and live.
 */
public final class Extraction {
  private Extraction() {}

  /**
   * Reads DDL scripts in order.
   *
   * @throws PassportException NOT_SUPPORTED for a system without a DDL reader, IO_ERROR when a file
   *     cannot be read
   */
  public static DdlReadResult readDdl(
      SystemKind system, List<Path> files, ExtractionOptions options) {
    requireNonNull(system, "system is null");
    requireNonNull(files, "files is null");
    requireNonNull(options, "options is null");
    return switch (system) {
      case POSTGRESQL, GREENPLUM ->
          withViewPolicies(new PostgresqlDdlReader(system, options).readFiles(files));
      case REDSHIFT -> withViewPolicies(new RedshiftDdlReader(options).readFiles(files));
      case SNOWFLAKE -> new SnowflakeDdlReader(options).readFiles(files);
      case VERTICA,
          SQLSERVER,
          SYNAPSE,
          TERADATA,
          TRINO,
          DATABRICKS,
          SPARK,
          HIVE,
          RANGER,
          OPA,
          ICEBERG,
          LAKE_FORMATION,
          PASSPORT ->
          throw unsupported(system, "DDL scripts");
    };
  }

  /**
   * Reads a live catalog over an open connection, which is left open.
   *
   * @throws PassportException NOT_SUPPORTED for a system without a live reader,
   *     INSUFFICIENT_PRIVILEGE or CONNECTION_FAILED from the database
   */
  public static PolicySet readLive(
      SystemKind system, Connection connection, ExtractionOptions options) {
    requireNonNull(system, "system is null");
    requireNonNull(connection, "connection is null");
    requireNonNull(options, "options is null");
    return switch (system) {
      case POSTGRESQL, GREENPLUM ->
          ViewPolicyDetector.detect(new PostgresqlCatalogReader(system, options).read(connection));
      case REDSHIFT ->
          ViewPolicyDetector.detect(new RedshiftCatalogReader(options).readCatalog(connection));
      case SNOWFLAKE -> new SnowflakeCatalogReader(options).read(connection);
      case VERTICA,
          SQLSERVER,
          SYNAPSE,
          TERADATA,
          TRINO,
          DATABRICKS,
          SPARK,
          HIVE,
          RANGER,
          OPA,
          ICEBERG,
          LAKE_FORMATION,
          PASSPORT ->
          throw unsupported(system, "a live catalog");
    };
  }

  /**
   * Views that test identity act as policies; the Snowflake readers find them themselves, the
   * others are given them here so that every system is analysed the same way.
   */
  private static DdlReadResult withViewPolicies(DdlReadResult result) {
    return new DdlReadResult(ViewPolicyDetector.detect(result.policySet()), result.skipped());
  }

  /** The systems {@link #readDdl} accepts. */
  public static List<SystemKind> ddlSystems() {
    return List.of(
        SystemKind.POSTGRESQL, SystemKind.GREENPLUM, SystemKind.REDSHIFT, SystemKind.SNOWFLAKE);
  }

  /** The systems {@link #readLive} accepts. */
  public static List<SystemKind> liveSystems() {
    return List.of(
        SystemKind.POSTGRESQL, SystemKind.GREENPLUM, SystemKind.REDSHIFT, SystemKind.SNOWFLAKE);
  }

  private static PassportException unsupported(SystemKind system, String what) {
    return new PassportException(
        ErrorCode.NOT_SUPPORTED,
        "Reading " + system.displayName() + " policies from " + what + " is not supported.");
  }
}
