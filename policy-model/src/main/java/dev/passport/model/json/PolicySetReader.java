package dev.passport.model.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passport.model.Action;
import dev.passport.model.ArithmeticOperator;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ColumnMask;
import dev.passport.model.CombinationRule;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.DateUnit;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.DefinitionKind;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.ExprKind;
import dev.passport.model.ExtractionMethod;
import dev.passport.model.FillMode;
import dev.passport.model.FilterKind;
import dev.passport.model.Grant;
import dev.passport.model.GrantEffect;
import dev.passport.model.GrantVia;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.Parameter;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalFlag;
import dev.passport.model.PrincipalKind;
import dev.passport.model.Privilege;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.RowSecurity;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.Source;
import dev.passport.model.Subject;
import dev.passport.model.SubjectKind;
import dev.passport.model.SystemKind;
import dev.passport.model.Table;
import dev.passport.model.Tag;
import dev.passport.model.TagAssignment;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import dev.passport.model.View;
import dev.passport.model.ViewOption;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Turns a parsed JSON tree into a {@link PolicySet}, strictly: every member is known, has the right
 * type and a valid value, or reading fails with the JSON path of the first problem.
 */
final class PolicySetReader {
  private static final List<String> LITERAL_KINDS =
      List.of(
          ExprKind.NULL_LITERAL.id(),
          ExprKind.STRING_LITERAL.id(),
          ExprKind.NUMBER_LITERAL.id(),
          ExprKind.BOOLEAN_LITERAL.id(),
          ExprKind.DATE_LITERAL.id(),
          ExprKind.TIMESTAMP_LITERAL.id());

  private final String sourceName;

  PolicySetReader(String sourceName) {
    this.sourceName = requireNonNull(sourceName, "sourceName is null");
  }

  /** Reads the root; the format version is checked before anything else. */
  PolicySet read(JsonNode root) {
    String path = JsonPaths.ROOT;
    if (!root.isObject()) {
      throw invalid(path, "expected an object, found " + describe(root));
    }
    checkVersion(root.get("passport"));
    Members members =
        new Members(
            root,
            path,
            "passport",
            "source",
            "principals",
            "tables",
            "grants",
            "definitions",
            "rowFilters",
            "columnMasks",
            "tags",
            "views",
            "losses");
    return construct(
        path,
        () ->
            new PolicySet(
                members.object("source", this::source),
                members.list("principals", this::principal),
                members.list("tables", this::table),
                members.list("grants", this::grant),
                members.list("definitions", this::definition),
                members.list("rowFilters", this::rowFilter),
                members.list("columnMasks", this::columnMask),
                members.list("tags", this::tag),
                members.list("views", this::view),
                members.list("losses", this::loss)));
  }

  private void checkVersion(JsonNode version) {
    String path = JsonPaths.member(JsonPaths.ROOT, "passport");
    if (version == null) {
      throw new PassportException(
          ErrorCode.UNSUPPORTED_FORMAT_VERSION,
          sourceName
              + ": "
              + path
              + ": no format version; this build reads version "
              + PolicySet.FORMAT_VERSION);
    }
    if (!version.isIntegralNumber()
        || !version.canConvertToInt()
        || version.intValue() != PolicySet.FORMAT_VERSION) {
      throw new PassportException(
          ErrorCode.UNSUPPORTED_FORMAT_VERSION,
          sourceName
              + ": "
              + path
              + ": format version "
              + version
              + " is not supported; this build reads version "
              + PolicySet.FORMAT_VERSION);
    }
  }

  private Source source(JsonNode node, String path) {
    Members members = new Members(node, path, "system", "locator", "method", "extractedAt");
    return construct(
        path,
        () ->
            new Source(
                members.system("system"),
                members.string("locator"),
                members.enumValue("method", ExtractionMethod.class),
                members.optionalTemporal(
                    "extractedAt", DateTimeFormatter.ISO_INSTANT, Instant::from)));
  }

  private Principal principal(JsonNode node, String path) {
    Members members =
        new Members(node, path, "name", "kind", "memberOf", "attributes", "flags", "origin");
    return construct(
        path,
        () ->
            new Principal(
                members.string("name"),
                members.enumValue("kind", PrincipalKind.class),
                members.stringList("memberOf"),
                members.stringMap("attributes"),
                members.enumSet("flags", PrincipalFlag.class),
                members.object("origin", this::origin)));
  }

