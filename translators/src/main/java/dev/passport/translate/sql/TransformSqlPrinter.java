package dev.passport.translate.sql;

import static java.util.Objects.requireNonNull;

import dev.passport.model.DateUnit;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.FillMode;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.PassportException;
import dev.passport.model.SaltScope;
import dev.passport.model.Transform;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.translate.iceberg.IcebergSchema;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One SQL expression per {@link Transform} and dialect, written to give the same value as {@link
 * dev.passport.model.evaluation.Transforms} does in the JVM, so that data masked by the rewritten
 * query, view or policy and data masked in the JVM are byte-identical. Every expression maps NULL
 * to NULL. The PostgreSQL forms are proved against a real server (in the enforcement module's
 * tests), the Spark SQL forms on a real Spark 3.5 (the engine-spark module); the others follow each
 * engine's documentation and are not run here. This is the one printer of transforms: the query
 * rewriter, the OPA, Trino-rules and secure-view translators all use it.
 *
 * <p>Text transforms (hash, partial, character masking, e-mail, regex) work on the value's text: a
 * text column as it is, anything else cast to the dialect's text type (so numbers, dates and
 * booleans must print as {@code Transforms.text} prints them: plain decimals, ISO dates). The Trino
 * forms are run on a real Trino in the engine-trino module: a timestamp's text there is trimmed to
 * the evaluator's form, and text transforms of doubles and zoned timestamps are refused.
 */
public final class TransformSqlPrinter {
  private static final String EMAIL_MASK = "*****";
  private static final Pattern TEXT_TYPE =
      Pattern.compile(
          "(?i)\\s*(text|string|varchar|char|character|character varying|nvarchar|nchar|bpchar)"
              + "\\s*(\\(\\s*\\d+\\s*\\))?\\s*");
  private static final Pattern DATE_TYPE = Pattern.compile("(?i)\\s*date\\s*");
  // Types are copied into CAST(NULL AS …); anything outside this shape is not trusted as SQL.
  private static final Pattern SAFE_TYPE =
      Pattern.compile("[A-Za-z][A-Za-z0-9_ ]*(\\(\\d+(,\\d+)?\\))?");

  private TransformSqlPrinter() {}

  /**
   * The transform applied to {@code columnSql} (an already quoted column reference).
   *
   * @param columnType the column's type as the schema gives it, when known: it decides whether the
   *     value needs a cast to text and whether a truncated date stays a date
   * @param salt the salt of salted hashes ({@link SaltScope#GLOBAL}, {@link SaltScope#QUERY_LOCAL})
   * @throws PassportException NOT_SUPPORTED when the dialect cannot express the transform with the
   *     same result
   */
  public static String print(
      Transform transform,
      SqlDialect dialect,
      String columnSql,
      Optional<String> columnType,
      String salt) {
    requireNonNull(transform, "transform is null");
    requireNonNull(dialect, "dialect is null");
    requireNonNull(columnSql, "columnSql is null");
    requireNonNull(columnType, "columnType is null");
    requireNonNull(salt, "salt is null");
    switch (transform.kind()) {
      case IDENTITY:
        return columnSql;
      case NULLIFY:
        return typedNull(dialect, columnType);
      case CONSTANT:
        return "CASE WHEN "
            + columnSql
            + " IS NULL THEN NULL ELSE "
            + ExpressionPrinter.print(((Transform.Constant) transform).value(), dialect)
            + " END";
      case HASH:
        return hash(
            (Transform.Hash) transform, dialect, text(columnSql, columnType, dialect), salt);
      case PARTIAL:
        return partial(
            (Transform.Partial) transform, dialect, text(columnSql, columnType, dialect));
      case MASK_CHARACTERS:
        return maskCharacters(dialect, text(columnSql, columnType, dialect));
      case EMAIL:
        return email(dialect, text(columnSql, columnType, dialect));
      case REGEX_REPLACE:
        {
          Transform.RegexReplace regex = (Transform.RegexReplace) transform;
          // The printer owns the per-dialect replacement syntax ($1 vs \1, the g flag).
          String printed =
              ExpressionPrinter.print(
                  Expressions.function(
                      "regexp_replace",
                      Expressions.maskedValue(),
                      Expressions.literal(regex.pattern()),
                      Expressions.literal(regex.replacement())),
                  dialect,
                  Expressions.column(PLACEHOLDER));
          return printed.replace(PLACEHOLDER_SQL, text(columnSql, columnType, dialect));
        }
      case DATE_TRUNCATE:
        return dateTruncate((Transform.DateTruncate) transform, dialect, columnSql, columnType);
      case ROUND:
        return round(((Transform.Round) transform).digits(), dialect, columnSql, columnType);
      case EXPRESSION:
        {
          String printed =
              ExpressionPrinter.print(
                  ((Transform.Expression) transform).expression(),
                  dialect,
                  Expressions.column(PLACEHOLDER));
          return "CASE WHEN "
              + columnSql
              + " IS NULL THEN NULL ELSE "
              + printed.replace(PLACEHOLDER_SQL, columnSql)
              + " END";
        }
    }
    throw new AssertionError("unreachable: " + transform.kind());
  }

