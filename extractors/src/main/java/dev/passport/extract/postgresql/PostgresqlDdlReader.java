package dev.passport.extract.postgresql;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.DdlSession;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.extract.SkippedStatements;
import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.ConversionScope;
import dev.passport.extract.sql.FunctionAliases;
import dev.passport.extract.sql.QualifiedName;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlExpressionConverter;
import dev.passport.extract.sql.SqlLexer;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.extract.sql.SqlScriptSplitter;
import dev.passport.extract.sql.SqlStatement;
import dev.passport.extract.sql.SqlToken;
import dev.passport.extract.sql.SqlTokenCursor;
import dev.passport.extract.sql.SqlTokenKind;
import dev.passport.extract.sql.SqlTypes;
import dev.passport.extract.sql.TextSpan;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.ParseException;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Privilege;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subject;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.ViewOption;
import java.nio.file.Path;
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
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Reads PostgreSQL and Greenplum policies from DDL scripts (migrations or {@code pg_dump} output),
 * applying statements in script order across the files given.
 *
 * <p>It reads: {@code CREATE/ALTER/DROP POLICY} (PERMISSIVE/RESTRICTIVE, FOR, TO, USING, WITH
 * CHECK, RENAME); {@code ALTER TABLE … ENABLE/DISABLE/FORCE/NO FORCE ROW LEVEL SECURITY}, {@code
 * OWNER TO}, {@code ADD/DROP COLUMN}, {@code ADD PRIMARY KEY}, {@code RENAME}; {@code CREATE TABLE}
 * (columns, types, nullability; the owner is the role set by {@code SET ROLE} or {@code SET SESSION
 * AUTHORIZATION}, else {@link ExtractionOptions#scriptUser()}); {@code CREATE/ALTER/DROP
 * ROLE|USER|GROUP} (SUPERUSER, BYPASSRLS, INHERIT, LOGIN, IN ROLE, ROLE, ADMIN); {@code
 * GRANT/REVOKE} of roles, and of privileges on tables (also column lists and {@code ALL TABLES IN
 * SCHEMA}, for the tables the script has created by then) and schemas; {@code CREATE VIEW} and
 * {@code ALTER VIEW} (SQL, base tables, {@code security_barrier}, {@code security_invoker}, owner);
 * {@code DROP TABLE/VIEW/SCHEMA … CASCADE}; psql variables ({@code :NAME}) from {@link
 * ExtractionOptions#variables()}.
 *
 * <p>Mapping to the model: a table with row security enabled gets {@link
 * dev.passport.model.RowSecurity#postgresql(boolean)} (owner exempt unless FORCE), others {@link
 * dev.passport.model.RowSecurity#disabled()}; each policy is a {@link dev.passport.model.RowFilter}
 * with its kind, its actions from {@code FOR}, its subjects from {@code TO} ({@code PUBLIC} is
 * everyone; {@code CURRENT_USER}, {@code SESSION_USER} and {@code CURRENT_ROLE} are the script's
 * current role or {@link ExtractionOptions#scriptUser()}, and a {@link Loss} when neither is
 * known), USING as predicate and WITH CHECK as check. As PostgreSQL does, ALL and UPDATE policies
 * without WITH CHECK check with USING; a missing USING admits no row for a permissive policy and
 * does not restrict for a restrictive one. {@code ALL} privileges are expanded into the table
 * privileges; grants are merged per grantee, object and grant option.
 *
 * <p>Statements it does not apply are returned as {@link SkippedStatement}s, never fatal: {@link
 * SkippedStatement.Kind#IGNORED} for statements with no bearing on access ({@code COMMENT ON},
 * {@code CREATE FUNCTION} — SECURITY DEFINER or not, a function is not a policy; the policies that
 * call it are where it matters, as opaque calls —, {@code CREATE INDEX}, {@code SET}, data
 * statements, grants on functions and sequences); {@link SkippedStatement.Kind#UNSUPPORTED} plus a
 * {@link Loss} for statements that may bear on access but are not understood ({@code ALTER DEFAULT
 * PRIVILEGES … ON TABLES}, {@code SECURITY LABEL}, {@code CREATE RULE}, {@code DO} blocks,
 * materialized views); {@link SkippedStatement.Kind#FAILED} with the error's file, line and column
 * for statements that do not parse, plus a Loss when the statement was one it reads.
 *
 * <p>Output lists are sorted (tables, filters, views by name; grants by object and grantee) so that
 * a migration and a {@code pg_dump} of the same database give equal sets apart from origins.
 * Unqualified names are taken to be in schema {@code public}, or the first schema of the script's
 * {@code SET search_path}.
 */
public final class PostgresqlDdlReader {
  private static final Set<String> COLUMN_CONSTRAINT_WORDS =
      Set.of(
          "not",
          "null",
          "default",
          "primary",
          "references",
          "unique",
          "check",
          "constraint",
          "generated",
          "collate",
          "compression",
          "storage");
  private static final Set<String> TABLE_CONSTRAINT_WORDS =
      Set.of("constraint", "primary", "unique", "check", "foreign", "exclude", "like");
  private static final EnumSet<Privilege> TABLE_PRIVILEGES =
      EnumSet.of(
          Privilege.SELECT,
          Privilege.INSERT,
          Privilege.UPDATE,
          Privilege.DELETE,
          Privilege.TRUNCATE,
          Privilege.REFERENCES,
          Privilege.TRIGGER);
  private static final EnumSet<Privilege> SCHEMA_PRIVILEGES =
      EnumSet.of(Privilege.USAGE, Privilege.CREATE);

  private final SystemKind system;
  private final SqlDialect dialect;
  private final ExtractionOptions options;
  private final BoundedSqlParser parser;
  private final SqlExpressionConverter converter;

  /**
   * A reader for POSTGRESQL or GREENPLUM.
   *
   * @throws IllegalArgumentException for another system
   */
  public PostgresqlDdlReader(SystemKind system, ExtractionOptions options) {
    this.system = requireNonNull(system, "system is null");
    if (system != SystemKind.POSTGRESQL && system != SystemKind.GREENPLUM) {
      throw new IllegalArgumentException(
          "PostgresqlDdlReader reads PostgreSQL or Greenplum, not " + system.displayName());
    }
    this.options = requireNonNull(options, "options is null");
    this.dialect = SqlDialect.of(system);
    this.parser = BoundedSqlParser.of(dialect, options.limits());
    this.converter = SqlExpressionConverter.of(parser, options.aliases());
  }

  /** The policies of the scripts, read in order with default options and these aliases. */
  public static PolicySet read(List<Path> files, SystemKind system, FunctionAliases aliases) {
    return new PostgresqlDdlReader(system, ExtractionOptions.defaults().withAliases(aliases))
        .readFiles(files)
        .policySet();
  }

  /** The policies of one script given as text; {@code fileName} names it in origins. */
  public static PolicySet read(
      String script, String fileName, SystemKind system, FunctionAliases aliases) {
    return new PostgresqlDdlReader(system, ExtractionOptions.defaults().withAliases(aliases))
        .readScript(script, fileName)
        .policySet();
  }

  /**
   * Reads the scripts in order, as if run one after the other.
   *
   * @throws PassportException IO_ERROR when a file cannot be read
   */
  public DdlReadResult readFiles(List<Path> files) {
    return new Session().readFiles(files);
  }

  /** Reads one script given as text; {@code fileName} names it in origins and messages. */
  public DdlReadResult readScript(String script, String fileName) {
    return new Session().readScript(script, fileName);
  }

  /** A role named in a TO list, OWNER TO, GRANT … TO: resolved, or why not. */
  private record RoleReference(Optional<String> role, boolean everyone, Optional<String> problem) {}

  /** A USING or WITH CHECK expression, parsed when its statement was read. */
  private record ParsedText(Expression expression, SqlLocation location) {}

  private static final class TableState {
    private Securable name;
    private final List<ColumnInfo> columns = new ArrayList<>();
    private Optional<String> owner = Optional.empty();
    private boolean rowSecurity;
    private boolean forced;
  }

  private static final class PolicyState {
    private String name;
    private Securable table;
    private boolean permissive = true;
    private String command = "all";
    private Subject appliesTo = Subjects.everyone();
    private Optional<ParsedText> using = Optional.empty();
    private Optional<ParsedText> check = Optional.empty();
    private Origin origin;
  }

  private static final class RoleState {
    private final String name;
    private final Set<String> memberOf = new LinkedHashSet<>();
    private final EnumSet<dev.passport.model.PrincipalFlag> flags =
        EnumSet.noneOf(dev.passport.model.PrincipalFlag.class);
    private final Origin origin;

    RoleState(String name, Origin origin) {
      this.name = name;
      this.origin = origin;
    }
  }

  private static final class GrantState {
    private final Subject grantee;
    private final Securable securable;
    private final EnumSet<Privilege> privileges = EnumSet.noneOf(Privilege.class);
    private boolean grantOption;
    private final Origin origin;

    GrantState(Subject grantee, Securable securable, boolean grantOption, Origin origin) {
      this.grantee = grantee;
      this.securable = securable;
      this.grantOption = grantOption;
      this.origin = origin;
    }
  }

  private static final class ViewState {
    private final Securable name;
    private final String sql;
    private final List<Securable> baseTables;
    private final EnumSet<ViewOption> options = EnumSet.noneOf(ViewOption.class);
    private Optional<String> owner;
    private final Origin origin;

    ViewState(
        Securable name,
        String sql,
        List<Securable> baseTables,
        Optional<String> owner,
        Origin origin) {
      this.name = name;
      this.sql = sql;
      this.baseTables = baseTables;
      this.owner = owner;
      this.origin = origin;
    }
  }

  /** Reading state across the scripts of one read. */
  private final class Session implements DdlSession {
    private final Map<String, TableState> tables = new LinkedHashMap<>();
    private final Map<String, PolicyState> policies = new LinkedHashMap<>();
    private final Map<String, RoleState> roles = new LinkedHashMap<>();
    private final List<GrantState> grants = new ArrayList<>();
    private final Map<String, ViewState> views = new LinkedHashMap<>();
    private final List<Loss> losses = new ArrayList<>();
    private final SkippedStatements skipped =
        new SkippedStatements(PostgresqlDdlReader::summary, losses::add);
    private Optional<String> currentRole = Optional.empty();
    private String defaultSchema = "public";
    private SqlStatement statement;
    private Optional<Securable> renamedTarget = Optional.empty();

    @Override
    public void apply(String script, String fileName) {
      for (SqlStatement each : SqlScriptSplitter.of(dialect).split(script, Optional.of(fileName))) {
        statement = each;
        SqlTokenCursor cursor = SqlTokenCursor.of(each, dialect);
        try {
          dispatch(cursor);
        } catch (ParseException e) {
          skipped.notParsed(each, e);
          if (isReadKind(each)) {
            losses.add(
                new Loss(
                    origin(Optional.empty()),
                    "statement not read: " + e.getMessage(),
                    LossDirection.UNKNOWN));
          }
        }
      }
    }

    private boolean isReadKind(SqlStatement each) {
      String lower = each.text().toLowerCase(Locale.ROOT);
      return lower.matches("(?s)^(create|alter|drop)\\s+(policy|role|user|group|table|view).*")
          || lower.matches("(?s)^(grant|revoke)\\s.*")
          || lower.matches("(?s)^alter\\s+table.*row\\s+level\\s+security.*");
    }

    private void dispatch(SqlTokenCursor cursor) {
      if (cursor.acceptWords("create")) {
        create(cursor);
      } else if (cursor.acceptWords("alter")) {
        alter(cursor);
      } else if (cursor.acceptWords("drop")) {
        drop(cursor);
      } else if (cursor.acceptWords("grant")) {
        grantOrRevoke(cursor, true);
      } else if (cursor.acceptWords("revoke")) {
        grantOrRevoke(cursor, false);
      } else if (cursor.acceptWords("set")) {
        set(cursor);
      } else if (cursor.acceptWords("reset", "role") || cursor.acceptWords("reset", "all")) {
        currentRole = Optional.empty();
      } else if (cursor.peekWords("security", "label")) {
        unsupported("SECURITY LABEL (a PostgreSQL Anonymizer mask or label) is not read");
      } else if (cursor.peekWords("do")) {
        unsupported("a DO block may run any statement and is not read");
      } else {
        ignored("not a policy statement");
      }
    }

    private void create(SqlTokenCursor cursor) {
      cursor.acceptWords("or", "replace");
      if (cursor.acceptWords("policy")) {
        createPolicy(cursor);
        return;
      }
      cursor.acceptWords("global");
      cursor.acceptWords("local");
      boolean temporary = cursor.acceptWords("temporary") || cursor.acceptWords("temp");
      cursor.acceptWords("unlogged");
      if (cursor.acceptWords("table")) {
        if (temporary) {
          ignored("a temporary table is not part of the schema");
          return;
        }
        createTable(cursor);
      } else if (cursor.acceptWords("recursive", "view") || cursor.acceptWords("view")) {
        if (temporary) {
          ignored("a temporary view is not part of the schema");
          return;
        }
        createView(cursor);
      } else if (cursor.acceptWords("role")) {
        createRole(cursor, false);
      } else if (cursor.acceptWords("user")) {
        createRole(cursor, true);
      } else if (cursor.acceptWords("group")) {
        createRole(cursor, false);
      } else if (cursor.peekWords("rule")) {
        unsupported("CREATE RULE can rewrite reads of a table and is not read");
      } else if (cursor.peekWords("materialized", "view")) {
        unsupported(
            "a materialized view holds a copy of rows without their row security; not read");
      } else {
        ignored("not a policy statement");
      }
    }

    private void alter(SqlTokenCursor cursor) {
      if (cursor.acceptWords("policy")) {
        alterPolicy(cursor);
      } else if (cursor.acceptWords("table")) {
        alterTable(cursor);
      } else if (cursor.acceptWords("view")) {
        alterView(cursor);
      } else if (cursor.acceptWords("role")
          || cursor.acceptWords("user")
          || cursor.acceptWords("group")) {
        alterRole(cursor);
      } else if (cursor.acceptWords("default", "privileges")) {
        TextSpan rest = cursor.rest();
        if (rest.text().toLowerCase(Locale.ROOT).matches("(?s).*\\bon\\s+tables\\b.*")) {
          unsupported(
              "ALTER DEFAULT PRIVILEGES on tables grants on tables created later; not read");
        } else {
          ignored("default privileges on objects other than tables");
        }
      } else {
        ignored("not a policy statement");
      }
    }

    private void drop(SqlTokenCursor cursor) {
      if (cursor.acceptWords("policy")) {
        cursor.acceptWords("if", "exists");
        String name = cursor.identifier();
        cursor.expectWords("on");
        Securable table = tableName(cursor.qualifiedName());
        policies.remove(policyKey(table, name));
      } else if (cursor.acceptWords("table") || cursor.acceptWords("foreign", "table")) {
        cursor.acceptWords("if", "exists");
        for (QualifiedName name : nameList(cursor)) {
          dropTable(tableName(name));
        }
      } else if (cursor.acceptWords("view")) {
        cursor.acceptWords("if", "exists");
        for (QualifiedName name : nameList(cursor)) {
          views.remove(tableName(name).qualifiedName());
        }
      } else if (cursor.acceptWords("role")
          || cursor.acceptWords("user")
          || cursor.acceptWords("group")) {
        cursor.acceptWords("if", "exists");
        for (QualifiedName name : nameList(cursor)) {
          roles.remove(name.name());
          for (RoleState role : roles.values()) {
            role.memberOf.remove(name.name());
          }
        }
      } else if (cursor.acceptWords("schema")) {
        cursor.acceptWords("if", "exists");
        for (QualifiedName name : nameList(cursor)) {
          String schema = name.name();
          for (TableState table : new ArrayList<>(tables.values())) {
            if (table.name.schema().equals(Optional.of(schema))) {
              dropTable(table.name);
            }
          }
          views.values().removeIf(view -> view.name.schema().equals(Optional.of(schema)));
        }
      } else {
        ignored("not a policy statement");
      }
    }

    private void dropTable(Securable table) {
      tables.remove(table.qualifiedName());
      policies.values().removeIf(policy -> policy.table.equals(table));
      grants.removeIf(grant -> table.contains(grant.securable));
    }

    private List<QualifiedName> nameList(SqlTokenCursor cursor) {
      List<QualifiedName> names = new ArrayList<>();
      do {
        names.add(cursor.qualifiedName());
      } while (cursor.acceptSymbol(","));
      return names;
    }

    // ---- policies ----

    private void createPolicy(SqlTokenCursor cursor) {
      PolicyState policy = new PolicyState();
      policy.name = cursor.identifier();
      cursor.expectWords("on");
      policy.table = tableName(cursor.qualifiedName());
      policy.origin = origin(Optional.of(policy.name + " on " + policy.table.qualifiedName()));
      if (cursor.acceptWords("as")) {
        if (cursor.acceptWords("restrictive")) {
          policy.permissive = false;
        } else {
          cursor.expectWords("permissive");
        }
      }
      if (cursor.acceptWords("for")) {
        String command = cursor.next().lowerText();
        if (!List.of("all", "select", "insert", "update", "delete").contains(command)) {
          throw cursor.errorAt(
              cursor.offset() - command.length(), "unknown policy command " + command);
        }
        policy.command = command;
      }
      readPolicyClauses(cursor, policy);
      if (!cursor.atEnd()) {
        throw cursor.error("unexpected '" + cursor.peek().get().text() + "'");
      }
      checkCommandClauses(cursor, policy);
      ensureTable(policy.table);
      policies.put(policyKey(policy.table, policy.name), policy);
    }

    private void readPolicyClauses(SqlTokenCursor cursor, PolicyState policy) {
      if (cursor.acceptWords("to")) {
        policy.appliesTo = policySubjects(cursor, policy);
      }
      if (cursor.acceptWords("using")) {
        policy.using = Optional.of(parseExpression(cursor));
      }
      if (cursor.acceptWords("with", "check")) {
        policy.check = Optional.of(parseExpression(cursor));
      }
    }

    private void checkCommandClauses(SqlTokenCursor cursor, PolicyState policy) {
      if (policy.command.equals("insert") && policy.using.isPresent()) {
        throw cursor.errorAt(0, "only WITH CHECK expression allowed for INSERT");
      }
      if ((policy.command.equals("select") || policy.command.equals("delete"))
          && policy.check.isPresent()) {
        throw cursor.errorAt(
            0, "WITH CHECK cannot be applied to " + policy.command.toUpperCase(Locale.ROOT));
      }
    }

    private ParsedText parseExpression(SqlTokenCursor cursor) {
      TextSpan span = cursor.parenthesised();
      SqlLocation location = cursor.locationAt(span.offset());
      return new ParsedText(parser.parseExpression(span.text(), location), location);
    }

    private Subject policySubjects(SqlTokenCursor cursor, PolicyState policy) {
      List<Subject> subjects = new ArrayList<>();
      do {
        RoleReference reference = roleReference(cursor);
        if (reference.everyone()) {
          subjects.add(Subjects.everyone());
        } else if (reference.role().isPresent()) {
          subjects.add(Subjects.hasRole(reference.role().get()));
        } else {
          losses.add(
              new Loss(
                  policy.origin,
                  "policy "
                      + policy.name
                      + " applies to "
                      + reference.problem().get()
                      + "; left out of the policy's roles",
                  policy.permissive ? LossDirection.STRICTER : LossDirection.LOOSER));
        }
      } while (cursor.acceptSymbol(","));
      return Subjects.anyOf(subjects);
    }

    /** A role name, PUBLIC, CURRENT_USER, SESSION_USER, CURRENT_ROLE, GROUP x, or :variable. */
    private RoleReference roleReference(SqlTokenCursor cursor) {
      if (cursor.acceptWords("public")) {
        return new RoleReference(Optional.empty(), true, Optional.empty());
      }
      if (cursor.peekWords("current_user")
          || cursor.peekWords("session_user")
          || cursor.peekWords("current_role")) {
        String word = cursor.next().text().toUpperCase(Locale.ROOT);
        Optional<String> role = currentRole.or(options::scriptUser);
        if (role.isPresent()) {
          return new RoleReference(role, false, Optional.empty());
        }
        return new RoleReference(
            Optional.empty(),
            false,
            Optional.of(
                word
                    + ", and the user running the script is unknown (no SET ROLE and no script"
                    + " user given)"));
      }
      if (cursor.peekSymbol(":")) {
        int at = cursor.offset();
        cursor.next();
        SqlToken variable = cursor.next();
        String name =
            variable.kind() == SqlTokenKind.STRING || variable.isIdentifier()
                ? variable.stringValue().replace("\"", "")
                : variable.text();
        String value = options.variables().get(name);
        if (value == null) {
          return new RoleReference(
              Optional.empty(),
              false,
              Optional.of(
                  "the psql variable :"
                      + name
                      + " (at "
                      + cursor.locationAt(at).describe()
                      + "), which is not set"));
        }
        return new RoleReference(Optional.of(value), false, Optional.empty());
      }
      cursor.acceptWords("group");
      return new RoleReference(Optional.of(cursor.identifier()), false, Optional.empty());
    }

    private void alterPolicy(SqlTokenCursor cursor) {
      String name = cursor.identifier();
      cursor.expectWords("on");
      Securable table = tableName(cursor.qualifiedName());
      PolicyState policy = policies.get(policyKey(table, name));
      if (policy == null) {
        throw cursor.errorAt(
            0, "policy " + name + " on " + table.qualifiedName() + " does not exist");
      }
      if (cursor.acceptWords("rename", "to")) {
        String newName = cursor.identifier();
        policies.remove(policyKey(table, name));
        policy.name = newName;
        policies.put(policyKey(table, newName), policy);
        return;
      }
      PolicyState altered = new PolicyState();
      altered.name = policy.name;
      altered.table = policy.table;
      altered.permissive = policy.permissive;
      altered.command = policy.command;
      altered.origin = policy.origin;
      altered.appliesTo = policy.appliesTo;
      altered.using = policy.using;
      altered.check = policy.check;
      readPolicyClauses(cursor, altered);
      if (!cursor.atEnd()) {
        throw cursor.error("unexpected '" + cursor.peek().get().text() + "'");
      }
      checkCommandClauses(cursor, altered);
      policies.put(policyKey(table, name), altered);
    }

    // ---- tables ----

    private void createTable(SqlTokenCursor cursor) {
      cursor.acceptWords("if", "not", "exists");
      Securable name = tableName(cursor.qualifiedName());
      TableState table = new TableState();
      table.name = name;
      table.owner = currentRole.or(options::scriptUser);
      if (cursor.peekSymbol("(")) {
        TextSpan body = cursor.parenthesised();
        readColumns(body, table);
      }
      tables.put(name.qualifiedName(), table);
    }

    private void readColumns(TextSpan body, TableState table) {
      SqlStatement inner =
          new SqlStatement(
              body.text(),
              statement.file(),
              statement.locationAt(system, body.offset()).line(),
              statement.locationAt(system, body.offset()).column(),
              0);
      SqlTokenCursor cursor = SqlTokenCursor.of(inner, dialect);
      while (!cursor.atEnd()) {
        List<SqlToken> element = new ArrayList<>();
        int depth = 0;
        while (!cursor.atEnd()) {
          SqlToken token = cursor.next();
          if (token.isSymbol("(")) {
            depth++;
          } else if (token.isSymbol(")")) {
            depth--;
          } else if (token.isSymbol(",") && depth == 0) {
            break;
          }
          element.add(token);
        }
        readTableElement(element, body.text(), table);
      }
    }

    private void readTableElement(List<SqlToken> element, String text, TableState table) {
      if (element.isEmpty()) {
        return;
      }
      SqlToken first = element.get(0);
      if (first.kind() == SqlTokenKind.WORD && TABLE_CONSTRAINT_WORDS.contains(first.lowerText())) {
        List<String> keyColumns = primaryKeyColumns(element);
        for (String column : keyColumns) {
          setNotNull(table, column);
        }
        return;
      }
      String name = dialect.identifiers().normalise(first.text());
      int typeEnd = SqlTypes.columnTypeEnd(element, COLUMN_CONSTRAINT_WORDS);
      String type = SqlTypes.columnType(element, text, typeEnd);
      boolean notNull = false;
      for (int index = typeEnd; index + 1 < element.size(); index++) {
        if ((element.get(index).isWord("not") && element.get(index + 1).isWord("null"))
            || (element.get(index).isWord("primary") && element.get(index + 1).isWord("key"))) {
          notNull = true;
        }
      }
      table.columns.removeIf(column -> column.name().equals(name));
      table.columns.add(new ColumnInfo(name, type, !notNull));
    }

    private List<String> primaryKeyColumns(List<SqlToken> element) {
      List<String> columns = new ArrayList<>();
      for (int index = 0; index + 2 < element.size(); index++) {
        if (element.get(index).isWord("primary")
            && element.get(index + 1).isWord("key")
            && element.get(index + 2).isSymbol("(")) {
          for (int at = index + 3; at < element.size(); at++) {
            SqlToken token = element.get(at);
            if (token.isSymbol(")")) {
              break;
            }
            if (token.isIdentifier()) {
              columns.add(dialect.identifiers().normalise(token.text()));
            }
          }
        }
      }
      return columns;
    }

    private void setNotNull(TableState table, String column) {
      for (int index = 0; index < table.columns.size(); index++) {
        ColumnInfo info = table.columns.get(index);
        if (info.name().equals(column)) {
          table.columns.set(index, new ColumnInfo(info.name(), info.type(), false));
        }
      }
    }

    private void alterTable(SqlTokenCursor cursor) {
      cursor.acceptWords("if", "exists");
      cursor.acceptWords("only");
      Securable name = tableName(cursor.qualifiedName());
      cursor.acceptSymbol("*");
      if (views.containsKey(name.qualifiedName())) {
        alterViewActions(cursor, views.get(name.qualifiedName()));
        return;
      }
      boolean understood = false;
      do {
        understood |= alterTableAction(cursor, name);
        name = renamedTarget.orElse(name);
        renamedTarget = Optional.empty();
      } while (cursor.acceptSymbol(","));
      if (!understood) {
        ignored("an ALTER TABLE that does not change access");
      }
    }

    private boolean alterTableAction(SqlTokenCursor cursor, Securable name) {
      if (cursor.acceptWords("enable", "row", "level", "security")) {
        ensureTable(name).rowSecurity = true;
        return true;
      }
      if (cursor.acceptWords("disable", "row", "level", "security")) {
        ensureTable(name).rowSecurity = false;
        return true;
      }
      if (cursor.acceptWords("force", "row", "level", "security")) {
        ensureTable(name).forced = true;
        return true;
      }
      if (cursor.acceptWords("no", "force", "row", "level", "security")) {
        ensureTable(name).forced = false;
        return true;
      }
      if (cursor.acceptWords("owner", "to")) {
        RoleReference owner = roleReference(cursor);
        TableState table = ensureTable(name);
        table.owner = owner.role();
        if (owner.role().isEmpty()) {
          losses.add(
              new Loss(
                  origin(Optional.of(name.qualifiedName())),
                  "the owner of "
                      + name.qualifiedName()
                      + " is "
                      + owner.problem().orElse("PUBLIC")
                      + "; the owner's exemption from row security cannot be placed",
                  LossDirection.UNKNOWN));
        }
        return true;
      }
      if (cursor.acceptWords("rename", "to")) {
        String newName = cursor.identifier();
        TableState table = tables.remove(name.qualifiedName());
        List<String> parts = new ArrayList<>(name.parts());
        parts.set(parts.size() - 1, newName);
        Securable renamed = QualifiedName.table(parts, dialect.identifiers());
        if (table != null) {
          table.name = renamed;
          tables.put(renamed.qualifiedName(), table);
        }
        for (PolicyState policy : policies.values()) {
          if (policy.table.equals(name)) {
            policy.table = renamed;
          }
        }
        renamedTarget = Optional.of(renamed);
        return true;
      }
      if (cursor.acceptWords("add")) {
        boolean constraint = cursor.peekWords("constraint") || cursor.peekWords("primary");
        if (!constraint) {
          cursor.acceptWords("column");
          cursor.acceptWords("if", "not", "exists");
        }
        List<SqlToken> element = actionTokens(cursor);
        TableState table = tables.get(name.qualifiedName());
        if (table != null && constraint) {
          for (String column : primaryKeyColumns(element)) {
            setNotNull(table, column);
          }
        } else if (table != null && !element.isEmpty()) {
          readTableElement(element, cursor.statement().text(), table);
        }
        return false;
      }
      if (cursor.peekWords("drop") && !cursor.peekWords("drop", "constraint")) {
        cursor.next();
        cursor.acceptWords("column");
        cursor.acceptWords("if", "exists");
        if (cursor.peekIdentifier()) {
          String column = cursor.identifier();
          TableState table = tables.get(name.qualifiedName());
          if (table != null) {
            table.columns.removeIf(info -> info.name().equals(column));
          }
        }
      }
      skipAction(cursor);
      return false;
    }

    private void skipAction(SqlTokenCursor cursor) {
      actionTokens(cursor);
    }

    /** The tokens of one ALTER TABLE action, up to the next comma outside parentheses. */
    private List<SqlToken> actionTokens(SqlTokenCursor cursor) {
      List<SqlToken> action = new ArrayList<>();
      int depth = 0;
      while (!cursor.atEnd()) {
        if (depth == 0 && cursor.peekSymbol(",")) {
          break;
        }
        SqlToken token = cursor.next();
        if (token.isSymbol("(")) {
          depth++;
        } else if (token.isSymbol(")")) {
          depth--;
        }
        action.add(token);
      }
      return action;
    }

    private TableState ensureTable(Securable name) {
      return tables.computeIfAbsent(
          name.qualifiedName(),
          key -> {
            TableState table = new TableState();
            table.name = name;
            return table;
          });
    }

    // ---- views ----

    private void createView(SqlTokenCursor cursor) {
      Securable name = tableName(cursor.qualifiedName());
      if (cursor.peekSymbol("(")) {
        cursor.parenthesised();
      }
      EnumSet<ViewOption> viewOptions = EnumSet.noneOf(ViewOption.class);
      if (cursor.acceptWords("with")) {
        viewOptions = viewOptions(cursor.parenthesised(), EnumSet.noneOf(ViewOption.class));
      }
      cursor.expectWords("as");
      TextSpan query = cursor.rest();
      String sql =
          query
              .text()
              .replaceFirst("(?is)\\s+with\\s+(cascaded\\s+|local\\s+)?check\\s+option\\s*$", "")
              .trim();
      List<Securable> bases = new ArrayList<>();
      Origin viewOrigin = origin(Optional.of(name.qualifiedName())).withKind(OriginKind.VIEW);
      try {
        Statement parsed = parser.parseStatement(sql, cursor.locationAt(query.offset()));
        for (String base : new TablesNamesFinder<Void>().getTables(parsed)) {
          bases.add(tableName(new QualifiedName(dialect.identifiers().splitQualified(base), base)));
        }
      } catch (RuntimeException e) {
        String problem = e instanceof ParseException ? e.getMessage() : e.toString();
        losses.add(
            new Loss(
                viewOrigin,
                "the base tables of view " + name.qualifiedName() + " are unknown: " + problem,
                LossDirection.UNKNOWN));
      }
      ViewState view =
          new ViewState(name, sql, bases, currentRole.or(options::scriptUser), viewOrigin);
      view.options.addAll(viewOptions);
      views.put(name.qualifiedName(), view);
    }

    private EnumSet<ViewOption> viewOptions(TextSpan span, EnumSet<ViewOption> start) {
      EnumSet<ViewOption> result = EnumSet.copyOf(start);
      for (String option : span.text().split(",")) {
        String[] parts = option.split("=", 2);
        String key = parts[0].trim().toLowerCase(Locale.ROOT);
        String value =
            parts.length > 1 ? parts[1].trim().replace("'", "").toLowerCase(Locale.ROOT) : "true";
        boolean on = value.equals("true") || value.equals("on") || value.equals("1");
        ViewOption which =
            key.equals("security_barrier")
                ? ViewOption.SECURITY_BARRIER
                : key.equals("security_invoker") ? ViewOption.SECURITY_INVOKER : null;
        if (which != null) {
          if (on) {
            result.add(which);
          } else {
            result.remove(which);
          }
        }
      }
      return result;
    }

    private void alterView(SqlTokenCursor cursor) {
      cursor.acceptWords("if", "exists");
      Securable name = tableName(cursor.qualifiedName());
      ViewState view = views.get(name.qualifiedName());
      if (view == null) {
        ignored("ALTER VIEW of a view the script did not create");
        return;
      }
      alterViewActions(cursor, view);
    }

    private void alterViewActions(SqlTokenCursor cursor, ViewState view) {
      if (cursor.acceptWords("owner", "to")) {
        view.owner = roleReference(cursor).role();
      } else if (cursor.acceptWords("set")) {
        EnumSet<ViewOption> changed = viewOptions(cursor.parenthesised(), view.options);
        view.options.clear();
        view.options.addAll(changed);
      } else if (cursor.acceptWords("reset")) {
        TextSpan span = cursor.parenthesised();
        for (String option : span.text().split(",")) {
          String key = option.trim().toLowerCase(Locale.ROOT);
          if (key.equals("security_barrier")) {
            view.options.remove(ViewOption.SECURITY_BARRIER);
          } else if (key.equals("security_invoker")) {
            view.options.remove(ViewOption.SECURITY_INVOKER);
          }
        }
      } else {
        ignored("an ALTER VIEW that does not change access");
      }
    }

    // ---- roles ----

    private void createRole(SqlTokenCursor cursor, boolean user) {
      String name = cursor.identifier();
      RoleState role = new RoleState(name, origin(Optional.of(name)));
      if (user) {
        role.flags.add(dev.passport.model.PrincipalFlag.LOGIN);
      }
      roles.put(name, role);
      roleOptions(cursor, role);
    }

    private void alterRole(SqlTokenCursor cursor) {
      if (cursor.acceptWords("all")) {
        ignored("ALTER ROLE ALL changes settings only");
        return;
      }
      String name = cursor.identifier();
      if (cursor.acceptWords("rename", "to")) {
        String newName = cursor.identifier();
        RoleState old = roles.remove(name);
        RoleState renamed = new RoleState(newName, origin(Optional.of(newName)));
        if (old != null) {
          renamed.memberOf.addAll(old.memberOf);
          renamed.flags.addAll(old.flags);
        }
        roles.put(newName, renamed);
        for (RoleState other : roles.values()) {
          if (other.memberOf.remove(name)) {
            other.memberOf.add(newName);
          }
        }
        return;
      }
      if (cursor.acceptWords("add", "user")) {
        for (QualifiedName member : nameList(cursor)) {
          role(member.name()).memberOf.add(name);
        }
        return;
      }
      if (cursor.acceptWords("drop", "user")) {
        for (QualifiedName member : nameList(cursor)) {
          role(member.name()).memberOf.remove(name);
        }
        return;
      }
      if (cursor.peekWords("set") || cursor.peekWords("reset") || cursor.peekWords("in")) {
        ignored("ALTER ROLE … SET changes settings only");
        return;
      }
      roleOptions(cursor, role(name));
    }

    private RoleState role(String name) {
      return roles.computeIfAbsent(name, key -> new RoleState(key, origin(Optional.of(key))));
    }

    private void roleOptions(SqlTokenCursor cursor, RoleState role) {
      cursor.acceptWords("with");
      while (!cursor.atEnd()) {
        SqlToken token = cursor.next();
        String word = token.lowerText();
        switch (word) {
          case "superuser" -> role.flags.add(dev.passport.model.PrincipalFlag.SUPERUSER);
          case "nosuperuser" -> role.flags.remove(dev.passport.model.PrincipalFlag.SUPERUSER);
          case "bypassrls" -> role.flags.add(dev.passport.model.PrincipalFlag.BYPASS_ROW_SECURITY);
          case "nobypassrls" ->
              role.flags.remove(dev.passport.model.PrincipalFlag.BYPASS_ROW_SECURITY);
          case "inherit" -> role.flags.remove(dev.passport.model.PrincipalFlag.NO_INHERIT);
          case "noinherit" -> role.flags.add(dev.passport.model.PrincipalFlag.NO_INHERIT);
          case "login" -> role.flags.add(dev.passport.model.PrincipalFlag.LOGIN);
          case "nologin" -> role.flags.remove(dev.passport.model.PrincipalFlag.LOGIN);
          case "in" -> {
            if (!cursor.acceptWords("role")) {
              cursor.expectWords("group");
            }
            for (QualifiedName parent : nameList(cursor)) {
              role(parent.name());
              role.memberOf.add(parent.name());
            }
          }
          case "role", "user", "admin" -> {
            for (QualifiedName member : nameList(cursor)) {
              role(member.name()).memberOf.add(role.name);
            }
          }
          case "connection" -> {
            cursor.expectWords("limit");
            cursor.acceptSymbol("-");
            cursor.next();
          }
          case "encrypted", "unencrypted" -> {
            cursor.expectWords("password");
            cursor.next();
          }
          case "password", "sysid" -> cursor.next();
          case "valid" -> {
            cursor.expectWords("until");
            cursor.next();
          }
          default -> {
            // CREATEDB, CREATEROLE, REPLICATION and their NO forms do not change data access.
          }
        }
      }
    }

    // ---- grants ----

    private void grantOrRevoke(SqlTokenCursor cursor, boolean grant) {
      boolean optionOnly = false;
      if (!grant && cursor.acceptWords("grant", "option", "for")) {
        optionOnly = true;
      }
      if (!grant && cursor.acceptWords("admin", "option", "for")) {
        ignored("REVOKE ADMIN OPTION FOR keeps the membership");
        return;
      }
      if (!hasWordAtTopLevel(cursor, "on")) {
        roleGrant(cursor, grant);
        return;
      }
      Map<Privilege, List<String>> privileges = new LinkedHashMap<>();
      boolean all = false;
      List<String> unknown = new ArrayList<>();
      do {
        if (cursor.acceptWords("all")) {
          cursor.acceptWords("privileges");
          all = true;
          List<String> columns = cursor.peekSymbol("(") ? columnList(cursor) : List.of();
          privileges.put(Privilege.ALL, columns);
        } else {
          String word = cursor.next().lowerText();
          List<String> columns = cursor.peekSymbol("(") ? columnList(cursor) : List.of();
          Optional<Privilege> privilege = privilege(word);
          if (privilege.isPresent()) {
            privileges.put(privilege.get(), columns);
          } else {
            unknown.add(word);
          }
        }
      } while (cursor.acceptSymbol(","));
      cursor.expectWords("on");
      List<Securable> objects = new ArrayList<>();
      boolean schemaObjects = false;
      if (cursor.acceptWords("all", "tables", "in", "schema")) {
        for (QualifiedName schema : nameList(cursor)) {
          int found = 0;
          for (TableState table : tables.values()) {
            if (table.name.schema().equals(Optional.of(schema.name()))) {
              objects.add(table.name);
              found++;
            }
          }
          for (ViewState view : views.values()) {
            if (view.name.schema().equals(Optional.of(schema.name()))) {
              objects.add(view.name);
              found++;
            }
          }
          if (found == 0) {
            losses.add(
                new Loss(
                    origin(Optional.empty()),
                    (grant ? "GRANT" : "REVOKE")
                        + " ON ALL TABLES IN SCHEMA "
                        + schema.name()
                        + ": the script has created no tables in that schema, so the tables"
                        + " it covers are unknown",
                    LossDirection.UNKNOWN));
          }
        }
      } else if (cursor.acceptWords("schema")) {
        schemaObjects = true;
        for (QualifiedName schema : nameList(cursor)) {
          objects.add(Securable.schema(Optional.empty(), schema.name()));
        }
      } else if (cursor.peekWords("table")
          || (cursor.peekIdentifier()
              && !isOtherObjectKind(cursor.peek().get().lowerText(), cursor))) {
        cursor.acceptWords("table");
        for (QualifiedName name : nameList(cursor)) {
          objects.add(tableName(name));
        }
      } else {
        ignored("privileges on objects other than tables and schemas");
        return;
      }
      if (grant) {
        cursor.expectWords("to");
      } else {
        cursor.expectWords("from");
      }
      List<RoleReference> grantees = new ArrayList<>();
      do {
        grantees.add(roleReference(cursor));
      } while (cursor.acceptSymbol(","));
      boolean withGrantOption = grant && cursor.acceptWords("with", "grant", "option");
      EnumSet<Privilege> applicable = schemaObjects ? SCHEMA_PRIVILEGES : TABLE_PRIVILEGES;
      for (String word : unknown) {
        if (!word.equals("maintain")) {
          losses.add(
              new Loss(
                  origin(Optional.empty()),
                  "the privilege " + word + " is not modelled",
                  LossDirection.UNKNOWN));
        }
      }
      for (RoleReference grantee : grantees) {
        Subject subject;
        if (grantee.everyone()) {
          subject = Subjects.everyone();
        } else if (grantee.role().isPresent()) {
          subject = Subjects.hasRole(grantee.role().get());
        } else {
          losses.add(
              new Loss(
                  origin(Optional.empty()),
                  (grant ? "a grant to " : "a revoke from ")
                      + grantee.problem().get()
                      + " was not applied",
                  grant ? LossDirection.STRICTER : LossDirection.LOOSER));
          continue;
        }
        for (Securable object : objects) {
          for (Map.Entry<Privilege, List<String>> entry : privileges.entrySet()) {
            EnumSet<Privilege> expanded =
                entry.getKey() == Privilege.ALL
                    ? EnumSet.copyOf(applicable)
                    : EnumSet.of(entry.getKey());
            expanded.retainAll(applicable);
            if (expanded.isEmpty()) {
              continue;
            }
            List<Securable> targets = new ArrayList<>();
            if (entry.getValue().isEmpty() || schemaObjects) {
              targets.add(object);
            } else {
              for (String column : entry.getValue()) {
                targets.add(object.column(column));
              }
            }
            for (Securable target : targets) {
              if (grant) {
                addGrant(subject, target, expanded, withGrantOption);
              } else {
                revoke(subject, target, expanded, optionOnly);
              }
            }
          }
        }
      }
    }

    private boolean isOtherObjectKind(String word, SqlTokenCursor cursor) {
      if (!List.of(
              "sequence",
              "function",
              "procedure",
              "routine",
              "database",
              "domain",
              "type",
              "language",
              "large",
              "tablespace",
              "foreign",
              "parameter",
              "all")
          .contains(word)) {
        return false;
      }
      // "GRANT SELECT ON sequence" names a table called "sequence" only when a dot or TO follows.
      return !cursor.peek(1).map(token -> token.isSymbol(".") || token.isWord("to")).orElse(false);
    }

    private List<String> columnList(SqlTokenCursor cursor) {
      TextSpan span = cursor.parenthesised();
      List<String> columns = new ArrayList<>();
      for (SqlToken token : SqlLexer.significantTokens(span.text(), dialect)) {
        if (token.isIdentifier()) {
          columns.add(dialect.identifiers().normalise(token.text()));
        }
      }
      return columns;
    }

    private Optional<Privilege> privilege(String word) {
      return switch (word) {
        case "select" -> Optional.of(Privilege.SELECT);
        case "insert" -> Optional.of(Privilege.INSERT);
        case "update" -> Optional.of(Privilege.UPDATE);
        case "delete" -> Optional.of(Privilege.DELETE);
        case "truncate" -> Optional.of(Privilege.TRUNCATE);
        case "references" -> Optional.of(Privilege.REFERENCES);
        case "trigger" -> Optional.of(Privilege.TRIGGER);
        case "usage" -> Optional.of(Privilege.USAGE);
        case "create" -> Optional.of(Privilege.CREATE);
        default -> Optional.empty();
      };
    }

    private boolean hasWordAtTopLevel(SqlTokenCursor cursor, String word) {
      int depth = 0;
      for (int ahead = 0; cursor.peek(ahead).isPresent(); ahead++) {
        SqlToken token = cursor.peek(ahead).get();
        if (token.isSymbol("(")) {
          depth++;
        } else if (token.isSymbol(")")) {
          depth--;
        } else if (depth == 0 && token.isWord(word)) {
          return true;
        } else if (depth == 0 && (token.isWord("to") || token.isWord("from"))) {
          return false;
        }
      }
      return false;
    }

    private void addGrant(
        Subject grantee, Securable securable, EnumSet<Privilege> privileges, boolean option) {
      for (GrantState existing : grants) {
        if (existing.grantee.equals(grantee)
            && existing.securable.qualifiedName().equals(securable.qualifiedName())
            && existing.grantOption == option) {
          existing.privileges.addAll(privileges);
          return;
        }
      }
      GrantState state = new GrantState(grantee, securable, option, origin(Optional.empty()));
      state.privileges.addAll(privileges);
      grants.add(state);
    }

    private void revoke(
        Subject grantee, Securable securable, EnumSet<Privilege> privileges, boolean optionOnly) {
      List<GrantState> regranted = new ArrayList<>();
      for (GrantState existing : grants) {
        if (!existing.grantee.equals(grantee) || !securable.contains(existing.securable)) {
          continue;
        }
        if (optionOnly) {
          if (existing.grantOption) {
            EnumSet<Privilege> kept = EnumSet.copyOf(existing.privileges);
            kept.retainAll(privileges);
            existing.privileges.removeAll(privileges);
            if (!kept.isEmpty()) {
              GrantState without =
                  new GrantState(existing.grantee, existing.securable, false, existing.origin);
              without.privileges.addAll(kept);
              regranted.add(without);
            }
          }
        } else {
          existing.privileges.removeAll(privileges);
        }
      }
      grants.removeIf(existing -> existing.privileges.isEmpty());
      for (GrantState state : regranted) {
        addGrant(state.grantee, state.securable, state.privileges, false);
      }
    }

    private void roleGrant(SqlTokenCursor cursor, boolean grant) {
      List<QualifiedName> granted = nameList(cursor);
      if (grant) {
        cursor.expectWords("to");
      } else {
        cursor.expectWords("from");
      }
      List<RoleReference> members = new ArrayList<>();
      do {
        members.add(roleReference(cursor));
      } while (cursor.acceptSymbol(","));
      for (RoleReference member : members) {
        if (member.role().isEmpty()) {
          losses.add(
              new Loss(
                  origin(Optional.empty()),
                  "a role membership "
                      + (grant ? "grant to " : "revoke from ")
                      + member.problem().orElse("PUBLIC")
                      + " was not applied",
                  LossDirection.UNKNOWN));
          continue;
        }
        for (QualifiedName role : granted) {
          role(role.name());
          if (grant) {
            role(member.role().get()).memberOf.add(role.name());
          } else {
            role(member.role().get()).memberOf.remove(role.name());
          }
        }
      }
    }

    // ---- SET ----

    private void set(SqlTokenCursor cursor) {
      cursor.acceptWords("session");
      cursor.acceptWords("local");
      if (cursor.acceptWords("role") || cursor.acceptWords("authorization")) {
        setRole(cursor);
        return;
      }
      if (cursor.acceptWords("session", "authorization")) {
        setRole(cursor);
        return;
      }
      if (cursor.acceptWords("search_path")) {
        if (!cursor.acceptWords("to")) {
          cursor.acceptSymbol("=");
        }
        if (cursor.peekIdentifier() && !cursor.peekWords("default")) {
          String first = cursor.next().stringValue();
          defaultSchema = dialect.identifiers().normalise(first);
        } else if (cursor.peek().map(token -> token.kind() == SqlTokenKind.STRING).orElse(false)) {
          String first = cursor.next().stringValue();
          if (!first.isBlank()) {
            defaultSchema = first;
          }
        }
        return;
      }
      ignored("a session setting");
    }

    private void setRole(SqlTokenCursor cursor) {
      if (cursor.acceptWords("none") || cursor.acceptWords("default")) {
        currentRole = Optional.empty();
        return;
      }
      SqlToken token = cursor.next();
      String role =
          token.kind() == SqlTokenKind.STRING
              ? token.stringValue()
              : dialect.identifiers().normalise(token.text());
      currentRole = Optional.of(role);
    }

    // ---- helpers ----

    private Securable tableName(QualifiedName name) {
      if (name.parts().size() > 3) {
        throw new ParseException(
            ErrorCode.PARSE_ERROR,
            system,
            statement.file(),
            statement.line(),
            statement.column(),
            "not a table name: " + name.spelling());
      }
      return name.toTable(defaultSchema, dialect.identifiers());
    }

    private String policyKey(Securable table, String name) {
      return table.qualifiedName() + "\u0000" + name;
    }

    private Origin origin(Optional<String> object) {
      return new Origin(
          system,
          OriginKind.DECLARED,
          object,
          Optional.of(statement.text()),
          statement.file(),
          Optional.of(statement.line()));
    }

    private void ignored(String reason) {
      skipped.ignored(statement, reason);
    }

    private void unsupported(String reason) {
      skipped.unsupported(statement, origin(Optional.empty()), reason);
    }

    // ---- the policy set ----

    @Override
    public DdlReadResult finish(String locator) {
      Map<String, List<ColumnInfo>> knownColumns = new LinkedHashMap<>();
      for (TableState table : tables.values()) {
        if (!table.columns.isEmpty()) {
          knownColumns.put(table.name.qualifiedName(), List.copyOf(table.columns));
        }
      }
      PolicySet.Builder builder =
          PolicySet.builder(Source.of(system, locator, ExtractionMethod.DDL));
      roles.values().stream()
          .sorted((left, right) -> left.name.compareTo(right.name))
          .forEach(
              role ->
                  builder.addPrincipal(
                      PostgresqlModel.principal(
                          role.name, role.flags, role.memberOf, role.origin)));
      tables.values().stream()
          .sorted((left, right) -> left.name.qualifiedName().compareTo(right.name.qualifiedName()))
          .forEach(
              table ->
                  builder.addTable(
                      PostgresqlModel.table(
                          table.name,
                          table.columns,
                          table.owner,
                          table.rowSecurity,
                          table.forced)));
      List<GrantState> sortedGrants = new ArrayList<>(grants);
      sortedGrants.sort(
          (left, right) ->
              PostgresqlModel.grantOrder(
                  left.securable, left.grantee, right.securable, right.grantee));
      for (GrantState grant : sortedGrants) {
        builder.addGrant(
            new dev.passport.model.Grant(
                grant.grantee,
                grant.privileges,
                grant.securable,
                dev.passport.model.GrantEffect.ALLOW,
                grant.grantOption,
                dev.passport.model.GrantVia.DIRECT,
                grant.origin));
      }
      List<Loss> allLosses = new ArrayList<>(losses);
      List<PolicyState> sortedPolicies = new ArrayList<>(policies.values());
      sortedPolicies.sort(
          (left, right) -> {
            int byTable = left.table.qualifiedName().compareTo(right.table.qualifiedName());
            return byTable != 0 ? byTable : left.name.compareTo(right.name);
          });
      for (PolicyState policy : sortedPolicies) {
        Optional<Expr> using =
            policy.using.map(text -> convert(text, policy, knownColumns, allLosses));
        Optional<Expr> check =
            policy.check.map(text -> convert(text, policy, knownColumns, allLosses));
        builder.addRowFilter(
            PostgresqlModel.rowFilter(
                policy.name,
                policy.table,
                policy.permissive,
                policy.command,
                policy.appliesTo,
                using,
                check,
                policy.origin));
      }
      views.values().stream()
          .sorted((left, right) -> left.name.qualifiedName().compareTo(right.name.qualifiedName()))
          .forEach(
              view ->
                  builder.addView(
                      new dev.passport.model.View(
                          view.name,
                          Optional.of(view.sql),
                          view.baseTables,
                          view.options,
                          view.owner,
                          view.origin)));
      allLosses.forEach(builder::addLoss);
      return new DdlReadResult(builder.build(), skipped.list());
    }

    private Expr convert(
        ParsedText text,
        PolicyState policy,
        Map<String, List<ColumnInfo>> knownColumns,
        List<Loss> sink) {
      ConversionScope scope =
          ConversionScope.forTable(policy.table, policy.origin, text.location())
              .withKnownColumns(knownColumns);
      try {
        dev.passport.extract.sql.Conversion conversion =
            converter.convert(text.expression(), scope);
        sink.addAll(conversion.losses());
        return conversion.expr();
      } catch (ParseException e) {
        sink.add(new Loss(policy.origin, e.getMessage(), LossDirection.UNKNOWN));
        return dev.passport.model.Expressions.opaque(system, text.expression().toString());
      }
    }
  }

  private static String summary(SqlStatement statement) {
    String flat = statement.text().replaceAll("\\s+", " ").trim();
    return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
  }
}
