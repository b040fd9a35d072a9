package dev.passport.translate.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ComparisonOperator;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.PassportException;
import dev.passport.model.RoleScope;
import dev.passport.model.Securable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints a canonical {@link Expr} as SQL text of one {@link SqlDialect}.
 *
 * <p>The output is meant to be pasted into policies and queries of the target system, so it errs on
 * the side of refusing: a construct the dialect cannot express with the same meaning (a role test
 * in Trino, a tag value outside Snowflake, SQL of another system kept as {@link Expr.Opaque})
 * raises a {@link PassportException} with {@link ErrorCode#NOT_SUPPORTED} naming the construct,
 * rather than SQL that would run and mean something else.
 *
 * <p>Identifiers are quoted only when the dialect would otherwise fold or misread them; string
 * literals are escaped for the dialect's lexer (including backslash escapes where the lexer honours
 * them); parentheses appear only where precedence needs them.
 *
 * <pre>{@code
 * ExpressionPrinter.print(or(hasRole("admin"), equal(column("tenant_id"), literal(7))),
 *     SqlDialect.POSTGRESQL);
 * // pg_has_role(current_user, 'admin', 'member') OR tenant_id = 7
 * }</pre>
 */
public final class ExpressionPrinter {
  // Binding strength of the printed forms, loosest first. A child is parenthesised when it binds
  // more loosely than its position requires.
  private static final int OR = 1;
  private static final int AND = 2;
  private static final int NOT = 3;
  private static final int PREDICATE = 4;
  private static final int CONCATENATION = 5;
  private static final int ADDITIVE = 6;
  private static final int MULTIPLICATIVE = 7;
  private static final int UNARY = 8;
  private static final int PRIMARY = 9;

  private static final Pattern LOWER_CASE_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern UPPER_CASE_IDENTIFIER = Pattern.compile("[A-Z_][A-Z0-9_]*");
  private static final Pattern FUNCTION_NAME =
      Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
  private static final Pattern CAST_TYPE =
      Pattern.compile("([a-z]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");
  private static final Pattern JAVA_GROUP_REFERENCE = Pattern.compile("\\$(\\d)");

  /**
   * Words that are reserved, or that parse as something else (such as {@code user}, which is {@code
   * current_user} in PostgreSQL), in at least one dialect. Quoting a word that did not need it is
   * harmless, so one list serves all dialects.
   */
  private static final Set<String> RESERVED_WORDS =
      Set.of(
          "all",
          "alter",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "authorization",
          "between",
          "bigint",
          "binary",
          "boolean",
          "both",
          "by",
          "case",
          "cast",
          "char",
          "character",
          "check",
          "collate",
          "collation",
          "column",
          "concurrently",
          "connect",
          "connection",
          "constraint",
          "create",
          "cross",
          "cube",
          "current",
          "current_catalog",
          "current_date",
          "current_path",
          "current_role",
          "current_schema",
          "current_time",
          "current_timestamp",
          "current_user",
          "cursor",
          "database",
          "date",
          "deallocate",
          "decimal",
          "default",
          "deferrable",
          "delete",
          "desc",
          "describe",
          "distinct",
          "do",
          "double",
          "drop",
          "else",
          "end",
          "escape",
          "except",
          "exists",
          "extract",
          "false",
          "fetch",
          "filter",
          "float",
          "following",
          "for",
          "foreign",
          "freeze",
          "from",
          "full",
          "function",
          "grant",
          "group",
          "grouping",
          "having",
          "identity",
          "ilike",
          "in",
          "increment",
          "initially",
          "inner",
          "insert",
          "int",
          "integer",
          "intersect",
          "interval",
          "into",
          "is",
          "isnull",
          "join",
          "lateral",
          "leading",
          "left",
          "like",
          "limit",
          "localtime",
          "localtimestamp",
          "map",
          "minus",
          "natural",
          "new",
          "not",
          "notnull",
          "null",
          "nulls",
          "of",
          "off",
          "offset",
          "old",
          "on",
          "only",
          "or",
          "order",
          "outer",
          "over",
          "overlaps",
          "partition",
          "percent",
          "placing",
          "primary",
          "qualify",
          "range",
          "recursive",
          "references",
          "regexp",
          "returning",
          "revoke",
          "right",
          "rlike",
          "rollup",
          "row",
          "rows",
          "sample",
          "schema",
          "select",
          "session_user",
          "set",
          "similar",
          "smallint",
          "some",
          "start",
          "string",
          "struct",
          "symmetric",
          "sysdate",
          "system_user",
          "table",
          "tablesample",
          "then",
          "time",
          "timestamp",
          "to",
          "top",
          "trailing",
          "trigger",
          "true",
          "truncate",
          "try_cast",
          "uescape",
          "union",
          "unique",
          "unknown",
          "unnest",
          "update",
          "user",
          "using",
          "values",
          "varchar",
          "variadic",
          "verbose",
          "view",
          "when",
          "whenever",
          "where",
          "window",
          "with",
          "without");

