package dev.passport.extract.redshift;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.DdlReadResult;
import dev.passport.extract.DdlSession;
import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.SkippedStatement;
import dev.passport.extract.SkippedStatements;
import dev.passport.extract.sql.BoundedSqlParser;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;

/**
 * Reads Amazon Redshift policies from DDL scripts, applying statements in script order across the
 * files given.
 *
 * <p>It reads: {@code CREATE/ALTER/DROP RLS POLICY} ({@code WITH (col type, …) [AS alias] USING
 * (…)}); {@code ATTACH/DETACH RLS POLICY p ON [TABLE] t[, …] TO|FROM user | ROLE r | PUBLIC [, …]};
 * {@code ALTER TABLE|MATERIALIZED VIEW t ROW LEVEL SECURITY ON|OFF [CONJUNCTION TYPE AND|OR] [FOR
 * DATASHARES]}, {@code OWNER TO}, {@code RENAME TO}; {@code CREATE/ALTER/DROP MASKING POLICY p [IF
 * NOT EXISTS] WITH (…) USING (expr[, …])}; {@code ATTACH/DETACH MASKING POLICY p ON t(cols) [USING
 * (cols)] TO|FROM … [PRIORITY n]}; {@code GRANT/REVOKE} of privileges on tables (also column lists
 * and {@code ALL TABLES IN SCHEMA}) and schemas, to users, {@code ROLE r}, {@code GROUP g} or
 * PUBLIC; {@code GRANT/REVOKE ROLE r TO|FROM user | ROLE r2}; {@code GRANT/REVOKE IGNORE RLS};
 * {@code CREATE/ALTER/DROP USER} ({@code CREATEUSER} is a superuser; {@code IN GROUP}), {@code
 * ROLE}, {@code GROUP} ({@code WITH USER}, {@code ADD/DROP USER}); {@code CREATE TABLE} (columns;
 * {@code LIKE}); {@code CREATE [OR REPLACE] VIEW … AS SELECT … [WITH NO SCHEMA BINDING]} (the
 * SELECT and its base tables, for view-based policy detection), {@code DROP VIEW}; {@code DROP
 * TABLE [CASCADE]}, {@code DROP SCHEMA … CASCADE}; {@code SET SESSION AUTHORIZATION} for owners.
 * The model built is described on {@link RedshiftPolicies}.
 *
 * <p>As Redshift does, {@code DROP RLS|MASKING POLICY} without CASCADE is refused while the policy
 * is attached, and {@code DROP TABLE} of a table an RLS policy looks up is refused; a refused
 * statement changes nothing and is reported as {@link SkippedStatement.Kind#FAILED} with a {@link
 * Loss}.
 *
 * <p>Statements it does not apply are returned as {@link SkippedStatement}s, never fatal: {@link
 * SkippedStatement.Kind#IGNORED} for those with no bearing on access (queries, data loading,
 * functions, {@code GRANT EXPLAIN RLS}, grants to a policy on its lookup tables); {@link
 * SkippedStatement.Kind#UNSUPPORTED} plus a Loss for those that may bear on access but are not read
 * (materialized views, datashares, default privileges); {@link SkippedStatement.Kind#FAILED} with
 * file, line and column for those that do not parse, plus a Loss when they were of a kind it reads.
 * Passwords are removed from the SQL kept in origins and summaries.
 */
public final class RedshiftDdlReader {
  private static final Set<String> COLUMN_CONSTRAINT_WORDS =
      Set.of(
          "encode",
          "distkey",
          "sortkey",
          "not",
          "null",
          "default",
          "identity",
          "generated",
          "primary",
          "unique",
          "references",
          "collate",
          "constraint");
  private static final Set<String> TABLE_CONSTRAINT_WORDS =
      Set.of("constraint", "primary", "unique", "foreign", "check", "distkey", "sortkey");

  private final SqlDialect dialect = SqlDialect.REDSHIFT;
  private final ExtractionOptions options;
  private final BoundedSqlParser parser;
  private final SqlExpressionConverter converter;

  public RedshiftDdlReader(ExtractionOptions options) {
    this.options = requireNonNull(options, "options is null");
    this.parser = BoundedSqlParser.of(dialect, options.limits());
    this.converter = SqlExpressionConverter.of(parser, options.aliases());
  }