  private Table table(JsonNode node, String path) {
    Members members = new Members(node, path, "name", "columns", "owner", "rowSecurity");
    return construct(
        path,
        () ->
            new Table(
                members.object("name", this::securable),
                members.list("columns", this::columnInfo),
                members.optionalString("owner"),
                members.object("rowSecurity", this::rowSecurity)));
  }

  private ColumnInfo columnInfo(JsonNode node, String path) {
    Members members = new Members(node, path, "name", "type", "nullable");
    return construct(
        path,
        () ->
            new ColumnInfo(
                members.string("name"), members.string("type"), members.bool("nullable")));
  }

  private RowSecurity rowSecurity(JsonNode node, String path) {
    Members members =
        new Members(
            node,
            path,
            "enabled",
            "combination",
            "noneApplicableMeansNoRows",
            "ownerExempt",
            "exempt");
    return construct(
        path,
        () ->
            new RowSecurity(
                members.bool("enabled"),
                members.enumValue("combination", CombinationRule.class),
                members.bool("noneApplicableMeansNoRows"),
                members.bool("ownerExempt"),
                members.object("exempt", this::subject)));
  }

  private Grant grant(JsonNode node, String path) {
    Members members =
        new Members(
            node,
            path,
            "grantee",
            "privileges",
            "securable",
            "effect",
            "withGrantOption",
            "via",
            "origin");
    return construct(
        path,
        () ->
            new Grant(
                members.object("grantee", this::subject),
                members.enumSet("privileges", Privilege.class),
                members.object("securable", this::securable),
                members.enumValue("effect", GrantEffect.class),
                members.bool("withGrantOption"),
                members.enumValue("via", GrantVia.class),
                members.object("origin", this::origin)));
  }

  private Definition definition(JsonNode node, String path) {
    Members members =
        new Members(node, path, "name", "kind", "parameters", "returnType", "body", "origin");
    return construct(
        path,
        () ->
            new Definition(
                members.string("name"),
                members.enumValue("kind", DefinitionKind.class),
                members.list("parameters", this::parameter),
                members.optionalString("returnType"),
                members.object("body", this::definitionBody),
                members.object("origin", this::origin)));
  }

  private Parameter parameter(JsonNode node, String path) {
    Members members = new Members(node, path, "name", "type");
    return construct(path, () -> new Parameter(members.string("name"), members.string("type")));
  }

  private DefinitionBody definitionBody(JsonNode node, String path) {
    String kind = kindOf(node, path);
    if (kind.equals("predicate")) {
      Members members = new Members(node, path, "kind", "predicate");
      return construct(
          path, () -> new DefinitionBody.Predicate(members.object("predicate", this::expr)));
    }
    if (kind.equals("mask")) {
      Members members = new Members(node, path, "kind", "rules", "otherwise");
      return construct(
          path,
          () ->
              new DefinitionBody.Mask(
                  members.list("rules", this::maskRule),
                  members.object("otherwise", this::transform)));
    }
    throw invalid(
        JsonPaths.member(path, "kind"),
        "unknown definition body kind " + quote(kind) + "; expected predicate or mask");
  }

  private RowFilter rowFilter(JsonNode node, String path) {
    Members members =
        new Members(
            node,
            path,
            "name",
            "table",
            "predicate",
            "check",
            "appliesTo",
            "actions",
            "kind",
            "priority",
            "definition",
            "bindings",
            "runAs",
            "origin");
    return construct(
        path,
        () ->
            new RowFilter(
                members.optionalString("name"),
                members.object("table", this::securable),
                members.object("predicate", this::expr),
                members.optionalObject("check", this::expr),
                members.object("appliesTo", this::subject),
                members.enumSet("actions", Action.class),
                members.enumValue("kind", FilterKind.class),
                members.integer("priority"),
                members.optionalString("definition"),
                members.stringMap("bindings"),
                members.optionalString("runAs"),
                members.object("origin", this::origin)));
  }

