package dev.passport.extract.redshift;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.extract.CatalogQueries;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.QualifiedName;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlExpressionConverter;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.extract.sql.SqlTypes;
import dev.passport.extract.sql.TextSpan;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.Parameter;
import dev.passport.model.ParseException;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Privilege;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;

/**
 * Reads Amazon Redshift policies live over JDBC (any driver; {@code
 * com.amazon.redshift:redshift-jdbc42} in production) from the documented system views:
 *
 * <ul>
 *   <li>principals: {@code pg_user} (usename, usesuper → SUPERUSER), {@code SVV_ROLES} (role_name),
 *       {@code SVV_USER_GRANTS} (user_name, role_name), {@code SVV_ROLE_GRANTS} (role_name,
 *       granted_role_name), {@code SVV_SYSTEM_PRIVILEGES} for {@code IGNORE RLS};
 *   <li>tables: {@code information_schema.columns} and {@code pg_tables} (owner);
 *   <li>views: {@code pg_views} (schemaname, viewname, viewowner, definition), for view-based
 *       policy detection;
 *   <li>RLS: {@code SVV_RLS_POLICY} (polname, polalias, polatts as JSON, polqual), {@code
 *       SVV_RLS_RELATION} (is_rls_on, rls_conjunction_type), {@code SVV_RLS_ATTACHED_POLICY}
 *       (columns read by name; the documentation's misspelling {@code rls_conjuntion_type} is
 *       accepted);
 *   <li>masking: {@code SVV_MASKING_POLICY} (input_columns, policy_expression), {@code
 *       SVV_ATTACHED_MASKING_POLICY} (grantee, grantee_type, priority, input_columns,
 *       output_columns);
 *   <li>grants: {@code SVV_RELATION_PRIVILEGES}, {@code SVV_COLUMN_PRIVILEGES}, {@code
 *       SVV_SCHEMA_PRIVILEGES}.
 * </ul>
 *
 * The documentation shows no sample of the masking views' text columns, so column lists are read as
 * JSON ({@code [{"colname":…,"type":…}]} as in polatts, or {@code ["a","b"]}) or as plain
 * comma-separated text, and a policy expression as JSON ({@code [{"expr":…}]}) or as SQL.
 *
 * <p>The facts go through {@link RedshiftPolicies}, as the DDL reader's do, so both give equal sets
 * apart from origins. Views only superusers and {@code sys:secadmin} may read show no rows to
 * others; that is not an error (the set then has no masking policies). A permission-denied error is
 * a {@link PassportException} with {@link ErrorCode#INSUFFICIENT_PRIVILEGE}, a broken connection
 * {@link ErrorCode#CONNECTION_FAILED}; messages name the view, never the credentials.
 */
public final class RedshiftCatalogReader {
  // Catalog errors are mapped as for every PostgreSQL-protocol reader.
  private static final CatalogQueries QUERIES =
      new CatalogQueries(CatalogQueries.MessageEnding.DROP_FINAL_PERIOD);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYSTEM_SCHEMAS =
      "('pg_catalog', 'information_schema', 'pg_internal', 'pg_automv')";

  private final ExtractionOptions options;
  private final BoundedSqlParser parser;
  private final SqlExpressionConverter converter;

  public RedshiftCatalogReader(ExtractionOptions options) {
    this.options = requireNonNull(options, "options is null");
    this.parser = BoundedSqlParser.of(SqlDialect.REDSHIFT, options.limits());
    this.converter = SqlExpressionConverter.of(parser, options.aliases());
  }

  /** Reads with default options. */
  public static PolicySet read(Connection connection) {
    return new RedshiftCatalogReader(ExtractionOptions.defaults()).readCatalog(connection);
  }

