package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A system Passport reads policies from or writes policies to. The model names systems only through
 * this enum; dialect-specific code lives in the extractors and translators.
 */
public enum SystemKind {
  POSTGRESQL("postgresql", "PostgreSQL"),
  GREENPLUM("greenplum", "Greenplum"),
  REDSHIFT("redshift", "Redshift"),
  SNOWFLAKE("snowflake", "Snowflake"),
  VERTICA("vertica", "Vertica"),
  SQLSERVER("sqlserver", "SQL Server"),
  SYNAPSE("synapse", "Synapse"),
  TERADATA("teradata", "Teradata"),
  TRINO("trino", "Trino"),
  DATABRICKS("databricks", "Databricks"),
  SPARK("spark", "Spark SQL"),
  HIVE("hive", "Hive"),
  RANGER("ranger", "Apache Ranger"),
  OPA("opa", "Open Policy Agent"),
  ICEBERG("iceberg", "Apache Iceberg"),
  LAKE_FORMATION("lakeformation", "AWS Lake Formation"),
  /** Policies written by hand or by Passport itself, with no source system. */
  PASSPORT("passport", "Passport");

  private final String id;
  private final String displayName;

  SystemKind(String id, String displayName) {
    this.id = requireNonNull(id, "id is null");
    this.displayName = requireNonNull(displayName, "displayName is null");
  }

  /** The lower-case identifier used in JSON and on the command line. */
  public String id() {
    return id;
  }

  /** The product name for messages. */
  public String displayName() {
    return displayName;
  }

  /**
   * Looks a system up by its {@link #id()}, ignoring case.
   *
   * @throws IllegalArgumentException when no system has that id
   */
  public static SystemKind fromId(String id) {
    requireNonNull(id, "id is null");
    String wanted = id.toLowerCase(Locale.ROOT);
    for (SystemKind kind : values()) {
      if (kind.id.equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("Unknown system: " + id);
  }
}
