package dev.passport.extract.snowflake;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.DdlSession;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.ScriptFiles;
import dev.passport.extract.SkippedStatement;
import dev.passport.extract.SkippedStatements;
import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.IdentifierNormaliser;
import dev.passport.extract.sql.QualifiedName;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlLexer;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.extract.sql.SqlScriptSplitter;
import dev.passport.extract.sql.SqlStatement;
import dev.passport.extract.sql.SqlToken;
import dev.passport.extract.sql.SqlTokenCursor;
import dev.passport.extract.sql.SqlTokenKind;
import dev.passport.extract.sql.TextSpan;
import dev.passport.extract.views.ViewPolicyDetector;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.DefinitionKind;
import dev.passport.model.Expressions;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
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
import dev.passport.model.Transform;
import dev.passport.model.View;
import dev.passport.model.ViewOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Reads Snowflake policies from DDL scripts, applying statements in script order across the files
 * given (a later {@code SET BODY} replaces a body, {@code UNSET} and {@code DROP} remove).
 *
 * <p>It reads: {@code CREATE [OR REPLACE] MASKING POLICY [IF NOT EXISTS] … AS (…) RETURNS type ->
 * body} (also the non-standard {@code RETURNS (VAL type)}), {@code CREATE ROW ACCESS POLICY},
 * {@code ALTER MASKING|ROW ACCESS POLICY … SET BODY -> … | RENAME TO}, {@code DROP MASKING|ROW
 * ACCESS POLICY}; {@code ALTER TABLE|VIEW … ADD|DROP ROW ACCESS POLICY … [ON (cols)]}, {@code DROP
 * ALL ROW ACCESS POLICIES}, {@code ALTER TABLE|VIEW … MODIFY|ALTER [COLUMN] c SET MASKING POLICY p
 * [USING (…)] [FORCE]} (several columns in one statement), {@code UNSET MASKING POLICY}, {@code SET
 * TAG}/{@code UNSET TAG} on tables, views and columns, {@code ADD COLUMN}; {@code CREATE TABLE} and
 * {@code CREATE [SECURE] [MATERIALIZED] VIEW} with inline {@code WITH MASKING POLICY}, {@code WITH
 * ROW ACCESS POLICY} and {@code WITH TAG}; {@code CREATE TAG … ALLOWED_VALUES}, {@code ALTER TAG …
 * SET|UNSET MASKING POLICY}, {@code ALTER SCHEMA|DATABASE … SET TAG}; {@code CREATE [DATABASE]
 * ROLE}, {@code CREATE USER}, {@code DROP ROLE|USER}; {@code GRANT|REVOKE [DATABASE] ROLE … TO|FROM
 * ROLE|USER}; {@code GRANT|REVOKE privileges ON TABLE|VIEW|SCHEMA|DATABASE|ALL … IN SCHEMA|FUTURE …
 * IN SCHEMA … TO|FROM ROLE}; {@code USE DATABASE|SCHEMA|ROLE}, which qualify the names that follow.
 *
 * <p>Identifiers fold to upper case unless double-quoted. Template placeholders {@code {{ NAME }}}
 * (and the malformed {@code { NAME }}} seen in real scripts) are replaced by {@link
 * ExtractionOptions#variables()}; an unresolved one is a {@link Loss} with its line, and the
 * statement holding it is skipped. Snowflake semantics: every table gets {@link
 * RowSecurity#allAnd()} (no row access policy shows every row, at most one policy per table); a
 * mask applies to everyone, its body deciding who sees what; a column's own masking policy wins
 * over a tag's. A policy's {@link Definition} is kept whether or not it is attached. Views that act
 * as policies are found by {@link ViewPolicyDetector}.
 *
 * <p>Statements it does not apply are returned as {@link SkippedStatement}s, never fatal: IGNORED
 * for statements without bearing on access, UNSUPPORTED plus a loss for ones that may bear on it,
 * FAILED with the line and column for ones that do not parse (such as the invalid {@code DROP
 * POLICY}), plus a loss when they concern policies, grants, roles or tags.
 */
public final class SnowflakeDdlReader {
  private static final SystemKind SYSTEM = SystemKind.SNOWFLAKE;
  private static final SqlDialect DIALECT = SqlDialect.SNOWFLAKE;
  private static final IdentifierNormaliser IDENTIFIERS = IdentifierNormaliser.UPPER_CASE;
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{?-?\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*-?\\}\\}");
  private static final Pattern JINJA_BLOCK = Pattern.compile("\\{%|\\{#");
  private static final Set<String> COLUMN_TYPE_ENDS =
      Set.of(
          "NOT",
          "NULL",
          "DEFAULT",
          "COLLATE",
          "WITH",
          "MASKING",
          "TAG",
          "COMMENT",
          "PRIMARY",
          "UNIQUE",
          "REFERENCES",
          "CONSTRAINT",
          "AUTOINCREMENT",
          "IDENTITY",
          "PROJECTION",
          "AS",
          "FOREIGN");
  private static final Set<String> TABLE_CONSTRAINTS =
      Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK");

  private final ExtractionOptions options;
  private final BoundedSqlParser parser;
  private final SnowflakePolicies policies;

  public SnowflakeDdlReader(ExtractionOptions options) {
    this.options = requireNonNull(options, "options is null");
    this.parser = BoundedSqlParser.of(DIALECT, options.limits());
    this.policies = SnowflakePolicies.of(options);
  }

  /**
   * Reads the scripts in order, as if run one after the other. Terraform files ({@code .tf}) are
   * not SQL: each is reported as a loss and skipped.
   *
   * @throws PassportException IO_ERROR when a file cannot be read
   */
  public DdlReadResult readFiles(List<Path> files) {
    requireNonNull(files, "files is null");
    Session session = new Session();
    for (Path file : files) {
      if (file.toString().endsWith(".tf")) {
        session.notSql(file.toString());
      } else {
        session.apply(ScriptFiles.read(file), file.toString());
      }
    }
    return session.finish(ScriptFiles.locator(files));
  }

  /** Reads one script given as text; {@code fileName} names it in origins and messages. */
  public DdlReadResult readScript(String script, String fileName) {
    return new Session().readScript(script, fileName);
  }

  // ---------------------------------------------------------------- state

  private static final class DefinitionState {
    private String name;
    private final DefinitionKind kind;
    private final List<Parameter> parameters;
    private final Optional<String> returnType;
    private DefinitionBody body;
    private Origin origin;

    DefinitionState(
        String name,
        DefinitionKind kind,
        List<Parameter> parameters,
        Optional<String> returnType,
        DefinitionBody body,
        Origin origin) {
      this.name = name;
      this.kind = kind;
      this.parameters = parameters;
      this.returnType = returnType;
      this.body = body;
      this.origin = origin;
    }

    Definition toDefinition() {
      return new Definition(name, kind, parameters, returnType, body, origin);
    }
  }

  /** A policy attached to a column, a table or a tag, by the name it was referred to with. */
  private record Attachment(
      QualifiedName policy, Securable target, List<String> columns, Origin origin) {}

  private static final class TableState {
    private final Securable name;
    private final List<ColumnInfo> columns = new ArrayList<>();
    private Optional<String> owner;

    TableState(Securable name, Optional<String> owner) {
      this.name = name;
      this.owner = owner;
    }
  }

  private static final class ViewState {
    private final Securable name;
    private final String sql;
    private final List<Securable> bases;
    private final EnumSet<ViewOption> options;
    private final Optional<String> owner;
    private final Origin origin;

    ViewState(
        Securable name,
        String sql,
        List<Securable> bases,
        EnumSet<ViewOption> options,
        Optional<String> owner,
        Origin origin) {
      this.name = name;
      this.sql = sql;
      this.bases = bases;
      this.options = options;
      this.owner = owner;
      this.origin = origin;
    }
  }

  private static final class PrincipalState {
    private final String name;
    private final boolean user;
    private final List<String> memberOf = new ArrayList<>();
    private final Origin origin;

    PrincipalState(String name, boolean user, Origin origin) {
      this.name = name;
      this.user = user;
      this.origin = origin;
    }
  }

  private static final class GrantState {
    private final String grantee;
    private final Securable securable;
    private final boolean grantOption;
    private final EnumSet<Privilege> privileges = EnumSet.noneOf(Privilege.class);
    private final Origin origin;

    GrantState(String grantee, Securable securable, boolean grantOption, Origin origin) {
      this.grantee = grantee;
      this.securable = securable;
      this.grantOption = grantOption;
      this.origin = origin;
    }
  }

  private static final class TagState {
    private final String name;
    private final List<String> allowedValues = new ArrayList<>();
    private final Map<String, TagAssignment> assignments = new LinkedHashMap<>();
    private final Origin origin;

    TagState(String name, Origin origin) {
      this.name = name;
      this.origin = origin;
    }
  }

  /** One run over the scripts: the objects declared so far and the session context. */
  private final class Session implements DdlSession {
    private final Map<String, DefinitionState> definitions = new LinkedHashMap<>();
    private final Map<String, Attachment> columnMasks = new LinkedHashMap<>();
    private final Map<String, Attachment> rowAccess = new LinkedHashMap<>();
    private final Map<String, List<Attachment>> tagMasks = new LinkedHashMap<>();
    private final Map<String, TableState> tables = new LinkedHashMap<>();
    private final Map<String, ViewState> views = new LinkedHashMap<>();
    private final Map<String, PrincipalState> principals = new LinkedHashMap<>();
    private final List<GrantState> grants = new ArrayList<>();
    private final Map<String, TagState> tags = new LinkedHashMap<>();
    private final List<Loss> losses = new ArrayList<>();
    private final SkippedStatements skipped =
        new SkippedStatements(SnowflakeDdlReader::summary, losses::add);
    private Optional<String> database = Optional.empty();
    private Optional<String> schema = Optional.empty();
    private Optional<String> role = Optional.empty();
    private SqlStatement statement;

    void notSql(String file) {
      skipped.add(
          new SkippedStatement(
              Optional.of(file),
              1,
              1,
              SkippedStatement.Kind.UNSUPPORTED,
              "a Terraform file is not SQL and is not read",
              file));
      losses.add(
          new Loss(
              Origin.of(SYSTEM).at(file, 1),
              "Terraform file not read: the policies it declares are not in this set",
              LossDirection.UNKNOWN));
    }

    @Override
    public void apply(String script, String fileName) {
      Map<Integer, String> unresolved = new LinkedHashMap<>();
      String text = substitute(script, fileName, unresolved);
      for (SqlStatement each : SqlScriptSplitter.of(DIALECT).split(text, Optional.of(fileName))) {
        statement = each;
        if (holdsTemplate(each, unresolved)) {
          continue;
        }
        try {
          dispatch(SqlTokenCursor.of(each, DIALECT));
        } catch (ParseException e) {
          skipped.notParsed(each, e);
          if (concernsAccess(each)) {
            losses.add(
                new Loss(
                    origin(Optional.empty()),
                    "statement not read: " + e.getMessage(),
                    LossDirection.UNKNOWN));
          }
        }
      }
    }

    /** Replaces known placeholders; unknown ones are losses at their line and stay. */
    private String substitute(String script, String fileName, Map<Integer, String> unresolved) {
      Matcher matcher = PLACEHOLDER.matcher(script);
      StringBuilder result = new StringBuilder();
      while (matcher.find()) {
        Optional<String> value = variable(matcher.group(1));
        if (value.isPresent()) {
          matcher.appendReplacement(result, Matcher.quoteReplacement(value.get()));
        } else {
          int line = lineOf(script, matcher.start());
          unresolved.putIfAbsent(line, matcher.group());
          losses.add(
              new Loss(
                  Origin.of(SYSTEM).withSql(matcher.group()).at(fileName, line),
                  "unresolved template placeholder "
                      + matcher.group()
                      + " at "
                      + fileName
                      + ":"
                      + line
                      + "; pass --var "
                      + matcher.group(1)
                      + "=VALUE (the statement holding it is not read)",
                  LossDirection.UNKNOWN));
          matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group()));
        }
      }
      matcher.appendTail(result);
      return result.toString();
    }

    private Optional<String> variable(String name) {
      String value = options.variables().get(name);
      if (value != null) {
        return Optional.of(value);
      }
      for (Map.Entry<String, String> entry : options.variables().entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name)) {
          return Optional.of(entry.getValue());
        }
      }
      return Optional.empty();
    }

    /** A statement with an unresolved placeholder or a Jinja block is skipped. */
    private boolean holdsTemplate(SqlStatement each, Map<Integer, String> unresolved) {
      int lines = (int) each.text().chars().filter(character -> character == '\n').count();
      boolean placeholder = false;
      for (int line = each.line(); line <= each.line() + lines; line++) {
        if (unresolved.containsKey(line) && each.text().contains(unresolved.get(line))) {
          placeholder = true;
        }
      }
      boolean jinja = JINJA_BLOCK.matcher(each.text()).find();
      if (!placeholder && !jinja) {
        return false;
      }
      boolean use = each.text().regionMatches(true, 0, "USE", 0, 3);
      if (use) {
        // The context the statement would set is unknown; later names stay less qualified.
        if (each.text().toUpperCase(Locale.ROOT).matches("(?s)USE\\s+(DATABASE\\s+).*")) {
          database = Optional.empty();
          schema = Optional.empty();
        } else if (each.text().toUpperCase(Locale.ROOT).matches("(?s)USE\\s+SCHEMA\\s+.*")) {
          schema = Optional.empty();
        }
      }
      String reason =
          jinja
              ? "a Jinja template block; render the template before reading it"
              : "an unresolved template placeholder";
      skipped.record(
          each,
          use ? SkippedStatement.Kind.IGNORED : SkippedStatement.Kind.UNSUPPORTED,
          "statement holds " + reason);
      if (jinja) {
        losses.add(
            new Loss(origin(Optional.empty()), "statement holds " + reason, LossDirection.UNKNOWN));
      }
      return true;
    }

    private boolean concernsAccess(SqlStatement each) {
      String upper = each.text().toUpperCase(Locale.ROOT);
      return upper.contains("POLICY")
          || upper.startsWith("GRANT")
          || upper.startsWith("REVOKE")
          || upper.contains(" TAG")
          || upper.matches("(?s)^(CREATE|ALTER|DROP)\\s.*\\b(ROLE|USER|VIEW|TABLE)\\b.*");
    }

    // ---------------------------------------------------------------- dispatch

    private void dispatch(SqlTokenCursor cursor) {
      if (cursor.acceptWords("USE")) {
        use(cursor);
      } else if (cursor.acceptWords("CREATE")) {
        create(cursor);
      } else if (cursor.acceptWords("ALTER")) {
        alter(cursor);
      } else if (cursor.acceptWords("DROP")) {
        drop(cursor);
      } else if (cursor.acceptWords("GRANT")) {
        grant(cursor, true);
      } else if (cursor.acceptWords("REVOKE")) {
        grant(cursor, false);
      } else {
        ignored("no bearing on access");
      }
    }

    private void use(SqlTokenCursor cursor) {
      if (cursor.acceptWords("ROLE")) {
        role = Optional.of(cursor.identifier());
      } else if (cursor.acceptWords("SECONDARY", "ROLES") || cursor.acceptWords("WAREHOUSE")) {
        ignored("no bearing on names");
      } else if (cursor.acceptWords("SCHEMA")) {
        QualifiedName name = cursor.qualifiedName();
        if (name.parts().size() == 2) {
          database = Optional.of(name.parts().get(0));
        }
        schema = Optional.of(name.name());
      } else {
        cursor.acceptWords("DATABASE");
        QualifiedName name = cursor.qualifiedName();
        if (name.parts().size() == 2) {
          database = Optional.of(name.parts().get(0));
          schema = Optional.of(name.name());
        } else {
          database = Optional.of(name.name());
          schema = Optional.empty();
        }
      }
    }

    private void create(SqlTokenCursor cursor) {
      boolean replace = cursor.acceptWords("OR", "REPLACE");
      boolean secure = false;
      while (true) {
        if (cursor.acceptWords("SECURE")) {
          secure = true;
        } else if (!(cursor.acceptWords("TRANSIENT")
            || cursor.acceptWords("TEMPORARY")
            || cursor.acceptWords("TEMP")
            || cursor.acceptWords("VOLATILE")
            || cursor.acceptWords("LOCAL")
            || cursor.acceptWords("GLOBAL")
            || cursor.acceptWords("RECURSIVE"))) {
          break;
        }
      }
      if (cursor.acceptWords("MASKING", "POLICY")) {
        createPolicy(cursor, DefinitionKind.MASKING_POLICY, replace);
      } else if (cursor.acceptWords("ROW", "ACCESS", "POLICY")) {
        createPolicy(cursor, DefinitionKind.ROW_ACCESS_POLICY, replace);
      } else if (cursor.acceptWords("TAG")) {
        createTag(cursor);
      } else if (cursor.acceptWords("DATABASE", "ROLE") || cursor.acceptWords("ROLE")) {
        ifNotExists(cursor);
        principal(cursor.qualifiedName().name(), false);
      } else if (cursor.acceptWords("USER")) {
        ifNotExists(cursor);
        principal(cursor.identifier(), true);
      } else if (cursor.acceptWords("TABLE")) {
        createTable(cursor);
      } else if (cursor.acceptWords("MATERIALIZED", "VIEW")) {
        createView(cursor, secure);
      } else if (cursor.acceptWords("VIEW")) {
        createView(cursor, secure);
      } else if (cursor.peekWords("EXTERNAL", "TABLE")
          || cursor.peekWords("DYNAMIC", "TABLE")
          || cursor.peekWords("EVENT", "TABLE")) {
        unsupported("this kind of table is not read; policies declared with it are not in the set");
      } else {
        ignored("no bearing on access");
      }
    }

    private void ifNotExists(SqlTokenCursor cursor) {
      cursor.acceptWords("IF", "NOT", "EXISTS");
    }

    // ---------------------------------------------------------------- policies

    private void createPolicy(SqlTokenCursor cursor, DefinitionKind kind, boolean replace) {
      boolean ifNotExists = cursor.acceptWords("IF", "NOT", "EXISTS");
      QualifiedName written = cursor.qualifiedName();
      String name = String.join(".", qualify(written));
      cursor.expectWords("AS");
      List<Parameter> parameters = parameters(cursor, cursor.parenthesised());
      cursor.expectWords("RETURNS");
      String returnType;
      if (cursor.peekSymbol("(")) {
        // The non-standard RETURNS (VAL type) of real scripts: the type is after the name.
        List<Parameter> returned = parameters(cursor, cursor.parenthesised());
        returnType = returned.isEmpty() ? "" : returned.get(0).type();
      } else {
        returnType = untilSymbol(cursor, "->").text().trim();
      }
      cursor.expectSymbol("->");
      TextSpan body = body(cursor);
      if (definitions.containsKey(name) && ifNotExists && !replace) {
        ignored("the policy exists and IF NOT EXISTS keeps it");
        return;
      }
      Origin origin = origin(Optional.of(name));
      DefinitionBody converted = convertBody(kind, parameters, body, origin);
      definitions.put(
          name,
          new DefinitionState(
              name,
              kind,
              parameters,
              returnType.isEmpty() ? Optional.empty() : Optional.of(returnType),
              converted,
              origin));
    }

    private DefinitionBody convertBody(
        DefinitionKind kind, List<Parameter> parameters, TextSpan body, Origin origin) {
      SqlLocation location = cursor(body.offset());
      SnowflakePolicies.BodyConversion conversion =
          kind == DefinitionKind.MASKING_POLICY
              ? policies.maskingBody(parameters, body.text(), origin, location)
              : policies.rowAccessBody(parameters, body.text(), origin, location);
      losses.addAll(conversion.losses());
      return conversion.body();
    }

    private SqlLocation cursor(int offset) {
      return statement.locationAt(SYSTEM, offset);
    }

    /** A policy body: up to {@code COMMENT =} or {@code EXEMPT_OTHER_POLICIES =} outside parens. */
    private TextSpan body(SqlTokenCursor cursor) {
      int start = cursor.offset();
      int end = start;
      int depth = 0;
      while (!cursor.atEnd()) {
        SqlToken token = cursor.peek().get();
        if (depth == 0
            && (token.isWord("COMMENT") || token.isWord("EXEMPT_OTHER_POLICIES"))
            && cursor.peek(1).map(next -> next.isSymbol("=")).orElse(false)) {
          break;
        }
        if (token.isSymbol("(")) {
          depth++;
        } else if (token.isSymbol(")")) {
          depth--;
        }
        end = token.end();
        cursor.next();
      }
      if (end == start) {
        throw cursor.error("expected a policy body");
      }
      return new TextSpan(statement.text().substring(start, end), start);
    }

    private TextSpan untilSymbol(SqlTokenCursor cursor, String symbol) {
      int start = cursor.offset();
      int end = start;
      int depth = 0;
      while (!cursor.atEnd()) {
        SqlToken token = cursor.peek().get();
        if (depth == 0 && token.isSymbol(symbol)) {
          break;
        }
        if (token.isSymbol("(")) {
          depth++;
        } else if (token.isSymbol(")")) {
          depth--;
        }
        end = token.end();
        cursor.next();
      }
      return new TextSpan(statement.text().substring(start, end), start);
    }

    /** {@code name type, …} inside a signature's parentheses. */
    private List<Parameter> parameters(SqlTokenCursor outer, TextSpan span) {
      List<Parameter> parameters = new ArrayList<>();
      for (TextSpan element : splitTopLevel(span)) {
        SqlTokenCursor cursor = SqlTokenCursor.of(sub(element), DIALECT);
        String name = cursor.identifier();
        String type = cursor.rest().text().trim();
        if (type.isEmpty()) {
          throw outer.errorAt(element.offset(), "argument " + name + " has no type");
        }
        parameters.add(new Parameter(name, type));
      }
      return parameters;
    }

    private void alterPolicy(SqlTokenCursor cursor, DefinitionKind kind) {
      cursor.acceptWords("IF", "EXISTS");
      QualifiedName written = cursor.qualifiedName();
      if (cursor.acceptWords("SET", "BODY")) {
        cursor.expectSymbol("->");
        TextSpan body = body(cursor);
        Optional<DefinitionState> found = findDefinition(written);
        if (found.isEmpty()) {
          // SET BODY on a policy the scripts did not create: the signature is not known, so the
          // usual name of the masked argument is assumed.
          String name = String.join(".", qualify(written));
          List<Parameter> assumed =
              kind == DefinitionKind.MASKING_POLICY
                  ? List.of(new Parameter("VAL", "VARCHAR"))
                  : List.of();
          Origin origin = origin(Optional.of(name));
          losses.add(
              new Loss(
                  origin,
                  "policy "
                      + name
                      + " is altered but not created in the scripts read; its signature is"
                      + " unknown"
                      + (kind == DefinitionKind.MASKING_POLICY
                          ? " and its masked argument is taken to be VAL VARCHAR"
                          : ""),
                  LossDirection.UNKNOWN));
          definitions.put(
              name,
              new DefinitionState(
                  name,
                  kind,
                  assumed,
                  Optional.empty(),
                  convertBody(kind, assumed, body, origin),
                  origin));
          return;
        }
        DefinitionState state = found.get();
        Origin origin = origin(Optional.of(state.name));
        state.body = convertBody(state.kind, state.parameters, body, origin);
        state.origin = origin;
        return;
      }
      if (cursor.acceptWords("RENAME", "TO")) {
        QualifiedName target = cursor.qualifiedName();
        Optional<DefinitionState> found = findDefinition(written);
        if (found.isPresent()) {
          DefinitionState state = found.get();
          definitions.remove(state.name);
          List<String> parts = new ArrayList<>(qualify(target));
          state.name = String.join(".", parts);
          definitions.put(state.name, state);
        }
        return;
      }
      ignored("comments and tags on a policy have no bearing on access");
    }

    private void dropPolicy(SqlTokenCursor cursor) {
      cursor.acceptWords("IF", "EXISTS");
      QualifiedName written = cursor.qualifiedName();
      Optional<DefinitionState> found = findDefinition(written);
      found.ifPresent(state -> definitions.remove(state.name));
    }

    private Optional<DefinitionState> findDefinition(QualifiedName written) {
      String exact = String.join(".", qualify(written));
      if (definitions.containsKey(exact)) {
        return Optional.of(definitions.get(exact));
      }
      DefinitionState found = null;
      for (DefinitionState state : definitions.values()) {
        if (endsWith(state.name, written.parts())) {
          if (found != null) {
            return Optional.empty();
          }
          found = state;
        }
      }
      return Optional.ofNullable(found);
    }

    // ---------------------------------------------------------------- tables and views

    private void createTable(SqlTokenCursor cursor) {
      ifNotExists(cursor);
      Securable table = table(cursor.qualifiedName());
      TableState state = new TableState(table, role);
      tables.put(table.qualifiedName(), state);
      removeAttachmentsOf(table);
      if (cursor.peekSymbol("(")) {
        TextSpan columns = cursor.parenthesised();
        for (TextSpan element : splitTopLevel(columns)) {
          column(state, element);
        }
      }
      tableClauses(cursor, table);
    }

    private void column(TableState table, TextSpan element) {
      SqlTokenCursor cursor = SqlTokenCursor.of(sub(element), DIALECT);
      if (cursor.peek().map(token -> TABLE_CONSTRAINTS.contains(upper(token))).orElse(true)) {
        return;
      }
      String name = cursor.identifier();
      String type = typeText(cursor);
      boolean nullable = true;
      while (!cursor.atEnd()) {
        if (cursor.acceptWords("NOT", "NULL")) {
          nullable = false;
        } else if (cursor.peekWords("MASKING", "POLICY")
            || cursor.peekWords("WITH", "MASKING", "POLICY")) {
          cursor.acceptWords("WITH");
          cursor.expectWords("MASKING", "POLICY");
          maskingClause(cursor, table.name.column(name));
        } else if (cursor.peekWords("TAG") || cursor.peekWords("WITH", "TAG")) {
          cursor.acceptWords("WITH");
          cursor.expectWords("TAG");
          tagList(cursor.parenthesised(), table.name.column(name));
        } else {
          cursor.next();
        }
      }
      table.columns.add(new ColumnInfo(name, SnowflakeTypes.family(type), nullable));
    }

    private String typeText(SqlTokenCursor cursor) {
      int start = cursor.offset();
      int end = start;
      while (!cursor.atEnd()) {
        SqlToken token = cursor.peek().get();
        if (token.kind() == SqlTokenKind.WORD && COLUMN_TYPE_ENDS.contains(upper(token))) {
          break;
        }
        if (token.isSymbol("(")) {
          TextSpan ignoredArguments = cursor.parenthesised();
          end = ignoredArguments.offset() + ignoredArguments.text().length() + 1;
          continue;
        }
        end = token.end();
        cursor.next();
      }
      return cursor.statement().text().substring(start, end);
    }

    /** {@code [WITH] ROW ACCESS POLICY p ON (…)} and {@code [WITH] TAG (…)} after the columns. */
    private void tableClauses(SqlTokenCursor cursor, Securable table) {
      while (!cursor.atEnd()) {
        if (cursor.peekWords("ROW", "ACCESS", "POLICY")
            || cursor.peekWords("WITH", "ROW", "ACCESS", "POLICY")) {
          cursor.acceptWords("WITH");
          cursor.expectWords("ROW", "ACCESS", "POLICY");
          addRowAccess(cursor, table);
        } else if (cursor.peekWords("TAG", "(") || cursor.peekWords("WITH", "TAG")) {
          cursor.acceptWords("WITH");
          cursor.expectWords("TAG");
          tagList(cursor.parenthesised(), table);
        } else if (cursor.peekWords("AS")) {
          return;
        } else {
          cursor.next();
        }
      }
    }

    private void createView(SqlTokenCursor cursor, boolean secure) {
      ifNotExists(cursor);
      Securable view = table(cursor.qualifiedName());
      removeAttachmentsOf(view);
      if (cursor.peekSymbol("(")) {
        TextSpan columns = cursor.parenthesised();
        for (TextSpan element : splitTopLevel(columns)) {
          SqlTokenCursor column = SqlTokenCursor.of(sub(element), DIALECT);
          String name = column.identifier();
          while (!column.atEnd()) {
            if (column.peekWords("MASKING", "POLICY")
                || column.peekWords("WITH", "MASKING", "POLICY")) {
              column.acceptWords("WITH");
              column.expectWords("MASKING", "POLICY");
              maskingClause(column, view.column(name));
            } else if (column.peekWords("TAG") || column.peekWords("WITH", "TAG")) {
              column.acceptWords("WITH");
              column.expectWords("TAG");
              tagList(column.parenthesised(), view.column(name));
            } else {
              column.next();
            }
          }
        }
      }
      tableClauses(cursor, view);
      cursor.expectWords("AS");
      TextSpan query = cursor.rest();
      EnumSet<ViewOption> viewOptions =
          secure ? EnumSet.of(ViewOption.SECURE) : EnumSet.noneOf(ViewOption.class);
      Origin origin = origin(Optional.of(view.qualifiedName()));
      List<Securable> bases = new ArrayList<>();
      try {
        Statement parsed = parser.parseStatement(query.text(), cursor(query.offset()));
        for (String base : new TablesNamesFinder<Void>().getTables(parsed)) {
          bases.add(table(new QualifiedName(IDENTIFIERS.splitQualified(base), base)));
        }
      } catch (ParseException | IllegalArgumentException e) {
        losses.add(
            new Loss(
                origin,
                "the query of view "
                    + view.qualifiedName()
                    + " is not understood; its base tables and any policy it acts as are unknown",
                LossDirection.UNKNOWN));
      }
      views.put(
          view.qualifiedName(),
          new ViewState(view, query.text().trim(), bases, viewOptions, role, origin));
    }

    private void alterTable(SqlTokenCursor cursor, boolean view) {
      cursor.acceptWords("IF", "EXISTS");
      Securable table = table(cursor.qualifiedName());
      if (view && cursor.acceptWords("SET", "SECURE")) {
        Optional.ofNullable(views.get(table.qualifiedName()))
            .ifPresent(state -> state.options.add(ViewOption.SECURE));
        return;
      }
      if (view && cursor.acceptWords("UNSET", "SECURE")) {
        Optional.ofNullable(views.get(table.qualifiedName()))
            .ifPresent(state -> state.options.remove(ViewOption.SECURE));
        return;
      }
      boolean understood = false;
      do {
        if (cursor.acceptWords("ADD", "ROW", "ACCESS", "POLICY")) {
          addRowAccess(cursor, table);
        } else if (cursor.acceptWords("DROP", "ALL", "ROW", "ACCESS", "POLICIES")) {
          rowAccess.remove(table.qualifiedName());
        } else if (cursor.acceptWords("DROP", "ROW", "ACCESS", "POLICY")) {
          cursor.qualifiedName();
          rowAccess.remove(table.qualifiedName());
        } else if (cursor.peekWords("MODIFY") || cursor.peekWords("ALTER")) {
          cursor.next();
          boolean parenthesised = cursor.acceptSymbol("(");
          columnActions(cursor, table);
          if (parenthesised) {
            cursor.acceptSymbol(")");
          }
        } else if (cursor.acceptWords("SET", "TAG")) {
          tagAssignments(cursor, table);
        } else if (cursor.acceptWords("UNSET", "TAG")) {
          untag(cursor, table);
        } else if (cursor.acceptWords("ADD")) {
          cursor.acceptWords("COLUMN");
          ifNotExists(cursor);
          TextSpan rest = untilSymbol(cursor, ",");
          TableState state =
              tables.computeIfAbsent(table.qualifiedName(), key -> new TableState(table, role));
          column(state, rest);
        } else if (cursor.peekWords("RENAME")) {
          unsupported("renaming is not followed; later statements on the new name are separate");
          return;
        } else {
          if (!understood) {
            ignored("this ALTER has no bearing on access");
          }
          return;
        }
        understood = true;
      } while (cursor.acceptSymbol(","));
    }

    /** {@code [COLUMN] c SET MASKING POLICY … , [COLUMN] c2 …}. */
    private void columnActions(SqlTokenCursor cursor, Securable table) {
      do {
        cursor.acceptWords("COLUMN");
        Securable column = table.column(cursor.identifier());
        if (cursor.acceptWords("SET", "MASKING", "POLICY")) {
          maskingClause(cursor, column);
        } else if (cursor.acceptWords("UNSET", "MASKING", "POLICY")) {
          columnMasks.remove(column.qualifiedName());
        } else if (cursor.acceptWords("SET", "TAG")) {
          tagAssignments(cursor, column);
        } else if (cursor.acceptWords("UNSET", "TAG")) {
          untag(cursor, column);
        } else {
          // SET DATA TYPE, DROP DEFAULT, COMMENT …: up to the next column.
          while (!cursor.atEnd() && !cursor.peekSymbol(",") && !cursor.peekSymbol(")")) {
            if (cursor.peekSymbol("(")) {
              cursor.parenthesised();
            } else {
              cursor.next();
            }
          }
        }
      } while (nextColumn(cursor));
    }

    private boolean nextColumn(SqlTokenCursor cursor) {
      if (!cursor.peekSymbol(",")) {
        return false;
      }
      boolean column =
          cursor.peek(1).map(token -> token.isWord("COLUMN")).orElse(false)
              || cursor
                  .peek(2)
                  .map(token -> token.isWord("SET") || token.isWord("UNSET"))
                  .orElse(false);
      if (column) {
        cursor.next();
      }
      return column;
    }

    /** After {@code MASKING POLICY}: {@code p [USING (c, cond…)] [FORCE]}. */
    private void maskingClause(SqlTokenCursor cursor, Securable column) {
      QualifiedName policy = cursor.qualifiedName();
      List<String> using = new ArrayList<>();
      if (cursor.acceptWords("USING")) {
        for (TextSpan element : splitTopLevel(cursor.parenthesised())) {
          using.add(IDENTIFIERS.normalise(element.text().trim()));
        }
      }
      cursor.acceptWords("FORCE");
      columnMasks.remove(column.qualifiedName());
      columnMasks.put(
          column.qualifiedName(),
          new Attachment(policy, column, using, origin(Optional.of(policy.dotted()))));
    }

    /** After {@code ROW ACCESS POLICY}: {@code p ON (cols)}. */
    private void addRowAccess(SqlTokenCursor cursor, Securable table) {
      QualifiedName policy = cursor.qualifiedName();
      cursor.expectWords("ON");
      List<String> on = new ArrayList<>();
      for (TextSpan element : splitTopLevel(cursor.parenthesised())) {
        on.add(IDENTIFIERS.normalise(element.text().trim()));
      }
      if (rowAccess.containsKey(table.qualifiedName())) {
        losses.add(
            new Loss(
                origin(Optional.of(policy.dotted())),
                "a second row access policy on "
                    + table.qualifiedName()
                    + " (Snowflake allows one); the later one is kept",
                LossDirection.UNKNOWN));
      }
      rowAccess.put(
          table.qualifiedName(),
          new Attachment(policy, table, on, origin(Optional.of(policy.dotted()))));
    }

    private void removeAttachmentsOf(Securable table) {
      rowAccess.remove(table.qualifiedName());
      columnMasks.keySet().removeIf(key -> key.startsWith(table.qualifiedName() + "."));
    }

    // ---------------------------------------------------------------- tags

    private void createTag(SqlTokenCursor cursor) {
      ifNotExists(cursor);
      String name = String.join(".", qualify(cursor.qualifiedName()));
      TagState tag = new TagState(name, origin(Optional.of(name)));
      TagState previous = tags.put(name, tag);
      if (previous != null) {
        tag.assignments.putAll(previous.assignments);
      }
      if (cursor.acceptWords("ALLOWED_VALUES")) {
        allowedValues(cursor, tag);
      }
    }

    private void allowedValues(SqlTokenCursor cursor, TagState tag) {
      do {
        SqlToken value = cursor.next();
        tag.allowedValues.add(value.stringValue());
      } while (cursor.acceptSymbol(","));
    }

    private void alterTag(SqlTokenCursor cursor) {
      cursor.acceptWords("IF", "EXISTS");
      TagState tag = tag(cursor.qualifiedName());
      if (cursor.acceptWords("SET")) {
        if (!cursor.peekWords("MASKING", "POLICY")) {
          ignored("tag comments have no bearing on access");
          return;
        }
        List<Attachment> masks = tagMasks.computeIfAbsent(tag.name, key -> new ArrayList<>());
        do {
          cursor.expectWords("MASKING", "POLICY");
          QualifiedName policy = cursor.qualifiedName();
          masks.add(
              new Attachment(
                  policy,
                  Securable.catalog(tag.name),
                  List.of(),
                  origin(Optional.of(policy.dotted()))));
        } while (cursor.acceptSymbol(","));
        cursor.acceptWords("FORCE");
      } else if (cursor.acceptWords("UNSET")) {
        if (!cursor.peekWords("MASKING", "POLICY")) {
          ignored("tag comments have no bearing on access");
          return;
        }
        List<Attachment> masks = tagMasks.getOrDefault(tag.name, new ArrayList<>());
        do {
          cursor.expectWords("MASKING", "POLICY");
          QualifiedName policy = cursor.qualifiedName();
          masks.removeIf(mask -> mask.policy().dotted().equals(policy.dotted()));
        } while (cursor.acceptSymbol(","));
      } else if (cursor.acceptWords("ADD", "ALLOWED_VALUES")) {
        allowedValues(cursor, tag);
      } else {
        ignored("this ALTER TAG has no bearing on access");
      }
    }

    /** {@code t = 'v' [, t2 = 'v2']} after SET TAG, stopping at the next column action. */
    private void tagAssignments(SqlTokenCursor cursor, Securable target) {
      do {
        TagState tag = tag(cursor.qualifiedName());
        cursor.expectSymbol("=");
        String value = cursor.next().stringValue();
        tag.assignments.put(
            target.qualifiedName(),
            new TagAssignment(target, value, origin(Optional.of(tag.name))));
      } while (cursor.peekSymbol(",") && !nextIsColumn(cursor) && cursor.acceptSymbol(","));
    }

    private boolean nextIsColumn(SqlTokenCursor cursor) {
      return cursor.peek(1).map(token -> token.isWord("COLUMN")).orElse(false)
          || cursor
              .peek(2)
              .map(token -> token.isWord("SET") || token.isWord("UNSET"))
              .orElse(false);
    }

    private void untag(SqlTokenCursor cursor, Securable target) {
      do {
        TagState tag = tag(cursor.qualifiedName());
        tag.assignments.remove(target.qualifiedName());
      } while (cursor.peekSymbol(",") && !nextIsColumn(cursor) && cursor.acceptSymbol(","));
    }

    /** {@code (t = 'v', …)} of an inline WITH TAG. */
    private void tagList(TextSpan span, Securable target) {
      for (TextSpan element : splitTopLevel(span)) {
        SqlTokenCursor cursor = SqlTokenCursor.of(sub(element), DIALECT);
        TagState tag = tag(cursor.qualifiedName());
        cursor.expectSymbol("=");
        String value = cursor.next().stringValue();
        tag.assignments.put(
            target.qualifiedName(),
            new TagAssignment(target, value, origin(Optional.of(tag.name))));
      }
    }

    /** The tag a name refers to: declared (exactly, or by a unique suffix), else declared now. */
    private TagState tag(QualifiedName written) {
      String exact = String.join(".", qualify(written));
      if (tags.containsKey(exact)) {
        return tags.get(exact);
      }
      TagState found = null;
      for (TagState state : tags.values()) {
        if (endsWith(state.name, written.parts())) {
          if (found != null) {
            found = null;
            break;
          }
          found = state;
        }
      }
      if (found != null) {
        return found;
      }
      TagState created = new TagState(exact, origin(Optional.of(exact)));
      tags.put(exact, created);
      return created;
    }

    private void alterSchemaOrDatabase(SqlTokenCursor cursor, boolean schemaLevel) {
      cursor.acceptWords("IF", "EXISTS");
      QualifiedName name = cursor.qualifiedName();
      Securable target;
      if (schemaLevel) {
        List<String> parts = name.parts();
        Optional<String> catalog =
            parts.size() == 2 ? Optional.of(parts.get(0)) : database.map(value -> value);
        target = Securable.schema(catalog, name.name());
      } else {
        target = Securable.catalog(name.name());
      }
      if (cursor.acceptWords("SET", "TAG")) {
        tagAssignments(cursor, target);
      } else if (cursor.acceptWords("UNSET", "TAG")) {
        untag(cursor, target);
      } else {
        ignored("no bearing on access");
      }
    }

    // ---------------------------------------------------------------- alter, drop

    private void alter(SqlTokenCursor cursor) {
      if (cursor.acceptWords("MASKING", "POLICY")) {
        alterPolicy(cursor, DefinitionKind.MASKING_POLICY);
      } else if (cursor.acceptWords("ROW", "ACCESS", "POLICY")) {
        alterPolicy(cursor, DefinitionKind.ROW_ACCESS_POLICY);
      } else if (cursor.acceptWords("TABLE")) {
        alterTable(cursor, false);
      } else if (cursor.acceptWords("MATERIALIZED", "VIEW") || cursor.acceptWords("VIEW")) {
        alterTable(cursor, true);
      } else if (cursor.acceptWords("TAG")) {
        alterTag(cursor);
      } else if (cursor.acceptWords("SCHEMA")) {
        alterSchemaOrDatabase(cursor, true);
      } else if (cursor.acceptWords("DATABASE")) {
        alterSchemaOrDatabase(cursor, false);
      } else if (cursor.peekWords("EXTERNAL", "TABLE") || cursor.peekWords("DYNAMIC", "TABLE")) {
        unsupported("policies on this kind of table are not read");
      } else {
        ignored("no bearing on access");
      }
    }

    private void drop(SqlTokenCursor cursor) {
      if (cursor.acceptWords("MASKING", "POLICY")
          || cursor.acceptWords("ROW", "ACCESS", "POLICY")) {
        dropPolicy(cursor);
      } else if (cursor.peekWords("POLICY")) {
        throw cursor.error(
            "DROP POLICY is not a Snowflake statement (DROP MASKING POLICY or DROP ROW ACCESS"
                + " POLICY is); nothing was dropped");
      } else if (cursor.acceptWords("TABLE")
          || cursor.acceptWords("MATERIALIZED", "VIEW")
          || cursor.acceptWords("VIEW")) {
        cursor.acceptWords("IF", "EXISTS");
        Securable table = table(cursor.qualifiedName());
        tables.remove(table.qualifiedName());
        views.remove(table.qualifiedName());
        removeAttachmentsOf(table);
      } else if (cursor.acceptWords("DATABASE", "ROLE")
          || cursor.acceptWords("ROLE")
          || cursor.acceptWords("USER")) {
        cursor.acceptWords("IF", "EXISTS");
        String name = cursor.qualifiedName().name();
        principals.remove(name);
        grants.removeIf(grant -> grant.grantee.equals(name));
        for (PrincipalState principal : principals.values()) {
          principal.memberOf.remove(name);
        }
      } else if (cursor.acceptWords("TAG")) {
        cursor.acceptWords("IF", "EXISTS");
        TagState tag = tag(cursor.qualifiedName());
        tags.remove(tag.name);
        tagMasks.remove(tag.name);
      } else {
        ignored("no bearing on access");
      }
    }

    // ---------------------------------------------------------------- roles and grants

    private PrincipalState principal(String name, boolean user) {
      PrincipalState existing = principals.get(name);
      if (existing != null) {
        return existing;
      }
      PrincipalState created = new PrincipalState(name, user, origin(Optional.of(name)));
      principals.put(name, created);
      return created;
    }

    private void grant(SqlTokenCursor cursor, boolean grant) {
      if (!grant) {
        cursor.acceptWords("GRANT", "OPTION", "FOR");
      }
      if (cursor.acceptWords("DATABASE", "ROLE") || cursor.acceptWords("ROLE")) {
        String granted = cursor.qualifiedName().name();
        if (grant) {
          cursor.expectWords("TO");
        } else {
          cursor.expectWords("FROM");
        }
        boolean user = cursor.acceptWords("USER");
        if (!user) {
          cursor.acceptWords("DATABASE");
          cursor.expectWords("ROLE");
        }
        String grantee = cursor.qualifiedName().name();
        principal(granted, false);
        PrincipalState member = principal(grantee, user);
        if (grant) {
          if (!member.memberOf.contains(granted)) {
            member.memberOf.add(granted);
          }
        } else {
          member.memberOf.remove(granted);
        }
        return;
      }
      EnumSet<Privilege> privileges = EnumSet.noneOf(Privilege.class);
      boolean other = false;
      while (!cursor.atEnd() && !cursor.peekWords("ON")) {
        SqlToken token = cursor.next();
        if (token.isSymbol(",")) {
          continue;
        }
        Optional<Privilege> privilege = privilege(token);
        if (privilege.isPresent()) {
          privileges.add(privilege.get());
        } else if (!token.isWord("PRIVILEGES")) {
          other = true;
        }
      }
      cursor.expectWords("ON");
      if (privileges.isEmpty()) {
        ignored(
            other
                ? "privileges with no bearing on reading data (APPLY, CREATE, MONITOR …)"
                : "no privileges");
        return;
      }
      Optional<Securable> securable = grantObject(cursor);
      if (securable.isEmpty()) {
        ignored("grants on this kind of object have no bearing on reading tables");
        return;
      }
      cursor.expectWords(grant ? "TO" : "FROM");
      if (cursor.acceptWords("SHARE")) {
        unsupported(
            "a grant to a share exposes the object to another account; shares are not modelled");
        return;
      }
      if (cursor.acceptWords("APPLICATION", "ROLE") || cursor.acceptWords("APPLICATION")) {
        unsupported("grants to applications are not modelled");
        return;
      }
      cursor.acceptWords("DATABASE");
      cursor.acceptWords("ROLE");
      String grantee = cursor.qualifiedName().name();
      boolean grantOption = grant && cursor.acceptWords("WITH", "GRANT", "OPTION");
      if (!grantee.equals("PUBLIC")) {
        principal(grantee, false);
      }
      if (grant) {
        GrantState state = null;
        for (GrantState existing : grants) {
          if (existing.grantee.equals(grantee)
              && existing.securable.qualifiedName().equals(securable.get().qualifiedName())
              && existing.grantOption == grantOption) {
            state = existing;
          }
        }
        if (state == null) {
          state =
              new GrantState(grantee, securable.get(), grantOption, origin(Optional.of(grantee)));
          grants.add(state);
        }
        state.privileges.addAll(privileges);
        if (privileges.contains(Privilege.OWNERSHIP)) {
          TableState table = tables.get(securable.get().qualifiedName());
          if (table != null) {
            table.owner = Optional.of(grantee);
          }
        }
      } else {
        for (GrantState existing : grants) {
          if (existing.grantee.equals(grantee)
              && existing.securable.qualifiedName().equals(securable.get().qualifiedName())) {
            if (privileges.contains(Privilege.ALL)) {
              existing.privileges.clear();
            } else {
              existing.privileges.removeAll(privileges);
            }
          }
        }
        grants.removeIf(existing -> existing.privileges.isEmpty());
      }
    }

    private Optional<Privilege> privilege(SqlToken token) {
      if (token.kind() != SqlTokenKind.WORD) {
        return Optional.empty();
      }
      return switch (upper(token)) {
        case "SELECT" -> Optional.of(Privilege.SELECT);
        case "INSERT" -> Optional.of(Privilege.INSERT);
        case "UPDATE" -> Optional.of(Privilege.UPDATE);
        case "DELETE" -> Optional.of(Privilege.DELETE);
        case "TRUNCATE" -> Optional.of(Privilege.TRUNCATE);
        case "REFERENCES" -> Optional.of(Privilege.REFERENCES);
        case "USAGE" -> Optional.of(Privilege.USAGE);
        case "OWNERSHIP" -> Optional.of(Privilege.OWNERSHIP);
        case "ALL" -> Optional.of(Privilege.ALL);
        default -> Optional.empty();
      };
    }

    /**
     * The object of a grant: a table or view, a schema (also for ALL/FUTURE tables or views in it,
     * which the model's schema grant covers), a database; empty for other objects.
     */
    private Optional<Securable> grantObject(SqlTokenCursor cursor) {
      if (cursor.acceptWords("ALL") || cursor.acceptWords("FUTURE")) {
        SqlToken kind = cursor.next();
        if (!(kind.isWord("TABLES") || kind.isWord("VIEWS") || kind.isWord("MATERIALIZED"))) {
          skipToTarget(cursor);
          return Optional.empty();
        }
        cursor.acceptWords("VIEWS");
        cursor.expectWords("IN");
        if (cursor.acceptWords("DATABASE")) {
          return Optional.of(Securable.catalog(cursor.identifier()));
        }
        cursor.expectWords("SCHEMA");
        return Optional.of(schemaSecurable(cursor.qualifiedName()));
      }
      cursor.acceptWords("EXTERNAL");
      cursor.acceptWords("DYNAMIC");
      cursor.acceptWords("MATERIALIZED");
      if (cursor.acceptWords("TABLE") || cursor.acceptWords("VIEW")) {
        return Optional.of(table(cursor.qualifiedName()));
      }
      if (cursor.acceptWords("SCHEMA")) {
        return Optional.of(schemaSecurable(cursor.qualifiedName()));
      }
      if (cursor.acceptWords("DATABASE")) {
        return Optional.of(Securable.catalog(cursor.identifier()));
      }
      skipToTarget(cursor);
      return Optional.empty();
    }

    private void skipToTarget(SqlTokenCursor cursor) {
      while (!cursor.atEnd() && !cursor.peekWords("TO") && !cursor.peekWords("FROM")) {
        cursor.next();
      }
    }

    private Securable schemaSecurable(QualifiedName name) {
      Optional<String> catalog =
          name.parts().size() >= 2 ? Optional.of(name.parts().get(0)) : database;
      return Securable.schema(catalog, name.name());
    }

    // ---------------------------------------------------------------- helpers

    private List<String> qualify(QualifiedName written) {
      List<String> parts = new ArrayList<>(written.parts());
      if (parts.size() == 1 && schema.isPresent()) {
        parts.add(0, schema.get());
      }
      if (parts.size() == 2 && database.isPresent()) {
        parts.add(0, database.get());
      }
      return parts;
    }

    private Securable table(QualifiedName written) {
      List<String> parts = qualify(written);
      if (parts.size() > 3) {
        throw new IllegalArgumentException("not a table name: " + written.spelling());
      }
      return QualifiedName.table(parts, IDENTIFIERS);
    }

    private SqlStatement sub(TextSpan span) {
      String text = span.text();
      int leading = 0;
      while (leading < text.length() && Character.isWhitespace(text.charAt(leading))) {
        leading++;
      }
      int offset = span.offset() + leading;
      SqlLocation location = statement.locationAt(SYSTEM, offset);
      return new SqlStatement(
          text.substring(leading).trim(),
          statement.file(),
          location.line(),
          location.column(),
          statement.startOffset() + offset);
    }

    private Origin origin(Optional<String> object) {
      Origin origin = Origin.of(SYSTEM).withSql(statement.text());
      if (object.isPresent()) {
        origin = origin.withObject(object.get());
      }
      return statement.file().isPresent()
          ? origin.at(statement.file().get(), statement.line())
          : origin;
    }

    private void ignored(String reason) {
      skipped.ignored(statement, reason);
    }

    private void unsupported(String reason) {
      skipped.unsupported(statement, origin(Optional.empty()), reason);
    }

    // ---------------------------------------------------------------- the policy set

    @Override
    public DdlReadResult finish(String locator) {
      PolicySet.Builder builder =
          PolicySet.builder(Source.of(SYSTEM, locator, ExtractionMethod.DDL));
      for (PrincipalState principal : principals.values()) {
        Principal built =
            principal.user
                ? Principal.user(principal.name, principal.origin)
                : Principal.role(principal.name, principal.origin);
        builder.addPrincipal(built.withMemberOf(principal.memberOf));
      }
      Map<String, Definition> built = new LinkedHashMap<>();
      for (DefinitionState state : definitions.values()) {
        Definition definition = state.toDefinition();
        built.put(definition.name(), definition);
        builder.addDefinition(definition);
      }
      Map<String, Table> tableEntries = new LinkedHashMap<>();
      for (TableState table : tables.values()) {
        tableEntries.put(
            table.name.qualifiedName(),
            new Table(table.name, table.columns, table.owner, RowSecurity.allAnd()));
      }
      for (Attachment attachment : rowAccess.values()) {
        Optional<Definition> definition = resolve(attachment, built, "row access");
        SnowflakePolicies.AttachmentResult result =
            definition.isPresent()
                ? SnowflakePolicies.attachRowAccess(
                    definition.get(),
                    attachment.target(),
                    attachment.columns(),
                    attachment.origin())
                : new SnowflakePolicies.AttachmentResult(
                    Optional.empty(), Optional.of(undefinedFilter(attachment)), List.of());
        result.filter().ifPresent(builder::addRowFilter);
        losses.addAll(result.losses());
        tableEntries.putIfAbsent(
            attachment.target().qualifiedName(),
            new Table(attachment.target(), List.of(), Optional.empty(), RowSecurity.allAnd()));
      }
      for (Attachment attachment : columnMasks.values()) {
        Optional<Definition> definition = resolve(attachment, built, "masking");
        if (definition.isPresent()) {
          SnowflakePolicies.AttachmentResult result =
              SnowflakePolicies.attachMask(
                  definition.get(), attachment.target(), attachment.columns(), attachment.origin());
          result.mask().ifPresent(builder::addColumnMask);
          losses.addAll(result.losses());
        } else {
          builder.addColumnMask(undefinedMask(attachment));
        }
      }
      for (Map.Entry<String, List<Attachment>> entry : tagMasks.entrySet()) {
        for (Attachment attachment : entry.getValue()) {
          Optional<Definition> definition = resolve(attachment, built, "masking");
          if (definition.isPresent()) {
            builder.addColumnMask(
                SnowflakePolicies.attachTagMask(
                    definition.get(), entry.getKey(), attachment.origin()));
          }
        }
      }
      tableEntries.values().forEach(builder::addTable);
      for (GrantState grant : grants) {
        Subject grantee =
            grant.grantee.equals("PUBLIC") ? Subjects.everyone() : Subjects.hasRole(grant.grantee);
        builder.addGrant(
            new Grant(
                grantee,
                grant.privileges,
                grant.securable,
                GrantEffect.ALLOW,
                grant.grantOption,
                GrantVia.DIRECT,
                grant.origin));
      }
      for (TagState tag : tags.values()) {
        builder.addTag(
            new Tag(
                tag.name, tag.allowedValues, List.copyOf(tag.assignments.values()), tag.origin));
        boolean masked = tagMasks.containsKey(tag.name) && !tagMasks.get(tag.name).isEmpty();
        for (TagAssignment assignment : tag.assignments.values()) {
          int level = assignment.target().parts().size();
          if (masked && assignment.target().table().isEmpty()) {
            losses.add(
                new Loss(
                    assignment.origin(),
                    "tag "
                        + tag.name
                        + " is set on "
                        + assignment.target().qualifiedName()
                        + " (level "
                        + level
                        + "); its masking policies apply to the columns below by inheritance,"
                        + " which is not evaluated",
                    LossDirection.LOOSER));
          }
        }
      }
      for (ViewState view : views.values()) {
        builder.addView(
            new View(
                view.name,
                Optional.of(view.sql),
                view.bases,
                view.options,
                view.owner,
                view.origin));
      }
      losses.forEach(builder::addLoss);
      PolicySet set = ViewPolicyDetector.detect(builder.build());
      return new DdlReadResult(set, skipped.list());
    }

    private Optional<Definition> resolve(
        Attachment attachment, Map<String, Definition> built, String kind) {
      Optional<DefinitionState> state = findDefinition(attachment.policy());
      if (state.isPresent()) {
        return Optional.ofNullable(built.get(state.get().name));
      }
      losses.add(
          new Loss(
              attachment.origin(),
              "the "
                  + kind
                  + " policy "
                  + attachment.policy().dotted()
                  + " set on "
                  + attachment.target().qualifiedName()
                  + " is not defined in the scripts read; "
                  + (kind.equals("masking")
                      ? "the column is taken as fully masked"
                      : "the table is taken as showing no rows"),
              LossDirection.STRICTER));
      return Optional.empty();
    }

    private ColumnMask undefinedMask(Attachment attachment) {
      String name = attachment.policy().dotted();
      return new ColumnMask(
          Optional.of(name),
          Optional.of(attachment.target()),
          Optional.empty(),
          List.of(),
          new Transform.Nullify(),
          Subjects.everyone(),
          0,
          Optional.of(name),
          Map.of(),
          attachment.origin());
    }

    private RowFilter undefinedFilter(Attachment attachment) {
      return RowFilter.of(
              attachment.target(),
              Expressions.alwaysFalse(),
              Subjects.everyone(),
              attachment.origin())
          .withName(attachment.policy().dotted());
    }
  }

  // ---------------------------------------------------------------- static helpers

  /** The pieces of a parenthesised list, split at commas outside parentheses. */
  private static List<TextSpan> splitTopLevel(TextSpan span) {
    List<TextSpan> pieces = new ArrayList<>();
    String text = span.text();
    List<SqlToken> tokens = SqlLexer.significantTokens(text, DIALECT);
    int depth = 0;
    int start = 0;
    for (SqlToken token : tokens) {
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && token.isSymbol(",")) {
        addPiece(pieces, text, start, token.offset(), span.offset());
        start = token.end();
      }
    }
    addPiece(pieces, text, start, text.length(), span.offset());
    return pieces;
  }

  private static void addPiece(
      List<TextSpan> pieces, String text, int start, int end, int baseOffset) {
    String piece = text.substring(start, end);
    if (!piece.isBlank()) {
      pieces.add(new TextSpan(piece, baseOffset + start));
    }
  }

  private static boolean endsWith(String dottedName, List<String> parts) {
    List<String> have = List.of(dottedName.split("\\.", -1));
    if (parts.size() > have.size()) {
      return false;
    }
    return have.subList(have.size() - parts.size(), have.size()).equals(parts);
  }

  private static String upper(SqlToken token) {
    return token.text().toUpperCase(Locale.ROOT);
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int index = 0; index < offset; index++) {
      char character = text.charAt(index);
      if (character == '\n') {
        line++;
      } else if (character == '\r'
          && (index + 1 >= text.length() || text.charAt(index + 1) != '\n')) {
        line++;
      }
    }
    return line;
  }

  private static String summary(SqlStatement statement) {
    String flat = statement.text().replaceAll("\\s+", " ");
    return flat.length() > 60 ? flat.substring(0, 60) + "…" : flat;
  }
}