  /**
   * A column decision as one expression of {@code columnSql}: its transform, or a CASE over its
   * residual rules where the first TRUE condition wins (as {@link
   * dev.passport.model.evaluation.RowEvaluator#applyColumn} does) and the otherwise transform
   * applies when none holds.
   *
   * @throws PassportException NOT_SUPPORTED when a condition or transform has no form in the
   *     dialect with the same result
   */
  public static String print(
      ColumnDecision decision,
      SqlDialect dialect,
      String columnSql,
      Optional<String> columnType,
      String salt) {
    requireNonNull(decision, "decision is null");
    String otherwise = print(decision.otherwise(), dialect, columnSql, columnType, salt);
    if (decision.rules().isEmpty()) {
      return otherwise;
    }
    StringBuilder sql = new StringBuilder("CASE");
    for (ConditionalTransform rule : decision.rules()) {
      sql.append(" WHEN ")
          .append(
              ExpressionPrinter.print(rule.condition(), dialect, Expressions.column(PLACEHOLDER))
                  .replace(PLACEHOLDER_SQL, columnSql))
          .append(" THEN ")
          .append(print(rule.transform(), dialect, columnSql, columnType, salt));
    }
    return sql.append(" ELSE ").append(otherwise).append(" END").toString();
  }

  /**
   * The salt to print a decision with into an artifact stored ahead of any query (a view, a
   * policy): the deployment's global salt, or the empty string when no transform needs one.
   *
   * @throws PassportException NOT_SUPPORTED when a transform hashes with a salt drawn per query (no
   *     stored artifact can know it) or with the global salt when none was given
   */
  public static String storedSalt(ColumnDecision decision, Optional<String> globalSalt) {
    requireNonNull(decision, "decision is null");
    requireNonNull(globalSalt, "globalSalt is null");
    storedSalt(decision.otherwise(), globalSalt);
    for (ConditionalTransform rule : decision.rules()) {
      storedSalt(rule.transform(), globalSalt);
    }
    return globalSalt.orElse("");
  }

  private static void storedSalt(Transform transform, Optional<String> globalSalt) {
    if (!(transform instanceof Transform.Hash hash)) {
      return;
    }
    if (hash.salt() == SaltScope.QUERY_LOCAL) {
      throw new PassportException(
          ErrorCode.NOT_SUPPORTED, "A hash salted per query cannot be computed ahead of the query");
    }
    if (hash.salt() == SaltScope.GLOBAL && globalSalt.isEmpty()) {
      throw new PassportException(
          ErrorCode.NOT_SUPPORTED,
          "A hash with the deployment's global salt needs the salt (the translator's hashSalt)");
    }
  }