  /**
   * Reads the database the connection is to. The connection is left open.
   *
   * @throws PassportException INSUFFICIENT_PRIVILEGE or CONNECTION_FAILED
   */
  public PolicySet readCatalog(Connection connection) {
    requireNonNull(connection, "connection is null");
    RedshiftPolicies policies = new RedshiftPolicies(converter);
    readPrincipals(connection, policies);
    Set<String> views = readViews(connection, policies);
    readTables(connection, policies, views);
    readRls(connection, policies);
    readMasking(connection, policies);
    readGrants(connection, policies);
    return policies.build(
        new Source(
            SystemKind.REDSHIFT,
            locator(connection),
            ExtractionMethod.JDBC,
            Optional.of(Instant.now())));
  }

  private void readPrincipals(Connection connection, RedshiftPolicies policies) {
    QUERIES.query(
        connection,
        "users (pg_user)",
        "SELECT usename, usesuper FROM pg_user ORDER BY usename",
        row -> {
          String name = row.getString(1);
          policies.declarePrincipal(name, PrincipalKind.USER, declared(name));
          policies.setFlag(name, PrincipalFlag.SUPERUSER, row.getBoolean(2));
        });
    QUERIES.query(
        connection,
        "roles (SVV_ROLES)",
        "SELECT role_name FROM svv_roles ORDER BY role_name",
        row ->
            policies.declarePrincipal(
                row.getString(1), PrincipalKind.ROLE, declared(row.getString(1))));
    QUERIES.query(
        connection,
        "role grants to users (SVV_USER_GRANTS)",
        "SELECT user_name, role_name FROM svv_user_grants ORDER BY 1, 2",
        row ->
            policies.addMembership(
                row.getString(1), PrincipalKind.USER, row.getString(2), PrincipalKind.ROLE));
    QUERIES.query(
        connection,
        "role grants to roles (SVV_ROLE_GRANTS)",
        "SELECT role_name, granted_role_name FROM svv_role_grants ORDER BY 1, 2",
        row ->
            policies.addMembership(
                row.getString(1), PrincipalKind.ROLE, row.getString(2), PrincipalKind.ROLE));
    try {
      QUERIES.query(
          connection,
          "system privileges (SVV_SYSTEM_PRIVILEGES)",
          "SELECT identity_name, identity_type FROM svv_system_privileges"
              + " WHERE UPPER(system_privilege) = 'IGNORE RLS' ORDER BY 1",
          row -> {
            String name = row.getString(1);
            String type = lower(row.getString(2));
            if (type.equals("role")) {
              policies.ignoreRlsForRole(name, true);
            } else if (type.equals("user")) {
              policies.setFlag(name, PrincipalFlag.BYPASS_ROW_SECURITY, true);
            }
          });
    } catch (PassportException e) {
      if (e.errorCode() == ErrorCode.CONNECTION_FAILED) {
        throw e;
      }
      policies.addLoss(
          new Loss(
              Origin.of(SystemKind.REDSHIFT),
              "IGNORE RLS grants could not be read from SVV_SYSTEM_PRIVILEGES; roles and users"
                  + " that bypass row-level security are not known",
              LossDirection.STRICTER));
      rollbackIfNeeded(connection);
    }
  }

  /**
   * Views from {@code pg_views}, for view-based policy detection; the names read, so that their
   * columns in {@code information_schema.columns} are not taken for a table's.
   */
  private Set<String> readViews(Connection connection, RedshiftPolicies policies) {
    Set<String> names = new LinkedHashSet<>();
    QUERIES.query(
        connection,
        "views (pg_views)",
        "SELECT schemaname, viewname, viewowner, definition FROM pg_views WHERE schemaname NOT IN "
            + SYSTEM_SCHEMAS
            + " ORDER BY schemaname, viewname",
        row -> {
          if (!wanted(row.getString(1))) {
            return;
          }
          Securable name = table(row.getString(1), row.getString(2));
          names.add(name.qualifiedName());
          String definition = row.getString(4) == null ? "" : row.getString(4);
          Origin origin =
              declared(name.qualifiedName()).withKind(OriginKind.VIEW).withSql(definition);
          policies.putView(
              name,
              viewQuery(definition),
              Optional.ofNullable(row.getString(3)),
              SqlLocation.start(SystemKind.REDSHIFT),
              origin);
        });
    return names;
  }