  private ColumnMask columnMask(JsonNode node, String path) {
    Members members =
        new Members(
            node,
            path,
            "name",
            "column",
            "tag",
            "rules",
            "otherwise",
            "appliesTo",
            "priority",
            "definition",
            "bindings",
            "origin");
    return construct(
        path,
        () ->
            new ColumnMask(
                members.optionalString("name"),
                members.optionalObject("column", this::securable),
                members.optionalObject("tag", this::tagReference),
                members.list("rules", this::maskRule),
                members.object("otherwise", this::transform),
                members.object("appliesTo", this::subject),
                members.integer("priority"),
                members.optionalString("definition"),
                members.stringMap("bindings"),
                members.object("origin", this::origin)));
  }

  private TagReference tagReference(JsonNode node, String path) {
    Members members = new Members(node, path, "tag", "value", "dataType");
    return construct(
        path,
        () ->
            new TagReference(
                members.string("tag"),
                members.optionalString("value"),
                members.optionalString("dataType")));
  }

  private MaskRule maskRule(JsonNode node, String path) {
    Members members = new Members(node, path, "subject", "condition", "transform");
    return construct(
        path,
        () ->
            new MaskRule(
                members.object("subject", this::subject),
                members.object("condition", this::expr),
                members.object("transform", this::transform)));
  }

  private Tag tag(JsonNode node, String path) {
    Members members = new Members(node, path, "name", "allowedValues", "assignments", "origin");
    return construct(
        path,
        () ->
            new Tag(
                members.string("name"),
                members.stringList("allowedValues"),
                members.list("assignments", this::tagAssignment),
                members.object("origin", this::origin)));
  }

  private TagAssignment tagAssignment(JsonNode node, String path) {
    Members members = new Members(node, path, "target", "value", "origin");
    return construct(
        path,
        () ->
            new TagAssignment(
                members.object("target", this::securable),
                members.string("value"),
                members.object("origin", this::origin)));
  }

  private View view(JsonNode node, String path) {
    Members members =
        new Members(node, path, "name", "sql", "baseTables", "options", "owner", "origin");
    return construct(
        path,
        () ->
            new View(
                members.object("name", this::securable),
                members.optionalString("sql"),
                members.list("baseTables", this::securable),
                members.enumSet("options", ViewOption.class),
                members.optionalString("owner"),
                members.object("origin", this::origin)));
  }

  private Loss loss(JsonNode node, String path) {
    Members members = new Members(node, path, "origin", "reason", "direction");
    return construct(
        path,
        () ->
            new Loss(
                members.object("origin", this::origin),
                members.string("reason"),
                members.enumValue("direction", LossDirection.class)));
  }

  private Origin origin(JsonNode node, String path) {
    Members members = new Members(node, path, "system", "kind", "object", "sql", "file", "line");
    return construct(
        path,
        () ->
            new Origin(
                members.system("system"),
                members.enumValue("kind", OriginKind.class),
                members.optionalString("object"),
                members.optionalString("sql"),
                members.optionalString("file"),
                members.optionalInteger("line")));
  }

  private Securable securable(JsonNode node, String path) {
    Members members = new Members(node, path, "catalog", "schema", "table", "column", "spelling");
    return construct(
        path,
        () ->
            new Securable(
                members.optionalString("catalog"),
                members.optionalString("schema"),
                members.optionalString("table"),
                members.optionalString("column"),
                members.string("spelling")));
  }

  private Subject subject(JsonNode node, String path) {
    String kindId = kindOf(node, path);
    SubjectKind kind;
    try {
      kind = SubjectKind.fromId(kindId);
    } catch (IllegalArgumentException e) {
      throw invalid(JsonPaths.member(path, "kind"), "unknown subject kind " + quote(kindId));
    }
    return switch (kind) {
      case EVERYONE -> {
        onlyKind(node, path);
        yield new Subject.Everyone();
      }
      case HAS_ROLE -> {
        Members members = new Members(node, path, "kind", "role", "scope");
        yield construct(
            path,
            () ->
                new Subject.HasRole(
                    members.string("role"), members.enumValue("scope", RoleScope.class)));
      }
      case IS_USER -> {
        Members members = new Members(node, path, "kind", "user");
        yield construct(path, () -> new Subject.IsUser(members.string("user")));
      }
      case IN_GROUP -> {
        Members members = new Members(node, path, "kind", "group");
        yield construct(path, () -> new Subject.InGroup(members.string("group")));
      }
      case ATTRIBUTE_EQUALS -> {
        Members members = new Members(node, path, "kind", "key", "value");
        yield construct(
            path,
            () -> new Subject.AttributeEquals(members.string("key"), members.string("value")));
      }
      case ANY_OF -> {
        Members members = new Members(node, path, "kind", "subjects");
        yield construct(path, () -> new Subject.AnyOf(members.list("subjects", this::subject)));
      }
      case ALL_OF -> {
        Members members = new Members(node, path, "kind", "subjects");
        yield construct(path, () -> new Subject.AllOf(members.list("subjects", this::subject)));
      }
      case NOT -> {
        Members members = new Members(node, path, "kind", "subject");
        yield construct(path, () -> new Subject.Not(members.object("subject", this::subject)));
      }
    };
  }

