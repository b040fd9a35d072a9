package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.RoleScope;
import dev.passport.model.SystemKind;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dialect hooks of the shared SQL layer: lexical rules (for {@link SqlLexer} and {@link
 * SqlScriptSplitter}), identifier case folding, the identity values and functions that become model
 * context values, and the function names that map to canonical functions. {@link
 * SqlExpressionConverter} consults it for everything that differs between systems, so a new dialect
 * (Snowflake: upper-case folding, {@code CURRENT_ROLE()} as {@code PRIMARY}, {@code
 * IS_ROLE_IN_SESSION}) is a new instance built with {@link #builder(SystemKind)}, not a new
 * converter.
 *
 * <p>Names given to the lookups are normalised, dotted, lower case for the lower-folding dialects
 * ({@code pg_has_role}, {@code pg_catalog.pg_has_role}).
 */
public final class SqlDialect {
  /** Converts the arguments of an identity function; empty when the call is not understood. */
  @FunctionalInterface
  public interface FunctionRule {
    /**
     * The model expression for a call with these (already converted) arguments, or empty when this
     * form of the call is not understood (it then becomes an {@link Expr.Opaque}).
     */
    Optional<Expr> convert(List<Expr> arguments);
  }

  // Declared before the dialects below, whose initialisers read it.
  private static final List<String> COMMON_FUNCTIONS =
      List.of(
          "lower",
          "upper",
          "substring",
          "left",
          "right",
          "length",
          "coalesce",
          "nullif",
          "trim",
          "ltrim",
          "rtrim",
          "btrim",
          "concat",
          "replace",
          "regexp_replace",
          "lpad",
          "rpad",
          "split_part",
          "strpos",
          "md5",
          "sha2",
          "abs",
          "round",
          "floor",
          "ceil",
          "greatest",
          "least",
          "date_trunc",
          "reverse",
          "repeat");

  /** PostgreSQL. */
  public static final SqlDialect POSTGRESQL = postgresqlFamily(SystemKind.POSTGRESQL).build();

  /** Greenplum 7, PostgreSQL 12 underneath. */
  public static final SqlDialect GREENPLUM = postgresqlFamily(SystemKind.GREENPLUM).build();

  /** Amazon Redshift. */
  public static final SqlDialect REDSHIFT = redshift();

  /**
   * Snowflake: unquoted names fold to upper case; {@code CURRENT_ROLE()} is the primary role,
   * {@code IS_ROLE_IN_SESSION}, {@code IS_DATABASE_ROLE_IN_SESSION} and {@code
   * IS_GRANTED_TO_INVOKER_ROLE} test the role in session scope; {@code INVOKER_ROLE()}, {@code
   * CURRENT_ACCOUNT()} and {@code INVOKER_SHARE()}, which the model has no node for, are the
   * session attributes {@link #SNOWFLAKE_INVOKER_ROLE}, {@link #SNOWFLAKE_CURRENT_ACCOUNT} and
   * {@link #SNOWFLAKE_INVOKER_SHARE}; {@code SYSTEM$GET_TAG_ON_CURRENT_COLUMN} is a column tag
   * value; {@code IFF} and {@code DECODE} are CASEs; {@code DATE_FROM_PARTS} of literals is a date.
   */
  public static final SqlDialect SNOWFLAKE = snowflake();

  /**
   * Spark SQL's lexical rules (backslash escapes in {@code '…'} and {@code "…"} strings, {@code
   * `…`} identifiers, raw strings, nested block comments, {@code --} comments continued by a
   * line-ending backslash), each checked on Spark 3.5; no functions. For reading statements, not
   * policies.
   */
  public static final SqlDialect SPARK =
      builder(SystemKind.SPARK)
          .backslashEscapes(true)
          .hiveQuoting(true)
          .rawStrings(true)
          .nestedBlockComments(true)
          .lineCommentContinuation(true)
          .build();

  /** Hive's lexical rules: Spark's without raw strings, nesting or continued comments. */
  public static final SqlDialect HIVE =
      builder(SystemKind.HIVE).backslashEscapes(true).hiveQuoting(true).build();

  /** The session attribute standing for Snowflake {@code INVOKER_ROLE()}. */
  public static final String SNOWFLAKE_INVOKER_ROLE = "snowflake.invoker_role";

  /** The session attribute standing for Snowflake {@code CURRENT_ACCOUNT()}. */
  public static final String SNOWFLAKE_CURRENT_ACCOUNT = "snowflake.current_account";

  /** The session attribute standing for Snowflake {@code INVOKER_SHARE()}. */
  public static final String SNOWFLAKE_INVOKER_SHARE = "snowflake.invoker_share";

  private final SystemKind system;
  private final IdentifierNormaliser identifiers;
  private final boolean nestedBlockComments;
  private final boolean escapeStrings;
  private final boolean dollarQuotes;
  private final boolean psqlMetaCommands;
  private final boolean backslashEscapes;
  private final boolean hiveQuoting;
  private final boolean doubleSlashComments;
  private final boolean rawStrings;
  private final boolean lineCommentContinuation;
  private final Map<String, Expr> identityValues;
  private final Map<String, FunctionRule> identityFunctions;
  private final Map<String, String> canonicalFunctions;

  private SqlDialect(Builder builder) {
    this.system = builder.system;
    this.identifiers = builder.identifiers;
    this.nestedBlockComments = builder.nestedBlockComments;
    this.escapeStrings = builder.escapeStrings;
    this.dollarQuotes = builder.dollarQuotes;
    this.psqlMetaCommands = builder.psqlMetaCommands;
    this.backslashEscapes = builder.backslashEscapes;
    this.hiveQuoting = builder.hiveQuoting;
    this.doubleSlashComments = builder.doubleSlashComments;
    this.rawStrings = builder.rawStrings;
    this.lineCommentContinuation = builder.lineCommentContinuation;
    this.identityValues = Collections.unmodifiableMap(new LinkedHashMap<>(builder.identityValues));
    this.identityFunctions =
        Collections.unmodifiableMap(new LinkedHashMap<>(builder.identityFunctions));
    this.canonicalFunctions =
        Collections.unmodifiableMap(new LinkedHashMap<>(builder.canonicalFunctions));
  }

  /**
   * The dialect of a system.
   *
   * @throws IllegalArgumentException for a system this layer has no dialect for
   */
  public static SqlDialect of(SystemKind system) {
    requireNonNull(system, "system is null");
    return switch (system) {
      case POSTGRESQL -> POSTGRESQL;
      case GREENPLUM -> GREENPLUM;
      case REDSHIFT -> REDSHIFT;
      case SNOWFLAKE -> SNOWFLAKE;
      default -> throw new IllegalArgumentException("No SQL dialect for " + system.displayName());
    };
  }

  /** An empty builder: lower-case folding, no identity functions, no canonical functions. */
  public static Builder builder(SystemKind system) {
    return new Builder(system);
  }

  /** A builder holding this dialect's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder builder = new Builder(system);
    builder.identifiers = identifiers;
    builder.nestedBlockComments = nestedBlockComments;
    builder.escapeStrings = escapeStrings;
    builder.dollarQuotes = dollarQuotes;
    builder.psqlMetaCommands = psqlMetaCommands;
    builder.backslashEscapes = backslashEscapes;
    builder.hiveQuoting = hiveQuoting;
    builder.doubleSlashComments = doubleSlashComments;
    builder.rawStrings = rawStrings;
    builder.lineCommentContinuation = lineCommentContinuation;
    builder.identityValues.putAll(identityValues);
    builder.identityFunctions.putAll(identityFunctions);
    builder.canonicalFunctions.putAll(canonicalFunctions);
    return builder;
  }

  public SystemKind system() {
    return system;
  }

  public IdentifierNormaliser identifiers() {
    return identifiers;
  }

  /** Whether block comments nest ({@code /* /* *\/ *\/}), as in PostgreSQL. */
  public boolean nestedBlockComments() {
    return nestedBlockComments;
  }

  /** Whether {@code E'…'} strings with backslash escapes exist. */
  public boolean escapeStrings() {
    return escapeStrings;
  }

  /** Whether {@code $$…$$} and {@code $tag$…$tag$} quote strings. */
  public boolean dollarQuotes() {
    return dollarQuotes;
  }

  /** Whether scripts may hold psql meta-command lines ({@code \connect}, {@code \set}). */
  public boolean psqlMetaCommands() {
    return psqlMetaCommands;
  }

  /**
   * Whether a backslash escapes the next character inside {@code '…'} strings ({@code 'a\\''} is
   * one literal), as in Snowflake, Redshift, Hive and Spark.
   */
  public boolean backslashEscapes() {
    return backslashEscapes;
  }

  /** Whether {@code //} starts a comment to the end of the line, as in Snowflake. */
  public boolean doubleSlashComments() {
    return doubleSlashComments;
  }

  /**
   * Whether strings and identifiers are quoted as Hive and Spark quote them: {@code '…'} and {@code
   * "…"} are both strings in which a backslash escapes the next character, and {@code `…`} (with
   * {@code ``} for a backtick) quotes an identifier.
   */
  public boolean hiveQuoting() {
    return hiveQuoting;
  }

  /** Whether {@code R'…'} and {@code R"…"} are raw strings, without escapes (Spark). */
  public boolean rawStrings() {
    return rawStrings;
  }

  /**
   * Whether a backslash that ends a {@code --} comment's line carries the comment on to the next
   * line, as Spark's lexer does ({@code '--' ('\\\n' | ~[\r\n])*}).
   */
  public boolean lineCommentContinuation() {
    return lineCommentContinuation;
  }

  /**
   * The context value of a keyword-like identity value written without parentheses ({@code
   * current_user}, {@code session_user}), by normalised name.
   */
  public Optional<Expr> identityValue(String name) {
    return Optional.ofNullable(identityValues.get(stripCatalogSchema(name)));
  }

  /** The rule for an identity function ({@code current_setting}, {@code pg_has_role}). */
  public Optional<FunctionRule> identityFunction(String name) {
    return Optional.ofNullable(identityFunctions.get(stripCatalogSchema(name)));
  }

  /**
   * The canonical name of a function the model knows ({@code substr} → {@code substring}), empty
   * for functions it does not.
   */
  public Optional<String> canonicalFunction(String name) {
    return Optional.ofNullable(canonicalFunctions.get(stripCatalogSchema(name)));
  }

  private String stripCatalogSchema(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("pg_catalog.")) {
      return lower.substring("pg_catalog.".length());
    }
    return lower;
  }

  /** Builds a {@link SqlDialect}. */
  public static final class Builder {
    private final SystemKind system;
    private IdentifierNormaliser identifiers = IdentifierNormaliser.LOWER_CASE;
    private boolean nestedBlockComments;
    private boolean escapeStrings;
    private boolean dollarQuotes;
    private boolean psqlMetaCommands;
    private boolean backslashEscapes;
    private boolean hiveQuoting;
    private boolean doubleSlashComments;
    private boolean rawStrings;
    private boolean lineCommentContinuation;
    private final Map<String, Expr> identityValues = new LinkedHashMap<>();
    private final Map<String, FunctionRule> identityFunctions = new LinkedHashMap<>();
    private final Map<String, String> canonicalFunctions = new LinkedHashMap<>();

    private Builder(SystemKind system) {
      this.system = requireNonNull(system, "system is null");
    }

    public Builder identifiers(IdentifierNormaliser newIdentifiers) {
      this.identifiers = requireNonNull(newIdentifiers, "identifiers is null");
      return this;
    }

    public Builder nestedBlockComments(boolean value) {
      this.nestedBlockComments = value;
      return this;
    }

    public Builder escapeStrings(boolean value) {
      this.escapeStrings = value;
      return this;
    }

    public Builder dollarQuotes(boolean value) {
      this.dollarQuotes = value;
      return this;
    }

    public Builder psqlMetaCommands(boolean value) {
      this.psqlMetaCommands = value;
      return this;
    }

    public Builder backslashEscapes(boolean value) {
      this.backslashEscapes = value;
      return this;
    }

    public Builder doubleSlashComments(boolean value) {
      this.doubleSlashComments = value;
      return this;
    }

    public Builder hiveQuoting(boolean value) {
      this.hiveQuoting = value;
      return this;
    }

    public Builder rawStrings(boolean value) {
      this.rawStrings = value;
      return this;
    }

    public Builder lineCommentContinuation(boolean value) {
      this.lineCommentContinuation = value;
      return this;
    }

    /** A keyword-like identity value, by lower-case name. */
    public Builder identityValue(String name, Expr value) {
      identityValues.put(name.toLowerCase(Locale.ROOT), requireNonNull(value, "value is null"));
      return this;
    }

    /** An identity function, by lower-case (possibly dotted) name. */
    public Builder identityFunction(String name, FunctionRule rule) {
      identityFunctions.put(name.toLowerCase(Locale.ROOT), requireNonNull(rule, "rule is null"));
      return this;
    }

    /** A function the model knows under {@code canonicalName}. */
    public Builder canonicalFunction(String name, String canonicalName) {
      canonicalFunctions.put(
          name.toLowerCase(Locale.ROOT), requireNonNull(canonicalName, "canonicalName is null"));
      return this;
    }

    public SqlDialect build() {
      return new SqlDialect(this);
    }
  }

  private static Builder common(SystemKind system) {
    Builder builder = builder(system).psqlMetaCommands(true).dollarQuotes(true);
    for (String name : COMMON_FUNCTIONS) {
      builder.canonicalFunction(name, name);
    }
    builder
        .canonicalFunction("substr", "substring")
        .canonicalFunction("char_length", "length")
        .canonicalFunction("character_length", "length")
        .canonicalFunction("ceiling", "ceil");
    builder
        .identityValue("current_user", Expressions.currentUser())
        .identityValue("session_user", Expressions.currentUser())
        .identityValue("user", Expressions.currentUser())
        .identityValue("current_role", Expressions.currentRole());
    return builder;
  }

  private static Builder postgresqlFamily(SystemKind system) {
    return common(system)
        .nestedBlockComments(true)
        .escapeStrings(true)
        .identityFunction("current_setting", SqlDialect::currentSetting)
        .identityFunction("pg_has_role", SqlDialect::pgHasRole);
  }

  private static SqlDialect redshift() {
    return common(SystemKind.REDSHIFT)
        .escapeStrings(false)
        // Redshift reads '…' as PostgreSQL 8 did: a backslash escapes (QUOTE_LITERAL doubles it).
        .backslashEscapes(true)
        .nestedBlockComments(false)
        .canonicalFunction("len", "length")
        .canonicalFunction("nvl", "coalesce")
        .canonicalFunction("textlen", "length")
        .identityFunction("current_setting", SqlDialect::currentSetting)
        .identityFunction("pg_has_role", SqlDialect::pgHasRole)
        .identityFunction("user_is_member_of", SqlDialect::userIsMemberOf)
        .build();
  }

  private static SqlDialect snowflake() {
    Builder builder =
        builder(SystemKind.SNOWFLAKE)
            .identifiers(IdentifierNormaliser.UPPER_CASE)
            .dollarQuotes(true)
            // Escape sequences in single-quoted string constants, and // line comments.
            .backslashEscapes(true)
            .doubleSlashComments(true);
    for (String name : COMMON_FUNCTIONS) {
      builder.canonicalFunction(name, name);
    }
    return builder
        .canonicalFunction("substr", "substring")
        .canonicalFunction("len", "length")
        .canonicalFunction("nvl", "coalesce")
        .canonicalFunction("ifnull", "coalesce")
        .canonicalFunction("ceiling", "ceil")
        .canonicalFunction("md5_hex", "md5")
        .canonicalFunction("sha2_hex", "sha2")
        .canonicalFunction("sha1", "sha1")
        .canonicalFunction("sha1_hex", "sha1")
        .canonicalFunction("year", "year")
        .canonicalFunction("quarter", "quarter")
        .canonicalFunction("month", "month")
        .canonicalFunction("day", "day")
        .canonicalFunction("regexp_like", "regexp_like")
        .canonicalFunction("startswith", "starts_with")
        .identityValue("current_user", Expressions.currentUser())
        .identityValue("current_role", Expressions.currentRole())
        .identityFunction("current_role", noArguments(Expressions.currentRole()))
        .identityFunction("current_user", noArguments(Expressions.currentUser()))
        .identityFunction(
            "invoker_role", noArguments(Expressions.sessionAttribute(SNOWFLAKE_INVOKER_ROLE)))
        .identityFunction(
            "current_account", noArguments(Expressions.sessionAttribute(SNOWFLAKE_CURRENT_ACCOUNT)))
        .identityFunction(
            "invoker_share", noArguments(Expressions.sessionAttribute(SNOWFLAKE_INVOKER_SHARE)))
        .identityFunction("is_role_in_session", SqlDialect::snowflakeRoleInSession)
        .identityFunction("is_database_role_in_session", SqlDialect::snowflakeRoleInSession)
        .identityFunction("is_granted_to_invoker_role", SqlDialect::snowflakeRoleInSession)
        .identityFunction("system$get_tag_on_current_column", SqlDialect::snowflakeColumnTag)
        .identityFunction("iff", SqlDialect::snowflakeIff)
        .identityFunction("decode", SqlDialect::snowflakeDecode)
        .identityFunction("date_from_parts", SqlDialect::snowflakeDateFromParts)
        .build();
  }

  private static FunctionRule noArguments(Expr value) {
    return arguments -> arguments.isEmpty() ? Optional.of(value) : Optional.empty();
  }

  /**
   * {@code IS_ROLE_IN_SESSION('r' | column)} and its database-role and invoker-role relatives. A
   * literal role name is an identifier written as a string, so it folds to upper case unless it is
   * double-quoted inside the string.
   */
  private static Optional<Expr> snowflakeRoleInSession(List<Expr> arguments) {
    if (arguments.size() != 1) {
      return Optional.empty();
    }
    Expr role = arguments.get(0);
    if (role instanceof Expr.StringLiteral literal && !literal.value().isBlank()) {
      String name = IdentifierNormaliser.UPPER_CASE.normalise(literal.value().trim());
      return Optional.of(Expressions.hasRole(Expressions.literal(name), RoleScope.IN_SESSION));
    }
    if (role instanceof Expr.Column) {
      return Optional.of(Expressions.hasRole(role, RoleScope.IN_SESSION));
    }
    return Optional.empty();
  }

  /** {@code SYSTEM$GET_TAG_ON_CURRENT_COLUMN('db.schema.tag')}: the tag named as an identifier. */
  private static Optional<Expr> snowflakeColumnTag(List<Expr> arguments) {
    if (arguments.size() != 1
        || !(arguments.get(0) instanceof Expr.StringLiteral tag)
        || tag.value().isBlank()) {
      return Optional.empty();
    }
    List<String> parts = IdentifierNormaliser.UPPER_CASE.splitQualified(tag.value().trim());
    return Optional.of(Expressions.columnTagValue(String.join(".", parts)));
  }

  /** {@code IFF(condition, then, else)} is a CASE with one arm. */
  private static Optional<Expr> snowflakeIff(List<Expr> arguments) {
    if (arguments.size() != 3) {
      return Optional.empty();
    }
    return Optional.of(
        Expressions.caseWhen(
            List.of(Expressions.when(arguments.get(0), arguments.get(1))), arguments.get(2)));
  }

  /**
   * {@code DECODE(value, search1, result1, …[, default])}: a CASE where a NULL search matches a
   * NULL value, as Snowflake's DECODE does.
   */
  private static Optional<Expr> snowflakeDecode(List<Expr> arguments) {
    if (arguments.size() < 3) {
      return Optional.empty();
    }
    Expr value = arguments.get(0);
    List<Expr.WhenClause> clauses = new ArrayList<>();
    int index = 1;
    while (index + 1 < arguments.size()) {
      Expr search = arguments.get(index);
      Expr condition =
          search instanceof Expr.NullLiteral
              ? Expressions.isNull(value)
              : Expressions.equal(value, search);
      clauses.add(Expressions.when(condition, arguments.get(index + 1)));
      index += 2;
    }
    Expr otherwise = index < arguments.size() ? arguments.get(index) : Expressions.nullLiteral();
    return Optional.of(Expressions.caseWhen(clauses, otherwise));
  }

  /**
   * {@code DATE_FROM_PARTS(y, m, d)} of integer literals is a date literal (the masked-date idiom
   * {@code DATE_FROM_PARTS(0001, 01, 01)}); of other arguments, the function kept by name.
   */
  private static Optional<Expr> snowflakeDateFromParts(List<Expr> arguments) {
    if (arguments.size() != 3) {
      return Optional.empty();
    }
    int[] parts = new int[3];
    for (int index = 0; index < 3; index++) {
      if (!(arguments.get(index) instanceof Expr.NumberLiteral number)) {
        return Optional.of(Expressions.function("date_from_parts", arguments));
      }
      try {
        parts[index] = number.value().intValueExact();
      } catch (ArithmeticException e) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(Expressions.literal(LocalDate.of(parts[0], parts[1], parts[2])));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code current_setting('name')} and {@code current_setting('name', missing_ok)}. Without {@code
   * missing_ok} PostgreSQL raises an error when the setting is absent, which a filter turns into
   * "no rows" just as the NULL of a missing {@link Expr.SessionAttribute} does.
   */
  private static Optional<Expr> currentSetting(List<Expr> arguments) {
    if (arguments.isEmpty() || arguments.size() > 2) {
      return Optional.empty();
    }
    if (!(arguments.get(0) instanceof Expr.StringLiteral name) || name.value().isBlank()) {
      return Optional.empty();
    }
    if (arguments.size() == 2 && !(arguments.get(1) instanceof Expr.BooleanLiteral)) {
      return Optional.empty();
    }
    return Optional.of(Expressions.sessionAttribute(name.value()));
  }

  /**
   * {@code pg_has_role([user,] role, privilege)} for the current user and the {@code MEMBER} or
   * {@code USAGE} privilege: both become a session-scope role test.
   */
  private static Optional<Expr> pgHasRole(List<Expr> arguments) {
    if (arguments.size() < 2 || arguments.size() > 3) {
      return Optional.empty();
    }
    if (arguments.size() == 3 && !(arguments.get(0) instanceof Expr.CurrentUser)) {
      return Optional.empty();
    }
    Expr role = arguments.get(arguments.size() - 2);
    Expr privilege = arguments.get(arguments.size() - 1);
    if (!(privilege instanceof Expr.StringLiteral privilegeName)) {
      return Optional.empty();
    }
    String wanted = privilegeName.value().trim().toLowerCase(Locale.ROOT);
    if (!wanted.equals("member") && !wanted.equals("usage")) {
      return Optional.empty();
    }
    if (!(role instanceof Expr.StringLiteral) && !(role instanceof Expr.Column)) {
      return Optional.empty();
    }
    return Optional.of(Expressions.hasRole(role, RoleScope.IN_SESSION));
  }

  /** Redshift {@code user_is_member_of(current_user, 'role_or_group')}. */
  private static Optional<Expr> userIsMemberOf(List<Expr> arguments) {
    if (arguments.size() != 2 || !(arguments.get(0) instanceof Expr.CurrentUser)) {
      return Optional.empty();
    }
    Expr role = arguments.get(1);
    if (!(role instanceof Expr.StringLiteral) && !(role instanceof Expr.Column)) {
      return Optional.empty();
    }
    return Optional.of(Expressions.hasRole(role, RoleScope.IN_SESSION));
  }
}