  /**
   * The SELECT of a {@code pg_views} definition, which is the bare SELECT for an ordinary view and,
   * for a late-binding view, the whole {@code CREATE VIEW … WITH NO SCHEMA BINDING} statement.
   */
  static String viewQuery(String definition) {
    String sql = definition.trim();
    if (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).trim();
    }
    sql = sql.replaceFirst("(?is)\\s+with\\s+no\\s+schema\\s+binding$", "");
    return sql.replaceFirst(
            "(?is)^create\\s+(or\\s+replace\\s+)?view\\s+.*?\\s+as\\s+(?=(select|with)\\b|\\()", "")
        .trim();
  }

  private void readTables(Connection connection, RedshiftPolicies policies, Set<String> viewNames) {
    Map<String, Optional<String>> owners = new LinkedHashMap<>();
    QUERIES.query(
        connection,
        "table owners (pg_tables)",
        "SELECT schemaname, tablename, tableowner FROM pg_tables WHERE schemaname NOT IN "
            + SYSTEM_SCHEMAS,
        row ->
            owners.put(
                table(row.getString(1), row.getString(2)).qualifiedName(),
                Optional.ofNullable(row.getString(3))));
    Map<String, List<ColumnInfo>> columns = new LinkedHashMap<>();
    Map<String, Securable> names = new LinkedHashMap<>();
    QUERIES.query(
        connection,
        "columns (information_schema.columns)",
        "SELECT table_schema, table_name, column_name, data_type, character_maximum_length,"
            + " numeric_precision, numeric_scale, is_nullable FROM information_schema.columns"
            + " WHERE table_schema NOT IN "
            + SYSTEM_SCHEMAS
            + " ORDER BY table_schema, table_name, ordinal_position",
        row -> {
          if (!wanted(row.getString(1))) {
            return;
          }
          Securable name = table(row.getString(1), row.getString(2));
          if (viewNames.contains(name.qualifiedName())) {
            return;
          }
          names.putIfAbsent(name.qualifiedName(), name);
          String type = row.getString(4);
          long length = row.getLong(5);
          boolean hasLength = !row.wasNull();
          long precision = row.getLong(6);
          boolean hasPrecision = !row.wasNull();
          long scale = row.getLong(7);
          String lowerType = lower(type);
          if (hasLength && lowerType.startsWith("character")) {
            type = type + "(" + length + ")";
          } else if (hasPrecision && (lowerType.equals("numeric") || lowerType.equals("decimal"))) {
            type = type + "(" + precision + "," + scale + ")";
          }
          columns
              .computeIfAbsent(name.qualifiedName(), key -> new ArrayList<>())
              .add(
                  new ColumnInfo(
                      row.getString(3),
                      SqlTypes.canonical(type),
                      "YES".equalsIgnoreCase(row.getString(8))));
        });
    for (Map.Entry<String, Securable> entry : names.entrySet()) {
      policies.declareTable(
          entry.getValue(),
          columns.get(entry.getKey()),
          owners.getOrDefault(entry.getKey(), Optional.empty()));
    }
  }

  private void readRls(Connection connection, RedshiftPolicies policies) {
    QUERIES.query(
        connection,
        "RLS policies (SVV_RLS_POLICY)",
        "SELECT polname, polalias, polatts, polqual FROM svv_rls_policy ORDER BY polname",
        row -> {
          String name = row.getString(1);
          String qual = row.getString(4);
          Origin origin = declared(name).withSql(qual == null ? "" : qual);
          Optional<String> alias =
              Optional.ofNullable(row.getString(2))
                  .filter(text -> !text.isBlank())
                  .map(text -> SqlDialect.REDSHIFT.identifiers().normalise(text));
          List<Parameter> parameters = parameters(row.getString(3), name, "polatts");
          Expression predicate = parse(qual == null ? "false" : qual, origin, policies);
          policies.putRlsPolicy(
              new RedshiftPolicies.RlsPolicy(
                  name,
                  parameters,
                  alias,
                  predicate,
                  SqlLocation.start(SystemKind.REDSHIFT),
                  origin));
        });
    QUERIES.query(
        connection,
        "RLS relations (SVV_RLS_RELATION)",
        "SELECT relschema, relname, is_rls_on, rls_conjunction_type FROM svv_rls_relation"
            + " ORDER BY 1, 2",
        row -> {
          if (!wanted(row.getString(1))) {
            return;
          }
          policies.setRowSecurity(
              table(row.getString(1), row.getString(2)),
              Optional.of(row.getBoolean(3)),
              Optional.of(lower(row.getString(4)).trim().equals("or")));
        });
    QUERIES.query(
        connection,
        "attached RLS policies (SVV_RLS_ATTACHED_POLICY)",
        "SELECT * FROM svv_rls_attached_policy ORDER BY relschema, relname, polname, grantee",
        row -> {
          Map<String, Integer> columns = columnIndex(row);
          String schema = row.getString(require(columns, "relschema"));
          if (!wanted(schema)) {
            return;
          }
          Integer polOn = columns.get("is_pol_on");
          if (polOn != null && !row.getBoolean(polOn) && !row.wasNull()) {
            return;
          }
          Securable table = table(schema, row.getString(require(columns, "relname")));
          String policy = row.getString(require(columns, "polname"));
          Subject grantee =
              grantee(
                  row.getString(require(columns, "grantee")),
                  row.getString(require(columns, "granteekind")));
          policies.attachRls(
              new RedshiftPolicies.RlsAttachment(
                  policy, table, grantee, declared(policy + " on " + table)));
        });
  }

  private void readMasking(Connection connection, RedshiftPolicies policies) {
    QUERIES.query(
        connection,
        "masking policies (SVV_MASKING_POLICY)",
        "SELECT policy_name, input_columns, policy_expression FROM svv_masking_policy"
            + " ORDER BY policy_name",
        row -> {
          String name = row.getString(1);
          String expression = row.getString(3) == null ? "NULL" : row.getString(3);
          Origin origin = declared(name).withSql(expression);
          List<Parameter> parameters = parameters(row.getString(2), name, "input_columns");
          List<Expression> outputs = new ArrayList<>();
          List<SqlLocation> locations = new ArrayList<>();
          for (String output : expressions(expression)) {
            outputs.add(parse(output, origin, policies));
            locations.add(SqlLocation.start(SystemKind.REDSHIFT));
          }
          policies.putMaskingPolicy(
              new RedshiftPolicies.MaskingPolicy(name, parameters, outputs, locations, origin));
        });
    QUERIES.query(
        connection,
        "attached masking policies (SVV_ATTACHED_MASKING_POLICY)",
        "SELECT policy_name, schema_name, table_name, grantee, grantee_type, priority,"
            + " input_columns, output_columns FROM svv_attached_masking_policy ORDER BY 2, 3, 1",
        row -> {
          if (!wanted(row.getString(2))) {
            return;
          }
          String policy = row.getString(1);
          Securable table = table(row.getString(2), row.getString(3));
          List<List<String>> outputs = columnList(row.getString(8));
          List<List<String>> inputs = columnList(row.getString(7));
          policies.attachMask(
              new RedshiftPolicies.MaskAttachment(
                  policy,
                  table,
                  outputs,
                  inputs.isEmpty() || inputs.equals(outputs)
                      ? Optional.empty()
                      : Optional.of(inputs),
                  grantee(row.getString(4), row.getString(5)),
                  row.getInt(6),
                  declared(policy + " on " + table)));
        });
  }

  private void readGrants(Connection connection, RedshiftPolicies policies) {
    QUERIES.query(
        connection,
        "table privileges (SVV_RELATION_PRIVILEGES)",
        "SELECT namespace_name, relation_name, privilege_type, identity_name, identity_type,"
            + " admin_option FROM svv_relation_privileges ORDER BY 1, 2, 4",
        row -> {
          if (wanted(row.getString(1))) {
            Securable table = table(row.getString(1), row.getString(2));
            grant(
                policies,
                grantee(row.getString(4), row.getString(5)),
                table,
                row.getString(3),
                row.getBoolean(6));
          }
        });
    QUERIES.query(
        connection,
        "column privileges (SVV_COLUMN_PRIVILEGES)",
        "SELECT namespace_name, relation_name, column_name, privilege_type, identity_name,"
            + " identity_type FROM svv_column_privileges ORDER BY 1, 2, 3, 5",
        row -> {
          if (wanted(row.getString(1))) {
            Securable column = table(row.getString(1), row.getString(2)).column(row.getString(3));
            grant(
                policies,
                grantee(row.getString(5), row.getString(6)),
                column,
                row.getString(4),
                false);
          }
        });
    QUERIES.query(
        connection,
        "schema privileges (SVV_SCHEMA_PRIVILEGES)",
        "SELECT namespace_name, privilege_type, identity_name, identity_type, admin_option"
            + " FROM svv_schema_privileges ORDER BY 1, 3",
        row -> {
          if (wanted(row.getString(1))) {
            grant(
                policies,
                grantee(row.getString(3), row.getString(4)),
                Securable.schema(Optional.empty(), row.getString(1)),
                row.getString(2),
                row.getBoolean(5));
          }
        });
  }

  private static void grant(
      RedshiftPolicies policies,
      Subject grantee,
      Securable securable,
      String privilegeType,
      boolean option) {
    Optional<Privilege> privilege =
        switch (lower(privilegeType).trim()) {
          case "select" -> Optional.of(Privilege.SELECT);
          case "insert" -> Optional.of(Privilege.INSERT);
          case "update" -> Optional.of(Privilege.UPDATE);
          case "delete" -> Optional.of(Privilege.DELETE);
          case "references" -> Optional.of(Privilege.REFERENCES);
          case "usage" -> Optional.of(Privilege.USAGE);
          case "create" -> Optional.of(Privilege.CREATE);
          // DROP, ALTER, TRUNCATE change or remove objects but never disclose data.
          default -> Optional.empty();
        };
    privilege.ifPresent(
        value ->
            policies.grant(
                grantee,
                securable,
                EnumSet.of(value),
                option,
                declared(securable.qualifiedName())));
  }

  // ---- text of the catalog ----

  /** {@code [{"colname":"a","type":"integer"}]}, or {@code a integer, b text}. */
  private static List<Parameter> parameters(String text, String policy, String column) {
    List<Parameter> parameters = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return parameters;
    }
    String trimmed = text.trim();
    if (trimmed.startsWith("[")) {
      try {
        for (JsonNode node : JSON.readTree(trimmed)) {
          parameters.add(
              new Parameter(
                  node.path("colname").asText(), SqlTypes.canonical(node.path("type").asText())));
        }
        return parameters;
      } catch (IOException e) {
        throw new PassportException(
            ErrorCode.INTERNAL_ERROR,
            "The " + column + " of policy " + policy + " is not the JSON Redshift documents.",
            e);
      }
    }
    if (trimmed.startsWith("(") && trimmed.endsWith(")")) {
      trimmed = trimmed.substring(1, trimmed.length() - 1);
    }
    for (TextSpan element : RedshiftDdlReader.splitTopLevel(new TextSpan(trimmed, 0))) {
      String[] parts = element.text().trim().split("\\s+", 2);
      parameters.add(
          new Parameter(
              SqlDialect.REDSHIFT.identifiers().normalise(parts[0]),
              SqlTypes.canonical(parts.length > 1 ? parts[1] : "unknown")));
    }
    return parameters;
  }

  /** {@code [{"expr":"…"}]}, or SQL: one expression or a parenthesised tuple. */
  private static List<String> expressions(String text) {
    String trimmed = text.trim();
    List<String> outputs = new ArrayList<>();
    if (trimmed.startsWith("[")) {
      try {
        for (JsonNode node : JSON.readTree(trimmed)) {
          outputs.add(node.isTextual() ? node.asText() : node.path("expr").asText());
        }
        return outputs;
      } catch (IOException e) {
        // Not JSON after all: SQL starting with an array constructor, read as SQL below.
        outputs.clear();
      }
    }
    List<TextSpan> pieces = RedshiftDdlReader.splitTopLevel(new TextSpan(trimmed, 0));
    if (pieces.size() == 1 && trimmed.startsWith("(") && trimmed.endsWith(")")) {
      List<TextSpan> inner =
          RedshiftDdlReader.splitTopLevel(
              new TextSpan(trimmed.substring(1, trimmed.length() - 1), 1));
      if (inner.size() > 1) {
        pieces = inner;
      }
    }
    for (TextSpan piece : pieces) {
      outputs.add(piece.text());
    }
    return outputs;
  }

  /** {@code ["a","b"]} or {@code a, b} or {@code (a, b)}; each as its path parts. */
  private static List<List<String>> columnList(String text) {
    List<List<String>> columns = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return columns;
    }
    List<String> names = new ArrayList<>();
    String trimmed = text.trim();
    boolean json = false;
    if (trimmed.startsWith("[")) {
      try {
        for (JsonNode node : JSON.readTree(trimmed)) {
          names.add(node.asText());
        }
        json = true;
      } catch (IOException e) {
        names.clear();
      }
    }
    if (!json) {
      if (trimmed.startsWith("(") && trimmed.endsWith(")")) {
        trimmed = trimmed.substring(1, trimmed.length() - 1);
      }
      for (TextSpan piece : RedshiftDdlReader.splitTopLevel(new TextSpan(trimmed, 0))) {
        names.add(piece.text());
      }
    }
    for (String name : names) {
      columns.add(SqlDialect.REDSHIFT.identifiers().splitQualified(name.trim()));
    }
    return columns;
  }

  private Expression parse(String text, Origin origin, RedshiftPolicies policies) {
    try {
      return parser.parseExpression(text, SqlLocation.start(SystemKind.REDSHIFT));
    } catch (ParseException e) {
      policies.addLoss(
          new Loss(
              origin,
              "the catalog's expression could not be read: " + e.getMessage(),
              LossDirection.UNKNOWN));
      // A predicate that admits nothing and a mask that shows nothing: fail closed.
      return new net.sf.jsqlparser.expression.NullValue();
    }
  }

  private static Subject grantee(String name, String kind) {
    switch (lower(kind).trim()) {
      case "public":
        return Subjects.everyone();
      case "role":
        return Subjects.hasRole(name);
      case "group":
        return Subjects.inGroup(name);
      default:
        return "public".equalsIgnoreCase(name) ? Subjects.everyone() : Subjects.isUser(name);
    }
  }

  private static Map<String, Integer> columnIndex(ResultSet row) throws SQLException {
    ResultSetMetaData meta = row.getMetaData();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int column = 1; column <= meta.getColumnCount(); column++) {
      String name = lower(meta.getColumnLabel(column));
      index.put(name.equals("rls_conjuntion_type") ? "rls_conjunction_type" : name, column);
    }
    return index;
  }

  private static int require(Map<String, Integer> columns, String name) throws SQLException {
    Integer index = columns.get(name);
    if (index == null) {
      throw new SQLException("the view has no column " + name);
    }
    return index;
  }

  private Securable table(String schema, String name) {
    return QualifiedName.table(List.of(schema, name), SqlDialect.REDSHIFT.identifiers());
  }

  private boolean wanted(String schema) {
    return options.schemas().isEmpty() || options.schemas().contains(schema);
  }

  private static Origin declared(String object) {
    return Origin.declared(SystemKind.REDSHIFT, object);
  }

  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }

  private static void rollbackIfNeeded(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw QUERIES.failure("the connection after a failed optional query", e);
    }
  }

  /**
   * The connection's URL without secrets; Redshift's JDBC URLs also carry settings after a
   * semicolon, which may hold credentials.
   */
  private static String locator(Connection connection) {
    return QUERIES.locator(connection).replaceAll(";.*$", "");
  }
}
