package dev.passport.extract.postgresql;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.CatalogQueries;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.Conversion;
import dev.passport.extract.sql.ConversionScope;
import dev.passport.extract.sql.QualifiedName;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlExpressionConverter;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.extract.sql.SqlTypes;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.ParseException;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.Privilege;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.View;
import dev.passport.model.ViewOption;
import java.sql.Array;
import java.sql.Connection;
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
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Reads PostgreSQL and Greenplum policies live from the catalog over JDBC: roles ({@code pg_roles}:
 * rolsuper, rolbypassrls, rolinherit, rolcanlogin) and memberships ({@code pg_auth_members});
 * tables with owners, row security flags ({@code relrowsecurity}, {@code relforcerowsecurity}) and
 * columns ({@code pg_attribute}, types by {@code format_type}); policies ({@code pg_policy},
 * expressions decompiled by {@code pg_get_expr} and converted with the same {@link
 * SqlExpressionConverter} as the DDL reader); table, column and schema privileges ({@code
 * aclexplode} of {@code relacl}, {@code attacl}, {@code nspacl}, leaving out the owner's own
 * entries, as ownership is the table's owner); views ({@code pg_views}, {@code reloptions}). System
 * schemas ({@code pg_catalog}, {@code information_schema}, {@code pg_toast}, temporary schemas) are
 * skipped; {@link ExtractionOptions#schemas()} narrows further.
 *
 * <p>The model elements are built by the same code as {@link PostgresqlDdlReader}'s, so a script
 * read as text and the same script applied to a database and read here give equal policies apart
 * from origins. A missing privilege gives a {@link PassportException} with {@link
 * ErrorCode#INSUFFICIENT_PRIVILEGE}; a broken connection {@link ErrorCode#CONNECTION_FAILED}.
 */
public final class PostgresqlCatalogReader {
  // Catalog errors are mapped as for every PostgreSQL-protocol reader.
  private static final CatalogQueries QUERIES =
      new CatalogQueries(CatalogQueries.MessageEnding.KEEP);
  private static final String SYSTEM_SCHEMA_FILTER =
      "n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname !~ '^pg_toast' AND n.nspname !~ '^pg_temp_'";

  private final SystemKind system;
  private final ExtractionOptions options;
  private final BoundedSqlParser parser;
  private final SqlExpressionConverter converter;

  /**
   * A reader for POSTGRESQL or GREENPLUM.
   *
   * @throws IllegalArgumentException for another system
   */
  public PostgresqlCatalogReader(SystemKind system, ExtractionOptions options) {
    this.system = requireNonNull(system, "system is null");
    if (system != SystemKind.POSTGRESQL && system != SystemKind.GREENPLUM) {
      throw new IllegalArgumentException(
          "PostgresqlCatalogReader reads PostgreSQL or Greenplum, not " + system.displayName());
    }
    this.options = requireNonNull(options, "options is null");
    SqlDialect dialect = SqlDialect.of(system);
    this.parser = BoundedSqlParser.of(dialect, options.limits());
    this.converter = SqlExpressionConverter.of(parser, options.aliases());
  }

  /** Reads a PostgreSQL database. */
  public static PolicySet read(Connection connection, ExtractionOptions options) {
    return new PostgresqlCatalogReader(SystemKind.POSTGRESQL, options).read(connection);
  }

  /**
   * Reads the database the connection is to. The connection is left open.
   *
   * @throws PassportException INSUFFICIENT_PRIVILEGE or CONNECTION_FAILED
   */
  public PolicySet read(Connection connection) {
    requireNonNull(connection, "connection is null");
    String locator = QUERIES.locator(connection);
    PolicySet.Builder builder =
        PolicySet.builder(
            new Source(system, locator, ExtractionMethod.JDBC, Optional.of(Instant.now())));
    List<Loss> losses = new ArrayList<>();
    readRoles(connection, builder);
    Map<String, TableRow> tables = readTables(connection);
    readColumns(connection, tables);
    Map<String, List<ColumnInfo>> knownColumns = new LinkedHashMap<>();
    for (TableRow table : tables.values()) {
      knownColumns.put(table.name.qualifiedName(), List.copyOf(table.columns));
    }
    for (TableRow table : tables.values()) {
      if (!table.view) {
        builder.addTable(
            PostgresqlModel.table(
                table.name, table.columns, table.owner, table.rowSecurity, table.forced));
      }
    }
    List<GrantRow> grants = new ArrayList<>();
    readTableGrants(connection, grants);
    readColumnGrants(connection, grants);
    readSchemaGrants(connection, grants);
    grants.sort(
        (left, right) ->
            PostgresqlModel.grantOrder(
                left.securable, left.grantee, right.securable, right.grantee));
    for (GrantRow grant : grants) {
      builder.addGrant(
          new Grant(
              grant.grantee,
              grant.privileges,
              grant.securable,
              GrantEffect.ALLOW,
              grant.grantOption,
              GrantVia.DIRECT,
              Origin.declared(system, grant.securable.qualifiedName())));
    }
    readPolicies(connection, builder, knownColumns, losses);
    for (TableRow table : tables.values()) {
      if (table.view) {
        builder.addView(view(table, losses));
      }
    }
    losses.forEach(builder::addLoss);
    return builder.build();
  }

  private static final class TableRow {
    private Securable name;
    private Optional<String> owner = Optional.empty();
    private boolean rowSecurity;
    private boolean forced;
    private boolean view;
    private final Set<ViewOption> viewOptions = EnumSet.noneOf(ViewOption.class);
    private Optional<String> definition = Optional.empty();
    private final List<ColumnInfo> columns = new ArrayList<>();
  }

  private static final class GrantRow {
    private final Subject grantee;
    private final Securable securable;
    private final boolean grantOption;
    private final EnumSet<Privilege> privileges = EnumSet.noneOf(Privilege.class);

    GrantRow(Subject grantee, Securable securable, boolean grantOption) {
      this.grantee = grantee;
      this.securable = securable;
      this.grantOption = grantOption;
    }
  }

  private void readRoles(Connection connection, PolicySet.Builder builder) {
    Map<String, Set<String>> memberships = new LinkedHashMap<>();
    QUERIES.query(
        connection,
        "role memberships (pg_auth_members)",
        "SELECT m.rolname AS member, r.rolname AS role FROM pg_catalog.pg_auth_members am"
            + " JOIN pg_catalog.pg_roles r ON r.oid = am.roleid"
            + " JOIN pg_catalog.pg_roles m ON m.oid = am.member"
            + " ORDER BY 1, 2",
        row ->
            memberships
                .computeIfAbsent(row.getString(1), key -> new LinkedHashSet<>())
                .add(row.getString(2)));
    QUERIES.query(
        connection,
        "roles (pg_roles)",
        "SELECT rolname, rolsuper, rolbypassrls, rolinherit, rolcanlogin FROM pg_catalog.pg_roles"
            + " WHERE rolname !~ '^pg_' ORDER BY rolname",
        row -> {
          String name = row.getString(1);
          EnumSet<PrincipalFlag> flags = EnumSet.noneOf(PrincipalFlag.class);
          if (row.getBoolean(2)) {
            flags.add(PrincipalFlag.SUPERUSER);
          }
          if (row.getBoolean(3)) {
            flags.add(PrincipalFlag.BYPASS_ROW_SECURITY);
          }
          if (!row.getBoolean(4)) {
            flags.add(PrincipalFlag.NO_INHERIT);
          }
          if (row.getBoolean(5)) {
            flags.add(PrincipalFlag.LOGIN);
          }
          builder.addPrincipal(
              PostgresqlModel.principal(
                  name,
                  flags,
                  memberships.getOrDefault(name, Set.of()),
                  Origin.declared(system, name)));
        });
  }

  private Map<String, TableRow> readTables(Connection connection) {
    Map<String, TableRow> tables = new LinkedHashMap<>();
    QUERIES.query(
        connection,
        "tables (pg_class)",
        "SELECT n.nspname, c.relname, c.relkind, pg_catalog.pg_get_userbyid(c.relowner),"
            + " c.relrowsecurity, c.relforcerowsecurity, c.reloptions,"
            + " CASE WHEN c.relkind = 'v' THEN pg_catalog.pg_get_viewdef(c.oid, true) END"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'v', 'f') AND "
            + SYSTEM_SCHEMA_FILTER
            + " ORDER BY 1, 2",
        row -> {
          String schema = row.getString(1);
          if (!wanted(schema)) {
            return;
          }
          TableRow table = new TableRow();
          table.name = table(schema, row.getString(2));
          table.view = "v".equals(row.getString(3));
          table.owner = Optional.ofNullable(row.getString(4));
          table.rowSecurity = row.getBoolean(5);
          table.forced = row.getBoolean(6);
          for (String option : strings(row.getArray(7))) {
            String lower = option.toLowerCase(Locale.ROOT);
            if (lower.equals("security_barrier=true") || lower.equals("security_barrier=on")) {
              table.viewOptions.add(ViewOption.SECURITY_BARRIER);
            }
            if (lower.equals("security_invoker=true") || lower.equals("security_invoker=on")) {
              table.viewOptions.add(ViewOption.SECURITY_INVOKER);
            }
          }
          table.definition = Optional.ofNullable(row.getString(8));
          tables.put(table.name.qualifiedName(), table);
        });
    return tables;
  }

  private void readColumns(Connection connection, Map<String, TableRow> tables) {
    QUERIES.query(
        connection,
        "columns (pg_attribute)",
        "SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
            + " a.attnotnull FROM pg_catalog.pg_attribute a"
            + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'f')"
            + " AND "
            + SYSTEM_SCHEMA_FILTER
            + " ORDER BY 1, 2, a.attnum",
        row -> {
          TableRow table = tables.get(row.getString(1) + "." + row.getString(2));
          if (table != null) {
            table.columns.add(
                new ColumnInfo(
                    row.getString(3), SqlTypes.canonical(row.getString(4)), !row.getBoolean(5)));
          }
        });
  }

  private void readTableGrants(Connection connection, List<GrantRow> grants) {
    QUERIES.query(
        connection,
        "table privileges (pg_class.relacl)",
        "SELECT n.nspname, c.relname, acl.grantee, pg_catalog.pg_get_userbyid(acl.grantee),"
            + " acl.privilege_type, acl.is_grantable"
            + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace,"
            + " LATERAL pg_catalog.aclexplode(c.relacl) acl"
            + " WHERE c.relkind IN ('r', 'p', 'v', 'f') AND acl.grantee <> c.relowner AND "
            + SYSTEM_SCHEMA_FILTER
            + " ORDER BY 1, 2",
        row -> {
          if (wanted(row.getString(1))) {
            addGrant(
                grants,
                grantee(row.getLong(3), row.getString(4)),
                table(row.getString(1), row.getString(2)),
                row.getString(5),
                row.getBoolean(6));
          }
        });
  }

  private void readColumnGrants(Connection connection, List<GrantRow> grants) {
    QUERIES.query(
        connection,
        "column privileges (pg_attribute.attacl)",
        "SELECT n.nspname, c.relname, a.attname, acl.grantee,"
            + " pg_catalog.pg_get_userbyid(acl.grantee), acl.privilege_type, acl.is_grantable"
            + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace,"
            + " LATERAL pg_catalog.aclexplode(a.attacl) acl"
            + " WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped"
            + " AND acl.grantee <> c.relowner AND "
            + SYSTEM_SCHEMA_FILTER
            + " ORDER BY 1, 2, a.attnum",
        row -> {
          if (wanted(row.getString(1))) {
            addGrant(
                grants,
                grantee(row.getLong(4), row.getString(5)),
                table(row.getString(1), row.getString(2)).column(row.getString(3)),
                row.getString(6),
                row.getBoolean(7));
          }
        });
  }

  private void readSchemaGrants(Connection connection, List<GrantRow> grants) {
    QUERIES.query(
        connection,
        "schema privileges (pg_namespace.nspacl)",
        "SELECT n.nspname, acl.grantee, pg_catalog.pg_get_userbyid(acl.grantee),"
            + " acl.privilege_type, acl.is_grantable FROM pg_catalog.pg_namespace n,"
            + " LATERAL pg_catalog.aclexplode(n.nspacl) acl"
            + " WHERE acl.grantee <> n.nspowner AND "
            + SYSTEM_SCHEMA_FILTER
            + " ORDER BY 1",
        row -> {
          if (wanted(row.getString(1))) {
            addGrant(
                grants,
                grantee(row.getLong(2), row.getString(3)),
                Securable.schema(Optional.empty(), row.getString(1)),
                row.getString(4),
                row.getBoolean(5));
          }
        });
  }

  private Securable table(String schema, String name) {
    return QualifiedName.table(List.of(schema, name), parser.dialect().identifiers());
  }

  private Subject grantee(long oid, String name) {
    return oid == 0 ? Subjects.everyone() : Subjects.hasRole(name);
  }

  private void addGrant(
      List<GrantRow> grants,
      Subject grantee,
      Securable securable,
      String privilegeType,
      boolean grantOption) {
    Optional<Privilege> privilege = privilege(privilegeType);
    if (privilege.isEmpty()) {
      return;
    }
    for (GrantRow existing : grants) {
      if (existing.grantee.equals(grantee)
          && existing.securable.qualifiedName().equals(securable.qualifiedName())
          && existing.grantOption == grantOption) {
        existing.privileges.add(privilege.get());
        return;
      }
    }
    GrantRow row = new GrantRow(grantee, securable, grantOption);
    row.privileges.add(privilege.get());
    grants.add(row);
  }

  /** The modelled privileges; MAINTAIN (PostgreSQL 17) does not change data access. */
  private static Optional<Privilege> privilege(String type) {
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "SELECT" -> Optional.of(Privilege.SELECT);
      case "INSERT" -> Optional.of(Privilege.INSERT);
      case "UPDATE" -> Optional.of(Privilege.UPDATE);
      case "DELETE" -> Optional.of(Privilege.DELETE);
      case "TRUNCATE" -> Optional.of(Privilege.TRUNCATE);
      case "REFERENCES" -> Optional.of(Privilege.REFERENCES);
      case "TRIGGER" -> Optional.of(Privilege.TRIGGER);
      case "USAGE" -> Optional.of(Privilege.USAGE);
      case "CREATE" -> Optional.of(Privilege.CREATE);
      default -> Optional.empty();
    };
  }

  private void readPolicies(
      Connection connection,
      PolicySet.Builder builder,
      Map<String, List<ColumnInfo>> knownColumns,
      List<Loss> losses) {
    QUERIES.query(
        connection,
        "row-level security policies (pg_policy)",
        "SELECT n.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,"
            + " ARRAY(SELECT CASE WHEN r = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(r) END"
            + " FROM pg_catalog.unnest(p.polroles) AS r),"
            + " pg_catalog.pg_get_expr(p.polqual, p.polrelid),"
            + " pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)"
            + " FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c ON c.oid = p.polrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE "
            + SYSTEM_SCHEMA_FILTER
            + " ORDER BY 1, 2, 3",
        row -> {
          if (!wanted(row.getString(1))) {
            return;
          }
          Securable table = table(row.getString(1), row.getString(2));
          String name = row.getString(3);
          String command = command(row.getString(4));
          boolean permissive = row.getBoolean(5);
          List<Subject> subjects = new ArrayList<>();
          Array roles = row.getArray(6);
          Object[] roleNames = roles == null ? new Object[0] : (Object[]) roles.getArray();
          for (Object role : roleNames) {
            subjects.add(role == null ? Subjects.everyone() : Subjects.hasRole((String) role));
          }
          Optional<String> using = Optional.ofNullable(row.getString(7));
          Optional<String> check = Optional.ofNullable(row.getString(8));
          String sql =
              using.map(text -> "USING (" + text + ")").orElse("")
                  + check.map(text -> " WITH CHECK (" + text + ")").orElse("");
          Origin origin =
              Origin.declared(system, name + " on " + table.qualifiedName()).withSql(sql.trim());
          Optional<Expr> usingExpr =
              using.map(text -> convert(text, table, origin, knownColumns, losses));
          Optional<Expr> checkExpr =
              check.map(text -> convert(text, table, origin, knownColumns, losses));
          builder.addRowFilter(
              PostgresqlModel.rowFilter(
                  name,
                  table,
                  permissive,
                  command,
                  Subjects.anyOf(subjects),
                  usingExpr,
                  checkExpr,
                  origin));
        });
  }

  private static String command(String polcmd) {
    return switch (polcmd) {
      case "r" -> "select";
      case "a" -> "insert";
      case "w" -> "update";
      case "d" -> "delete";
      default -> "all";
    };
  }

  private Expr convert(
      String text,
      Securable table,
      Origin origin,
      Map<String, List<ColumnInfo>> knownColumns,
      List<Loss> losses) {
    ConversionScope scope =
        ConversionScope.forTable(table, origin, SqlLocation.start(system))
            .withKnownColumns(knownColumns);
    try {
      Conversion conversion = converter.convert(text, scope);
      losses.addAll(conversion.losses());
      return conversion.expr();
    } catch (ParseException e) {
      losses.add(
          new Loss(
              origin,
              "the catalog's expression could not be read: " + e.getMessage(),
              LossDirection.UNKNOWN));
      return Expressions.opaque(system, text);
    }
  }

  private View view(TableRow table, List<Loss> losses) {
    Origin origin = Origin.declared(system, table.name.qualifiedName()).withKind(OriginKind.VIEW);
    List<Securable> bases = new ArrayList<>();
    if (table.definition.isPresent()) {
      origin = origin.withSql(table.definition.get());
      String sql = table.definition.get().trim();
      if (sql.endsWith(";")) {
        sql = sql.substring(0, sql.length() - 1);
      }
      try {
        Statement parsed = parser.parseStatement(sql, SqlLocation.start(system));
        for (String base : new TablesNamesFinder<Void>().getTables(parsed)) {
          QualifiedName name =
              new QualifiedName(parser.dialect().identifiers().splitQualified(base), base);
          bases.add(name.toTable("public", parser.dialect().identifiers()));
        }
      } catch (RuntimeException e) {
        losses.add(
            new Loss(
                origin,
                "the base tables of view "
                    + table.name.qualifiedName()
                    + " are unknown: "
                    + e.getMessage(),
                LossDirection.UNKNOWN));
      }
    }
    return new View(table.name, table.definition, bases, table.viewOptions, table.owner, origin);
  }

  private boolean wanted(String schema) {
    return options.schemas().isEmpty() || options.schemas().contains(schema);
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (Object value : (Object[]) array.getArray()) {
      values.add(String.valueOf(value));
    }
    return values;
  }
}
