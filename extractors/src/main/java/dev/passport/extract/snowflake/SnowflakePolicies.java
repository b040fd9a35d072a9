package dev.passport.extract.snowflake;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.ExtractionOptions;
import dev.passport.extract.sql.BoundedSqlParser;
import dev.passport.extract.sql.Conversion;
import dev.passport.extract.sql.ConversionScope;
import dev.passport.extract.sql.SqlDialect;
import dev.passport.extract.sql.SqlExpressionConverter;
import dev.passport.extract.sql.SqlLocation;
import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.ComparisonOperator;
import dev.passport.model.Definition;
import dev.passport.model.DefinitionBody;
import dev.passport.model.Expr;
import dev.passport.model.ExprTrees;
import dev.passport.model.Expressions;
import dev.passport.model.FilterKind;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.MaskRule;
import dev.passport.model.Origin;
import dev.passport.model.OriginKind;
import dev.passport.model.Parameter;
import dev.passport.model.ParseException;
import dev.passport.model.RoleScope;
import dev.passport.model.RowFilter;
import dev.passport.model.Securable;
import dev.passport.model.Subjects;
import dev.passport.model.SystemKind;
import dev.passport.model.TagReference;
import dev.passport.model.Transform;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Snowflake masking and row access policy bodies as model definitions, and their attachments as
 * column masks and row filters. Shared by the DDL and the live reader.
 *
 * <p>A masking body becomes ordered {@link MaskRule}s (see {@link #maskingBody}); the first
 * argument is the masked value ({@link Expr.MaskedValue}), the others stay columns named after the
 * arguments until an attachment binds them ({@code USING (col, cond_col…)}). A row access body
 * becomes a predicate; the mapping-table {@code EXISTS (SELECT … FROM m WHERE … IS_ROLE_IN_SESSION
 * (m.role))} shape is a {@link Expr.Lookup}. In both, {@code CURRENT_ROLE() = 'R'} and {@code
 * CURRENT_ROLE() IN ('R', …)} become role tests of scope {@link RoleScope#PRIMARY}; {@code
 * IS_ROLE_IN_SESSION}, {@code IS_DATABASE_ROLE_IN_SESSION} and {@code IS_GRANTED_TO_INVOKER_ROLE}
 * role tests of scope {@link RoleScope#IN_SESSION}. What is not understood is an {@link
 * Expr.Opaque} with a {@link Loss}; a body that does not parse gives an opaque body and a loss.
 */
public final class SnowflakePolicies {
  /** A converted body and what could not be carried over. */
  public record BodyConversion(DefinitionBody body, List<Loss> losses) {
    public BodyConversion {
      requireNonNull(body, "body is null");
      losses = List.copyOf(requireNonNull(losses, "losses is null"));
    }
  }

  private final SqlExpressionConverter converter;

  private SnowflakePolicies(SqlExpressionConverter converter) {
    this.converter = converter;
  }

  /** Policies read with the options' aliases and parse limits. */
  public static SnowflakePolicies of(ExtractionOptions options) {
    requireNonNull(options, "options is null");
    return new SnowflakePolicies(
        SqlExpressionConverter.of(
            BoundedSqlParser.of(SqlDialect.SNOWFLAKE, options.limits()), options.aliases()));
  }

  /**
   * A masking policy body as rules: each CASE arm (IFF, DECODE and nested CASEs included) is a rule
   * whose identity tests are its subject and whose other tests stay a condition on the row; each
   * value is a transform recognised by shape; the ELSE is the default.
   *
   * @param parameters the signature, the masked argument first
   */
  public BodyConversion maskingBody(
      List<Parameter> parameters, String body, Origin origin, SqlLocation location) {
    requireNonNull(parameters, "parameters is null");
    Attempt attempt = convert(parameters, body, origin, location);
    Optional<Conversion> conversion = attempt.conversion();
    if (conversion.isEmpty()) {
      return new BodyConversion(
          new DefinitionBody.Mask(
              List.of(),
              new Transform.Expression(Expressions.opaque(SystemKind.SNOWFLAKE, body.trim()))),
          List.of(parseLoss(origin, location, attempt.error())));
    }
    Expr expr = normaliseIdentity(conversion.get().expr());
    String family = "varchar";
    if (!parameters.isEmpty()) {
      String masked = parameters.get(0).name();
      family = SnowflakeTypes.family(parameters.get(0).type());
      expr =
          ExprTrees.rewrite(
              expr,
              node ->
                  node instanceof Expr.Column column
                          && column.qualifier().isEmpty()
                          && column.name().equals(masked)
                      ? Optional.of(Expressions.maskedValue())
                      : Optional.empty());
    }
    List<MaskRule> rules = new ArrayList<>();
    Transform otherwise = new SnowflakeMaskShapes(family).rules(expr, rules);
    return new BodyConversion(new DefinitionBody.Mask(rules, otherwise), conversion.get().losses());
  }

  /** A row access policy body as a predicate over its arguments. */
  public BodyConversion rowAccessBody(
      List<Parameter> parameters, String body, Origin origin, SqlLocation location) {
    requireNonNull(parameters, "parameters is null");
    Attempt attempt = convert(parameters, body, origin, location);
    Optional<Conversion> conversion = attempt.conversion();
    if (conversion.isEmpty()) {
      return new BodyConversion(
          new DefinitionBody.Predicate(Expressions.opaque(SystemKind.SNOWFLAKE, body.trim())),
          List.of(parseLoss(origin, location, attempt.error())));
    }
    return new BodyConversion(
        new DefinitionBody.Predicate(normaliseIdentity(conversion.get().expr())),
        conversion.get().losses());
  }

  /** A conversion, or the parse error that prevented it. */
  private record Attempt(Optional<Conversion> conversion, String error) {}

  private Attempt convert(
      List<Parameter> parameters, String body, Origin origin, SqlLocation location) {
    requireNonNull(body, "body is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(location, "location is null");
    try {
      return new Attempt(
          Optional.of(
              converter.convert(body, ConversionScope.forDefinition(parameters, origin, location))),
          "");
    } catch (ParseException e) {
      return new Attempt(Optional.empty(), e.getMessage());
    }
  }

  private static Loss parseLoss(Origin origin, SqlLocation location, String error) {
    return new Loss(
        origin,
        "policy body not understood at "
            + location.describe()
            + " ("
            + error
            + "); it masks fully or admits no row",
        LossDirection.UNKNOWN);
  }

  /**
   * The rules of a mask expression in which the masked value is already {@link Expr.MaskedValue},
   * whatever dialect it came from: CASE arms become rules (identity tests as subjects), values
   * become transforms by shape. Used for views whose select list masks a column.
   *
   * @param maskedType the masked value's type, for casts that keep it (any spelling)
   */
  public static DefinitionBody.Mask maskRules(Expr expr, String maskedType) {
    requireNonNull(expr, "expr is null");
    requireNonNull(maskedType, "maskedType is null");
    List<MaskRule> rules = new ArrayList<>();
    Transform otherwise =
        new SnowflakeMaskShapes(SnowflakeTypes.family(maskedType))
            .rules(normaliseIdentity(expr), rules);
    return new DefinitionBody.Mask(rules, otherwise);
  }

  /**
   * {@code CURRENT_ROLE() = 'R'} and {@code CURRENT_ROLE() IN (…)} as primary-scope role tests, so
   * that every target reads one role-test node.
   */
  public static Expr normaliseIdentity(Expr expr) {
    return ExprTrees.rewrite(
        expr,
        node -> {
          if (node instanceof Expr.Comparison comparison) {
            Optional<String> role = primaryRole(comparison.left(), comparison.right());
            if (role.isEmpty()) {
              role = primaryRole(comparison.right(), comparison.left());
            }
            if (role.isPresent()) {
              Expr test = Expressions.hasRole(Expressions.literal(role.get()), RoleScope.PRIMARY);
              if (comparison.operator() == ComparisonOperator.EQUAL) {
                return Optional.of(test);
              }
              if (comparison.operator() == ComparisonOperator.NOT_EQUAL) {
                return Optional.of(Expressions.not(test));
              }
            }
          }
          if (node instanceof Expr.In in && in.value() instanceof Expr.CurrentRole) {
            List<Expr> tests = new ArrayList<>();
            for (Expr member : in.list()) {
              if (!(member instanceof Expr.StringLiteral literal)) {
                return Optional.empty();
              }
              tests.add(Expressions.hasRole(literal, RoleScope.PRIMARY));
            }
            return Optional.of(Expressions.or(tests));
          }
          return Optional.empty();
        });
  }

  private static Optional<String> primaryRole(Expr identity, Expr value) {
    if (identity instanceof Expr.CurrentRole && value instanceof Expr.StringLiteral literal) {
      return Optional.of(literal.value());
    }
    return Optional.empty();
  }

  /**
   * A masking policy set on a column: the definition's rules with its extra arguments bound to the
   * {@code USING} columns (after the masked column itself, which comes first there too).
   *
   * @param using the USING list as written (normalised), empty when there was none
   */
  public static AttachmentResult attachMask(
      Definition definition, Securable column, List<String> using, Origin origin) {
    requireNonNull(definition, "definition is null");
    requireNonNull(column, "column is null");
    requireNonNull(using, "using is null");
    List<Loss> losses = new ArrayList<>();
    List<String> bound = new ArrayList<>();
    bound.add(column.column().orElseThrow());
    if (using.size() > 1) {
      bound.addAll(using.subList(1, using.size()));
    }
    Map<String, String> bindings = bindings(definition, bound, origin, losses);
    DefinitionBody.Mask body = maskBody(definition);
    List<MaskRule> rules = new ArrayList<>();
    for (MaskRule rule : body.rules()) {
      rules.add(
          new MaskRule(
              rule.subject(), bind(rule.condition(), bindings), bind(rule.transform(), bindings)));
    }
    ColumnMask mask =
        new ColumnMask(
            Optional.of(definition.name()),
            Optional.of(column),
            Optional.empty(),
            rules,
            bind(body.otherwise(), bindings),
            Subjects.everyone(),
            0,
            Optional.of(definition.name()),
            bindings,
            origin);
    return new AttachmentResult(Optional.of(mask), Optional.empty(), losses);
  }

  /**
   * A masking policy set on a tag: it masks every column carrying the tag whose type is the family
   * of the policy's first argument.
   */
  public static ColumnMask attachTagMask(Definition definition, String tag, Origin origin) {
    requireNonNull(definition, "definition is null");
    requireNonNull(tag, "tag is null");
    DefinitionBody.Mask body = maskBody(definition);
    Optional<String> type =
        definition.parameters().isEmpty()
            ? Optional.empty()
            : Optional.of(SnowflakeTypes.family(definition.parameters().get(0).type()));
    Map<String, String> bindings = new LinkedHashMap<>();
    return new ColumnMask(
        Optional.of(definition.name()),
        Optional.empty(),
        Optional.of(new TagReference(tag, Optional.empty(), type)),
        body.rules(),
        body.otherwise(),
        Subjects.everyone(),
        0,
        Optional.of(definition.name()),
        bindings,
        origin.withKind(OriginKind.TAG));
  }

  /** A row access policy added to a table or view: its predicate over the {@code ON} columns. */
  public static AttachmentResult attachRowAccess(
      Definition definition, Securable table, List<String> on, Origin origin) {
    requireNonNull(definition, "definition is null");
    requireNonNull(table, "table is null");
    requireNonNull(on, "on is null");
    List<Loss> losses = new ArrayList<>();
    Map<String, String> bindings = bindings(definition, on, origin, losses);
    Expr predicate =
        definition.body() instanceof DefinitionBody.Predicate body
            ? bind(body.predicate(), bindings)
            : Expressions.alwaysFalse();
    if (!losses.isEmpty()) {
      // Snowflake rejects an attachment whose columns do not match the signature; admit no row.
      predicate = Expressions.alwaysFalse();
    }
    RowFilter filter =
        new RowFilter(
            Optional.of(definition.name()),
            table,
            predicate,
            Optional.empty(),
            Subjects.everyone(),
            EnumSet.of(Action.SELECT, Action.UPDATE, Action.DELETE),
            FilterKind.PERMISSIVE,
            0,
            Optional.of(definition.name()),
            bindings,
            Optional.empty(),
            origin);
    return new AttachmentResult(Optional.empty(), Optional.of(filter), losses);
  }

  /** A column mask or row filter made from an attachment, and its losses. */
  public record AttachmentResult(
      Optional<ColumnMask> mask, Optional<RowFilter> filter, List<Loss> losses) {
    public AttachmentResult {
      requireNonNull(mask, "mask is null");
      requireNonNull(filter, "filter is null");
      losses = List.copyOf(requireNonNull(losses, "losses is null"));
    }
  }

  private static DefinitionBody.Mask maskBody(Definition definition) {
    if (definition.body() instanceof DefinitionBody.Mask mask) {
      return mask;
    }
    return new DefinitionBody.Mask(List.of(), new Transform.Nullify());
  }

  private static Map<String, String> bindings(
      Definition definition, List<String> columns, Origin origin, List<Loss> losses) {
    Map<String, String> bindings = new LinkedHashMap<>();
    List<Parameter> parameters = definition.parameters();
    if (!parameters.isEmpty() && parameters.size() != columns.size()) {
      losses.add(
          new Loss(
              origin,
              "policy "
                  + definition.name()
                  + " takes "
                  + parameters.size()
                  + " argument(s) but "
                  + columns.size()
                  + " column(s) are bound; Snowflake rejects the attachment",
              LossDirection.UNKNOWN));
    }
    for (int index = 0; index < Math.min(parameters.size(), columns.size()); index++) {
      bindings.put(parameters.get(index).name(), columns.get(index));
    }
    return bindings;
  }

  private static Expr bind(Expr expr, Map<String, String> bindings) {
    if (bindings.isEmpty()) {
      return expr;
    }
    return ExprTrees.rewrite(
        expr,
        node -> {
          if (node instanceof Expr.Column column
              && column.qualifier().isEmpty()
              && bindings.containsKey(column.name())) {
            return Optional.of(Expressions.column(bindings.get(column.name())));
          }
          return Optional.empty();
        });
  }

  private static Transform bind(Transform transform, Map<String, String> bindings) {
    if (transform instanceof Transform.Expression expression) {
      return new Transform.Expression(bind(expression.expression(), bindings));
    }
    return transform;
  }
}
