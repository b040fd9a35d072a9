package dev.passport.extract.snowflake;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.IdentifierNormaliser;
import dev.passport.extract.sql.QualifiedName;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlLexer;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.extract.sql.SqlStatement;
import dev.passport.extract.sql.SqlToken;
import dev.passport.extract.sql.SqlTokenCursor;
import dev.passport.extract.views.ViewPolicyDetector;
import dev.passport.model.ColumnMask;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionKind;
import dev.passport.model.ErrorCode;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.Parameter;
import dev.passport.model.ParseException;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.Privilege;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.View;
import dev.passport.model.ViewOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Reads Snowflake policies live, over a JDBC connection the caller opened (and closes). The
 * Snowflake JDBC driver ({@code net.snowflake:snowflake-jdbc}, a 94 MB jar) is not a dependency of
 * Passport: put it on the class path to read a live account, and authenticate (key pair or
 * password) through the connection's properties, which this reader never sees or prints.
 *
 * <p>It reads the account-wide views of {@code SNOWFLAKE.ACCOUNT_USAGE} (latency up to two hours;
 * the role needs {@code IMPORTED PRIVILEGES} on the SNOWFLAKE database): {@code MASKING_POLICIES}
 * and {@code ROW_ACCESS_POLICIES} (undeleted; every policy becomes a {@link Definition}, attached
 * or not), {@code POLICY_REFERENCES} (attachments to columns, tables, views and tags), {@code
 * TAG_REFERENCES} (direct tag assignments), {@code GRANTS_TO_ROLES} (privileges and the role
 * hierarchy), {@code GRANTS_TO_USERS} (users' roles) and {@code VIEWS} (definitions, for {@link
 * ViewPolicyDetector}). With {@link ExtractionOptions#realtime()} the attachments come instead from
 * the real-time table function {@code <db>.INFORMATION_SCHEMA.POLICY_REFERENCES(POLICY_NAME =>
 * '…')}, called once per policy. The query texts are the constants of this class; they quote every
 * identifier in upper case, which means the same to Snowflake as the bare names.
 *
 * <p>Semantics are those of {@link SnowflakeDdlReader}. Attachments whose {@code POLICY_STATUS} is
 * not {@code ACTIVE}, and policy kinds the model has no place for (aggregation, projection), are
 * losses. A column masked through a tag is listed by {@code POLICY_REFERENCES} with the tag's name;
 * it becomes a mask on the column with an origin of kind TAG and a priority below the column's own
 * policies. Column types are not read, so tag-based masks declared on a tag apply only through
 * those per-column references.
 */
public final class SnowflakeCatalogReader {
  /** Undeleted masking policies. */
  public static final String MASKING_POLICIES_QUERY =
      "SELECT \"POLICY_CATALOG\", \"POLICY_SCHEMA\", \"POLICY_NAME\", \"POLICY_OWNER\","
          + " \"POLICY_SIGNATURE\", \"POLICY_RETURN_TYPE\", \"POLICY_BODY\", \"OPTIONS\""
          + " FROM \"SNOWFLAKE\".\"ACCOUNT_USAGE\".\"MASKING_POLICIES\""
          + " WHERE \"DELETED\" IS NULL"
          + " ORDER BY \"POLICY_CATALOG\", \"POLICY_SCHEMA\", \"POLICY_NAME\"";

  /** Undeleted row access policies. */
  public static final String ROW_ACCESS_POLICIES_QUERY =
      "SELECT \"POLICY_CATALOG\", \"POLICY_SCHEMA\", \"POLICY_NAME\", \"POLICY_OWNER\","
          + " \"POLICY_SIGNATURE\", \"POLICY_RETURN_TYPE\", \"POLICY_BODY\", \"OPTIONS\""
          + " FROM \"SNOWFLAKE\".\"ACCOUNT_USAGE\".\"ROW_ACCESS_POLICIES\""
          + " WHERE \"DELETED\" IS NULL"
          + " ORDER BY \"POLICY_CATALOG\", \"POLICY_SCHEMA\", \"POLICY_NAME\"";

  private static final String REFERENCE_COLUMNS =
      "\"POLICY_DB\", \"POLICY_SCHEMA\", \"POLICY_NAME\", \"POLICY_KIND\","
          + " \"REF_DATABASE_NAME\", \"REF_SCHEMA_NAME\", \"REF_ENTITY_NAME\","
          + " \"REF_ENTITY_DOMAIN\", \"REF_COLUMN_NAME\", \"REF_ARG_COLUMN_NAMES\","
          + " \"TAG_DATABASE\", \"TAG_SCHEMA\", \"TAG_NAME\", \"POLICY_STATUS\"";

  /** Policy attachments, account-wide. */
  public static final String POLICY_REFERENCES_QUERY =
      "SELECT "
          + REFERENCE_COLUMNS
          + " FROM \"SNOWFLAKE\".\"ACCOUNT_USAGE\".\"POLICY_REFERENCES\""
          + " ORDER BY \"REF_DATABASE_NAME\", \"REF_SCHEMA_NAME\", \"REF_ENTITY_NAME\","
          + " \"REF_COLUMN_NAME\", \"POLICY_NAME\"";

  /** Direct tag assignments on live objects. */
  public static final String TAG_REFERENCES_QUERY =
      "SELECT \"TAG_DATABASE\", \"TAG_SCHEMA\", \"TAG_NAME\", \"TAG_VALUE\","
          + " \"OBJECT_DATABASE\", \"OBJECT_SCHEMA\", \"OBJECT_NAME\", \"DOMAIN\", \"COLUMN_NAME\""
          + " FROM \"SNOWFLAKE\".\"ACCOUNT_USAGE\".\"TAG_REFERENCES\""
          + " WHERE \"OBJECT_DELETED\" IS NULL"
          + " ORDER BY \"TAG_DATABASE\", \"TAG_SCHEMA\", \"TAG_NAME\", \"OBJECT_DATABASE\","
          + " \"OBJECT_SCHEMA\", \"OBJECT_NAME\", \"COLUMN_NAME\"";

  /** Privileges and role grants held by roles. */
  public static final String GRANTS_TO_ROLES_QUERY =
      "SELECT \"PRIVILEGE\", \"GRANTED_ON\", \"NAME\", \"TABLE_CATALOG\", \"TABLE_SCHEMA\","
          + " \"GRANTED_TO\", \"GRANTEE_NAME\", \"GRANT_OPTION\""
          + " FROM \"SNOWFLAKE\".\"ACCOUNT_USAGE\".\"GRANTS_TO_ROLES\""
          + " WHERE \"DELETED_ON\" IS NULL"
          + " ORDER BY \"GRANTEE_NAME\", \"GRANTED_ON\", \"TABLE_CATALOG\", \"TABLE_SCHEMA\","
          + " \"NAME\", \"PRIVILEGE\"";

  /** Roles granted to users. */
  public static final String GRANTS_TO_USERS_QUERY =
      "SELECT \"ROLE\", \"GRANTED_TO\", \"GRANTEE_NAME\""
          + " FROM \"SNOWFLAKE\".\"ACCOUNT_USAGE\".\"GRANTS_TO_USERS\""
          + " WHERE \"DELETED_ON\" IS NULL"
          + " ORDER BY \"GRANTEE_NAME\", \"ROLE\"";

  /** Undeleted views and their definitions. */
  public static final String VIEWS_QUERY =
      "SELECT \"TABLE_CATALOG\", \"TABLE_SCHEMA\", \"TABLE_NAME\", \"TABLE_OWNER\","
          + " \"VIEW_DEFINITION\", \"IS_SECURE\""
          + " FROM \"SNOWFLAKE\".\"ACCOUNT_USAGE\".\"VIEWS\""
          + " WHERE \"DELETED\" IS NULL"
          + " ORDER BY \"TABLE_CATALOG\", \"TABLE_SCHEMA\", \"TABLE_NAME\"";

  private static final SystemKind SYSTEM = SystemKind.SNOWFLAKE;
  private static final IdentifierNormaliser IDENTIFIERS = IdentifierNormaliser.UPPER_CASE;

  private final ExtractionOptions options;
  private final SnowflakePolicies policies;

  public SnowflakeCatalogReader(ExtractionOptions options) {
    this.options = requireNonNull(options, "options is null");
    this.policies = SnowflakePolicies.of(options);
  }

  /**
   * The real-time attachments of one policy: {@code POLICY_REFERENCES(POLICY_NAME => 'db.s.p')} of
   * the policy's database, the name quoted as a string literal.
   */
  public static String realtimeReferencesQuery(String database, String qualifiedPolicyName) {
    requireNonNull(database, "database is null");
    requireNonNull(qualifiedPolicyName, "qualifiedPolicyName is null");
    return "SELECT "
        + REFERENCE_COLUMNS
        + " FROM TABLE("
        + quote(database)
        + ".\"INFORMATION_SCHEMA\".\"POLICY_REFERENCES\"(POLICY_NAME => '"
        + qualifiedPolicyName.replace("'", "''")
        + "'))";
  }

  /**
   * Reads the account's policies, grants, tags and views.
   *
   * @throws PassportException INSUFFICIENT_PRIVILEGE when a view cannot be read, CONNECTION_FAILED
   *     on another database error
   */
  public PolicySet read(Connection connection) {
    requireNonNull(connection, "connection is null");
    String locator;
    try {
      locator = connection.getMetaData().getURL();
    } catch (SQLException e) {
      throw failure("reading the connection's URL", e);
    }
    Run run = new Run(connection);
    run.definitions(MASKING_POLICIES_QUERY, DefinitionKind.MASKING_POLICY);
    run.definitions(ROW_ACCESS_POLICIES_QUERY, DefinitionKind.ROW_ACCESS_POLICY);
    if (options.realtime()) {
      for (Definition definition : List.copyOf(run.definitions.values())) {
        String database = definition.name().split("\\.", -1)[0];
        run.references(realtimeReferencesQuery(database, definition.name()));
      }
    } else {
      run.references(POLICY_REFERENCES_QUERY);
    }
    run.tags();
    run.grantsToRoles();
    run.grantsToUsers();
    run.views();
    return ViewPolicyDetector.detect(run.build(withoutCredentials(locator)));
  }

  private static String withoutCredentials(String url) {
    if (url == null) {
      return "snowflake";
    }
    return url.replaceAll("(?i)(password|private_key[a-z_]*|token|passcode)=[^&;]*", "$1=***");
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static PassportException failure(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = String.valueOf(e.getMessage());
    boolean privilege =
        state.equals("42501")
            || message.contains("Insufficient privileges")
            || message.contains("does not exist or not authorized");
    return new PassportException(
        privilege ? ErrorCode.INSUFFICIENT_PRIVILEGE : ErrorCode.CONNECTION_FAILED,
        "Snowflake catalog: " + what + " failed: " + message,
        e);
  }

  /** One read of the catalog. */
  private final class Run {
    private final Connection connection;
    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final Map<String, Principal> principals = new LinkedHashMap<>();
    private final Map<String, List<String>> memberships = new LinkedHashMap<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final List<Grant> grants = new ArrayList<>();
    private final List<RowFilter> filters = new ArrayList<>();
    private final List<ColumnMask> masks = new ArrayList<>();
    private final Map<String, List<TagAssignment>> tagAssignments = new LinkedHashMap<>();
    private final List<View> views = new ArrayList<>();
    private final List<Loss> losses = new ArrayList<>();

    Run(Connection connection) {
      this.connection = connection;
    }

    private List<Map<String, String>> query(String sql) {
      List<Map<String, String>> rows = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery(sql)) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          Map<String, String> row = new LinkedHashMap<>();
          for (int index = 1; index <= columns; index++) {
            String label = result.getMetaData().getColumnLabel(index).toUpperCase(Locale.ROOT);
            row.put(label, result.getString(index));
          }
          rows.add(row);
        }
      } catch (SQLException e) {
        throw failure(sql, e);
      }
      return rows;
    }

    void definitions(String sql, DefinitionKind kind) {
      for (Map<String, String> row : query(sql)) {
        String name =
            String.join(
                ".", row.get("POLICY_CATALOG"), row.get("POLICY_SCHEMA"), row.get("POLICY_NAME"));
        String body = nonNull(row.get("POLICY_BODY"));
        Origin origin = Origin.declared(SYSTEM, name).withSql(body);
        List<Parameter> parameters = signature(nonNull(row.get("POLICY_SIGNATURE")), origin);
        SqlLocation location = SqlLocation.start(SYSTEM);
        SnowflakePolicies.BodyConversion conversion =
            kind == DefinitionKind.MASKING_POLICY
                ? policies.maskingBody(parameters, body, origin, location)
                : policies.rowAccessBody(parameters, body, origin, location);
        losses.addAll(conversion.losses());
        Optional<String> returnType =
            Optional.ofNullable(row.get("POLICY_RETURN_TYPE")).filter(type -> !type.isBlank());
        definitions.put(
            name, new Definition(name, kind, parameters, returnType, conversion.body(), origin));
      }
    }

    /** {@code (VAL VARCHAR, COND NUMBER(38,0))} as parameters. */
    private List<Parameter> signature(String text, Origin origin) {
      String inner = text.trim();
      if (inner.startsWith("(") && inner.endsWith(")")) {
        inner = inner.substring(1, inner.length() - 1);
      }
      List<Parameter> parameters = new ArrayList<>();
      int depth = 0;
      int start = 0;
      for (int index = 0; index <= inner.length(); index++) {
        char character = index < inner.length() ? inner.charAt(index) : ',';
        if (character == '(') {
          depth++;
        } else if (character == ')') {
          depth--;
        } else if (character == ',' && depth == 0) {
          String piece = inner.substring(start, index).trim();
          start = index + 1;
          if (piece.isEmpty()) {
            continue;
          }
          String[] nameAndType = piece.split("\\s+", 2);
          if (nameAndType.length < 2) {
            losses.add(
                new Loss(origin, "signature " + text + " not understood", LossDirection.UNKNOWN));
            return parameters;
          }
          parameters.add(new Parameter(IDENTIFIERS.normalise(nameAndType[0]), nameAndType[1]));
        }
      }
      return parameters;
    }

    void references(String sql) {
      for (Map<String, String> row : query(sql)) {
        String policy =
            String.join(
                ".", row.get("POLICY_DB"), row.get("POLICY_SCHEMA"), row.get("POLICY_NAME"));
        String kind = nonNull(row.get("POLICY_KIND")).toUpperCase(Locale.ROOT);
        Origin origin = Origin.declared(SYSTEM, policy);
        String status = row.get("POLICY_STATUS");
        if (status != null && !status.equalsIgnoreCase("ACTIVE")) {
          losses.add(
              new Loss(
                  origin,
                  "policy "
                      + policy
                      + " on "
                      + row.get("REF_ENTITY_NAME")
                      + " has status "
                      + status
                      + "; Snowflake may not enforce it as declared",
                  LossDirection.UNKNOWN));
        }
        Definition definition = definitions.get(policy);
        boolean masking = kind.equals("MASKING_POLICY");
        if (!masking && !kind.equals("ROW_ACCESS_POLICY")) {
          losses.add(
              new Loss(
                  origin,
                  "a "
                      + kind
                      + " is attached to "
                      + row.get("REF_ENTITY_NAME")
                      + " and not modelled",
                  LossDirection.UNKNOWN));
          continue;
        }
        if (definition == null) {
          losses.add(
              new Loss(
                  origin,
                  "policy "
                      + policy
                      + " is attached but its definition was not readable; "
                      + (masking ? "the column is taken as fully masked" : "no row is shown"),
                  LossDirection.STRICTER));
          continue;
        }
        String domain = nonNull(row.get("REF_ENTITY_DOMAIN")).toUpperCase(Locale.ROOT);
        if (domain.equals("TAG")) {
          String tag =
              String.join(
                  ".",
                  row.get("REF_DATABASE_NAME"),
                  row.get("REF_SCHEMA_NAME"),
                  row.get("REF_ENTITY_NAME"));
          masks.add(SnowflakePolicies.attachTagMask(definition, tag, origin));
          continue;
        }
        if (!domain.equals("TABLE") && !domain.equals("VIEW")) {
          losses.add(
              new Loss(
                  origin,
                  "policy " + policy + " is attached to a " + domain + ", which is not modelled",
                  LossDirection.UNKNOWN));
          continue;
        }
        Securable table =
            Securable.table(
                row.get("REF_DATABASE_NAME"),
                row.get("REF_SCHEMA_NAME"),
                row.get("REF_ENTITY_NAME"));
        tables.putIfAbsent(
            table.qualifiedName(),
            new Table(table, List.of(), Optional.empty(), RowSecurity.allAnd()));
        List<String> arguments = argumentColumns(row.get("REF_ARG_COLUMN_NAMES"));
        SnowflakePolicies.AttachmentResult result;
        if (masking) {
          String columnName = nonNull(row.get("REF_COLUMN_NAME"));
          List<String> using = new ArrayList<>();
          if (!arguments.isEmpty()) {
            if (!arguments.get(0).equals(columnName)) {
              using.add(columnName);
            }
            using.addAll(arguments);
          }
          result =
              SnowflakePolicies.attachMask(definition, table.column(columnName), using, origin);
          boolean throughTag = row.get("TAG_NAME") != null && !row.get("TAG_NAME").isBlank();
          result
              .mask()
              .ifPresent(
                  mask ->
                      masks.add(
                          throughTag
                              ? new ColumnMask(
                                  mask.name(),
                                  mask.column(),
                                  mask.tag(),
                                  mask.rules(),
                                  mask.otherwise(),
                                  mask.appliesTo(),
                                  -1,
                                  mask.definition(),
                                  mask.bindings(),
                                  origin.withKind(OriginKind.TAG))
                              : mask));
        } else {
          result = SnowflakePolicies.attachRowAccess(definition, table, arguments, origin);
          result.filter().ifPresent(filters::add);
        }
        losses.addAll(result.losses());
      }
    }

    /** {@code [ONE,TWO]} as names. */
    private List<String> argumentColumns(String text) {
      if (text == null || text.isBlank()) {
        return List.of();
      }
      String inner = text.trim();
      if (inner.startsWith("[") && inner.endsWith("]")) {
        inner = inner.substring(1, inner.length() - 1);
      }
      List<String> names = new ArrayList<>();
      for (String piece : inner.split(",")) {
        String name = piece.trim();
        if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
          name = IDENTIFIERS.normalise(name);
        }
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
      return names;
    }

    void tags() {
      for (Map<String, String> row : query(TAG_REFERENCES_QUERY)) {
        String tag =
            String.join(".", row.get("TAG_DATABASE"), row.get("TAG_SCHEMA"), row.get("TAG_NAME"));
        String domain = nonNull(row.get("DOMAIN")).toUpperCase(Locale.ROOT);
        Optional<Securable> target = tagTarget(domain, row);
        if (target.isEmpty()) {
          continue;
        }
        tagAssignments
            .computeIfAbsent(tag, key -> new ArrayList<>())
            .add(
                new TagAssignment(
                    target.get(), nonNull(row.get("TAG_VALUE")), Origin.declared(SYSTEM, tag)));
      }
    }

    private Optional<Securable> tagTarget(String domain, Map<String, String> row) {
      String database = row.get("OBJECT_DATABASE");
      String schema = row.get("OBJECT_SCHEMA");
      String object = row.get("OBJECT_NAME");
      switch (domain) {
        case "COLUMN":
          return Optional.of(
              Securable.table(database, schema, object).column(row.get("COLUMN_NAME")));
        case "TABLE":
        case "VIEW":
        case "MATERIALIZED VIEW":
          return Optional.of(Securable.table(database, schema, object));
        case "SCHEMA":
          return Optional.of(Securable.schema(Optional.ofNullable(database), object));
        case "DATABASE":
          return Optional.of(Securable.catalog(object));
        default:
          return Optional.empty();
      }
    }

    void grantsToRoles() {
      Map<String, Grant> merged = new LinkedHashMap<>();
      for (Map<String, String> row : query(GRANTS_TO_ROLES_QUERY)) {
        String grantee = row.get("GRANTEE_NAME");
        String grantedTo = nonNull(row.get("GRANTED_TO")).toUpperCase(Locale.ROOT);
        if (!grantedTo.contains("ROLE")) {
          continue;
        }
        role(grantee);
        String on = nonNull(row.get("GRANTED_ON")).toUpperCase(Locale.ROOT);
        if (on.equals("ROLE") || on.equals("DATABASE_ROLE")) {
          String granted = row.get("NAME");
          role(granted);
          List<String> member = memberships.computeIfAbsent(grantee, key -> new ArrayList<>());
          if (!member.contains(granted)) {
            member.add(granted);
          }
          continue;
        }
        Optional<Privilege> privilege = privilege(row.get("PRIVILEGE"));
        Optional<Securable> securable = grantObject(on, row);
        if (privilege.isEmpty() || securable.isEmpty()) {
          continue;
        }
        boolean grantOption = Boolean.parseBoolean(nonNull(row.get("GRANT_OPTION")).trim());
        String key = grantee + "|" + securable.get().qualifiedName() + "|" + grantOption;
        Grant existing = merged.get(key);
        Set<Privilege> privileges = EnumSet.of(privilege.get());
        if (existing != null) {
          privileges.addAll(existing.privileges());
        }
        Subject subject =
            grantee.equals("PUBLIC") ? Subjects.everyone() : Subjects.hasRole(grantee);
        merged.put(
            key,
            new Grant(
                subject,
                privileges,
                securable.get(),
                GrantEffect.ALLOW,
                grantOption,
                GrantVia.DIRECT,
                Origin.declared(SYSTEM, grantee)));
      }
      grants.addAll(merged.values());
    }

    private Optional<Securable> grantObject(String on, Map<String, String> row) {
      String name = row.get("NAME");
      switch (on) {
        case "TABLE":
        case "VIEW":
        case "MATERIALIZED_VIEW":
        case "MATERIALIZED VIEW":
        case "EXTERNAL_TABLE":
        case "DYNAMIC_TABLE":
          return Optional.of(
              Securable.table(row.get("TABLE_CATALOG"), row.get("TABLE_SCHEMA"), name));
        case "SCHEMA":
          return Optional.of(Securable.schema(Optional.ofNullable(row.get("TABLE_CATALOG")), name));
        case "DATABASE":
          return Optional.of(Securable.catalog(name));
        default:
          return Optional.empty();
      }
    }

    private Optional<Privilege> privilege(String text) {
      return switch (nonNull(text).toUpperCase(Locale.ROOT)) {
        case "SELECT" -> Optional.of(Privilege.SELECT);
        case "INSERT" -> Optional.of(Privilege.INSERT);
        case "UPDATE" -> Optional.of(Privilege.UPDATE);
        case "DELETE" -> Optional.of(Privilege.DELETE);
        case "TRUNCATE" -> Optional.of(Privilege.TRUNCATE);
        case "REFERENCES" -> Optional.of(Privilege.REFERENCES);
        case "USAGE" -> Optional.of(Privilege.USAGE);
        case "OWNERSHIP" -> Optional.of(Privilege.OWNERSHIP);
        default -> Optional.empty();
      };
    }

    void grantsToUsers() {
      for (Map<String, String> row : query(GRANTS_TO_USERS_QUERY)) {
        String user = row.get("GRANTEE_NAME");
        String role = row.get("ROLE");
        if (user == null || role == null) {
          continue;
        }
        role(role);
        principals.putIfAbsent(user, Principal.user(user, Origin.declared(SYSTEM, user)));
        List<String> member = memberships.computeIfAbsent(user, key -> new ArrayList<>());
        if (!member.contains(role)) {
          member.add(role);
        }
      }
    }

    private void role(String name) {
      if (name != null) {
        principals.putIfAbsent(name, Principal.role(name, Origin.declared(SYSTEM, name)));
      }
    }

    void views() {
      BoundedSqlParser parser = BoundedSqlParser.of(SqlDialect.SNOWFLAKE, options.limits());
      for (Map<String, String> row : query(VIEWS_QUERY)) {
        Securable name =
            Securable.table(
                row.get("TABLE_CATALOG"), row.get("TABLE_SCHEMA"), row.get("TABLE_NAME"));
        String definition = nonNull(row.get("VIEW_DEFINITION"));
        Origin origin = Origin.declared(SYSTEM, name.qualifiedName()).withSql(definition);
        String query = queryOf(definition);
        List<Securable> bases = new ArrayList<>();
        try {
          for (String base :
              new TablesNamesFinder<Void>()
                  .getTables(parser.parseStatement(query, SqlLocation.start(SYSTEM)))) {
            List<String> parts = new ArrayList<>(IDENTIFIERS.splitQualified(base));
            if (parts.size() == 1) {
              parts.add(0, name.schema().get());
            }
            if (parts.size() == 2) {
              parts.add(0, name.catalog().get());
            }
            bases.add(QualifiedName.table(parts, IDENTIFIERS));
          }
        } catch (ParseException | IllegalArgumentException e) {
          losses.add(
              new Loss(
                  origin,
                  "the query of view " + name + " is not understood; its base tables are unknown",
                  LossDirection.UNKNOWN));
        }
        Set<ViewOption> viewOptions =
            Boolean.parseBoolean(nonNull(row.get("IS_SECURE")).trim())
                    || nonNull(row.get("IS_SECURE")).equalsIgnoreCase("YES")
                ? EnumSet.of(ViewOption.SECURE)
                : EnumSet.noneOf(ViewOption.class);
        views.add(
            new View(
                name,
                Optional.of(query),
                bases,
                viewOptions,
                Optional.ofNullable(row.get("TABLE_OWNER")),
                origin));
      }
    }

    /** The SELECT of a {@code CREATE … VIEW … AS SELECT} text, or the text itself. */
    private String queryOf(String definition) {
      String trimmed = definition.trim();
      List<SqlToken> tokens = SqlLexer.significantTokens(trimmed, SqlDialect.SNOWFLAKE);
      if (tokens.isEmpty() || !tokens.get(0).isWord("CREATE")) {
        return trimmed;
      }
      SqlTokenCursor cursor =
          SqlTokenCursor.of(
              new SqlStatement(trimmed, Optional.empty(), 1, 1, 0), SqlDialect.SNOWFLAKE);
      cursor.until("AS");
      if (!cursor.acceptWords("AS")) {
        return trimmed;
      }
      String rest = cursor.rest().text().trim();
      return rest.endsWith(";") ? rest.substring(0, rest.length() - 1).trim() : rest;
    }

    PolicySet build(String locator) {
      PolicySet.Builder builder =
          PolicySet.builder(
              new Source(SYSTEM, locator, ExtractionMethod.JDBC, Optional.of(Instant.now())));
      for (Principal principal : principals.values()) {
        builder.addPrincipal(
            principal.withMemberOf(memberships.getOrDefault(principal.name(), List.of())));
      }
      tables.values().forEach(builder::addTable);
      grants.forEach(builder::addGrant);
      definitions.values().forEach(builder::addDefinition);
      filters.forEach(builder::addRowFilter);
      masks.forEach(builder::addColumnMask);
      for (Map.Entry<String, List<TagAssignment>> entry : tagAssignments.entrySet()) {
        builder.addTag(
            new Tag(
                entry.getKey(),
                List.of(),
                entry.getValue(),
                Origin.declared(SYSTEM, entry.getKey())));
      }
      views.forEach(builder::addView);
      losses.forEach(builder::addLoss);
      return builder.build();
    }
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
