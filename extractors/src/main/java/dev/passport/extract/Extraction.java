package dev.passport.extract;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.postgresql.PostgresqlCatalogReader;
import dev.passport.extract.postgresql.PostgresqlDdlReader;
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
 * <p>PostgreSQL and Greenplum are supported; Redshift is added here by its reader.
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
      case POSTGRESQL, GREENPLUM -> new PostgresqlDdlReader(system, options).readFiles(files);
      default -> throw unsupported(system, "DDL scripts");
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
      case POSTGRESQL, GREENPLUM -> new PostgresqlCatalogReader(system, options).read(connection);
      default -> throw unsupported(system, "a live catalog");
    };
  }

  /** The systems {@link #readDdl} accepts. */
  public static List<SystemKind> ddlSystems() {
    return List.of(SystemKind.POSTGRESQL, SystemKind.GREENPLUM);
  }

  /** The systems {@link #readLive} accepts. */
  public static List<SystemKind> liveSystems() {
    return List.of(SystemKind.POSTGRESQL, SystemKind.GREENPLUM);
  }

  private static PassportException unsupported(SystemKind system, String what) {
    return new PassportException(
        ErrorCode.NOT_SUPPORTED,
        "Reading " + system.displayName() + " policies from " + what + " is not supported.");
  }
}