  private Transform transform(JsonNode node, String path) {
    String kindId = kindOf(node, path);
    TransformKind kind;
    try {
      kind = TransformKind.fromId(kindId);
    } catch (IllegalArgumentException e) {
      throw invalid(JsonPaths.member(path, "kind"), "unknown transform kind " + quote(kindId));
    }
    return switch (kind) {
      case IDENTITY -> {
        onlyKind(node, path);
        yield new Transform.Identity();
      }
      case NULLIFY -> {
        onlyKind(node, path);
        yield new Transform.Nullify();
      }
      case CONSTANT -> {
        Members members = new Members(node, path, "kind", "value");
        yield construct(path, () -> new Transform.Constant(members.object("value", this::literal)));
      }
      case HASH -> {
        Members members = new Members(node, path, "kind", "algorithm", "salt");
        yield construct(
            path,
            () ->
                new Transform.Hash(
                    members.enumValue("algorithm", HashAlgorithm.class),
                    members.enumValue("salt", SaltScope.class)));
      }
      case PARTIAL -> {
        Members members = new Members(node, path, "kind", "keepFirst", "keepLast", "fill", "mode");
        yield construct(
            path,
            () ->
                new Transform.Partial(
                    members.integer("keepFirst"),
                    members.integer("keepLast"),
                    members.string("fill"),
                    members.enumValue("mode", FillMode.class)));
      }
      case MASK_CHARACTERS -> {
        onlyKind(node, path);
        yield new Transform.MaskCharacters();
      }
      case EMAIL -> {
        onlyKind(node, path);
        yield new Transform.Email();
      }
      case REGEX_REPLACE -> {
        Members members = new Members(node, path, "kind", "pattern", "replacement");
        yield construct(
            path,
            () ->
                new Transform.RegexReplace(
                    members.string("pattern"), members.string("replacement")));
      }
      case DATE_TRUNCATE -> {
        Members members = new Members(node, path, "kind", "unit");
        yield construct(
            path, () -> new Transform.DateTruncate(members.enumValue("unit", DateUnit.class)));
      }
      case ROUND -> {
        Members members = new Members(node, path, "kind", "digits");
        yield construct(path, () -> new Transform.Round(members.integer("digits")));
      }
      case EXPRESSION -> {
        Members members = new Members(node, path, "kind", "expression");
        yield construct(
            path, () -> new Transform.Expression(members.object("expression", this::expr)));
      }
    };
  }

  private Expr.Literal literal(JsonNode node, String path) {
    String kindId = kindOf(node, path);
    if (!LITERAL_KINDS.contains(kindId)) {
      throw invalid(
          JsonPaths.member(path, "kind"),
          "expected a literal kind ("
              + String.join(", ", LITERAL_KINDS)
              + "), found "
              + quote(kindId));
    }
    return (Expr.Literal) expr(node, path);
  }

