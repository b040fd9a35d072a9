package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical type names for the PostgreSQL family and Redshift, as listed on {@link
 * dev.passport.model.Expr.Cast}: {@code text} and {@code character varying(10)} become {@code
 * varchar} and {@code varchar(10)}, {@code int4} becomes {@code integer}, {@code numeric(10,2)}
 * becomes {@code decimal(10,2)}. Types without a canonical equivalent keep their normalised
 * spelling (lower case, single spaces, {@code public.} and {@code pg_catalog.} dropped): {@code
 * timestamptz} and {@code timestamp with time zone} are both {@code timestamp with time zone}.
 */
public final class SqlTypes {
  private static final Pattern SHAPE =
      Pattern.compile("^([a-z_][a-z0-9_ ]*?)\\s*(\\(([^)]*)\\))?\\s*((?:\\[\\d*\\])*)$");
  private static final Pattern TIME_PRECISION =
      Pattern.compile("^(timestamp|time)\\s*\\(\\s*\\d+\\s*\\)(.*)$");

  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("text", "varchar"),
          Map.entry("varchar", "varchar"),
          Map.entry("character varying", "varchar"),
          Map.entry("char", "char"),
          Map.entry("character", "char"),
          Map.entry("bpchar", "char"),
          Map.entry("nchar", "char"),
          Map.entry("nvarchar", "varchar"),
          Map.entry("int", "integer"),
          Map.entry("int4", "integer"),
          Map.entry("integer", "integer"),
          Map.entry("serial", "integer"),
          Map.entry("serial4", "integer"),
          Map.entry("int8", "bigint"),
          Map.entry("bigint", "bigint"),
          Map.entry("bigserial", "bigint"),
          Map.entry("serial8", "bigint"),
          Map.entry("int2", "smallint"),
          Map.entry("smallint", "smallint"),
          Map.entry("smallserial", "smallint"),
          Map.entry("numeric", "decimal"),
          Map.entry("decimal", "decimal"),
          Map.entry("float8", "double"),
          Map.entry("double precision", "double"),
          Map.entry("float", "double"),
          Map.entry("float4", "real"),
          Map.entry("real", "real"),
          Map.entry("bool", "boolean"),
          Map.entry("boolean", "boolean"),
          Map.entry("date", "date"),
          Map.entry("timestamp", "timestamp"),
          Map.entry("timestamp without time zone", "timestamp"),
          Map.entry("timestamptz", "timestamp with time zone"),
          Map.entry("timestamp with time zone", "timestamp with time zone"),
          Map.entry("time", "time"),
          Map.entry("time without time zone", "time"),
          Map.entry("timetz", "time with time zone"),
          Map.entry("time with time zone", "time with time zone"),
          Map.entry("uuid", "uuid"),
          Map.entry("json", "json"),
          Map.entry("jsonb", "json"),
          Map.entry("bytea", "varbinary"),
          Map.entry("varbinary", "varbinary"));

  private SqlTypes() {}

  /** The canonical name of a type as written in the PostgreSQL family or Redshift. */
  public static String canonical(String spelling) {
    requireNonNull(spelling, "spelling is null");
    String type =
        spelling.trim().toLowerCase(Locale.ROOT).replace("\"", "").replaceAll("\\s+", " ");
    for (String prefix : new String[] {"pg_catalog.", "public."}) {
      if (type.startsWith(prefix)) {
        type = type.substring(prefix.length());
      }
    }
    Matcher precision = TIME_PRECISION.matcher(type);
    if (precision.matches()) {
      type = (precision.group(1) + precision.group(2)).trim();
    }
    Matcher matcher = SHAPE.matcher(type);
    if (!matcher.matches()) {
      return type;
    }
    String base = matcher.group(1).trim();
    String arguments = matcher.group(3);
    String array = matcher.group(4) == null ? "" : matcher.group(4).replaceAll("\\d", "");
    String name = NAMES.getOrDefault(base, base);
    if (arguments == null || name.equals("double") || name.equals("real")) {
      return name + array;
    }
    String cleaned = arguments.replaceAll("\\s+", "");
    if (name.equals("varchar") && cleaned.equalsIgnoreCase("max")) {
      return name + array;
    }
    return name + "(" + cleaned + ")" + array;
  }

  /**
   * Whether a canonical type holds text of any length: {@code varchar} without a length, or
   * PostgreSQL's {@code name}, which the catalog puts on role-name literals.
   */
  public static boolean isUnboundedText(String canonicalType) {
    return canonicalType.equals("varchar") || canonicalType.equals("name");
  }

  /** Whether a canonical type holds text. */
  public static boolean isText(String canonicalType) {
    return canonicalType.equals("varchar")
        || canonicalType.startsWith("varchar(")
        || canonicalType.equals("char")
        || canonicalType.startsWith("char(")
        || canonicalType.equals("citext")
        || canonicalType.equals("name");
  }

  /**
   * Where the type of a column definition ends: {@code element} holds the definition's tokens, the
   * column name first; the type runs until the first of the dialect's column-constraint words
   * outside parentheses ({@code NOT NULL}, {@code DEFAULT}, Redshift's {@code ENCODE} …).
   */
  public static int columnTypeEnd(List<SqlToken> element, Set<String> constraintWords) {
    int typeEnd = 1;
    int depth = 0;
    while (typeEnd < element.size()) {
      SqlToken token = element.get(typeEnd);
      if (depth == 0
          && token.kind() == SqlTokenKind.WORD
          && constraintWords.contains(token.lowerText())) {
        break;
      }
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      }
      typeEnd++;
    }
    return typeEnd;
  }

  /** The canonical type of a column definition whose type ends at {@code typeEnd}. */
  public static String columnType(List<SqlToken> element, String text, int typeEnd) {
    return typeEnd > 1
        ? canonical(text.substring(element.get(1).offset(), element.get(typeEnd - 1).end()))
        : "unknown";
  }
}