  // A column name no policy uses, printed bare by every dialect, swapped for the real column text.
  private static final String PLACEHOLDER = "passport_masked_value_placeholder";
  private static final String PLACEHOLDER_SQL = PLACEHOLDER;

  /** The value's text: the column itself when it is text already, else a cast to text. */
  private static String text(String columnSql, Optional<String> columnType, SqlDialect dialect) {
    if (columnType.isPresent() && TEXT_TYPE.matcher(columnType.get()).matches()) {
      return columnSql;
    }
    String icebergType = columnType.map(IcebergSchema::type).orElse("");
    boolean floating = icebergType.equals("double") || icebergType.equals("float");
    if (floating
        && (dialect == SqlDialect.SPARK
            || dialect == SqlDialect.HIVE
            || dialect == SqlDialect.TRINO)) {
      // All three write a floating-point value in its shortest Java form (1.0E-5,
      // 1.4285714285714285E-1,
      // -0.0) where the evaluator writes plain decimals: found by running them.
      throw notSupported("A text transform of a floating-point value", dialect);
    }
    if (dialect == SqlDialect.TRINO) {
      if (icebergType.equals("timestamptz")) {
        // Trino appends the zone's name; the evaluator's text of a zoned value is not proved.
        throw notSupported("A text transform of a timestamp with time zone", dialect);
      }
      if (icebergType.equals("timestamp")) {
        // Trino writes every digit of the precision (.500000, .000000); the evaluator trims the
        // fraction's trailing zeros and a zero fraction altogether.
        return "regexp_replace(regexp_replace(CAST("
            + columnSql
            + " AS varchar), "
            + literal("(\\.[0-9]*[1-9])0+$", dialect)
            + ", '$1'), "
            + literal("\\.0+$", dialect)
            + ", '')";
      }
    }
    String type =
        switch (dialect) {
          case POSTGRESQL -> "text";
          case REDSHIFT -> "varchar(65535)";
          case SNOWFLAKE -> "VARCHAR";
          case TRINO -> "varchar";
          case HIVE, SPARK -> "string";
        };
    return "CAST(" + columnSql + " AS " + type + ")";
  }

  private static String typedNull(SqlDialect dialect, Optional<String> columnType) {
    if (dialect == SqlDialect.TRINO) {
      // Trino coerces an untyped NULL to the column's type (a column mask must keep it exactly,
      // varchar(n) included), while a source type name (text, int4, NUMBER) is no Trino type.
      return "NULL";
    }
    if (dialect == SqlDialect.SPARK) {
      return "CAST(NULL AS " + sparkType(columnType) + ")";
    }
    if (columnType.isPresent() && SAFE_TYPE.matcher(columnType.get().trim()).matches()) {
      return "CAST(NULL AS " + columnType.get().trim() + ")";
    }
    return "NULL";
  }

  // Source type names (int4, character varying(20), timestamptz) are not Spark's; the Iceberg
  // type closest to the source type names the Spark one. A timestamp without time zone is NTZ.
  private static String sparkType(Optional<String> columnType) {
    String type = columnType.map(IcebergSchema::type).orElse("string");
    if (type.startsWith("decimal")) {
      return type.toUpperCase(Locale.ROOT);
    }
    return switch (type) {
      case "long" -> "BIGINT";
      case "int" -> "INT";
      case "boolean" -> "BOOLEAN";
      case "double" -> "DOUBLE";
      case "float" -> "FLOAT";
      case "date" -> "DATE";
      case "timestamp" -> "TIMESTAMP_NTZ";
      case "timestamptz" -> "TIMESTAMP";
      case "binary" -> "BINARY";
      default -> "STRING";
    };
  }

  private static String literal(String value, SqlDialect dialect) {
    return ExpressionPrinter.stringLiteral(value, dialect);
  }