  private Expr expr(JsonNode node, String path) {
    String kindId = kindOf(node, path);
    ExprKind kind;
    try {
      kind = ExprKind.fromId(kindId);
    } catch (IllegalArgumentException e) {
      throw invalid(JsonPaths.member(path, "kind"), "unknown expression kind " + quote(kindId));
    }
    return switch (kind) {
      case NULL_LITERAL -> {
        onlyKind(node, path);
        yield new Expr.NullLiteral();
      }
      case STRING_LITERAL -> {
        Members members = new Members(node, path, "kind", "value");
        yield new Expr.StringLiteral(members.string("value"));
      }
      case NUMBER_LITERAL -> {
        Members members = new Members(node, path, "kind", "value");
        yield new Expr.NumberLiteral(members.number("value"));
      }
      case BOOLEAN_LITERAL -> {
        Members members = new Members(node, path, "kind", "value");
        yield new Expr.BooleanLiteral(members.bool("value"));
      }
      case DATE_LITERAL -> {
        Members members = new Members(node, path, "kind", "value");
        yield new Expr.DateLiteral(
            members.temporal("value", DateTimeFormatter.ISO_LOCAL_DATE, LocalDate::from));
      }
      case TIMESTAMP_LITERAL -> {
        Members members = new Members(node, path, "kind", "value");
        yield new Expr.TimestampLiteral(
            members.temporal("value", DateTimeFormatter.ISO_LOCAL_DATE_TIME, LocalDateTime::from));
      }
      case COLUMN -> {
        Members members = new Members(node, path, "kind", "qualifier", "name");
        yield construct(
            path,
            () -> new Expr.Column(members.optionalString("qualifier"), members.string("name")));
      }
      case MASKED_VALUE -> {
        onlyKind(node, path);
        yield new Expr.MaskedValue();
      }
      case FUNCTION_CALL -> {
        Members members = new Members(node, path, "kind", "name", "arguments");
        yield construct(
            path,
            () ->
                new Expr.FunctionCall(
                    members.string("name"), members.list("arguments", this::expr)));
      }
      case COMPARISON -> {
        Members members = new Members(node, path, "kind", "operator", "left", "right");
        yield new Expr.Comparison(
            members.enumValue("operator", ComparisonOperator.class),
            members.object("left", this::expr),
            members.object("right", this::expr));
      }
      case ARITHMETIC -> {
        Members members = new Members(node, path, "kind", "operator", "left", "right");
        yield new Expr.Arithmetic(
            members.enumValue("operator", ArithmeticOperator.class),
            members.object("left", this::expr),
            members.object("right", this::expr));
      }
      case AND -> {
        Members members = new Members(node, path, "kind", "terms");
        yield construct(path, () -> new Expr.And(members.list("terms", this::expr)));
      }
      case OR -> {
        Members members = new Members(node, path, "kind", "terms");
        yield construct(path, () -> new Expr.Or(members.list("terms", this::expr)));
      }
      case NOT -> {
        Members members = new Members(node, path, "kind", "term");
        yield new Expr.Not(members.object("term", this::expr));
      }
      case IN -> {
        Members members = new Members(node, path, "kind", "value", "list");
        yield construct(
            path,
            () ->
                new Expr.In(members.object("value", this::expr), members.list("list", this::expr)));
      }
      case LIKE -> {
        Members members = new Members(node, path, "kind", "value", "pattern", "caseInsensitive");
        yield new Expr.Like(
            members.object("value", this::expr),
            members.object("pattern", this::expr),
            members.bool("caseInsensitive"));
      }
      case IS_NULL -> {
        Members members = new Members(node, path, "kind", "value");
        yield new Expr.IsNull(members.object("value", this::expr));
      }
      case CASE -> {
        Members members = new Members(node, path, "kind", "whenClauses", "otherwise");
        yield construct(
            path,
            () ->
                new Expr.Case(
                    members.list("whenClauses", this::whenClause),
                    members.object("otherwise", this::expr)));
      }
      case CAST -> {
        Members members = new Members(node, path, "kind", "value", "type");
        yield construct(
            path, () -> new Expr.Cast(members.object("value", this::expr), members.string("type")));
      }
      case CURRENT_USER -> {
        onlyKind(node, path);
        yield new Expr.CurrentUser();
      }
      case CURRENT_ROLE -> {
        onlyKind(node, path);
        yield new Expr.CurrentRole();
      }
      case HAS_ROLE -> {
        Members members = new Members(node, path, "kind", "role", "scope");
        yield new Expr.HasRole(
            members.object("role", this::expr), members.enumValue("scope", RoleScope.class));
      }
      case IN_GROUP -> {
        Members members = new Members(node, path, "kind", "group");
        yield new Expr.InGroup(members.object("group", this::expr));
      }
      case SESSION_ATTRIBUTE -> {
        Members members = new Members(node, path, "kind", "name");
        yield construct(path, () -> new Expr.SessionAttribute(members.string("name")));
      }
      case COLUMN_TAG_VALUE -> {
        Members members = new Members(node, path, "kind", "tag");
        yield construct(path, () -> new Expr.ColumnTagValue(members.string("tag")));
      }
      case LOOKUP -> {
        Members members =
            new Members(node, path, "kind", "table", "alias", "condition", "probe", "column");
        yield construct(
            path,
            () ->
                new Expr.Lookup(
                    members.object("table", this::securable),
                    members.string("alias"),
                    members.object("condition", this::expr),
                    members.optionalObject("probe", this::expr),
                    members.optionalString("column")));
      }
      case OPAQUE -> {
        Members members = new Members(node, path, "kind", "dialect", "sql");
        yield new Expr.Opaque(members.system("dialect"), members.string("sql"));
      }
    };
  }