  /** The policies of one script given as text, read with default options. */
  public static PolicySet read(String script, String fileName) {
    return new RedshiftDdlReader(ExtractionOptions.defaults())
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

  /** Reading state across the scripts of one read. */
  private final class Session implements DdlSession {
    private final RedshiftPolicies policies = new RedshiftPolicies(converter);
    private final SkippedStatements skipped =
        new SkippedStatements(RedshiftDdlReader::summary, policies::addLoss);
    private Optional<String> sessionUser = Optional.empty();
    private SqlStatement statement;

    @Override
    public void apply(String script, String fileName) {
      for (SqlStatement each : SqlScriptSplitter.of(dialect).split(script, Optional.of(fileName))) {
        statement = each;
        try {
          dispatch(SqlTokenCursor.of(each, dialect));
        } catch (ParseException e) {
          skipped.notParsed(each, e);
          if (isReadKind(each)) {
            policies.addLoss(
                new Loss(
                    origin(Optional.empty()),
                    "statement not read: " + e.problem(),
                    LossDirection.UNKNOWN));
          }
        }
      }
    }

    @Override
    public DdlReadResult finish(String locator) {
      PolicySet set = policies.build(Source.of(SystemKind.REDSHIFT, locator, ExtractionMethod.DDL));
      return new DdlReadResult(set, skipped.list());
    }

    private boolean isReadKind(SqlStatement each) {
      String lower = each.text().toLowerCase(Locale.ROOT);
      return lower.matches(
              "(?s)^(create|alter|drop|attach|detach)\\s+(or\\s+replace\\s+)?"
                  + "(rls|masking|user|role|group|table|view).*")
          || lower.matches("(?s)^(grant|revoke)\\s.*");
    }

    private void dispatch(SqlTokenCursor cursor) {
      if (cursor.acceptWords("create")) {
        create(cursor);
      } else if (cursor.acceptWords("alter")) {
        alter(cursor);
      } else if (cursor.acceptWords("drop")) {
        drop(cursor);
      } else if (cursor.acceptWords("attach")) {
        attach(cursor, true);
      } else if (cursor.acceptWords("detach")) {
        attach(cursor, false);
      } else if (cursor.acceptWords("grant")) {
        grantOrRevoke(cursor, true);
      } else if (cursor.acceptWords("revoke")) {
        grantOrRevoke(cursor, false);
      } else if (cursor.acceptWords("set", "session", "authorization")) {
        if (cursor.acceptWords("default")) {
          sessionUser = Optional.empty();
        } else {
          sessionUser = Optional.of(principalName(cursor));
        }
      } else if (cursor.acceptWords("reset", "session", "authorization")) {
        sessionUser = Optional.empty();
      } else {
        ignored("not a policy statement");
      }
    }

    // ---- CREATE ----

    private void create(SqlTokenCursor cursor) {
      cursor.acceptWords("or", "replace");
      if (cursor.acceptWords("rls", "policy")) {
        createRlsPolicy(cursor);
      } else if (cursor.acceptWords("masking", "policy")) {
        createMaskingPolicy(cursor);
      } else if (cursor.acceptWords("user")) {
        createUser(cursor);
      } else if (cursor.acceptWords("role")) {
        String name = principalName(cursor);
        policies.declarePrincipal(name, PrincipalKind.ROLE, origin(Optional.of(name)));
      } else if (cursor.acceptWords("group")) {
        createGroup(cursor);
      } else if (cursor.peekWords("temp") || cursor.peekWords("temporary")) {
        ignored("a temporary table is not part of the schema");
      } else if (cursor.acceptWords("table")) {
        createTable(cursor);
      } else if (cursor.acceptWords("view")) {
        createView(cursor);
      } else if (cursor.peekWords("materialized", "view")) {
        unsupported(
            "materialized views are not read: a materialized view holds a copy of its base"
                + " tables' rows, read with its owner's privileges");
      } else if (cursor.peekWords("datashare")) {
        unsupported("datashares are not read: their consumers' access is not modelled");
      } else {
        ignored("not a policy statement");
      }
    }

    /**
     * {@code CREATE [OR REPLACE] VIEW v [(cols)] AS SELECT … [WITH NO SCHEMA BINDING]}: the view's
     * SELECT and base tables, for view-based policy detection. A late-binding view is read like any
     * other: its SELECT is what runs.
     */
    private void createView(SqlTokenCursor cursor) {
      Securable name = tableName(cursor);
      if (cursor.peekSymbol("(")) {
        cursor.parenthesised();
      }
      cursor.expectWords("as");
      TextSpan query = cursor.rest();
      String sql =
          query.text().replaceFirst("(?is)\\s+with\\s+no\\s+schema\\s+binding\\s*$", "").trim();
      Origin viewOrigin = origin(Optional.of(name.qualifiedName())).withKind(OriginKind.VIEW);
      policies.putView(
          name,
          sql,
          sessionUser.or(options::scriptUser),
          cursor.locationAt(query.offset()),
          viewOrigin);
    }

    private void createRlsPolicy(SqlTokenCursor cursor) {
      String name = cursor.qualifiedName().name();
      List<Parameter> parameters = List.of();
      Optional<String> alias = Optional.empty();
      if (cursor.acceptWords("with")) {
        parameters = parameters(cursor.parenthesised());
        if (cursor.acceptWords("as") || (cursor.peekIdentifier() && !cursor.peekWords("using"))) {
          alias = Optional.of(cursor.identifier());
        }
      }
      cursor.expectWords("using");
      TextSpan using = cursor.parenthesised();
      expectEnd(cursor);
      SqlLocation location = cursor.locationAt(using.offset());
      Expression predicate = parser.parseExpression(using.text(), location);
      policies.putRlsPolicy(
          new RedshiftPolicies.RlsPolicy(
              name, parameters, alias, predicate, location, origin(Optional.of(name))));
    }

    private void createMaskingPolicy(SqlTokenCursor cursor) {
      boolean ifNotExists = cursor.acceptWords("if", "not", "exists");
      String name = cursor.qualifiedName().name();
      ifNotExists |= cursor.acceptWords("if", "not", "exists");
      cursor.expectWords("with");
      List<Parameter> parameters = parameters(cursor.parenthesised());
      cursor.expectWords("using");
      TextSpan using = cursor.parenthesised();
      expectEnd(cursor);
      if (ifNotExists && policies.hasMaskingPolicy(name)) {
        return;
      }
      putMaskingPolicy(name, parameters, using, cursor, origin(Optional.of(name)));
    }

    private void putMaskingPolicy(
        String name, List<Parameter> parameters, TextSpan using, SqlTokenCursor cursor, Origin o) {
      List<Expression> outputs = new ArrayList<>();
      List<SqlLocation> locations = new ArrayList<>();
      for (TextSpan output : splitTopLevel(using)) {
        SqlLocation location = cursor.locationAt(output.offset());
        outputs.add(parser.parseExpression(output.text(), location));
        locations.add(location);
      }
      if (outputs.isEmpty()) {
        throw cursor.errorAt(using.offset(), "a masking policy needs a masking expression");
      }
      policies.putMaskingPolicy(
          new RedshiftPolicies.MaskingPolicy(name, parameters, outputs, locations, o));
    }

    private void createUser(SqlTokenCursor cursor) {
      String name = principalName(cursor);
      policies.declarePrincipal(name, PrincipalKind.USER, origin(Optional.of(name)));
      while (!cursor.atEnd()) {
        if (cursor.acceptWords("createuser")) {
          policies.setFlag(name, PrincipalFlag.SUPERUSER, true);
        } else if (cursor.acceptWords("nocreateuser")) {
          policies.setFlag(name, PrincipalFlag.SUPERUSER, false);
        } else if (cursor.acceptWords("in", "group")) {
          do {
            policies.addMembership(
                name, PrincipalKind.USER, principalName(cursor), PrincipalKind.GROUP);
          } while (cursor.acceptSymbol(","));
        } else {
          cursor.next();
        }
      }
    }

    private void createGroup(SqlTokenCursor cursor) {
      String name = principalName(cursor);
      policies.declarePrincipal(name, PrincipalKind.GROUP, origin(Optional.of(name)));
      cursor.acceptWords("with");
      if (cursor.acceptWords("user")) {
        do {
          policies.addMembership(
              principalName(cursor), PrincipalKind.USER, name, PrincipalKind.GROUP);
        } while (cursor.acceptSymbol(","));
      }
    }

    private void createTable(SqlTokenCursor cursor) {
      cursor.acceptWords("if", "not", "exists");
      Securable name = tableName(cursor);
      List<ColumnInfo> columns = new ArrayList<>();
      if (cursor.peekSymbol("(")) {
        columns = columns(cursor.parenthesised());
      }
      policies.declareTable(name, columns, sessionUser.or(options::scriptUser));
    }

    private List<ColumnInfo> columns(TextSpan body) {
      List<ColumnInfo> columns = new ArrayList<>();
      List<String> notNull = new ArrayList<>();
      for (TextSpan element : splitTopLevel(body)) {
        List<SqlToken> tokens = SqlLexer.significantTokens(element.text(), dialect);
        if (tokens.isEmpty()) {
          continue;
        }
        SqlToken first = tokens.get(0);
        if (first.isWord("like") && tokens.size() > 1) {
          String like = element.text().substring(tokens.get(1).offset()).trim();
          Securable other = tableName(like);
          columns.addAll(policiesColumns(other));
          continue;
        }
        if (first.kind() == SqlTokenKind.WORD
            && TABLE_CONSTRAINT_WORDS.contains(first.lowerText())) {
          if (first.isWord("primary")) {
            for (SqlToken token : tokens) {
              if (token.isIdentifier() && !token.isWord("primary") && !token.isWord("key")) {
                notNull.add(dialect.identifiers().normalise(token.text()));
              }
            }
          }
          continue;
        }
        int typeEnd = SqlTypes.columnTypeEnd(tokens, COLUMN_CONSTRAINT_WORDS);
        String type = SqlTypes.columnType(tokens, element.text(), typeEnd);
        String rest = element.text().substring(tokens.get(typeEnd - 1).end());
        boolean nullable =
            !rest.toLowerCase(Locale.ROOT).matches("(?s).*\\b(not\\s+null|primary\\s+key)\\b.*");
        columns.add(new ColumnInfo(dialect.identifiers().normalise(first.text()), type, nullable));
      }
      List<ColumnInfo> result = new ArrayList<>();
      for (ColumnInfo column : columns) {
        result.add(
            notNull.contains(column.name())
                ? new ColumnInfo(column.name(), column.type(), false)
                : column);
      }
      return result;
    }

    private List<ColumnInfo> policiesColumns(Securable other) {
      return policies.columnsOf(other);
    }

    // ---- ALTER ----

    private void alter(SqlTokenCursor cursor) {
      if (cursor.acceptWords("rls", "policy")) {
        String name = cursor.qualifiedName().name();
        RedshiftPolicies.RlsPolicy existing = policies.rlsPolicy(name).orElse(null);
        if (existing == null) {
          throw cursor.errorAt(0, "RLS policy " + name + " does not exist");
        }
        cursor.expectWords("using");
        TextSpan using = cursor.parenthesised();
        expectEnd(cursor);
        SqlLocation location = cursor.locationAt(using.offset());
        policies.putRlsPolicy(
            new RedshiftPolicies.RlsPolicy(
                name,
                existing.parameters(),
                existing.alias(),
                parser.parseExpression(using.text(), location),
                location,
                existing.origin().withSql(redacted(statement.text()))));
      } else if (cursor.acceptWords("masking", "policy")) {
        String name = cursor.qualifiedName().name();
        RedshiftPolicies.MaskingPolicy existing = policies.maskingPolicy(name).orElse(null);
        if (existing == null) {
          throw cursor.errorAt(0, "masking policy " + name + " does not exist");
        }
        cursor.expectWords("using");
        TextSpan using = cursor.parenthesised();
        expectEnd(cursor);
        putMaskingPolicy(
            name,
            existing.parameters(),
            using,
            cursor,
            existing.origin().withSql(redacted(statement.text())));
      } else if (cursor.acceptWords("table") || cursor.acceptWords("materialized", "view")) {
        alterTable(cursor);
      } else if (cursor.acceptWords("user")) {
        String name = principalName(cursor);
        while (!cursor.atEnd()) {
          if (cursor.acceptWords("createuser")) {
            policies.setFlag(name, PrincipalFlag.SUPERUSER, true);
          } else if (cursor.acceptWords("nocreateuser")) {
            policies.setFlag(name, PrincipalFlag.SUPERUSER, false);
          } else {
            cursor.next();
          }
        }
      } else if (cursor.acceptWords("group")) {
        String group = principalName(cursor);
        boolean add = cursor.acceptWords("add", "user");
        if (add || cursor.acceptWords("drop", "user")) {
          do {
            String user = principalName(cursor);
            if (add) {
              policies.addMembership(user, PrincipalKind.USER, group, PrincipalKind.GROUP);
            } else {
              policies.removeMembership(user, group);
            }
          } while (cursor.acceptSymbol(","));
        } else {
          ignored("not a membership change");
        }
      } else if (cursor.acceptWords("default", "privileges")) {
        if (cursor.rest().text().toLowerCase(Locale.ROOT).matches("(?s).*\\bon\\s+tables\\b.*")) {
          unsupported(
              "ALTER DEFAULT PRIVILEGES on tables grants on tables created later; not read");
        } else {
          ignored("default privileges on objects other than tables");
        }
      } else if (cursor.peekWords("datashare")) {
        unsupported("datashares are not read: their consumers' access is not modelled");
      } else {
        ignored("not a policy statement");
      }
    }

    private void alterTable(SqlTokenCursor cursor) {
      Securable table = tableName(cursor);
      if (cursor.acceptWords("row", "level", "security")) {
        boolean on;
        if (cursor.acceptWords("on")) {
          on = true;
        } else {
          cursor.expectWords("off");
          on = false;
        }
        Optional<Boolean> conjunctionOr = Optional.empty();
        if (cursor.acceptWords("conjunction", "type")) {
          if (cursor.acceptWords("or")) {
            conjunctionOr = Optional.of(true);
          } else {
            cursor.expectWords("and");
            conjunctionOr = Optional.of(false);
          }
        }
        boolean datashares = cursor.acceptWords("for", "datashares");
        expectEnd(cursor);
        // OFF FOR DATASHARES turns off RLS for datashare consumers only, which is not modelled;
        // ON FOR DATASHARES turns it on locally too (SVV_RLS_RELATION shows both on).
        Optional<Boolean> local = datashares && !on ? Optional.empty() : Optional.of(on);
        policies.setRowSecurity(table, local, conjunctionOr);
      } else if (cursor.acceptWords("owner", "to")) {
        if (policies.hasView(table)) {
          policies.setViewOwner(table, principalName(cursor));
        } else {
          policies.setOwner(table, principalName(cursor));
        }
      } else if (cursor.acceptWords("rename", "to")) {
        String newName = cursor.identifier();
        List<String> parts = new ArrayList<>(table.parts());
        parts.set(parts.size() - 1, newName);
        policies.renameTable(table, QualifiedName.table(parts, dialect.identifiers()));
      } else {
        ignored("a table change with no bearing on access");
      }
    }

    // ---- DROP ----

    private void drop(SqlTokenCursor cursor) {
      if (cursor.acceptWords("rls", "policy")) {
        boolean ifExists = cursor.acceptWords("if", "exists");
        String name = cursor.qualifiedName().name();
        boolean cascade = cursor.acceptWords("cascade");
        cursor.acceptWords("restrict");
        if (!policies.hasRlsPolicy(name)) {
          refusedUnlessIfExists(ifExists, "RLS policy " + name + " does not exist");
        } else if (!cascade && policies.isRlsPolicyAttached(name)) {
          refused("RLS policy " + name + " is still attached; Redshift refuses to drop it");
        } else {
          policies.dropRlsPolicy(name);
        }
      } else if (cursor.acceptWords("masking", "policy")) {
        boolean ifExists = cursor.acceptWords("if", "exists");
        String name = cursor.qualifiedName().name();
        boolean cascade = cursor.acceptWords("cascade");
        cursor.acceptWords("restrict");
        if (!policies.hasMaskingPolicy(name)) {
          refusedUnlessIfExists(ifExists, "masking policy " + name + " does not exist");
        } else if (!cascade && policies.isMaskingPolicyAttached(name)) {
          refused("masking policy " + name + " is still attached; Redshift refuses to drop it");
        } else {
          policies.dropMaskingPolicy(name);
        }
      } else if (cursor.acceptWords("table")) {
        cursor.acceptWords("if", "exists");
        List<Securable> tablesDropped = new ArrayList<>();
        do {
          Securable table = tableName(cursor);
          List<String> lookingUp = policies.policiesLookingUp(table);
          if (!lookingUp.isEmpty()) {
            refused(
                "table "
                    + table.qualifiedName()
                    + " is a lookup table of RLS policy "
                    + String.join(", ", lookingUp)
                    + "; Redshift refuses to drop it");
            return;
          }
          tablesDropped.add(table);
        } while (cursor.acceptSymbol(","));
        boolean cascade = cursor.acceptWords("cascade");
        for (Securable table : tablesDropped) {
          if (cascade) {
            policies.viewsReading(table).forEach(policies::dropView);
          }
          policies.dropTable(table);
        }
      } else if (cursor.acceptWords("view")) {
        cursor.acceptWords("if", "exists");
        do {
          policies.dropView(tableName(cursor));
        } while (cursor.acceptSymbol(","));
      } else if (cursor.acceptWords("user")
          || cursor.acceptWords("role")
          || cursor.acceptWords("group")) {
        cursor.acceptWords("if", "exists");
        do {
          policies.dropPrincipal(principalName(cursor));
        } while (cursor.acceptSymbol(","));
      } else if (cursor.acceptWords("schema")) {
        cursor.acceptWords("if", "exists");
        List<String> schemas = new ArrayList<>();
        do {
          schemas.add(cursor.identifier());
        } while (cursor.acceptSymbol(","));
        if (cursor.acceptWords("cascade")) {
          for (String schema : schemas) {
            policies.tablesInSchema(schema).forEach(policies::dropTable);
            policies.viewsInSchema(schema).forEach(policies::dropView);
          }
        }
      } else {
        ignored("not a policy statement");
      }
    }

    // ---- ATTACH / DETACH ----

    private void attach(SqlTokenCursor cursor, boolean attach) {
      if (cursor.acceptWords("rls", "policy")) {
        String name = cursor.qualifiedName().name();
        cursor.expectWords("on");
        cursor.acceptWords("table");
        List<Securable> tables = new ArrayList<>();
        do {
          tables.add(tableName(cursor));
        } while (cursor.acceptSymbol(","));
        cursor.expectWords(attach ? "to" : "from");
        List<Subject> grantees = grantees(cursor);
        expectEnd(cursor);
        for (Securable table : tables) {
          if (attach && !hasPolicyColumns(name, table)) {
            continue;
          }
          for (Subject grantee : grantees) {
            if (attach) {
              policies.attachRls(
                  new RedshiftPolicies.RlsAttachment(
                      name, table, grantee, origin(Optional.of(name + " on " + table))));
            } else {
              policies.detachRls(name, table, grantee);
            }
          }
        }
      } else if (cursor.acceptWords("masking", "policy")) {
        String name = cursor.qualifiedName().name();
        cursor.expectWords("on");
        cursor.acceptWords("table");
        Securable table = tableName(cursor);
        List<List<String>> outputs = columnPaths(cursor.parenthesised());
        Optional<List<List<String>>> inputs = Optional.empty();
        if (attach && cursor.acceptWords("using")) {
          inputs = Optional.of(columnPaths(cursor.parenthesised()));
        }
        cursor.expectWords(attach ? "to" : "from");
        List<Subject> grantees = grantees(cursor);
        int priority = 0;
        if (attach && cursor.acceptWords("priority")) {
          SqlToken number = cursor.next();
          try {
            priority = Integer.parseInt(number.text());
          } catch (NumberFormatException e) {
            throw cursor.errorAt(number.offset(), "PRIORITY takes a whole number");
          }
        }
        expectEnd(cursor);
        for (Subject grantee : grantees) {
          if (attach) {
            policies.attachMask(
                new RedshiftPolicies.MaskAttachment(
                    name,
                    table,
                    outputs,
                    inputs,
                    grantee,
                    priority,
                    origin(Optional.of(name + " on " + table))));
          } else {
            policies.detachMask(name, table, outputs, grantee);
          }
        }
      } else {
        ignored("not a policy statement");
      }
    }

    /**
     * Whether the table has every column of the policy's WITH clause, when both are known; Redshift
     * refuses the attachment otherwise.
     */
    private boolean hasPolicyColumns(String policy, Securable table) {
      List<ColumnInfo> columns = policies.columnsOf(table);
      Optional<RedshiftPolicies.RlsPolicy> known = policies.rlsPolicy(policy);
      if (columns.isEmpty() || known.isEmpty()) {
        return true;
      }
      List<String> missing = new ArrayList<>();
      for (Parameter parameter : known.get().parameters()) {
        if (columns.stream().noneMatch(column -> column.name().equals(parameter.name()))) {
          missing.add(parameter.name());
        }
      }
      if (missing.isEmpty()) {
        return true;
      }
      refused(
          "table "
              + table.qualifiedName()
              + " has no column "
              + String.join(", ", missing)
              + " of RLS policy "
              + policy
              + "; Redshift refuses to attach it");
      return false;
    }

    // ---- GRANT / REVOKE ----

    private void grantOrRevoke(SqlTokenCursor cursor, boolean grant) {
      boolean optionOnly = !grant && cursor.acceptWords("grant", "option", "for");
      if (cursor.acceptWords("role")) {
        roleGrant(cursor, grant);
        return;
      }
      if (cursor.acceptWords("ignore", "rls")) {
        cursor.expectWords(grant ? "to" : "from");
        for (Subject grantee : grantees(cursor)) {
          ignoreRls(grantee, grant);
        }
        return;
      }
      if (cursor.peekWords("explain")) {
        ignored("EXPLAIN RLS or MASKING shows policies in plans; no bearing on data access");
        return;
      }
      if (!hasWordAtTopLevel(cursor, "on")) {
        ignored("a system privilege with no bearing on data access");
        return;
      }
      List<Privilege> privileges = new ArrayList<>();
      List<List<String>> columnLists = new ArrayList<>();
      do {
        String word = cursor.next().lowerText();
        if (word.equals("all")) {
          cursor.acceptWords("privileges");
          privileges.add(Privilege.ALL);
        } else {
          privileges.add(privilege(word).orElse(null));
        }
        columnLists.add(cursor.peekSymbol("(") ? columnNames(cursor.parenthesised()) : List.of());
      } while (cursor.acceptSymbol(","));
      cursor.expectWords("on");
      List<Securable> objects = new ArrayList<>();
      boolean schemaObjects = false;
      if (cursor.acceptWords("schema")) {
        schemaObjects = true;
        do {
          objects.add(Securable.schema(Optional.empty(), cursor.identifier()));
        } while (cursor.acceptSymbol(","));
      } else if (cursor.acceptWords("all", "tables", "in", "schema")) {
        do {
          objects.addAll(policies.tablesInSchema(cursor.identifier()));
        } while (cursor.acceptSymbol(","));
      } else if (cursor.peekWords("database")
          || cursor.peekWords("function")
          || cursor.peekWords("procedure")
          || cursor.peekWords("language")
          || cursor.peekWords("all", "functions")
          || cursor.peekWords("all", "procedures")
          || cursor.peekWords("model")
          || cursor.peekWords("copy", "job")) {
        ignored("privileges on objects other than tables and schemas");
        return;
      } else if (cursor.peekWords("datashare")) {
        unsupported("grants on datashares are not read: their consumers' access is not modelled");
        return;
      } else {
        cursor.acceptWords("table");
        do {
          objects.add(tableName(cursor));
        } while (cursor.acceptSymbol(","));
      }
      cursor.expectWords(grant ? "to" : "from");
      if (cursor.peekWords("rls", "policy") || cursor.peekWords("masking", "policy")) {
        ignored("a grant to a policy on its lookup table; no bearing on users' access");
        return;
      }
      List<Subject> grantees = grantees(cursor);
      boolean withGrantOption = grant && cursor.acceptWords("with", "grant", "option");
      EnumSet<Privilege> applicable =
          schemaObjects ? RedshiftPolicies.SCHEMA_PRIVILEGES : RedshiftPolicies.TABLE_PRIVILEGES;
      for (Subject grantee : grantees) {
        for (Securable object : objects) {
          for (int index = 0; index < privileges.size(); index++) {
            Privilege privilege = privileges.get(index);
            if (privilege == null) {
              continue;
            }
            EnumSet<Privilege> expanded =
                privilege == Privilege.ALL ? EnumSet.copyOf(applicable) : EnumSet.of(privilege);
            expanded.retainAll(applicable);
            List<Securable> targets = new ArrayList<>();
            if (columnLists.get(index).isEmpty() || schemaObjects) {
              targets.add(object);
            } else {
              columnLists.get(index).forEach(column -> targets.add(object.column(column)));
            }
            for (Securable target : targets) {
              if (grant) {
                policies.grant(
                    grantee,
                    target,
                    expanded,
                    withGrantOption,
                    origin(Optional.of(target.qualifiedName())));
              } else {
                policies.revoke(grantee, target, expanded, optionOnly);
              }
            }
          }
        }
      }
    }

    private void roleGrant(SqlTokenCursor cursor, boolean grant) {
      List<String> roles = new ArrayList<>();
      do {
        cursor.acceptWords("role");
        roles.add(principalName(cursor));
      } while (cursor.acceptSymbol(","));
      cursor.expectWords(grant ? "to" : "from");
      for (Subject member : grantees(cursor)) {
        for (String role : roles) {
          if (member instanceof Subject.IsUser user) {
            membership(user.user(), PrincipalKind.USER, role, grant);
          } else if (member instanceof Subject.HasRole memberRole) {
            membership(memberRole.role(), PrincipalKind.ROLE, role, grant);
          } else {
            policies.addLoss(
                new Loss(
                    origin(Optional.of(role)),
                    "a role granted to PUBLIC or a group is not modelled",
                    LossDirection.STRICTER));
          }
        }
      }
    }

    private void membership(String member, PrincipalKind kind, String role, boolean grant) {
      if (grant) {
        policies.addMembership(member, kind, role, PrincipalKind.ROLE);
      } else {
        policies.removeMembership(member, role);
      }
    }

    private void ignoreRls(Subject grantee, boolean grant) {
      if (grantee instanceof Subject.HasRole role) {
        policies.ignoreRlsForRole(role.role(), grant);
      } else if (grantee instanceof Subject.IsUser user) {
        if (!policies.hasPrincipal(user.user())) {
          policies.declarePrincipal(
              user.user(), PrincipalKind.USER, Origin.declared(SystemKind.REDSHIFT, user.user()));
        }
        policies.setFlag(user.user(), PrincipalFlag.BYPASS_ROW_SECURITY, grant);
      } else {
        policies.addLoss(
            new Loss(
                origin(Optional.empty()),
                "IGNORE RLS for PUBLIC or a group is not modelled",
                grant ? LossDirection.STRICTER : LossDirection.LOOSER));
      }
    }

    private Optional<Privilege> privilege(String word) {
      return switch (word) {
        case "select" -> Optional.of(Privilege.SELECT);
        case "insert" -> Optional.of(Privilege.INSERT);
        case "update" -> Optional.of(Privilege.UPDATE);
        case "delete" -> Optional.of(Privilege.DELETE);
        case "references" -> Optional.of(Privilege.REFERENCES);
        case "usage" -> Optional.of(Privilege.USAGE);
        case "create" -> Optional.of(Privilege.CREATE);
        // DROP, ALTER, TRUNCATE and TEMP change or remove objects but never disclose data.
        default -> Optional.empty();
      };
    }

    /** {@code user | ROLE r | GROUP g | PUBLIC}, comma-separated. */
    private List<Subject> grantees(SqlTokenCursor cursor) {
      List<Subject> subjects = new ArrayList<>();
      do {
        if (cursor.acceptWords("public")) {
          subjects.add(Subjects.everyone());
        } else if (cursor.acceptWords("role")) {
          subjects.add(Subjects.hasRole(principalName(cursor)));
        } else if (cursor.acceptWords("group")) {
          subjects.add(Subjects.inGroup(principalName(cursor)));
        } else {
          subjects.add(Subjects.isUser(principalName(cursor)));
        }
      } while (cursor.acceptSymbol(","));
      return subjects;
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

    // ---- helpers ----

    /**
     * A user or role name; {@code sys:secadmin} is written without quotes, so adjacent name and
     * colon tokens make one name.
     */
    private String principalName(SqlTokenCursor cursor) {
      SqlToken first = cursor.peek().orElseThrow(() -> cursor.error("expected a name"));
      if (first.kind() == SqlTokenKind.STRING) {
        cursor.next();
        return first.stringValue();
      }
      if (!first.isIdentifier()) {
        throw cursor.error("expected a name");
      }
      StringBuilder name = new StringBuilder(dialect.identifiers().normalise(cursor.next().text()));
      int end = first.end();
      while (cursor.peek().isPresent() && cursor.peek().get().offset() == end) {
        SqlToken token = cursor.peek().get();
        if (token.isSymbol(":")) {
          name.append(':');
        } else if (token.isIdentifier()) {
          name.append(dialect.identifiers().normalise(token.text()));
        } else if (token.text().startsWith(":") && token.text().length() > 1) {
          name.append(token.text().toLowerCase(Locale.ROOT));
        } else {
          break;
        }
        end = token.end();
        cursor.next();
      }
      return name.toString();
    }

    private Securable tableName(SqlTokenCursor cursor) {
      QualifiedName name = cursor.qualifiedName();
      if (name.parts().size() > 3) {
        throw cursor.error("not a table name: " + name.spelling());
      }
      return name.toTable("public", dialect.identifiers());
    }

    private Securable tableName(String text) {
      SqlTokenCursor cursor =
          SqlTokenCursor.of(
              new SqlStatement(text, statement.file(), statement.line(), 1, 0), dialect);
      return tableName(cursor);
    }

    /** {@code (name type, …)}: normalised names, canonical types. */
    private List<Parameter> parameters(TextSpan span) {
      List<Parameter> parameters = new ArrayList<>();
      for (TextSpan element : splitTopLevel(span)) {
        List<SqlToken> tokens = SqlLexer.significantTokens(element.text(), dialect);
        if (tokens.size() < 2 || !tokens.get(0).isIdentifier()) {
          throw statementError(element.offset(), "expected a column name and a type");
        }
        String type = element.text().substring(tokens.get(1).offset()).trim();
        parameters.add(
            new Parameter(
                dialect.identifiers().normalise(tokens.get(0).text()), SqlTypes.canonical(type)));
      }
      return parameters;
    }

    /** {@code (a, b.c, …)}: each column or SUPER path as its normalised parts. */
    private List<List<String>> columnPaths(TextSpan span) {
      List<List<String>> paths = new ArrayList<>();
      for (TextSpan element : splitTopLevel(span)) {
        List<String> parts = new ArrayList<>();
        for (SqlToken token : SqlLexer.significantTokens(element.text(), dialect)) {
          if (token.isIdentifier()) {
            parts.add(dialect.identifiers().normalise(token.text()));
          } else if (!token.isSymbol(".")) {
            throw statementError(
                element.offset() + token.offset(), "expected a column name or a path");
          }
        }
        if (parts.isEmpty()) {
          throw statementError(element.offset(), "expected a column name");
        }
        paths.add(parts);
      }
      return paths;
    }

    private List<String> columnNames(TextSpan span) {
      List<String> names = new ArrayList<>();
      for (List<String> path : columnPaths(span)) {
        names.add(path.get(path.size() - 1));
      }
      return names;
    }

    private List<TextSpan> splitTopLevel(TextSpan span) {
      return RedshiftDdlReader.splitTopLevel(span);
    }

    private void expectEnd(SqlTokenCursor cursor) {
      if (!cursor.atEnd()) {
        throw cursor.error("unexpected '" + cursor.peek().get().text() + "'");
      }
    }

    private ParseException statementError(int offset, String problem) {
      return statement
          .locationAt(SystemKind.REDSHIFT, offset)
          .error(ErrorCode.PARSE_ERROR, problem);
    }

    private Origin origin(Optional<String> object) {
      return new Origin(
          SystemKind.REDSHIFT,
          OriginKind.DECLARED,
          object,
          Optional.of(redacted(statement.text())),
          statement.file(),
          Optional.of(statement.line()));
    }

    private void ignored(String reason) {
      skipped.ignored(statement, reason);
    }

    private void unsupported(String reason) {
      skipped.unsupported(statement, origin(Optional.empty()), reason);
    }

    /** A statement Redshift would refuse: nothing changes, and the script's intent is lost. */
    private void refused(String reason) {
      skipped.refused(statement, origin(Optional.empty()), reason);
    }

    private void refusedUnlessIfExists(boolean ifExists, String reason) {
      if (!ifExists) {
        refused(reason);
      }
    }
  }

  /** The pieces of a parenthesised list between its top-level commas, trimmed. */
  static List<TextSpan> splitTopLevel(TextSpan span) {
    List<TextSpan> pieces = new ArrayList<>();
    int depth = 0;
    int start = -1;
    int end = -1;
    for (SqlToken token : SqlLexer.significantTokens(span.text(), SqlDialect.REDSHIFT)) {
      if (token.isSymbol(",") && depth == 0) {
        if (start >= 0) {
          pieces.add(new TextSpan(span.text().substring(start, end), span.offset() + start));
        }
        start = -1;
        continue;
      }
      if (token.isSymbol("(") || token.isSymbol("[")) {
        depth++;
      } else if (token.isSymbol(")") || token.isSymbol("]")) {
        depth--;
      } else if (token.isWord("case")) {
        depth++;
      } else if (token.isWord("end") && depth > 0) {
        depth--;
      }
      if (start < 0) {
        start = token.offset();
      }
      end = token.end();
    }
    if (start >= 0) {
      pieces.add(new TextSpan(span.text().substring(start, end), span.offset() + start));
    }
    return pieces;
  }

  private static String summary(SqlStatement statement) {
    String flat = redacted(statement.text()).replaceAll("\\s+", " ").trim();
    return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
  }

  /** The statement with the literal after every PASSWORD keyword replaced. */
  static String redacted(String sql) {
    if (!sql.toLowerCase(Locale.ROOT).contains("password")) {
      return sql;
    }
    StringBuilder text = new StringBuilder(sql.length());
    int copied = 0;
    boolean afterPassword = false;
    for (SqlToken token : SqlLexer.significantTokens(sql, SqlDialect.REDSHIFT)) {
      if (afterPassword && !token.isWord("disable")) {
        text.append(sql, copied, token.offset()).append("'***'");
        copied = token.end();
      }
      afterPassword = token.isWord("password");
    }
    text.append(sql, copied, sql.length());
    return text.toString();
  }
}