  private static String hash(
      Transform.Hash hash, SqlDialect dialect, String text, String configuredSalt) {
    String salt = hash.salt() == SaltScope.NONE ? "" : configuredSalt;
    String input = salt.isEmpty() ? text : "(" + literal(salt, dialect) + " || " + text + ")";
    HashAlgorithm algorithm = hash.algorithm();
    switch (dialect) {
      case POSTGRESQL:
        return switch (algorithm) {
          case SHA256 -> "encode(sha256(convert_to(" + input + ", 'UTF8')), 'hex')";
          case SHA512 -> "encode(sha512(convert_to(" + input + ", 'UTF8')), 'hex')";
          case MD5 -> "md5(convert_to(" + input + ", 'UTF8'))";
          case SHA1 -> throw notSupported("SHA-1 (it needs pgcrypto)", dialect);
        };
      case TRINO:
        {
          String function =
              switch (algorithm) {
                case SHA256 -> "sha256";
                case SHA512 -> "sha512";
                case MD5 -> "md5";
                case SHA1 -> "sha1";
              };
          return "lower(to_hex(" + function + "(to_utf8(" + input + "))))";
        }
      case REDSHIFT:
      case SNOWFLAKE:
      case HIVE:
      case SPARK:
        {
          String call =
              switch (algorithm) {
                case SHA256 -> "sha2(" + input + ", 256)";
                case SHA512 -> "sha2(" + input + ", 512)";
                case MD5 -> "md5(" + input + ")";
                case SHA1 -> "sha1(" + input + ")";
              };
          // Snowflake and Redshift return lower-case hex already; lower() makes it certain.
          return "lower(" + upperIfSnowflake(call, dialect) + ")";
        }
    }
    throw new AssertionError("unreachable: " + dialect);
  }

  private static String upperIfSnowflake(String call, SqlDialect dialect) {
    if (dialect != SqlDialect.SNOWFLAKE) {
      return call;
    }
    int open = call.indexOf('(');
    return call.substring(0, open).toUpperCase(Locale.ROOT) + call.substring(open);
  }

  private static String partial(Transform.Partial partial, SqlDialect dialect, String text) {
    int keepFirst = partial.keepFirst();
    String length = length(dialect, text);
    // min(keepLast, length - keepFirst): what keepFirst left for the tail.
    String shownLast = "least(" + partial.keepLast() + ", " + length + " - " + keepFirst + ")";
    String fill;
    if (partial.mode() == FillMode.ONCE) {
      fill = literal(partial.fill(), dialect);
    } else {
      String hidden = "(" + length + " - " + keepFirst + " - " + shownLast + ")";
      fill = repeat(dialect, literal(partial.fill(), dialect), hidden);
    }
    return "CASE WHEN "
        + length
        + " <= "
        + keepFirst
        + " THEN "
        + text
        + " ELSE "
        + left(dialect, text, String.valueOf(keepFirst))
        + " || "
        + fill
        + " || "
        + right(dialect, text, shownLast)
        + " END";
  }

  private static String length(SqlDialect dialect, String text) {
    return dialect == SqlDialect.SNOWFLAKE ? "LENGTH(" + text + ")" : "length(" + text + ")";
  }

  private static String repeat(SqlDialect dialect, String fill, String count) {
    if (dialect == SqlDialect.TRINO) {
      // Trino has no repeat for strings; padding the empty string repeats a one-character fill.
      return "lpad('', " + count + ", " + fill + ")";
    }
    return "repeat(" + fill + ", " + count + ")";
  }

  private static String left(SqlDialect dialect, String text, String count) {
    if (dialect == SqlDialect.TRINO || dialect == SqlDialect.HIVE) {
      return "substr(" + text + ", 1, " + count + ")";
    }
    return "left(" + text + ", " + count + ")";
  }

  private static String right(SqlDialect dialect, String text, String count) {
    if (dialect == SqlDialect.TRINO || dialect == SqlDialect.HIVE) {
      // A start one past the end gives the empty string, as right(v, 0) does.
      return "substr(" + text + ", " + length(dialect, text) + " - " + count + " + 1)";
    }
    return "right(" + text + ", " + count + ")";
  }