  private Expr.WhenClause whenClause(JsonNode node, String path) {
    Members members = new Members(node, path, "condition", "result");
    return new Expr.WhenClause(
        members.object("condition", this::expr), members.object("result", this::expr));
  }

  /** Checks that a tagged union member has no member but its kind. */
  private void onlyKind(JsonNode node, String path) {
    new Members(node, path, "kind");
  }

  /** The {@code kind} of a tagged union member, read before its other members are checked. */
  private String kindOf(JsonNode node, String path) {
    if (!node.isObject()) {
      throw invalid(path, "expected an object, found " + describe(node));
    }
    JsonNode kind = node.get("kind");
    String kindPath = JsonPaths.member(path, "kind");
    if (kind == null) {
      throw invalid(kindPath, "missing member");
    }
    if (!kind.isTextual()) {
      throw invalid(kindPath, "expected a string, found " + describe(kind));
    }
    return kind.textValue();
  }

  /**
   * Runs a model constructor; its argument checks become errors at the path of the object being
   * built.
   */
  private <T> T construct(String path, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw invalid(path, e.getMessage());
    }
  }

  private PassportException invalid(String path, String message) {
    return new PassportException(ErrorCode.INVALID_JSON, sourceName + ": " + path + ": " + message);
  }

  /**
   * The length of {@link BigDecimal#toPlainString()} without building it: {@code 1e999999999} is
   * short to read but a billion digits to print.
   */
  static long plainLength(BigDecimal value) {
    long precision = value.precision();
    long scale = value.scale();
    long length;
    if (scale <= 0) {
      length = precision - scale;
    } else if (scale >= precision) {
      length = scale + 2;
    } else {
      length = precision + 1;
    }
    return value.signum() < 0 ? length + 1 : length;
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BINARY, POJO, MISSING -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String quote(String text) {
    return "'" + text + "'";
  }

  /** Reads one element of a list or the value of a member. */
  @FunctionalInterface
  private interface ValueReader<T> {
    T read(JsonNode node, String path);
  }

  /** The members of one JSON object, checked against the names its type allows. */
  private final class Members {
    private final JsonNode node;
    private final String path;

    Members(JsonNode node, String path, String... allowed) {
      if (!node.isObject()) {
        throw invalid(path, "expected an object, found " + describe(node));
      }
      List<String> allowedNames = Arrays.asList(allowed);
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!allowedNames.contains(name)) {
          throw invalid(
              JsonPaths.member(path, name),
              "unknown member; expected one of " + String.join(", ", allowedNames));
        }
      }
      this.node = node;
      this.path = path;
    }

    private String pathOf(String name) {
      return JsonPaths.member(path, name);
    }

    private JsonNode required(String name) {
      JsonNode value = node.get(name);
      if (value == null) {
        throw invalid(pathOf(name), "missing member");
      }
      return value;
    }

    <T> T object(String name, ValueReader<T> reader) {
      return reader.read(required(name), pathOf(name));
    }

    <T> Optional<T> optionalObject(String name, ValueReader<T> reader) {
      JsonNode value = node.get(name);
      return value == null ? Optional.empty() : Optional.of(reader.read(value, pathOf(name)));
    }

    <T> List<T> list(String name, ValueReader<T> reader) {
      JsonNode array = required(name);
      String arrayPath = pathOf(name);
      if (!array.isArray()) {
        throw invalid(arrayPath, "expected an array, found " + describe(array));
      }
      List<T> values = new ArrayList<>(array.size());
      for (int index = 0; index < array.size(); index++) {
        values.add(reader.read(array.get(index), JsonPaths.index(arrayPath, index)));
      }
      return values;
    }

    List<String> stringList(String name) {
      return list(name, PolicySetReader.this::stringValue);
    }

    Map<String, String> stringMap(String name) {
      JsonNode object = required(name);
      String mapPath = pathOf(name);
      if (!object.isObject()) {
        throw invalid(mapPath, "expected an object, found " + describe(object));
      }
      Map<String, String> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        map.put(
            field.getKey(),
            stringValue(field.getValue(), JsonPaths.member(mapPath, field.getKey())));
      }
      return map;
    }

    String string(String name) {
      return stringValue(required(name), pathOf(name));
    }

    Optional<String> optionalString(String name) {
      return optionalObject(name, PolicySetReader.this::stringValue);
    }

    boolean bool(String name) {
      JsonNode value = required(name);
      if (!value.isBoolean()) {
        throw invalid(pathOf(name), "expected a boolean, found " + describe(value));
      }
      return value.booleanValue();
    }

    int integer(String name) {
      return integerValue(required(name), pathOf(name));
    }

    Optional<Integer> optionalInteger(String name) {
      return optionalObject(name, PolicySetReader.this::integerValue);
    }

    BigDecimal number(String name) {
      JsonNode value = required(name);
      if (!value.isNumber()) {
        throw invalid(pathOf(name), "expected a number, found " + describe(value));
      }
      BigDecimal decimal = value.decimalValue();
      if (plainLength(decimal.stripTrailingZeros()) > PolicySetCodec.MAX_NUMBER_LENGTH) {
        throw invalid(
            pathOf(name),
            "number has more than "
                + PolicySetCodec.MAX_NUMBER_LENGTH
                + " digits when written out");
      }
      return decimal;
    }

    SystemKind system(String name) {
      String id = string(name);
      for (SystemKind system : SystemKind.values()) {
        if (system.id().equals(id)) {
          return system;
        }
      }
      StringJoiner expected = new StringJoiner(", ");
      for (SystemKind system : SystemKind.values()) {
        expected.add(system.id());
      }
      throw invalid(pathOf(name), "unknown system " + quote(id) + "; expected one of " + expected);
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
      return enumOf(required(name), pathOf(name), type);
    }

    <E extends Enum<E>> Set<E> enumSet(String name, Class<E> type) {
      Set<E> values = EnumSet.noneOf(type);
      List<E> listed = list(name, (element, elementPath) -> enumOf(element, elementPath, type));
      for (int index = 0; index < listed.size(); index++) {
        if (!values.add(listed.get(index))) {
          throw invalid(
              JsonPaths.index(pathOf(name), index),
              "duplicate value " + quote(PolicySetWriter.enumId(listed.get(index))));
        }
      }
      return values;
    }

    <T> T temporal(String name, DateTimeFormatter format, TemporalQuery<T> query) {
      return temporalValue(required(name), pathOf(name), format, query);
    }

    <T> Optional<T> optionalTemporal(
        String name, DateTimeFormatter format, TemporalQuery<T> query) {
      return optionalObject(
          name, (value, valuePath) -> temporalValue(value, valuePath, format, query));
    }
  }

  private String stringValue(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw invalid(path, "expected a string, found " + describe(node));
    }
    return node.textValue();
  }

  private int integerValue(JsonNode node, String path) {
    if (!node.isIntegralNumber()) {
      throw invalid(path, "expected an integer, found " + describe(node) + " " + node);
    }
    if (!node.canConvertToInt()) {
      throw invalid(path, "integer out of range: " + node);
    }
    return node.intValue();
  }

  private <E extends Enum<E>> E enumOf(JsonNode node, String path, Class<E> type) {
    String id = stringValue(node, path);
    StringJoiner expected = new StringJoiner(", ");
    for (E constant : type.getEnumConstants()) {
      String constantId = PolicySetWriter.enumId(constant);
      if (constantId.equals(id)) {
        return constant;
      }
      expected.add(constantId);
    }
    throw invalid(path, "unknown value " + quote(id) + "; expected one of " + expected);
  }

  private <T> T temporalValue(
      JsonNode node, String path, DateTimeFormatter format, TemporalQuery<T> query) {
    String text = stringValue(node, path);
    try {
      TemporalAccessor parsed = format.parse(text);
      return query.queryFrom(parsed);
    } catch (DateTimeException e) {
      throw invalid(path, "not an ISO-8601 value: " + quote(text));
    }
  }
}
