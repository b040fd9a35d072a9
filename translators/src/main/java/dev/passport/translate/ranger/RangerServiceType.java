package dev.passport.translate.ranger;

import dev.passport.model.Privilege;
import dev.passport.translate.sql.SqlDialect;
import java.util.List;
import java.util.Locale;

/**
 * The Ranger service types Passport writes policies for, with the resource names and access-type
 * names of their service definitions (ranger-servicedef-trino.json and -hive.json in Ranger 2.9).
 */
public enum RangerServiceType {
  /** Trino: resources catalog &gt; schema &gt; table &gt; column; expressions in Trino SQL. */
  TRINO("trino", SqlDialect.TRINO, List.of("catalog", "schema", "table", "column")),
  /** Hive: resources database &gt; table &gt; column; expressions in HiveQL. */
  HIVE("hive", SqlDialect.HIVE, List.of("database", "table", "column"));

  private final String id;
  private final SqlDialect dialect;
  private final List<String> resources;

  RangerServiceType(String id, SqlDialect dialect, List<String> resources) {
    this.id = id;
    this.dialect = dialect;
    this.resources = resources;
  }

  /** The service-def name, e.g. {@code trino}; also the tag service's access-type prefix. */
  public String id() {
    return id;
  }

  /** The dialect row filters and custom masks are written in. */
  public SqlDialect dialect() {
    return dialect;
  }

  /** The table-and-column resource hierarchy, outermost first; the last is the column. */
  public List<String> resources() {
    return resources;
  }

  /**
   * The service-def access type a privilege becomes, exactly as the service-def spells it (lower
   * case: Ranger matches access types case-sensitively), or empty when the service has none.
   */
  public List<String> accessTypes(Privilege privilege) {
    switch (privilege) {
      case SELECT:
        return List.of("select");
      case INSERT:
        return this == TRINO ? List.of("insert") : List.of("update");
      case UPDATE:
        // Trino's service-def has no update access type; Trino's plugin never asks for one.
        return this == TRINO ? List.of() : List.of("update");
      case DELETE:
        return this == TRINO ? List.of("delete") : List.of("update");
      case CREATE:
        return List.of("create");
      case USAGE:
        return this == TRINO ? List.of("use") : List.of();
      case OWNERSHIP:
      case ALL:
        return List.of("all");
      case TRUNCATE:
      case REFERENCES:
      case TRIGGER:
        return List.of();
    }
    throw new IllegalStateException("Unknown privilege " + privilege);
  }

  /**
   * The service type with this id, ignoring case.
   *
   * @throws IllegalArgumentException for any other id
   */
  public static RangerServiceType fromId(String id) {
    for (RangerServiceType type : values()) {
      if (type.id.equals(id.toLowerCase(Locale.ROOT))) {
        return type;
      }
    }
    throw new IllegalArgumentException("Ranger service type is trino or hive: " + id);
  }
}