  private static String maskCharacters(SqlDialect dialect, String text) {
    // Upper case first: the X it writes is not lower case, so the second pass leaves it.
    String upper;
    String lower;
    String digit;
    String flags;
    switch (dialect) {
      case POSTGRESQL:
        upper = "[[:upper:]]";
        lower = "[[:lower:]]";
        digit = "[[:digit:]]";
        flags = ", 'g'";
        break;
      case REDSHIFT:
      case SNOWFLAKE:
        upper = "[[:upper:]]";
        lower = "[[:lower:]]";
        digit = "[[:digit:]]";
        flags = "";
        break;
      case TRINO:
        upper = "\\p{Lu}";
        lower = "\\p{Ll}";
        digit = "\\p{Nd}";
        flags = "";
        break;
      case HIVE:
      case SPARK:
        // Java's own classes: exactly Character.isUpperCase, isLowerCase, isDigit.
        upper = "\\p{javaUpperCase}";
        lower = "\\p{javaLowerCase}";
        digit = "\\p{javaDigit}";
        flags = "";
        break;
      default:
        throw new AssertionError("unreachable: " + dialect);
    }
    String name = dialect == SqlDialect.SNOWFLAKE ? "REGEXP_REPLACE" : "regexp_replace";
    String result = text;
    result = name + "(" + result + ", " + literal(upper, dialect) + ", 'X'" + flags + ")";
    result = name + "(" + result + ", " + literal(lower, dialect) + ", 'x'" + flags + ")";
    result = name + "(" + result + ", " + literal(digit, dialect) + ", '0'" + flags + ")";
    return result;
  }

  private static String email(SqlDialect dialect, String text) {
    // The tail from the last @ is as long as the position of the first @ in the reversed text.
    String position =
        switch (dialect) {
          case POSTGRESQL, REDSHIFT, TRINO -> "strpos(reverse(" + text + "), '@')";
          case SNOWFLAKE -> "POSITION('@', REVERSE(" + text + "))";
          case HIVE, SPARK -> "instr(reverse(" + text + "), '@')";
        };
    String mask = literal(EMAIL_MASK, dialect);
    return "CASE WHEN "
        + position
        + " = 0 THEN "
        + mask
        + " ELSE "
        + mask
        + " || "
        + right(dialect, text, position)
        + " END";
  }

  private static String dateTruncate(
      Transform.DateTruncate truncate,
      SqlDialect dialect,
      String columnSql,
      Optional<String> columnType) {
    String unit = truncate.unit().name().toLowerCase(Locale.ROOT);
    boolean date = columnType.isPresent() && DATE_TYPE.matcher(columnType.get()).matches();
    if (date) {
      switch (truncate.unit()) {
        case HOUR:
        case MINUTE:
        case SECOND:
        case DAY:
          // Finer than a day leaves a date as it is.
          return columnSql;
        default:
          break;
      }
    }
    if (date && dialect == SqlDialect.SPARK) {
      // trunc keeps the date type (date_trunc would return a timestamp).
      return "trunc(" + columnSql + ", " + literal(truncate.unit().name(), dialect) + ")";
    }
    if (dialect == SqlDialect.TRINO
        && (columnType.isEmpty() || date)
        && truncate.unit().compareTo(DateUnit.DAY) <= 0) {
      // Trino's date_trunc returns the type it is given: a date stays a date, a timestamp a
      // timestamp, so units of a day or more need neither the type nor a cast.
      return "date_trunc(" + literal(unit, dialect) + ", " + columnSql + ")";
    }
    if (columnType.isEmpty()) {
      throw notSupported(
          "Truncating a date or timestamp whose column type is unknown (the result type differs)",
          dialect);
    }
    if (dialect == SqlDialect.SPARK && IcebergSchema.type(columnType.get()).equals("timestamp")) {
      return sparkTruncateLocal(truncate.unit(), columnSql);
    }
    String truncated =
        switch (dialect) {
          case POSTGRESQL, REDSHIFT, TRINO ->
              "date_trunc(" + literal(unit, dialect) + ", " + columnSql + ")";
          case SNOWFLAKE ->
              "DATE_TRUNC("
                  + literal(unit.toUpperCase(Locale.ROOT), dialect)
                  + ", "
                  + columnSql
                  + ")";
          case SPARK -> "date_trunc(" + literal(unit, dialect) + ", " + columnSql + ")";
          case HIVE -> throw notSupported("date_trunc", dialect);
        };
    if (date) {
      return "CAST("
          + truncated
          + " AS "
          + (dialect == SqlDialect.SNOWFLAKE ? "DATE" : "date")
          + ")";
    }
    return truncated;
  }

