package dev.passport.extract.snowflake;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Map;

/**
 * Snowflake data types by family, the granularity at which Snowflake matches a tag's masking
 * policies to columns ({@code VARCHAR(10)} and {@code STRING} are one type for a policy on {@code
 * VARCHAR}): text is {@code varchar}, every exact number {@code decimal}, {@code TIMESTAMP} and
 * {@code TIMESTAMP_NTZ} are {@code timestamp}, {@code TIMESTAMP_TZ} and {@code TIMESTAMP_LTZ} keep
 * their own names (they are different types), semi-structured types keep theirs in lower case.
 * Lengths, precisions and scales are dropped.
 */
public final class SnowflakeTypes {
  private static final Map<String, String> FAMILIES =
      Map.ofEntries(
          Map.entry("VARCHAR", "varchar"),
          Map.entry("STRING", "varchar"),
          Map.entry("TEXT", "varchar"),
          Map.entry("CHAR", "varchar"),
          Map.entry("CHARACTER", "varchar"),
          Map.entry("NCHAR", "varchar"),
          Map.entry("NVARCHAR", "varchar"),
          Map.entry("NVARCHAR2", "varchar"),
          Map.entry("CHAR VARYING", "varchar"),
          Map.entry("NCHAR VARYING", "varchar"),
          Map.entry("NUMBER", "decimal"),
          Map.entry("NUMERIC", "decimal"),
          Map.entry("DECIMAL", "decimal"),
          Map.entry("INT", "decimal"),
          Map.entry("INTEGER", "decimal"),
          Map.entry("BIGINT", "decimal"),
          Map.entry("SMALLINT", "decimal"),
          Map.entry("TINYINT", "decimal"),
          Map.entry("BYTEINT", "decimal"),
          Map.entry("FLOAT", "double"),
          Map.entry("FLOAT4", "double"),
          Map.entry("FLOAT8", "double"),
          Map.entry("DOUBLE", "double"),
          Map.entry("DOUBLE PRECISION", "double"),
          Map.entry("REAL", "double"),
          Map.entry("BOOLEAN", "boolean"),
          Map.entry("DATE", "date"),
          Map.entry("DATETIME", "timestamp"),
          Map.entry("TIMESTAMP", "timestamp"),
          Map.entry("TIMESTAMP_NTZ", "timestamp"),
          Map.entry("TIMESTAMPNTZ", "timestamp"),
          Map.entry("TIMESTAMP WITHOUT TIME ZONE", "timestamp"),
          Map.entry("TIMESTAMP_TZ", "timestamp_tz"),
          Map.entry("TIMESTAMPTZ", "timestamp_tz"),
          Map.entry("TIMESTAMP WITH TIME ZONE", "timestamp_tz"),
          Map.entry("TIMESTAMP_LTZ", "timestamp_ltz"),
          Map.entry("TIMESTAMPLTZ", "timestamp_ltz"),
          Map.entry("TIMESTAMP WITH LOCAL TIME ZONE", "timestamp_ltz"),
          Map.entry("TIME", "time"),
          Map.entry("BINARY", "varbinary"),
          Map.entry("VARBINARY", "varbinary"));

  private SnowflakeTypes() {}

  /** The family of a type as written ({@code VARCHAR(16777216)} → {@code varchar}). */
  public static String family(String spelling) {
    requireNonNull(spelling, "spelling is null");
    String type = spelling.trim().replace("\"", "").replaceAll("\\s+", " ");
    int open = type.indexOf('(');
    if (open >= 0) {
      type = type.substring(0, open).trim();
    }
    String upper = type.toUpperCase(Locale.ROOT);
    String family = FAMILIES.get(upper);
    return family != null ? family : upper.toLowerCase(Locale.ROOT);
  }

  /** Whether a family holds text. */
  public static boolean isText(String family) {
    return family.equals("varchar");
  }

  /** Whether a family is a date or timestamp. */
  public static boolean isTemporal(String family) {
    return family.equals("date") || family.startsWith("timestamp");
  }
}
