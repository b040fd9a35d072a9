package dev.passport.translate.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.SystemKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * The SQL dialects {@link ExpressionPrinter} writes. Each dialect stands for a family of systems
 * that share its syntax; {@link #forSystem} picks the dialect for any {@link SystemKind}.
 */
public enum SqlDialect {
  /** PostgreSQL and Greenplum. */
  POSTGRESQL(SystemKind.POSTGRESQL, '"', EnumSet.of(SystemKind.POSTGRESQL, SystemKind.GREENPLUM)),
  /** Amazon Redshift. */
  REDSHIFT(SystemKind.REDSHIFT, '"', EnumSet.of(SystemKind.REDSHIFT)),
  /** Snowflake, whose unquoted identifiers fold to upper case. */
  SNOWFLAKE(SystemKind.SNOWFLAKE, '"', EnumSet.of(SystemKind.SNOWFLAKE)),
  /** Trino and Starburst; also what the OPA plugin and Athena speak. */
  TRINO(SystemKind.TRINO, '"', EnumSet.of(SystemKind.TRINO)),
  /** HiveQL, as Apache Ranger's Hive row filters and masks are written. */
  HIVE(SystemKind.HIVE, '`', EnumSet.of(SystemKind.HIVE)),
  /** Spark SQL and Databricks SQL. */
  SPARK(SystemKind.SPARK, '`', EnumSet.of(SystemKind.SPARK, SystemKind.DATABRICKS));

  private final SystemKind system;
  private final char identifierQuote;
  private final Set<SystemKind> family;

  SqlDialect(SystemKind system, char identifierQuote, Set<SystemKind> family) {
    this.system = requireNonNull(system, "system is null");
    this.identifierQuote = identifierQuote;
    this.family = requireNonNull(family, "family is null");
  }

  /** The system this dialect is named after. */
  public SystemKind system() {
    return system;
  }

  /** The character that delimits a quoted identifier; it is doubled inside one. */
  public char identifierQuote() {
    return identifierQuote;
  }

  /**
   * Whether SQL written for {@code other} is also valid, with the same meaning, in this dialect, so
   * that an {@link dev.passport.model.Expr.Opaque} of that system may be printed verbatim.
   */
  public boolean speaksFor(SystemKind other) {
    requireNonNull(other, "other is null");
    return family.contains(other);
  }

  /**
   * The dialect to print expressions for a system in. Systems with no dialect of their own get the
   * closest one: Vertica, Teradata, SQL Server and hand-written sets the ANSI-leaning PostgreSQL
   * printer, Ranger HiveQL, OPA and Lake Formation Trino's SQL, Iceberg Spark SQL.
   */
  public static SqlDialect forSystem(SystemKind system) {
    requireNonNull(system, "system is null");
    return switch (system) {
      case POSTGRESQL, GREENPLUM, VERTICA, SQLSERVER, SYNAPSE, TERADATA, PASSPORT -> POSTGRESQL;
      case REDSHIFT -> REDSHIFT;
      case SNOWFLAKE -> SNOWFLAKE;
      case TRINO, OPA, LAKE_FORMATION -> TRINO;
      case HIVE, RANGER -> HIVE;
      case SPARK, DATABRICKS, ICEBERG -> SPARK;
    };
  }
}