  /**
   * Truncation of a Spark TIMESTAMP_NTZ that stays one. Spark's date_trunc returns a TIMESTAMP
   * (with local time zone) whatever it is given, so it would change the column's type and, in a
   * session time zone with daylight saving, move wall-clock times that fall into a gap; casts
   * between TIMESTAMP_NTZ and DATE and the field functions of a TIMESTAMP_NTZ ignore the session
   * time zone.
   */
  private static String sparkTruncateLocal(DateUnit unit, String columnSql) {
    String fields =
        "year("
            + columnSql
            + "), month("
            + columnSql
            + "), day("
            + columnSql
            + "), hour("
            + columnSql
            + "), ";
    return switch (unit) {
      case YEAR, QUARTER, MONTH, WEEK ->
          "CAST(trunc(CAST(" + columnSql + " AS DATE), '" + unit.name() + "') AS TIMESTAMP_NTZ)";
      case DAY -> "CAST(CAST(" + columnSql + " AS DATE) AS TIMESTAMP_NTZ)";
      case HOUR -> "make_timestamp_ntz(" + fields + "0, 0)";
      case MINUTE -> "make_timestamp_ntz(" + fields + "minute(" + columnSql + "), 0)";
      case SECOND ->
          "make_timestamp_ntz(" + fields + "minute(" + columnSql + "), second(" + columnSql + "))";
    };
  }

  private static String round(
      int digits, SqlDialect dialect, String columnSql, Optional<String> columnType) {
    String numeric =
        switch (dialect) {
          case POSTGRESQL, REDSHIFT -> "CAST(" + columnSql + " AS numeric)";
          case SNOWFLAKE -> "CAST(" + columnSql + " AS NUMBER(38, 18))";
          // Trino's and Spark's round are half-up on decimals already.
          case TRINO, HIVE -> columnSql;
          case SPARK -> sparkRoundable(digits, columnSql, columnType);
        };
    return (dialect == SqlDialect.SNOWFLAKE ? "ROUND(" : "round(") + numeric + ", " + digits + ")";
  }

  /**
   * Spark rounds an integer to tens or more in its own type and wraps on overflow (round of the
   * largest bigint to thousands is negative), where the evaluator's decimal is exact: found by
   * running it. A decimal wide enough for any integer cannot overflow.
   */
  private static String sparkRoundable(int digits, String columnSql, Optional<String> columnType) {
    if (digits >= 0) {
      return columnSql;
    }
    if (columnType.isEmpty()) {
      throw notSupported(
          "Rounding to tens or more a column whose type is unknown (an integer would overflow)",
          SqlDialect.SPARK);
    }
    String type = IcebergSchema.type(columnType.get());
    return type.equals("int") || type.equals("long")
        ? "CAST(" + columnSql + " AS DECIMAL(20, 0))"
        : columnSql;
  }

  private static PassportException notSupported(String what, SqlDialect dialect) {
    return new PassportException(
        ErrorCode.NOT_SUPPORTED,
        what + " cannot be written in " + dialect.system().displayName() + " with the same result");
  }
}