  private final SqlDialect dialect;
  private final Optional<Expr> maskedValueReplacement;

  private ExpressionPrinter(SqlDialect dialect, Optional<Expr> maskedValueReplacement) {
    this.dialect = dialect;
    this.maskedValueReplacement = maskedValueReplacement;
  }

  /**
   * The expression as SQL of the dialect.
   *
   * @throws PassportException with {@link ErrorCode#NOT_SUPPORTED} when the expression holds a
   *     construct the dialect cannot express, or a {@link Expr.MaskedValue} (use {@link
   *     #print(Expr, SqlDialect, Expr)})
   */
  public static String print(Expr expr, SqlDialect dialect) {
    requireNonNull(expr, "expr is null");
    requireNonNull(dialect, "dialect is null");
    return new ExpressionPrinter(dialect, Optional.empty()).node(expr).sql();
  }

  /**
   * The expression as SQL of the dialect, with every {@link Expr.MaskedValue} replaced by {@code
   * maskedValueReplacement} (usually the masked column).
   */
  public static String print(Expr expr, SqlDialect dialect, Expr maskedValueReplacement) {
    requireNonNull(expr, "expr is null");
    requireNonNull(dialect, "dialect is null");
    requireNonNull(maskedValueReplacement, "maskedValueReplacement is null");
    return new ExpressionPrinter(dialect, Optional.of(maskedValueReplacement)).node(expr).sql();
  }

