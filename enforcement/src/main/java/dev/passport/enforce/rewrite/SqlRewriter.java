package dev.passport.enforce.rewrite;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import dev.passport.translate.sql.TransformSqlPrinter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Rewrites a statement so that it reads protected tables only through the audience's policies:
 * every reference to a table a policy touches becomes a derived table
 *
 * <pre>{@code
 * (SELECT <each readable column, transformed> FROM <table> WHERE <residual row filter>) AS <alias>
 * }</pre>
 *
 * in the statement's own dialect, so joins, subqueries, CTEs, set operations and {@code SELECT *}
 * (which now expands to the projection's columns) are covered alike. Identity functions and
 * session settings in the policies are resolved to the audience ({@link PrincipalContext}) and
 * written as escaped literals, so the result means the same whoever runs it.
 *
 * <pre>{@code
 * SqlRewriter rewriter = SqlRewriter.of(policySet, TableSchemas.fromJson(reader), RewriteOptions.defaults());
 * String sql = rewriter.rewrite("UNLOAD ('select * from sales') TO 's3://b/p' IAM_ROLE 'r'",
 *     SqlDialect.REDSHIFT, PrincipalContext.user("analyst"));
 * }</pre>
 *
 * <h2>Statements</h2>
 *
 * Queries ({@code SELECT}, {@code WITH}, set operations) and these envelopes, recognised by hand
 * and kept byte for byte around the rewritten query: Redshift {@code UNLOAD ('…')} (the query's
 * quotes undoubled on the way in and doubled on the way out), Snowflake {@code COPY INTO
 * @stage|'location' FROM ( query )}, PostgreSQL {@code COPY ( query ) TO}, {@code CREATE
 * TABLE … AS query} (Trino and Spark {@code CREATE TABLE iceberg.… WITH (…) AS}, PostgreSQL {@code
 * WITH [NO] DATA}), {@code CREATE MATERIALIZED VIEW … AS}, and {@code INSERT [INTO|OVERWRITE] … query}.
 * Anything else is refused.
 *
 * <p>The statement is cut by the target engine's own lexical rules before JSqlParser reads it, and
 * the comments and literals JSqlParser would cut differently are hidden from it ({@link
 * ParserInput}): a backslash-escaped quote or a continued comment must not turn a table the engine
 * reads into text JSqlParser skips.
 *
 * <h2>Failing closed</h2>
 *
 * Every refusal is a {@link PassportException}: NOT_SUPPORTED naming the construct (a statement
 * kind, a table function in FROM, {@code SELECT INTO}, a table reference with time travel or a
 * sample, a CTE that modifies data, a transform the dialect cannot express identically),
 * UNKNOWN_TABLE for a table neither the schemas nor the policy set know (unless {@link
 * RewriteOptions#allowUnknownTables()}), INSUFFICIENT_PRIVILEGE for a table the audience may not
 * read (unless {@link RewriteOptions#deniedAsEmpty()}), AMBIGUOUS_NAME, and PARSE_ERROR or
 * PARSE_LIMIT_EXCEEDED from the bounded parser (size, nesting depth and time limits; the whole
 * rewrite runs on the parser's own thread pool, under the time bound). After rewriting, JSqlParser's own table finder walks the result
 * and any table reference the rewriter did not account for refuses the statement.
 *
 * <p>Immutable and thread-safe; compile once per policy set and reuse.
 */
public final class SqlRewriter {
  private static final int CACHE_LIMIT = 1024;

  private final PolicySet policySet;
  private final Evaluator evaluator;
  private final TableSchemas schemas;
  private final RewriteOptions options;
  private final Map<SqlDialect, BoundedSqlParser> parsers = new EnumMap<>(SqlDialect.class);
  private final Map<CacheKey, Optional<String>> derivedTables = new ConcurrentHashMap<>();

  private SqlRewriter(PolicySet policySet, TableSchemas schemas, RewriteOptions options) {
    this.policySet = requireNonNull(policySet, "policySet is null");
    this.evaluator = Evaluator.compile(policySet);
    this.schemas =
        requireNonNull(schemas, "schemas is null").merge(TableSchemas.fromPolicySet(policySet));
    this.options = requireNonNull(options, "options is null");
    for (SqlDialect dialect : SqlDialect.values()) {
      parsers.put(dialect, BoundedSqlParser.of(lexicalDialect(dialect), options.limits()));
    }
  }

  /**
   * A rewriter for the policy set. {@code schemas} give the columns of tables (those the policy
   * set's own {@code tables} list are added after them).
   */
  public static SqlRewriter of(PolicySet policySet, TableSchemas schemas, RewriteOptions options) {
    return new SqlRewriter(policySet, schemas, options);
  }

  /** One-off form of {@link #rewrite(String, SqlDialect, PrincipalContext)}. */
  public static String rewrite(
      String statement,
      SqlDialect dialect,
      PrincipalContext audience,
      PolicySet policySet,
      TableSchemas schemas,
      RewriteOptions options) {
    return of(policySet, schemas, options).rewrite(statement, dialect, audience);
  }

  public PolicySet policySet() {
    return policySet;
  }

  /**
   * The statement with every protected table reference replaced by the audience's projection.
   *
   * @param statement one statement in {@code dialect} (a trailing semicolon is allowed)
   * @param audience who the data is for: user, roles, groups and attributes
   * @throws PassportException when the statement is refused (see the class documentation)
   */
  public String rewrite(String statement, SqlDialect dialect, PrincipalContext audience) {
    requireNonNull(statement, "statement is null");
    requireNonNull(dialect, "dialect is null");
    requireNonNull(audience, "audience is null");
    BoundedSqlParser parser = parsers.get(dialect);
    SqlLocation start = SqlLocation.start(dialect.system());
    // One hand-off for the whole rewrite, which the parse's time bound then covers too.
    return parser.call(
        start, thread -> rewrite(statement, dialect, audience, parser, start, thread));
  }

  /** Runs on the parsing thread: see {@link BoundedSqlParser#call}. */
  private String rewrite(
      String statement,
      SqlDialect dialect,
      PrincipalContext audience,
      BoundedSqlParser parser,
      SqlLocation start,
      BoundedSqlParser.ParsingThread thread) {
    // The bounds are checked before the recogniser's own scan, so it too is bounded.
    parser.checkBounds(statement, start);
    Envelopes.Envelope envelope = Envelopes.recognise(statement, dialect, parser.dialect());
    ParserInput input = ParserInput.of(envelope.query(), parser.dialect());
    Statement parsed = thread.parseStatement(input.forParser(), start);
    if (!(parsed instanceof Select select)) {
      throw QueryRewriter.refuse(
          "a " + parsed.getClass().getSimpleName() + " inside " + envelope.kind());
    }
    QueryRewriter rewriter =
        new QueryRewriter(
            table -> derivedTable(table, dialect, audience), dialect == SqlDialect.SNOWFLAKE);
    rewriter.rewrite(select);
    checkCoverage(select, rewriter.untouched());
    String printed = select.toString();
    return envelope.wrap(input.restore(printed));
  }

  private static void checkCoverage(Select select, Set<String> untouched) {
    Set<String> found;
    try {
      found = new TablesNamesFinder().getTables((Statement) select);
    } catch (RuntimeException exception) {
      throw QueryRewriter.refuse(
          "the rewritten statement (the table finder failed: " + exception.getMessage() + ")");
    }
    for (String name : found) {
      if (!untouched.contains(name)) {
        throw QueryRewriter.refuse("the table reference " + name + ", which it did not reach");
      }
    }
  }

  private Optional<String> derivedTable(
      Table table, SqlDialect dialect, PrincipalContext audience) {
    List<String> parts = normalisedParts(table, dialect);
    CacheKey key = new CacheKey(audience, dialect, parts, table.getFullyQualifiedName());
    Optional<String> cached = derivedTables.get(key);
    if (cached != null) {
      return cached;
    }
    Optional<String> derived = buildDerivedTable(table, parts, dialect, audience);
    if (derivedTables.size() >= CACHE_LIMIT) {
      derivedTables.clear();
    }
    derivedTables.put(key, derived);
    return derived;
  }

  private Optional<String> buildDerivedTable(
      Table table, List<String> parts, SqlDialect dialect, PrincipalContext audience) {
    String written = table.getFullyQualifiedName();
    Optional<Securable> schemaName = match(parts, schemas.tables().keySet(), written);
    Optional<Securable> policyName = policyTable(parts, written);
    if (schemaName.isEmpty() && policyName.isEmpty()) {
      if (options.allowUnknownTables()) {
        return Optional.empty();
      }
      throw new PassportException(
          ErrorCode.UNKNOWN_TABLE,
          "Unknown table '"
              + written
              + "': neither the schemas nor the policy set know it, so its policies cannot be"
              + " proved absent; pass its schema or allow unknown tables");
    }
    Securable name = policyName.orElseGet(schemaName::get);
    Decision decision = evaluator.decide(audience, name, Action.SELECT);
    Optional<List<ColumnInfo>> columns = schemaName.flatMap(schemas::columns);
    if (!decision.allowed()) {
      if (!options.deniedAsEmpty()) {
        throw new PassportException(
            ErrorCode.INSUFFICIENT_PRIVILEGE,
            "'"
                + audience.user()
                + "' may not read "
                + written
                + ": "
                + String.join("; ", decision.reasons()));
      }
      return Optional.of("SELECT * FROM " + written + " WHERE FALSE");
    }
    boolean wholeTable =
        decision.grantedBy().isEmpty()
            || decision.grantedBy().get().securable().level() != SecurableLevel.COLUMN;
    boolean filtered = !Expressions.isTrue(decision.rowFilter());
    String where =
        filtered ? " WHERE " + ExpressionPrinter.print(decision.rowFilter(), dialect) : "";
    if (columns.isEmpty()) {
      boolean allPlain = wholeTable;
      for (ColumnDecision column : decision.columns().values()) {
        allPlain &= isPlain(column);
      }
      if (!allPlain) {
        throw QueryRewriter.refuse(
            "the masked table "
                + written
                + " without a column list (pass its schema so the projection can be written)");
      }
      return filtered ? Optional.of("SELECT * FROM " + written + where) : Optional.empty();
    }
    List<String> projection = new ArrayList<>();
    boolean changed = filtered;
    String salt = options.evaluation().salt();
    for (ColumnInfo column : columns.get()) {
      ColumnDecision columnDecision = columnDecision(decision, column.name());
      String columnSql = ExpressionPrinter.identifier(column.name(), dialect);
      if (columnDecision == null) {
        if (wholeTable) {
          projection.add(columnSql);
        } else {
          changed = true;
        }
        continue;
      }
      if (!columnDecision.readable()) {
        changed = true;
        continue;
      }
      Optional<String> type =
          column.type().isBlank() ? Optional.empty() : Optional.of(column.type());
      String expression = TransformSqlPrinter.print(columnDecision, dialect, columnSql, type, salt);
      if (dialect == SqlDialect.TRINO && nullsOnly(columnDecision)) {
        // A bare NULL has Trino's type "unknown", which CREATE TABLE … AS refuses (found by
        // running it); a CASE that never yields the column keeps the column's exact type.
        expression = "CASE WHEN FALSE THEN " + columnSql + " END";
      }
      if (!expression.equals(columnSql)) {
        changed = true;
        projection.add(expression + " AS " + columnSql);
      } else {
        projection.add(columnSql);
      }
    }
    if (!changed) {
      return Optional.empty();
    }
    if (projection.isEmpty()) {
      throw new PassportException(
          ErrorCode.INSUFFICIENT_PRIVILEGE,
          "'" + audience.user() + "' may read no column of " + written);
    }
    return Optional.of("SELECT " + String.join(", ", projection) + " FROM " + written + where);
  }

  private static boolean nullsOnly(ColumnDecision column) {
    boolean nulls = column.otherwise().kind() == TransformKind.NULLIFY;
    for (ConditionalTransform rule : column.rules()) {
      nulls &= rule.transform().kind() == TransformKind.NULLIFY;
    }
    return nulls;
  }

  private static boolean isPlain(ColumnDecision column) {
    return column.readable()
        && column.rules().isEmpty()
        && column.otherwise().kind() == TransformKind.IDENTITY;
  }

  private static ColumnDecision columnDecision(Decision decision, String column) {
    ColumnDecision exact = decision.columns().get(column);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, ColumnDecision> entry : decision.columns().entrySet()) {
      if (entry.getKey().equalsIgnoreCase(column)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private Optional<Securable> policyTable(List<String> parts, String written) {
    for (String part : parts) {
      if (part.contains(".")) {
        // The evaluator splits names on dots; a dotted part cannot be matched there.
        return Optional.empty();
      }
    }
    try {
      return Optional.of(evaluator.resolveTable(String.join(".", parts)));
    } catch (PassportException exception) {
      if (exception.errorCode() == ErrorCode.UNKNOWN_TABLE) {
        return Optional.empty();
      }
      throw exception;
    }
  }

  /**
   * The known table a reference names: the candidates ending with its parts (exactly, else ignoring
   * case), less those that are a less qualified spelling of another candidate.
   */
  private static Optional<Securable> match(
      List<String> parts, Set<Securable> known, String written) {
    List<Securable> matches = suffixMatches(parts, known, false);
    if (matches.isEmpty()) {
      matches = suffixMatches(parts, known, true);
    }
    List<Securable> distinct = new ArrayList<>();
    for (Securable candidate : matches) {
      boolean covered = false;
      for (Securable other : matches) {
        if (other != candidate
            && other.parts().size() > candidate.parts().size()
            && endsWith(other.parts(), candidate.parts(), false)) {
          covered = true;
        }
      }
      if (!covered) {
        distinct.add(candidate);
      }
    }
    if (distinct.size() > 1) {
      List<String> names = new ArrayList<>();
      for (Securable candidate : distinct) {
        names.add(candidate.qualifiedName());
      }
      throw new PassportException(
          ErrorCode.AMBIGUOUS_NAME,
          "Table name '" + written + "' is ambiguous; it matches " + String.join(", ", names));
    }
    return distinct.isEmpty() ? Optional.empty() : Optional.of(distinct.get(0));
  }

  private static List<Securable> suffixMatches(
      List<String> parts, Set<Securable> known, boolean ignoreCase) {
    List<Securable> matches = new ArrayList<>();
    for (Securable candidate : known) {
      if (endsWith(candidate.parts(), parts, ignoreCase)) {
        matches.add(candidate);
      }
    }
    return matches;
  }

  private static boolean endsWith(List<String> whole, List<String> suffix, boolean ignoreCase) {
    if (suffix.size() > whole.size()) {
      return false;
    }
    int offset = whole.size() - suffix.size();
    for (int index = 0; index < suffix.size(); index++) {
      String left = whole.get(offset + index);
      String right = suffix.get(index);
      if (ignoreCase ? !left.equalsIgnoreCase(right) : !left.equals(right)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> normalisedParts(Table table, SqlDialect dialect) {
    List<String> written = new ArrayList<>(table.getNameParts());
    // JSqlParser keeps the parts innermost first.
    java.util.Collections.reverse(written);
    List<String> parts = new ArrayList<>();
    for (String part : written) {
      if (part == null || part.isEmpty()) {
        continue;
      }
      parts.add(normalise(part, dialect));
    }
    return List.copyOf(parts);
  }

  private static String normalise(String identifier, SqlDialect dialect) {
    if (identifier.length() >= 2) {
      char first = identifier.charAt(0);
      char last = identifier.charAt(identifier.length() - 1);
      if ((first == '"' && last == '"') || (first == '`' && last == '`')) {
        String quote = String.valueOf(first);
        return identifier.substring(1, identifier.length() - 1).replace(quote + quote, quote);
      }
    }
    return dialect == SqlDialect.SNOWFLAKE
        ? identifier.toUpperCase(Locale.ROOT)
        : identifier.toLowerCase(Locale.ROOT);
  }

  private static dev.passport.extract.sql.SqlDialect lexicalDialect(SqlDialect dialect) {
    return switch (dialect) {
      case POSTGRESQL -> dev.passport.extract.sql.SqlDialect.POSTGRESQL;
      case REDSHIFT -> dev.passport.extract.sql.SqlDialect.REDSHIFT;
      case SNOWFLAKE -> dev.passport.extract.sql.SqlDialect.SNOWFLAKE;
      case TRINO -> dev.passport.extract.sql.SqlDialect.builder(dialect.system()).build();
      case SPARK -> dev.passport.extract.sql.SqlDialect.SPARK;
      case HIVE -> dev.passport.extract.sql.SqlDialect.HIVE;
    };
  }

  private record CacheKey(
      PrincipalContext audience, SqlDialect dialect, List<String> parts, String written) {}
}
