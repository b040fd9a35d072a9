package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.ArithmeticOperator;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Parameter;
import dev.passport.model.ParseException;
import dev.passport.model.Securable;
import dev.passport.model.SystemKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Converts dialect SQL expressions (PostgreSQL, Greenplum, Redshift; others through their {@link
 * SqlDialect}) into the model's {@link Expr}, bounded by a {@link BoundedSqlParser}.
 *
 * <p>What it understands: column references (the protected table's qualifier dropped, a lookup
 * alias kept); literals (numbers as exact decimals, strings, booleans, NULL, {@code DATE '…'},
 * {@code TIMESTAMP '…'}); {@code ::type} and {@code CAST} to canonical types ({@link SqlTypes});
 * comparisons; AND, OR, NOT; IN lists and {@code = ANY (ARRAY[…])}; BETWEEN (as two comparisons);
 * LIKE and ILIKE; IS [NOT] NULL; IS [NOT] TRUE/FALSE; IS [NOT] DISTINCT FROM; CASE (a simple CASE
 * becomes a searched one); arithmetic; {@code ||} as {@code concat}; the functions the dialect
 * names canonical; the dialect's identity values and functions ({@code current_user}, {@code
 * current_setting('x')}, {@code pg_has_role}, {@code user_is_member_of}); the user's {@link
 * FunctionAliases}; and subqueries of the mapping-table shape, {@code EXISTS (SELECT … FROM m
 * [alias] WHERE …)} and {@code x IN (SELECT m.c FROM m WHERE …)} without joins, grouping or limits,
 * which become {@link Expr.Lookup}s.
 *
 * <p>Anything else becomes an {@link Expr.Opaque} holding the SQL of the smallest enclosing node
 * that was not understood, with a {@link Loss} (direction UNKNOWN) naming the construct and where
 * it is; the conversion itself never fails on a construct. Casts that change nothing ({@code
 * 'x'::text}, {@code current_user::text}, a text column cast to text) are dropped so that a policy
 * reads the same from a script and from {@code pg_get_expr}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SqlExpressionConverter {
  private static final Set<String> TEXT_FUNCTIONS =
      Set.of(
          "concat",
          "lower",
          "upper",
          "substring",
          "left",
          "right",
          "trim",
          "ltrim",
          "rtrim",
          "btrim",
          "replace",
          "regexp_replace",
          "lpad",
          "rpad",
          "split_part",
          "md5",
          "reverse",
          "repeat");

  private final BoundedSqlParser parser;
  private final FunctionAliases aliases;

  private SqlExpressionConverter(BoundedSqlParser parser, FunctionAliases aliases) {
    this.parser = requireNonNull(parser, "parser is null");
    this.aliases = requireNonNull(aliases, "aliases is null");
  }

  /** A converter for the dialect with default parse limits. */
  public static SqlExpressionConverter of(SqlDialect dialect, FunctionAliases aliases) {
    return new SqlExpressionConverter(BoundedSqlParser.of(dialect), aliases);
  }

  /** A converter using this parser (and so its dialect and limits). */
  public static SqlExpressionConverter of(BoundedSqlParser parser, FunctionAliases aliases) {
    return new SqlExpressionConverter(parser, aliases);
  }

  public SqlDialect dialect() {
    return parser.dialect();
  }

  public BoundedSqlParser parser() {
    return parser;
  }

  public FunctionAliases aliases() {
    return aliases;
  }

  /**
   * Parses and converts an expression.
   *
   * @param text the expression as written (without the surrounding parentheses of USING, which are
   *     harmless if kept)
   * @param scope the protected table, parameters, origin and the location where {@code text} starts
   * @throws ParseException PARSE_ERROR at the file position of a syntax error, or
   *     PARSE_LIMIT_EXCEEDED when the text is over a bound of the parser's {@link ParseLimits}
   */
  public Conversion convert(String text, ConversionScope scope) {
    requireNonNull(text, "text is null");
    requireNonNull(scope, "scope is null");
    Expression parsed = parser.parseExpression(text, scope.location());
    return convert(parsed, scope);
  }

  /**
   * Converts an expression JSqlParser has already parsed.
   *
   * @throws ParseException PARSE_LIMIT_EXCEEDED when the tree is too deep to walk
   */
  public Conversion convert(Expression expression, ConversionScope scope) {
    requireNonNull(expression, "expression is null");
    requireNonNull(scope, "scope is null");
    Run run = new Run(scope);
    Expr expr;
    try {
      expr = run.convert(expression);
    } catch (StackOverflowError overflow) {
      throw scope
          .location()
          .error(ErrorCode.PARSE_LIMIT_EXCEEDED, "expression too deeply nested to convert");
    }
    return new Conversion(expr, run.losses);
  }

  /** A mapping table in scope while converting a lookup's condition. */
  private record LookupContext(
      Securable table, String alias, Set<String> qualifiers, Optional<List<ColumnInfo>> columns) {}

  /** The state of one conversion: its scope, the lookup being converted, the losses met. */
  private final class Run {
    private final ConversionScope scope;
    private final List<Loss> losses = new ArrayList<>();
    private Optional<LookupContext> lookup = Optional.empty();

    Run(ConversionScope scope) {
      this.scope = scope;
    }

    private IdentifierNormaliser identifiers() {
      return parser.dialect().identifiers();
    }

    Expr convert(Expression expression) {
      if (expression instanceof ParenthesedExpressionList<?> list) {
        if (list.size() == 1) {
          return convert(list.get(0));
        }
        return opaque(expression, "a row value");
      }
      if (expression instanceof AndExpression || expression instanceof OrExpression) {
        return logical(expression);
      }
      if (expression instanceof NotExpression not) {
        return Expressions.not(convert(not.getExpression()));
      }
      if (expression instanceof NullValue) {
        return Expressions.nullLiteral();
      }
      if (expression instanceof BooleanValue bool) {
        return Expressions.literal(bool.getValue());
      }
      if (expression instanceof LongValue number) {
        return Expressions.literal(new BigDecimal(new BigInteger(number.getStringValue().trim())));
      }
      if (expression instanceof DoubleValue number) {
        return number(expression, number.toString());
      }
      if (expression instanceof StringValue string) {
        return string(string);
      }
      if (expression instanceof DateTimeLiteralExpression literal) {
        return dateTimeLiteral(literal);
      }
      if (expression instanceof SignedExpression signed) {
        return signed(signed);
      }
      if (expression instanceof Column column) {
        return column(column);
      }
      if (expression instanceof CastExpression cast) {
        return cast(cast);
      }
      if (expression instanceof EqualsTo
          || expression instanceof NotEqualsTo
          || expression instanceof GreaterThan
          || expression instanceof GreaterThanEquals
          || expression instanceof MinorThan
          || expression instanceof MinorThanEquals) {
        return comparison((BinaryExpression) expression);
      }
      if (expression instanceof IsDistinctExpression distinct) {
        return Expressions.compare(
            distinct.isNot()
                ? ComparisonOperator.IS_NOT_DISTINCT_FROM
                : ComparisonOperator.IS_DISTINCT_FROM,
            convert(distinct.getLeftExpression()),
            convert(distinct.getRightExpression()));
      }
      if (expression instanceof IsNullExpression isNull) {
        Expr value = convert(isNull.getLeftExpression());
        return isNull.isNot() ? Expressions.isNotNull(value) : Expressions.isNull(value);
      }
      if (expression instanceof IsBooleanExpression isBoolean) {
        Expr value = convert(isBoolean.getLeftExpression());
        return Expressions.compare(
            isBoolean.isNot()
                ? ComparisonOperator.IS_DISTINCT_FROM
                : ComparisonOperator.IS_NOT_DISTINCT_FROM,
            value,
            Expressions.literal(isBoolean.isTrue()));
      }
      if (expression instanceof Between between) {
        return between(between);
      }
      if (expression instanceof LikeExpression like) {
        return like(like);
      }
      if (expression instanceof InExpression in) {
        return in(in);
      }
      if (expression instanceof ExistsExpression exists) {
        return exists(exists);
      }
      if (expression instanceof CaseExpression caseExpression) {
        return caseWhen(caseExpression);
      }
      if (expression instanceof Concat) {
        List<Expr> parts = new ArrayList<>();
        for (Expression part : chain(expression, Concat.class)) {
          parts.add(convert(part));
        }
        return Expressions.function("concat", parts);
      }
      Optional<ArithmeticOperator> arithmetic = arithmeticOperator(expression);
      if (arithmetic.isPresent()) {
        BinaryExpression binary = (BinaryExpression) expression;
        Expr left = convert(binary.getLeftExpression());
        Expr right = convert(binary.getRightExpression());
        Expr result = Expressions.arithmetic(arithmetic.get(), left, right);
        if (arithmetic.get() == ArithmeticOperator.DIVIDE
            && truncatesIntegerDivision()
            && isIntegerValued(binary.getLeftExpression(), left)
            && isIntegerValued(binary.getRightExpression(), right)) {
          return truncatedTowardZero(result);
        }
        return result;
      }
      if (expression instanceof Function function) {
        return function(function);
      }
      if (expression instanceof TrimFunction trim) {
        if (trim.getTrimSpecification() == null && trim.getFromExpression() == null) {
          return Expressions.function("trim", convert(trim.getExpression()));
        }
        return opaque(expression, "TRIM with a specification");
      }
      return opaque(expression, describe(expression));
    }

    /** AND and OR chains, flattened without recursion so long chains do not use the stack. */
    private Expr logical(Expression expression) {
      boolean and = expression instanceof AndExpression;
      Class<? extends BinaryExpression> type = and ? AndExpression.class : OrExpression.class;
      List<Expr> terms = new ArrayList<>();
      for (Expression term : chain(expression, type)) {
        terms.add(convert(term));
      }
      return and ? Expressions.and(terms) : Expressions.or(terms);
    }

    private List<Expression> chain(Expression root, Class<? extends BinaryExpression> type) {
      List<Expression> terms = new ArrayList<>();
      Deque<Expression> pending = new ArrayDeque<>();
      pending.push(root);
      while (!pending.isEmpty()) {
        Expression current = unwrap(pending.pop());
        if (type.isInstance(current)) {
          BinaryExpression binary = (BinaryExpression) current;
          pending.push(binary.getRightExpression());
          pending.push(binary.getLeftExpression());
        } else {
          terms.add(current);
        }
      }
      return terms;
    }

    private Expression unwrap(Expression expression) {
      Expression current = expression;
      while (true) {
        if (current instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
          current = list.get(0);
        } else {
          return current;
        }
      }
    }

    private Expr number(Expression node, String text) {
      try {
        return Expressions.literal(new BigDecimal(text.trim()));
      } catch (NumberFormatException e) {
        return opaque(node, "a number literal");
      }
    }

    private Expr string(StringValue string) {
      String prefix = string.getPrefix();
      if (prefix != null && !prefix.isEmpty() && !prefix.equalsIgnoreCase("E")) {
        return opaque(string, "a " + prefix + "'…' string literal");
      }
      return Expressions.literal(string.getValue().replace("''", "'"));
    }

    private Expr dateTimeLiteral(DateTimeLiteralExpression literal) {
      String value = literal.getValue();
      if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
        value = value.substring(1, value.length() - 1);
      }
      String type = String.valueOf(literal.getType());
      Optional<Expr> parsed = typedLiteral(value, type.equals("DATE") ? "date" : type);
      return parsed.orElseGet(() -> opaque(literal, "a " + type + " literal"));
    }

    private Optional<Expr> typedLiteral(String value, String canonicalType) {
      try {
        if (canonicalType.equals("date")) {
          return Optional.of(Expressions.literal(LocalDate.parse(value.trim())));
        }
        if (canonicalType.equalsIgnoreCase("timestamp")) {
          return Optional.of(
              Expressions.literal(LocalDateTime.parse(value.trim().replace(' ', 'T'))));
        }
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
      return Optional.empty();
    }

    private Expr signed(SignedExpression signed) {
      Expr value = convert(signed.getExpression());
      if (signed.getSign() == '+') {
        return value;
      }
      if (signed.getSign() == '-') {
        if (value instanceof Expr.NumberLiteral number) {
          return Expressions.literal(number.value().negate());
        }
        return Expressions.arithmetic(ArithmeticOperator.SUBTRACT, Expressions.literal(0), value);
      }
      return opaque(signed, "the unary operator " + signed.getSign());
    }

    private Expr column(Column column) {
      String rawName = column.getColumnName();
      Table qualifierTable = column.getTable();
      String rawQualifier = qualifierTable == null ? null : qualifierTable.getFullyQualifiedName();
      boolean qualified = rawQualifier != null && !rawQualifier.isBlank();
      if (!qualified && !IdentifierNormaliser.isQuoted(rawName)) {
        Optional<Expr> identity = parser.dialect().identityValue(rawName.toLowerCase(Locale.ROOT));
        if (identity.isPresent()) {
          return identity.get();
        }
      }
      String name = identifiers().normalise(rawName);
      if (!qualified) {
        return unqualifiedColumn(name);
      }
      String qualifier = String.join(".", identifiers().splitQualified(rawQualifier));
      if (lookup.isPresent() && lookup.get().qualifiers().contains(qualifier)) {
        return Expressions.column(lookup.get().alias(), name);
      }
      if (scope.tableQualifiers().contains(qualifier)) {
        return Expressions.column(name);
      }
      return opaque(column, "a column of the unknown relation " + rawQualifier);
    }

    private Expr unqualifiedColumn(String name) {
      if (lookup.isEmpty()) {
        return Expressions.column(name);
      }
      LookupContext context = lookup.get();
      if (context.columns().isPresent()) {
        boolean mapping =
            context.columns().get().stream().anyMatch(info -> info.name().equals(name));
        return mapping ? Expressions.column(context.alias(), name) : Expressions.column(name);
      }
      // A definition's parameter named without a qualifier inside the subquery is the outer
      // row's (Snowflake: EXISTS (SELECT 1 FROM m WHERE region = sales_region)).
      for (Parameter parameter : scope.parameters()) {
        if (parameter.name().equals(name)) {
          return Expressions.column(name);
        }
      }
      losses.add(
          loss(
              "the unqualified column "
                  + name
                  + " in the subquery on "
                  + context.table().qualifiedName()
                  + " is taken to be that table's (its columns are unknown)"));
      return Expressions.column(context.alias(), name);
    }

    private Expr cast(CastExpression cast) {
      if (cast.getColDataType() == null) {
        return opaque(cast, "a cast");
      }
      String type = SqlTypes.canonical(cast.getColDataType().toString());
      Expr value = convert(cast.getLeftExpression());
      return castTo(value, type);
    }

    private Expr castTo(Expr value, String type) {
      if (value instanceof Expr.StringLiteral string) {
        if (SqlTypes.isUnboundedText(type)) {
          return value;
        }
        Optional<Expr> typed = typedLiteral(string.value(), type);
        if (typed.isPresent()) {
          return typed.get();
        }
        if (isNumericType(type)) {
          try {
            return Expressions.literal(new BigDecimal(string.value().trim()));
          } catch (NumberFormatException e) {
            return Expressions.cast(value, type);
          }
        }
      }
      if (value instanceof Expr.NumberLiteral number && isNumericType(type)) {
        boolean integral = number.value().scale() <= 0;
        if (integral || type.startsWith("decimal") || type.equals("double")) {
          return value;
        }
      }
      if (SqlTypes.isUnboundedText(type) && isTextValued(value)) {
        return value;
      }
      return Expressions.cast(value, type);
    }

    /**
     * Whether the value is already text, so that a cast to unbounded text changes nothing: the
     * catalog adds such casts ({@code (CASE … END)::text}, {@code (owner)::text}) where the script
     * has none.
     */
    private boolean isTextValued(Expr value) {
      if (value instanceof Expr.StringLiteral
          || value instanceof Expr.CurrentUser
          || value instanceof Expr.CurrentRole
          || value instanceof Expr.SessionAttribute) {
        return true;
      }
      if (value instanceof Expr.Cast cast) {
        return SqlTypes.isText(cast.type());
      }
      if (value instanceof Expr.FunctionCall call) {
        return TEXT_FUNCTIONS.contains(call.name());
      }
      if (value instanceof Expr.Column column) {
        return columnType(column).map(SqlTypes::isText).orElse(false);
      }
      if (value instanceof Expr.Case caseExpr) {
        boolean sawText = false;
        List<Expr> results = new ArrayList<>();
        for (Expr.WhenClause clause : caseExpr.whenClauses()) {
          results.add(clause.result());
        }
        results.add(caseExpr.otherwise());
        for (Expr result : results) {
          if (result instanceof Expr.NullLiteral) {
            continue;
          }
          if (!isTextValued(result)) {
            return false;
          }
          sawText = true;
        }
        return sawText;
      }
      return false;
    }

    /**
     * PostgreSQL, Greenplum and Redshift divide an integer by an integer in integers, truncating
     * toward zero ({@code 9 / 4} is 2, {@code -9 / 4} is -2), while the model's division is exact:
     * found by the differential suite against PostgreSQL (scenario 37-arithmetic).
     */
    private boolean truncatesIntegerDivision() {
      SystemKind system = parser.dialect().system();
      return system == SystemKind.POSTGRESQL
          || system == SystemKind.GREENPLUM
          || system == SystemKind.REDSHIFT;
    }

    /**
     * Whether the operand has an integer type: an integer literal ({@code 4}, not {@code 4.0},
     * which only the source text tells apart), an integer column or cast, or arithmetic over those.
     */
    private boolean isIntegerValued(Expression node, Expr converted) {
      Expression bare = unwrap(node);
      if (bare instanceof LongValue) {
        return true;
      }
      if (bare instanceof BinaryExpression binary
          && arithmeticOperator(bare).isPresent()
          && converted instanceof Expr.Arithmetic arithmetic) {
        return isIntegerValued(binary.getLeftExpression(), arithmetic.left())
            && isIntegerValued(binary.getRightExpression(), arithmetic.right());
      }
      if (converted instanceof Expr.Cast cast) {
        return isIntegerType(cast.type());
      }
      if (converted instanceof Expr.Column column) {
        return columnType(column).map(this::isIntegerType).orElse(false);
      }
      return false;
    }

    private boolean isIntegerType(String type) {
      return type.equals("integer") || type.equals("bigint") || type.equals("smallint");
    }

    /** {@code CASE WHEN q >= 0 THEN floor(q) ELSE ceil(q) END}: NULL stays NULL. */
    private Expr truncatedTowardZero(Expr quotient) {
      return Expressions.caseWhen(
          List.of(
              new Expr.WhenClause(
                  Expressions.compare(
                      ComparisonOperator.GREATER_THAN_OR_EQUAL, quotient, Expressions.literal(0)),
                  Expressions.function("floor", quotient))),
          Expressions.function("ceil", quotient));
    }

    private Optional<String> columnType(Expr.Column column) {
      if (column.qualifier().isEmpty()) {
        return scope.columnType(column.name());
      }
      if (lookup.isPresent()
          && column.qualifier().get().equals(lookup.get().alias())
          && lookup.get().columns().isPresent()) {
        for (ColumnInfo info : lookup.get().columns().get()) {
          if (info.name().equals(column.name())) {
            return Optional.of(SqlTypes.canonical(info.type()));
          }
        }
      }
      return Optional.empty();
    }

    private boolean isNumericType(String type) {
      return type.equals("integer")
          || type.equals("bigint")
          || type.equals("smallint")
          || type.equals("decimal")
          || type.startsWith("decimal(")
          || type.equals("double")
          || type.equals("real");
    }

    private Expr comparison(BinaryExpression binary) {
      ComparisonOperator operator = comparisonOperator(binary);
      Expression right = unwrap(binary.getRightExpression());
      if (right instanceof Function function && isQuantifier(function)) {
        return quantified(binary, operator, function);
      }
      Expr left = convert(binary.getLeftExpression());
      Expr rightValue = convert(binary.getRightExpression());
      return Expressions.compare(operator, coerce(left, rightValue), coerce(rightValue, left));
    }

    /**
     * A string literal compared with a column of known date, time or number type takes that type,
     * as PostgreSQL types an unknown literal by the other operand; the catalog prints it cast.
     */
    private Expr coerce(Expr value, Expr other) {
      if (!(value instanceof Expr.StringLiteral) || !(other instanceof Expr.Column column)) {
        return value;
      }
      Optional<String> type =
          column.qualifier().isEmpty() ? scope.columnType(column.name()) : Optional.empty();
      if (type.isPresent()
          && (type.get().equals("date")
              || type.get().equals("timestamp")
              || isNumericType(type.get()))) {
        return castTo(value, type.get());
      }
      return value;
    }

    private ComparisonOperator comparisonOperator(BinaryExpression binary) {
      if (binary instanceof EqualsTo) {
        return ComparisonOperator.EQUAL;
      }
      if (binary instanceof NotEqualsTo) {
        return ComparisonOperator.NOT_EQUAL;
      }
      if (binary instanceof GreaterThan) {
        return ComparisonOperator.GREATER_THAN;
      }
      if (binary instanceof GreaterThanEquals) {
        return ComparisonOperator.GREATER_THAN_OR_EQUAL;
      }
      if (binary instanceof MinorThan) {
        return ComparisonOperator.LESS_THAN;
      }
      return ComparisonOperator.LESS_THAN_OR_EQUAL;
    }

    private boolean isQuantifier(Function function) {
      String name = function.getName() == null ? "" : function.getName().toUpperCase(Locale.ROOT);
      return name.equals("ANY") || name.equals("SOME") || name.equals("ALL");
    }

    /** {@code x = ANY (ARRAY[…])} is IN; {@code x <> ALL (ARRAY[…])} is NOT IN. */
    private Expr quantified(BinaryExpression binary, ComparisonOperator operator, Function q) {
      String quantifier = q.getName().toUpperCase(Locale.ROOT);
      ExpressionList<?> parameters = q.getParameters();
      if (parameters == null || parameters.size() != 1) {
        return opaque(binary, "a quantified comparison");
      }
      Expression argument = unwrap(parameters.get(0));
      if (!(argument instanceof net.sf.jsqlparser.expression.ArrayConstructor array)
          || array.getExpressions() == null
          || array.getExpressions().isEmpty()) {
        return opaque(binary, "a quantified comparison with " + quantifier + " over a non-list");
      }
      boolean any = !quantifier.equals("ALL");
      if (any && operator == ComparisonOperator.EQUAL) {
        return Expressions.in(convert(binary.getLeftExpression()), list(array.getExpressions()));
      }
      if (!any && operator == ComparisonOperator.NOT_EQUAL) {
        return Expressions.not(
            Expressions.in(convert(binary.getLeftExpression()), list(array.getExpressions())));
      }
      return opaque(binary, "a quantified comparison " + operator.symbol() + " " + quantifier);
    }

    private List<Expr> list(ExpressionList<?> expressions) {
      List<Expr> members = new ArrayList<>();
      for (Expression member : expressions) {
        members.add(convert(member));
      }
      return members;
    }

    private Expr between(Between between) {
      if (between.isUsingSymmetric()) {
        return opaque(between, "BETWEEN SYMMETRIC");
      }
      Expr value = convert(between.getLeftExpression());
      Expr low = coerce(convert(between.getBetweenExpressionStart()), value);
      Expr high = coerce(convert(between.getBetweenExpressionEnd()), value);
      Expr both =
          Expressions.and(
              Expressions.compare(ComparisonOperator.GREATER_THAN_OR_EQUAL, value, low),
              Expressions.compare(ComparisonOperator.LESS_THAN_OR_EQUAL, value, high));
      return between.isNot() ? Expressions.not(both) : both;
    }

    private Expr like(LikeExpression like) {
      String keyword = String.valueOf(like.getLikeKeyWord());
      boolean ignoreCase = keyword.equals("ILIKE");
      if (!keyword.equals("LIKE") && !ignoreCase) {
        return opaque(like, keyword);
      }
      if (like.getEscape() != null) {
        Expression escape = unwrap(like.getEscape());
        if (!(escape instanceof StringValue string) || !string.getValue().equals("\\")) {
          return opaque(like, "LIKE with an ESCAPE character other than backslash");
        }
      }
      Expr value = convert(like.getLeftExpression());
      Expr pattern = convert(like.getRightExpression());
      Expr result =
          ignoreCase
              ? Expressions.likeIgnoringCase(value, pattern)
              : Expressions.like(value, pattern);
      return like.isNot() ? Expressions.not(result) : result;
    }

    private Expr in(InExpression in) {
      Expression right = in.getRightExpression();
      Expr result;
      if (right instanceof ParenthesedSelect select) {
        Optional<Expr> found = lookup(select, Optional.of(in.getLeftExpression()));
        if (found.isEmpty()) {
          return opaque(in, "an IN subquery that is not a single mapping-table lookup");
        }
        result = found.get();
      } else if (right instanceof ExpressionList<?> list && !list.isEmpty()) {
        result = Expressions.in(convert(in.getLeftExpression()), list(list));
      } else {
        return opaque(in, "an IN over something other than a list or a subquery");
      }
      return in.isNot() ? Expressions.not(result) : result;
    }

    private Expr exists(ExistsExpression exists) {
      Expression right = unwrap(exists.getRightExpression());
      if (!(right instanceof ParenthesedSelect select)) {
        return opaque(exists, "EXISTS over something other than a subquery");
      }
      Optional<Expr> found = lookup(select, Optional.empty());
      if (found.isEmpty()) {
        return opaque(exists, "an EXISTS subquery that is not a single mapping-table lookup");
      }
      return exists.isNot() ? Expressions.not(found.get()) : found.get();
    }

    /**
     * A mapping-table subquery as a Lookup: one table in FROM, no joins, grouping, set operation,
     * ordering or limit, and (for IN) a single column of that table selected. Empty otherwise.
     */
    private Optional<Expr> lookup(ParenthesedSelect parenthesed, Optional<Expression> probe) {
      if (lookup.isPresent()) {
        return Optional.empty();
      }
      Select select = parenthesed.getSelect();
      if (!(select instanceof PlainSelect plain)) {
        return Optional.empty();
      }
      if (!(plain.getFromItem() instanceof Table from)
          || (plain.getJoins() != null && !plain.getJoins().isEmpty())
          || plain.getGroupBy() != null
          || plain.getHaving() != null
          || plain.getLimit() != null
          || plain.getOffset() != null
          || plain.getFetch() != null
          || plain.getQualify() != null
          || plain.getTop() != null
          || (plain.getWithItemsList() != null && !plain.getWithItemsList().isEmpty())
          || (plain.getOrderByElements() != null && !plain.getOrderByElements().isEmpty())
          || from.getPivot() != null
          || from.getSampleClause() != null) {
        return Optional.empty();
      }
      List<String> parts = identifiers().splitQualified(from.getFullyQualifiedName());
      if (parts.isEmpty() || parts.size() > 3) {
        return Optional.empty();
      }
      Securable table = securable(parts);
      String tableName = parts.get(parts.size() - 1);
      Set<String> qualifiers = new LinkedHashSet<>();
      String alias;
      if (from.getAlias() != null && from.getAlias().getName() != null) {
        if (from.getAlias().getAliasColumns() != null
            && !from.getAlias().getAliasColumns().isEmpty()) {
          return Optional.empty();
        }
        alias = identifiers().normalise(from.getAlias().getName());
        qualifiers.add(alias);
      } else {
        alias = tableName;
        qualifiers.add(tableName);
        qualifiers.add(String.join(".", parts));
      }
      Optional<String> selectedColumn = Optional.empty();
      if (probe.isPresent()) {
        List<SelectItem<?>> items = plain.getSelectItems();
        if (items == null || items.size() != 1) {
          return Optional.empty();
        }
        Expression item = unwrap(items.get(0).getExpression());
        if (!(item instanceof Column column)) {
          return Optional.empty();
        }
        Table itemTable = column.getTable();
        String itemQualifier = itemTable == null ? null : itemTable.getFullyQualifiedName();
        if (itemQualifier != null
            && !itemQualifier.isBlank()
            && !qualifiers.contains(
                String.join(".", identifiers().splitQualified(itemQualifier)))) {
          return Optional.empty();
        }
        selectedColumn = Optional.of(identifiers().normalise(column.getColumnName()));
      }
      Expr probeExpr = probe.isPresent() ? convert(probe.get()) : null;
      LookupContext context = new LookupContext(table, alias, qualifiers, scope.columnsOf(table));
      Expr condition;
      lookup = Optional.of(context);
      try {
        condition = plain.getWhere() == null ? Expressions.alwaysTrue() : convert(plain.getWhere());
      } finally {
        lookup = Optional.empty();
      }
      if (probeExpr == null) {
        return Optional.of(Expressions.exists(table, alias, condition));
      }
      return Optional.of(
          Expressions.inLookup(probeExpr, table, alias, selectedColumn.get(), condition));
    }

    private Securable securable(List<String> parts) {
      return QualifiedName.table(parts, identifiers());
    }

    private Expr caseWhen(CaseExpression caseExpression) {
      Expr subject =
          caseExpression.getSwitchExpression() == null
              ? null
              : convert(caseExpression.getSwitchExpression());
      List<Expr.WhenClause> clauses = new ArrayList<>();
      for (WhenClause clause : caseExpression.getWhenClauses()) {
        Expr when = convert(clause.getWhenExpression());
        Expr condition = subject == null ? when : Expressions.equal(subject, when);
        clauses.add(Expressions.when(condition, convert(clause.getThenExpression())));
      }
      Expr otherwise =
          caseExpression.getElseExpression() == null
              ? Expressions.nullLiteral()
              : convert(caseExpression.getElseExpression());
      return Expressions.caseWhen(clauses, otherwise);
    }

    private Optional<ArithmeticOperator> arithmeticOperator(Expression expression) {
      if (expression instanceof Addition) {
        return Optional.of(ArithmeticOperator.ADD);
      }
      if (expression instanceof Subtraction) {
        return Optional.of(ArithmeticOperator.SUBTRACT);
      }
      if (expression instanceof Multiplication) {
        return Optional.of(ArithmeticOperator.MULTIPLY);
      }
      if (expression instanceof Division) {
        return Optional.of(ArithmeticOperator.DIVIDE);
      }
      if (expression instanceof Modulo) {
        return Optional.of(ArithmeticOperator.MODULUS);
      }
      return Optional.empty();
    }

    private Expr function(Function function) {
      List<String> nameParts =
          function.getMultipartName() == null || function.getMultipartName().isEmpty()
              ? List.of(function.getName())
              : function.getMultipartName();
      String name = String.join(".", identifiers().normalise(nameParts));
      String written = function.getName();
      if (function.isAllColumns()
          || function.isDistinct()
          || function.isUnique()
          || function.getKeep() != null
          || function.getNamedParameters() != null
          || function.getAttribute() != null
          || function.getHavingClause() != null
          || function.getNullHandling() != null
          || (function.getOrderByElements() != null && !function.getOrderByElements().isEmpty())
          || function.getLimit() != null) {
        return opaque(function, "the call of " + written + " with modifiers");
      }
      ExpressionList<?> parameters = function.getParameters();
      boolean noArguments = parameters == null || parameters.isEmpty();
      Optional<Expr> alias = aliases.resolve(name);
      if (alias.isPresent()) {
        if (noArguments) {
          return alias.get();
        }
        return opaque(function, "a call of the aliased function " + name + " with arguments");
      }
      Optional<SqlDialect.FunctionRule> rule = parser.dialect().identityFunction(name);
      Optional<String> canonical = parser.dialect().canonicalFunction(name);
      if (rule.isEmpty() && canonical.isEmpty()) {
        return opaque(function, "the function " + name);
      }
      if (parameters == null && !function.toString().matches("(?s).*\\(\\s*\\)\\s*$")) {
        return opaque(function, "the call of " + name + " with keyword arguments");
      }
      List<Expr> arguments = new ArrayList<>();
      if (!noArguments) {
        for (Expression argument : parameters) {
          arguments.add(convert(argument));
        }
      }
      if (rule.isPresent()) {
        Optional<Expr> converted = rule.get().convert(arguments);
        if (converted.isPresent()) {
          return converted.get();
        }
        return opaque(function, "this form of " + name);
      }
      return Expressions.function(canonical.get(), arguments);
    }

    private Expr opaque(Expression node, String construct) {
      String sql = canonicalSql(node);
      // The position is in the loss's origin (file and line of the statement); the reason stays
      // free of it so that two spellings of one policy give equal losses.
      losses.add(loss("not understood: " + construct + " in " + sql + "; evaluated as unknown"));
      return Expressions.opaque(parser.dialect().system(), sql);
    }

    private Loss loss(String reason) {
      return new Loss(scope.origin(), reason, LossDirection.UNKNOWN);
    }
  }

  /**
   * The SQL of a node as JSqlParser prints it, with select-list aliases that only repeat the
   * default name dropped ({@code SELECT f() AS f}, as {@code pg_get_expr} writes it), so that the
   * same construct has one spelling from a script and from the catalog.
   */
  private static String canonicalSql(Expression node) {
    Expression select = null;
    if (node instanceof InExpression in) {
      select = in.getRightExpression();
    } else if (node instanceof ExistsExpression exists) {
      select = exists.getRightExpression();
    }
    if (select instanceof ParenthesedSelect parenthesed
        && parenthesed.getSelect() instanceof PlainSelect plain
        && plain.getSelectItems() != null) {
      for (SelectItem<?> item : plain.getSelectItems()) {
        if (item.getAlias() != null && item.getExpression() instanceof Function function) {
          List<String> parts = function.getMultipartName();
          String last =
              parts == null || parts.isEmpty() ? function.getName() : parts.get(parts.size() - 1);
          if (last != null && item.getAlias().getName().equalsIgnoreCase(last)) {
            item.setAlias(null);
          }
        }
      }
    }
    return node.toString().replaceAll("\\s+", " ").trim();
  }

  private static String describe(Expression expression) {
    String type = expression.getClass().getSimpleName();
    return switch (type) {
      case "ArrayConstructor", "ArrayExpression" -> "an array";
      case "JsonExpression", "JsonFunction", "JsonAggregateFunction" -> "a JSON operator";
      case "AnalyticExpression" -> "a window function";
      case "ParenthesedSelect", "Select", "PlainSelect" -> "a subquery";
      case "RegExpMatchOperator", "SimilarToExpression" -> "a regular-expression match";
      case "JdbcParameter", "JdbcNamedParameter" -> "a parameter";
      case "IntervalExpression" -> "an interval";
      case "TimeKeyExpression" -> "a current date/time value";
      default -> "the construct " + type;
    };
  }
}