  /**
   * An identifier as the dialect must spell it to mean exactly {@code name}: bare when it is a
   * plain identifier in the dialect's folding case and not a reserved word, quoted otherwise.
   */
  public static String identifier(String name, SqlDialect dialect) {
    requireNonNull(name, "name is null");
    requireNonNull(dialect, "dialect is null");
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new PassportException(
          ErrorCode.NOT_SUPPORTED,
          "An identifier that is empty or holds a NUL character cannot be written in "
              + dialect
              + ": "
              + name.replace("\0", "\\0"));
    }
    Pattern plain = dialect == SqlDialect.SNOWFLAKE ? UPPER_CASE_IDENTIFIER : LOWER_CASE_IDENTIFIER;
    if (plain.matcher(name).matches() && !RESERVED_WORDS.contains(name.toLowerCase(Locale.ROOT))) {
      return name;
    }
    String quote = String.valueOf(dialect.identifierQuote());
    return quote + name.replace(quote, quote + quote) + quote;
  }

  /** A table (or other securable) name with each part spelled by {@link #identifier}. */
  public static String qualifiedName(Securable securable, SqlDialect dialect) {
    requireNonNull(securable, "securable is null");
    List<String> parts = new ArrayList<>();
    for (String part : securable.parts()) {
      parts.add(identifier(part, dialect));
    }
    return String.join(".", parts);
  }

  /** A string literal the dialect's lexer reads back as exactly {@code value}. */
  public static String stringLiteral(String value, SqlDialect dialect) {
    requireNonNull(value, "value is null");
    requireNonNull(dialect, "dialect is null");
    if (value.indexOf('\0') >= 0) {
      throw new PassportException(
          ErrorCode.NOT_SUPPORTED,
          "A string literal holding a NUL character cannot be written in " + dialect);
    }
    return switch (dialect) {
      // E'' reads the same whatever standard_conforming_strings says.
      case POSTGRESQL ->
          value.indexOf('\\') >= 0
              ? "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
              : "'" + value.replace("'", "''") + "'";
      // Both lexers treat a backslash as an escape inside single quotes.
      case REDSHIFT, SNOWFLAKE -> "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
      case TRINO -> "'" + value.replace("'", "''") + "'";
      // Hive and Spark read 'a''b' as two adjacent literals ("ab"), so a quote needs a backslash.
      case HIVE, SPARK -> "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    };
  }

  /** A printed fragment and how tightly it binds. */
  private record Printed(String sql, int precedence) {}

  private String operand(Expr expr, int minimumPrecedence) {
    return wrap(node(expr), minimumPrecedence);
  }

  private static String wrap(Printed printed, int minimumPrecedence) {
    return printed.precedence() >= minimumPrecedence ? printed.sql() : "(" + printed.sql() + ")";
  }

  private String full(Expr expr) {
    return node(expr).sql();
  }

  private Printed node(Expr expr) {
    switch (expr.kind()) {
      case NULL_LITERAL:
        return primary("NULL");
      case STRING_LITERAL:
        return primary(stringLiteral(((Expr.StringLiteral) expr).value(), dialect));
      case NUMBER_LITERAL:
        return number(((Expr.NumberLiteral) expr).value());
      case BOOLEAN_LITERAL:
        return primary(((Expr.BooleanLiteral) expr).value() ? "TRUE" : "FALSE");
      case DATE_LITERAL:
        return primary("DATE '" + date(((Expr.DateLiteral) expr).value()) + "'");
      case TIMESTAMP_LITERAL:
        return primary("TIMESTAMP '" + timestamp(((Expr.TimestampLiteral) expr).value()) + "'");
      case COLUMN:
        return column((Expr.Column) expr);
      case MASKED_VALUE:
        return maskedValue();
      case FUNCTION_CALL:
        return function((Expr.FunctionCall) expr);
      case COMPARISON:
        return comparison((Expr.Comparison) expr);
      case ARITHMETIC:
        return arithmetic((Expr.Arithmetic) expr);
      case AND:
        return junction(((Expr.And) expr).terms(), " AND ", AND);
      case OR:
        return junction(((Expr.Or) expr).terms(), " OR ", OR);
      case NOT:
        return not(((Expr.Not) expr).term());
      case IN:
        return in((Expr.In) expr, false);
      case LIKE:
        return like((Expr.Like) expr, false);
      case IS_NULL:
        return new Printed(
            operand(((Expr.IsNull) expr).value(), PREDICATE + 1) + " IS NULL", PREDICATE);
      case CASE:
        return caseWhen((Expr.Case) expr);
      case CAST:
        return cast((Expr.Cast) expr);
      case CURRENT_USER:
        return currentUser();
      case CURRENT_ROLE:
        return currentRole();
      case HAS_ROLE:
        return hasRole((Expr.HasRole) expr);
      case IN_GROUP:
        return inGroup((Expr.InGroup) expr);
      case SESSION_ATTRIBUTE:
        return sessionAttribute((Expr.SessionAttribute) expr);
      case COLUMN_TAG_VALUE:
        return columnTagValue((Expr.ColumnTagValue) expr);
      case LOOKUP:
        return lookup((Expr.Lookup) expr, false);
      case OPAQUE:
        return opaque((Expr.Opaque) expr);
    }
    throw new AssertionError("unreachable: " + expr.kind());
  }

  private static Printed primary(String sql) {
    return new Printed(sql, PRIMARY);
  }

  private PassportException notSupported(String construct) {
    return new PassportException(
        ErrorCode.NOT_SUPPORTED,
        construct + " cannot be expressed in " + dialect.system().displayName());
  }

  private static Printed number(BigDecimal value) {
    String text = value.toPlainString();
    return new Printed(text, value.signum() < 0 ? UNARY : PRIMARY);
  }

  private String date(LocalDate value) {
    if (value.getYear() < 1 || value.getYear() > 9999) {
      throw notSupported("The date " + value + " (outside years 1 to 9999)");
    }
    return value.toString();
  }

  private String timestamp(LocalDateTime value) {
    StringBuilder text = new StringBuilder(date(value.toLocalDate()));
    text.append(
        String.format(
            Locale.ROOT, " %02d:%02d:%02d", value.getHour(), value.getMinute(), value.getSecond()));
    if (value.getNano() > 0) {
      String fraction = String.format(Locale.ROOT, "%09d", value.getNano());
      text.append('.').append(fraction.replaceAll("0+$", ""));
    }
    return text.toString();
  }

  private Printed column(Expr.Column column) {
    String name = identifier(column.name(), dialect);
    if (column.qualifier().isPresent()) {
      return primary(identifier(column.qualifier().get(), dialect) + "." + name);
    }
    return primary(name);
  }

  private Printed maskedValue() {
    if (maskedValueReplacement.isEmpty()) {
      throw new PassportException(
          ErrorCode.NOT_SUPPORTED,
          "The masked value has no SQL spelling of its own; print the mask with the masked"
              + " column as its replacement");
    }
    // The replacement is printed without a replacement of its own, so it cannot recurse.
    return new ExpressionPrinter(dialect, Optional.empty()).node(maskedValueReplacement.get());
  }

  private Printed junction(List<Expr> terms, String separator, int precedence) {
    List<String> printed = new ArrayList<>();
    for (Expr term : terms) {
      printed.add(operand(term, precedence));
    }
    return new Printed(String.join(separator, printed), precedence);
  }

  private Printed not(Expr term) {
    switch (term.kind()) {
      case IN:
        return in((Expr.In) term, true);
      case LIKE:
        return like((Expr.Like) term, true);
      case IS_NULL:
        return new Printed(
            operand(((Expr.IsNull) term).value(), PREDICATE + 1) + " IS NOT NULL", PREDICATE);
      case LOOKUP:
        return lookup((Expr.Lookup) term, true);
      case COMPARISON:
        Expr.Comparison comparison = (Expr.Comparison) term;
        if (comparison.operator() == ComparisonOperator.IS_DISTINCT_FROM
            || comparison.operator() == ComparisonOperator.IS_NOT_DISTINCT_FROM) {
          return comparison(
              new Expr.Comparison(
                  comparison.operator().negate(), comparison.left(), comparison.right()));
        }
        break;
      default:
        break;
    }
    return new Printed("NOT " + operand(term, NOT + 1), NOT);
  }

  private Printed comparison(Expr.Comparison comparison) {
    ComparisonOperator operator = comparison.operator();
    Expr left = comparison.left();
    Expr right = comparison.right();
    boolean distinctForm =
        operator == ComparisonOperator.IS_DISTINCT_FROM
            || operator == ComparisonOperator.IS_NOT_DISTINCT_FROM;
    if (distinctForm && (dialect == SqlDialect.HIVE || dialect == SqlDialect.SPARK)) {
      Printed sameness =
          new Printed(
              operand(left, PREDICATE + 1) + " <=> " + operand(right, PREDICATE + 1), PREDICATE);
      return operator == ComparisonOperator.IS_NOT_DISTINCT_FROM
          ? sameness
          : new Printed("NOT " + wrap(sameness, NOT + 1), NOT);
    }
    if (distinctForm && dialect == SqlDialect.REDSHIFT) {
      // Redshift documents no IS [NOT] DISTINCT FROM; spell out its NULL-safe meaning, which is
      // never NULL itself: COALESCE(a = b, FALSE) OR (a IS NULL AND b IS NULL).
      Expr same =
          new Expr.Or(
              List.of(
                  new Expr.FunctionCall(
                      "coalesce",
                      List.of(
                          new Expr.Comparison(ComparisonOperator.EQUAL, left, right),
                          new Expr.BooleanLiteral(false))),
                  new Expr.And(List.of(new Expr.IsNull(left), new Expr.IsNull(right)))));
      return operator == ComparisonOperator.IS_NOT_DISTINCT_FROM
          ? node(same)
          : new Printed("NOT " + operand(same, NOT + 1), NOT);
    }
    return new Printed(
        operand(left, PREDICATE + 1)
            + " "
            + operator.symbol()
            + " "
            + operand(right, PREDICATE + 1),
        PREDICATE);
  }

  private Printed arithmetic(Expr.Arithmetic arithmetic) {
    int precedence =
        switch (arithmetic.operator()) {
          case ADD, SUBTRACT -> ADDITIVE;
          case MULTIPLY, DIVIDE, MODULUS -> MULTIPLICATIVE;
        };
    // Left-associative: a - (b - c) keeps its parentheses, (a - b) - c does not need them.
    return new Printed(
        operand(arithmetic.left(), precedence)
            + " "
            + arithmetic.operator().symbol()
            + " "
            + operand(arithmetic.right(), precedence + 1),
        precedence);
  }

  private Printed in(Expr.In in, boolean negated) {
    List<String> members = new ArrayList<>();
    for (Expr member : in.list()) {
      members.add(full(member));
    }
    return new Printed(
        operand(in.value(), PREDICATE + 1)
            + (negated ? " NOT IN (" : " IN (")
            + String.join(", ", members)
            + ")",
        PREDICATE);
  }

  private Printed like(Expr.Like like, boolean negated) {
    String keyword = negated ? " NOT LIKE " : " LIKE ";
    String value;
    String pattern;
    boolean lowerBoth =
        like.caseInsensitive()
            && (dialect == SqlDialect.TRINO
                || dialect == SqlDialect.HIVE
                || dialect == SqlDialect.SPARK);
    if (lowerBoth) {
      value = call("lower", List.of(full(like.value())));
      pattern = call("lower", List.of(full(like.pattern())));
    } else {
      value = operand(like.value(), PREDICATE + 1);
      pattern = operand(like.pattern(), PREDICATE + 1);
      if (like.caseInsensitive()) {
        keyword = negated ? " NOT ILIKE " : " ILIKE ";
      }
    }
    String sql = value + keyword + pattern;
    // The canonical escape is a backslash; PostgreSQL, Redshift, Hive and Spark default to it,
    // Trino and Snowflake have no default escape character.
    boolean needsEscapeClause =
        (dialect == SqlDialect.TRINO || dialect == SqlDialect.SNOWFLAKE)
            && !(like.pattern() instanceof Expr.StringLiteral literal
                && literal.value().indexOf('\\') < 0);
    if (needsEscapeClause) {
      sql += " ESCAPE " + stringLiteral("\\", dialect);
    }
    return new Printed(sql, PREDICATE);
  }

  private Printed caseWhen(Expr.Case caseExpr) {
    StringBuilder sql = new StringBuilder("CASE");
    for (Expr.WhenClause clause : caseExpr.whenClauses()) {
      sql.append(" WHEN ").append(full(clause.condition()));
      sql.append(" THEN ").append(full(clause.result()));
    }
    sql.append(" ELSE ").append(full(caseExpr.otherwise())).append(" END");
    return primary(sql.toString());
  }

  private Printed cast(Expr.Cast cast) {
    return primary("CAST(" + full(cast.value()) + " AS " + castType(cast.type()) + ")");
  }

  private String castType(String canonical) {
    Matcher matcher = CAST_TYPE.matcher(canonical.trim());
    if (!matcher.matches()) {
      throw notSupported("A cast to the type '" + canonical + "'");
    }
    String base = matcher.group(1);
    String parameters =
        matcher.group(2) == null
            ? ""
            : "("
                + matcher.group(2)
                + (matcher.group(3) == null ? "" : "," + matcher.group(3))
                + ")";
    boolean hasParameters = !parameters.isEmpty();
    String type =
        switch (base) {
          case "varchar" ->
              switch (dialect) {
                case POSTGRESQL, TRINO, SNOWFLAKE -> "varchar" + parameters;
                // A bare varchar is varchar(256) in Redshift: it would truncate.
                case REDSHIFT -> hasParameters ? "varchar" + parameters : "varchar(65535)";
                case HIVE -> hasParameters ? "varchar" + parameters : "string";
                case SPARK -> hasParameters ? null : "string";
              };
          case "char" -> dialect == SqlDialect.SPARK ? null : "char" + parameters;
          case "integer" ->
              plain(
                  hasParameters,
                  dialect == SqlDialect.HIVE || dialect == SqlDialect.SPARK ? "int" : "integer");
          case "bigint", "smallint", "boolean", "date" -> plain(hasParameters, base);
          case "decimal" -> "decimal" + parameters;
          case "double" ->
              plain(
                  hasParameters,
                  dialect == SqlDialect.POSTGRESQL || dialect == SqlDialect.REDSHIFT
                      ? "double precision"
                      : "double");
          case "real" ->
              plain(
                  hasParameters,
                  dialect == SqlDialect.HIVE || dialect == SqlDialect.SPARK ? "float" : "real");
          case "timestamp" ->
              switch (dialect) {
                case SNOWFLAKE -> "timestamp_ntz" + parameters;
                case SPARK -> plain(hasParameters, "timestamp_ntz");
                case HIVE -> plain(hasParameters, "timestamp");
                case POSTGRESQL, REDSHIFT, TRINO -> "timestamp" + parameters;
              };
          case "time" ->
              dialect == SqlDialect.HIVE || dialect == SqlDialect.SPARK
                  ? null
                  : "time" + parameters;
          case "uuid", "json" ->
              dialect == SqlDialect.POSTGRESQL || dialect == SqlDialect.TRINO
                  ? plain(hasParameters, base)
                  : null;
          case "varbinary" ->
              plain(
                  hasParameters,
                  switch (dialect) {
                    case POSTGRESQL -> "bytea";
                    case REDSHIFT -> "varbyte";
                    case SNOWFLAKE -> "binary";
                    case TRINO -> "varbinary";
                    case HIVE, SPARK -> "binary";
                  });
          default -> null;
        };
    if (type == null) {
      throw notSupported("A cast to the type '" + canonical + "'");
    }
    return dialect == SqlDialect.SNOWFLAKE ? type.toUpperCase(Locale.ROOT) : type;
  }

  private static String plain(boolean hasParameters, String type) {
    return hasParameters ? null : type;
  }

  private String functionName(String name) {
    return dialect == SqlDialect.SNOWFLAKE ? name.toUpperCase(Locale.ROOT) : name;
  }

  private String call(String name, List<String> arguments) {
    return functionName(name) + "(" + String.join(", ", arguments) + ")";
  }

  private List<String> arguments(List<Expr> arguments) {
    List<String> printed = new ArrayList<>();
    for (Expr argument : arguments) {
      printed.add(full(argument));
    }
    return printed;
  }

  private Printed function(Expr.FunctionCall function) {
    String name = function.name();
    List<Expr> arguments = function.arguments();
    switch (name) {
      case "concat":
        return concat(arguments);
      case "sha2":
        return sha2(arguments);
      case "md5":
        requireArguments(function, 1);
        return primary(
            dialect == SqlDialect.TRINO
                ? "lower(to_hex(md5(to_utf8(" + full(arguments.get(0)) + "))))"
                : call("md5", arguments(arguments)));
      case "regexp_like":
        return regexpLike(function);
      case "regexp_replace":
        return regexpReplace(function);
      case "left", "right":
        return leftOrRight(function);
      case "current_date", "current_timestamp":
        if (arguments.isEmpty()) {
          return primary(functionName(name));
        }
        break;
      case "date_trunc":
        if (dialect == SqlDialect.HIVE) {
          throw notSupported("The function date_trunc");
        }
        break;
      default:
        break;
    }
    if (!FUNCTION_NAME.matcher(name).matches()) {
      throw notSupported("The function name '" + name + "'");
    }
    return primary(call(name, arguments(arguments)));
  }

  private void requireArguments(Expr.FunctionCall function, int count) {
    if (function.arguments().size() != count) {
      throw notSupported(
          "The function "
              + function.name()
              + " with "
              + function.arguments().size()
              + " arguments (expected "
              + count
              + ")");
    }
  }

  private Printed concat(List<Expr> arguments) {
    if (arguments.isEmpty()) {
      throw notSupported("The function concat with no arguments");
    }
    if (dialect == SqlDialect.HIVE || dialect == SqlDialect.SPARK) {
      return primary(call("concat", arguments(arguments)));
    }
    if (arguments.size() == 1) {
      return node(arguments.get(0));
    }
    List<String> parts = new ArrayList<>();
    for (Expr argument : arguments) {
      // || and arithmetic rank differently across dialects; parentheses settle it everywhere.
      Printed printed = node(argument);
      parts.add(
          printed.precedence() == CONCATENATION || printed.precedence() == PRIMARY
              ? printed.sql()
              : "(" + printed.sql() + ")");
    }
    return new Printed(String.join(" || ", parts), CONCATENATION);
  }

  private Printed sha2(List<Expr> arguments) {
    int bits = 256;
    if (arguments.size() == 2
        && arguments.get(1) instanceof Expr.NumberLiteral number
        && Set.of(224, 256, 384, 512).contains(number.value().intValue())
        && number.value().scale() == 0) {
      bits = number.value().intValue();
    } else if (arguments.size() != 1) {
      throw notSupported("The function sha2 with arguments " + arguments);
    }
    String value = full(arguments.get(0));
    return switch (dialect) {
      case POSTGRESQL ->
          primary("encode(sha" + bits + "(convert_to(" + value + ", 'UTF8')), 'hex')");
      case TRINO -> {
        if (bits != 256 && bits != 512) {
          throw notSupported("SHA-" + bits);
        }
        yield primary("lower(to_hex(sha" + bits + "(to_utf8(" + value + "))))");
      }
      case REDSHIFT, SNOWFLAKE, HIVE, SPARK ->
          primary(call("sha2", List.of(value, String.valueOf(bits))));
    };
  }

  private Printed regexpLike(Expr.FunctionCall function) {
    requireArguments(function, 2);
    Expr value = function.arguments().get(0);
    Expr pattern = function.arguments().get(1);
    return switch (dialect) {
      // ~ shares a precedence level with ||, so both sides are kept atomic.
      case POSTGRESQL, REDSHIFT ->
          new Printed(operand(value, UNARY) + " ~ " + operand(pattern, UNARY), PREDICATE);
      // Snowflake's REGEXP_LIKE anchors the pattern at both ends; REGEXP_INSTR finds it anywhere.
      case SNOWFLAKE ->
          new Printed(
              call("regexp_instr", List.of(full(value), full(pattern))) + " > 0", PREDICATE);
      case TRINO -> primary(call("regexp_like", List.of(full(value), full(pattern))));
      case HIVE, SPARK ->
          new Printed(operand(value, UNARY) + " RLIKE " + operand(pattern, UNARY), PREDICATE);
    };
  }

  private Printed regexpReplace(Expr.FunctionCall function) {
    requireArguments(function, 3);
    List<Expr> arguments = function.arguments();
    String value = full(arguments.get(0));
    String pattern = full(arguments.get(1));
    Expr replacement = arguments.get(2);
    if (dialect == SqlDialect.TRINO || dialect == SqlDialect.HIVE || dialect == SqlDialect.SPARK) {
      // These take Java's $1 group references, as the canonical form does.
      return primary(call("regexp_replace", List.of(value, pattern, full(replacement))));
    }
    if (!(replacement instanceof Expr.StringLiteral literal)
        || literal.value().indexOf('\\') >= 0
        || literal.value().replaceAll("\\$\\d", "").indexOf('$') >= 0) {
      throw notSupported("A regexp_replace replacement other than plain text with $n references");
    }
    String converted = JAVA_GROUP_REFERENCE.matcher(literal.value()).replaceAll("\\\\$1");
    String printedReplacement = stringLiteral(converted, dialect);
    if (dialect == SqlDialect.POSTGRESQL) {
      // Without the g flag PostgreSQL replaces only the first match.
      return primary(call("regexp_replace", List.of(value, pattern, printedReplacement, "'g'")));
    }
    return primary(call("regexp_replace", List.of(value, pattern, printedReplacement)));
  }

  private Printed leftOrRight(Expr.FunctionCall function) {
    requireArguments(function, 2);
    boolean hasBoth = dialect != SqlDialect.TRINO && dialect != SqlDialect.HIVE;
    String value = full(function.arguments().get(0));
    String length = full(function.arguments().get(1));
    if (hasBoth) {
      return primary(call(function.name(), List.of(value, length)));
    }
    String substring = dialect == SqlDialect.TRINO ? "substring" : "substr";
    if (function.name().equals("left")) {
      return primary(substring + "(" + value + ", 1, " + length + ")");
    }
    // A start past the end gives '' in both, and greatest(…, 1) keeps a long count whole.
    return primary(
        substring
            + "("
            + value
            + ", greatest(length("
            + value
            + ") - "
            + operand(function.arguments().get(1), ADDITIVE + 1)
            + " + 1, 1))");
  }

  private Printed currentUser() {
    return switch (dialect) {
      case POSTGRESQL, REDSHIFT, TRINO -> primary("current_user");
      case SNOWFLAKE -> primary("CURRENT_USER()");
      case HIVE, SPARK -> primary("current_user()");
    };
  }

  private Printed currentRole() {
    return switch (dialect) {
      case POSTGRESQL -> primary("current_role");
      case SNOWFLAKE -> primary("CURRENT_ROLE()");
      case REDSHIFT, TRINO, HIVE, SPARK -> throw notSupported("The current role");
    };
  }

  private Printed hasRole(Expr.HasRole hasRole) {
    String role = full(hasRole.role());
    if (hasRole.scope() == RoleScope.PRIMARY) {
      return switch (dialect) {
        case SNOWFLAKE ->
            new Printed("CURRENT_ROLE() = " + operand(hasRole.role(), PREDICATE + 1), PREDICATE);
        // SET ROLE makes current_role the one role the session acts as.
        case POSTGRESQL ->
            new Printed("current_role = " + operand(hasRole.role(), PREDICATE + 1), PREDICATE);
        case REDSHIFT, TRINO, HIVE, SPARK ->
            throw notSupported("A test of the primary role (" + role + ")");
      };
    }
    return switch (dialect) {
      case POSTGRESQL -> primary("pg_has_role(current_user, " + role + ", 'member')");
      case REDSHIFT -> primary("user_is_member_of(current_user, " + role + ")");
      case SNOWFLAKE -> primary("IS_ROLE_IN_SESSION(" + role + ")");
      case TRINO, HIVE, SPARK -> throw notSupported("A role membership test (" + role + ")");
    };
  }

  private Printed inGroup(Expr.InGroup inGroup) {
    String group = full(inGroup.group());
    return switch (dialect) {
      // Groups are roles in PostgreSQL; Redshift's function takes a user group as well.
      case POSTGRESQL -> primary("pg_has_role(current_user, " + group + ", 'member')");
      case REDSHIFT -> primary("user_is_member_of(current_user, " + group + ")");
      case TRINO -> primary("contains(current_groups(), " + group + ")");
      case SPARK -> primary("is_account_group_member(" + group + ")");
      case SNOWFLAKE, HIVE -> throw notSupported("A group membership test (" + group + ")");
    };
  }

  private Printed sessionAttribute(Expr.SessionAttribute attribute) {
    String name = stringLiteral(attribute.name(), dialect);
    return switch (dialect) {
      case POSTGRESQL -> primary("current_setting(" + name + ", true)");
      // Redshift documents only the missing_ok = false form: an unset variable fails the query.
      case REDSHIFT -> primary("current_setting(" + name + ", false)");
      case SNOWFLAKE, TRINO, HIVE, SPARK ->
          throw notSupported("The session attribute " + attribute.name());
    };
  }

  private Printed columnTagValue(Expr.ColumnTagValue tag) {
    if (dialect == SqlDialect.SNOWFLAKE) {
      return primary("SYSTEM$GET_TAG_ON_CURRENT_COLUMN(" + stringLiteral(tag.tag(), dialect) + ")");
    }
    throw notSupported("The value of tag " + tag.tag() + " on the current column");
  }

  private Printed lookup(Expr.Lookup lookup, boolean negated) {
    String alias = identifier(lookup.alias(), dialect);
    String from =
        " FROM "
            + qualifiedName(lookup.table(), dialect)
            + " AS "
            + alias
            + " WHERE "
            + full(lookup.condition())
            + ")";
    if (lookup.probe().isEmpty()) {
      return new Printed(
          (negated ? "NOT EXISTS (SELECT 1" : "EXISTS (SELECT 1") + from, negated ? NOT : PRIMARY);
    }
    String column = alias + "." + identifier(lookup.column().orElseThrow(), dialect);
    return new Printed(
        operand(lookup.probe().get(), PREDICATE + 1)
            + (negated ? " NOT IN (SELECT " : " IN (SELECT ")
            + column
            + from,
        PREDICATE);
  }

  private Printed opaque(Expr.Opaque opaque) {
    if (!dialect.speaksFor(opaque.dialect())) {
      throw notSupported(
          "SQL that Passport did not understand, kept verbatim from "
              + opaque.dialect().displayName()
              + " ("
              + opaque.sql()
              + "),");
    }
    // A trailing -- comment would swallow the closing parenthesis on the same line.
    String closing = opaque.sql().contains("--") ? "\n)" : ")";
    return primary("(" + opaque.sql() + closing);
  }
}
