package dev.passport.translate.iceberg;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.DateUnit;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.HashAlgorithm;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.RowFilter;
import dev.passport.model.SaltScope;
import dev.passport.model.Securable;
import dev.passport.model.SecurableLevel;
import dev.passport.model.Table;
import dev.passport.model.Transform;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policy decision point for Iceberg REST read restrictions: for one principal and table, the
 * {@code read-restrictions} object a catalog returns from {@code loadTable}.
 *
 * <p>The evaluator decides (SELECT) for the principal, so identity tests are already constants. The
 * residual row filter becomes an Iceberg predicate on field IDs ({@link IcebergFilters}); a part
 * with no Iceberg form becomes {@code false} and is reported. Each column's transform becomes one
 * of the nine actions only when the action computes exactly what the evaluator's {@link
 * dev.passport.model.evaluation.Transforms} computes:
 *
 * <ul>
 *   <li>Nullify on an optional field: {@code replace-with-null}.
 *   <li>Constant equal to the spec's fixed value of the type, on a required field (where NULL never
 *       occurs, so the spec's NULL → fixed value does not matter): {@code mask-to-fixed-value}.
 *   <li>Hash SHA-256 without salt of a string: {@code sha-256-global} (hex of the UTF-8 bytes);
 *       with a per-query salt: {@code sha-256-query-local}.
 *   <li>DateTruncate to YEAR or MONTH of a date or zone-less timestamp: {@code truncate-to-year},
 *       {@code truncate-to-month}.
 * </ul>
 *
 * Nothing else matches exactly: Partial and MaskCharacters fill differently from {@code
 * show-first-4}/{@code show-last-4}/{@code mask-alphanum} (which turn digits into {@code n} and
 * most punctuation into {@code x}), a hash of a number yields text in the source but a number in
 * Iceberg, a secret global salt has no counterpart, and a mask whose transform depends on the row
 * has no action at all. Those columns, and columns the principal may not read, are hidden: {@code
 * replace-with-null} on an optional field, {@code mask-to-fixed-value} on a required one (its value
 * is then the same for every row, so nothing leaks), and when the type has no fixed value the row
 * filter becomes {@code false}. Hiding a column the source masks is reported (STRICTER); hiding a
 * column the source denies is the closest the spec can say and is not.
 *
 * <p>Policies name columns; restrictions bind field IDs. A policy column is bound through {@code
 * columnIds} when given (the binding recorded when the policies were attached, which survives
 * renames), else by name in the schema. A restricted policy column that binds to no field fails
 * closed: the row filter becomes {@code false} and the loss names the column.
 */
public final class IcebergReadRestrictions {
  /** The artifact listing which file holds which class's restrictions. */
  public static final String INDEX_FILE = "read-restrictions/index.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private IcebergReadRestrictions() {}

  /** {@link #resolve(Evaluator, PrincipalContext, IcebergSchema, Securable, Map)} by name. */
  public static ReadRestrictions resolve(
      PolicySet set, PrincipalContext principal, IcebergSchema schema, Securable table) {
    requireNonNull(set, "set is null");
    return resolve(Evaluator.compile(set), principal, schema, table, Map.of());
  }

  /**
   * The read restrictions for the principal on the table.
   *
   * @param table a table of the policy set (see {@link Evaluator#resolveTable})
   * @param columnIds policy column name → Iceberg field ID; columns not in it are bound by name
   */
  public static ReadRestrictions resolve(
      Evaluator evaluator,
      PrincipalContext principal,
      IcebergSchema schema,
      Securable table,
      Map<String, Integer> columnIds) {
    requireNonNull(evaluator, "evaluator is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
    requireNonNull(columnIds, "columnIds is null");
    Decision decision = evaluator.decide(principal, table.tableOnly(), Action.SELECT);
    return new Resolver(evaluator.policySet(), schema, decision, columnIds).run();
  }

  /**
   * Read restrictions for every table of the set and every {@link Audience}, one JSON file each
   * ({@code read-restrictions/<table>/<class>.json}), and {@link #INDEX_FILE} naming for each file
   * the target principals it is for. Tables without an Iceberg schema in the options get one
   * derived from the PolicySet ({@link IcebergSchema#fromTable}).
   */
  public static Translation translate(
      PolicySet set, IdentityMap identities, IcebergReadRestrictionsOptions options) {
    requireNonNull(set, "set is null");
    requireNonNull(identities, "identities is null");
    requireNonNull(options, "options is null");
    Evaluator evaluator = Evaluator.compile(set);
    Set<Loss> losses = new LinkedHashSet<>();
    List<Audience> audiences = Audiences.of(set, evaluator, identities, losses::add);
    Map<String, String> artifacts = new LinkedHashMap<>();
    ArrayNode index = JSON.createArrayNode();
    for (Table table : set.tables()) {
      String tableName = table.name().qualifiedName();
      IcebergSchema schema =
          options.schemas().getOrDefault(tableName, IcebergSchema.fromTable(table));
      Map<String, Integer> columnIds = options.columnIds().getOrDefault(tableName, Map.of());
      for (Audience audience : audiences) {
        if (audience.kind() != Audience.Kind.PUBLIC && audience.target().isEmpty()) {
          continue;
        }
        ReadRestrictions restrictions =
            resolve(evaluator, audience.context(), schema, table.name(), columnIds);
        if (!restrictions.allowed() && audience.kind() != Audience.Kind.PUBLIC) {
          // A catalog answers 403 to a class with no access; the file says so with `false`.
          restrictions =
              new ReadRestrictions(
                  table.name(), false, IcebergPredicate.alwaysFalse(), List.of(), List.of());
        }
        for (Loss loss : restrictions.losses()) {
          losses.add(
              new Loss(
                  loss.origin(),
                  loss.reason() + " (for " + audience.describe() + ")",
                  loss.direction()));
        }
        String file = "read-restrictions/" + tableName + "/" + audience.fileName() + ".json";
        artifacts.put(file, ReadRestrictionsJson.write(restrictions));
        ObjectNode entry = index.addObject();
        entry.put("table", tableName);
        entry.put("class", audience.describe());
        TargetPrincipals target = audience.target().orElse(TargetPrincipals.none());
        entry.set("users", JSON.valueToTree(target.users()));
        entry.set("groups", JSON.valueToTree(target.groups()));
        entry.set("roles", JSON.valueToTree(target.roles()));
        entry.put("everyoneElse", audience.kind() == Audience.Kind.PUBLIC);
        entry.put("file", file);
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    try {
      ordered.put(INDEX_FILE, JSON.writeValueAsString(index) + "\n");
    } catch (JsonProcessingException e) {
      throw new PassportException(ErrorCode.INTERNAL_ERROR, "Cannot write JSON: " + e, e);
    }
    ordered.putAll(artifacts);
    return new Translation(ordered, new ArrayList<>(losses));
  }

  private static final class Resolver {
    private final PolicySet set;
    private final IcebergSchema schema;
    private final Decision decision;
    private final Map<String, Integer> columnIds;
    private final List<Loss> losses = new ArrayList<>();
    private boolean noRows;

    Resolver(
        PolicySet set, IcebergSchema schema, Decision decision, Map<String, Integer> columnIds) {
      this.set = set;
      this.schema = schema;
      this.decision = decision;
      this.columnIds = columnIds;
    }

    ReadRestrictions run() {
      Securable table = decision.table();
      if (!decision.allowed()) {
        return new ReadRestrictions(
            table, false, IcebergPredicate.alwaysFalse(), List.of(), List.of());
      }
      IcebergFilters.Result filter = IcebergFilters.convert(decision.rowFilter(), this::bind);
      if (!filter.exact()) {
        losses.add(
            new Loss(
                filterOrigin(),
                "The row filter of "
                    + table
                    + " cannot be fully written as an Iceberg expression ("
                    + String.join("; ", filter.problems())
                    + "); those parts are published as false, which returns fewer rows",
                LossDirection.STRICTER));
      }
      boolean wholeTable =
          decision.grantedBy().isEmpty()
              || decision.grantedBy().get().securable().level() != SecurableLevel.COLUMN;
      Map<Integer, ColumnDecision> byField = new LinkedHashMap<>();
      for (ColumnDecision column : decision.columns().values()) {
        Optional<IcebergField> field = bind(column.column());
        boolean restricted =
            !column.readable()
                || column.unconditional().isEmpty()
                || column.otherwise().kind() != TransformKind.IDENTITY;
        if (field.isEmpty()) {
          if (restricted) {
            noRows = true;
            losses.add(
                new Loss(
                    maskOrigin(column.column()),
                    "Column "
                        + column.column()
                        + " of "
                        + table
                        + " is restricted by the policies but binds to no field of the Iceberg"
                        + " schema (renamed without a field-ID binding?); the row filter is false",
                    LossDirection.STRICTER));
          }
          continue;
        }
        byField.putIfAbsent(field.get().id(), column);
      }
      List<ColumnProjection> projections = new ArrayList<>();
      for (IcebergField field : schema.fields()) {
        ColumnDecision column = byField.get(field.id());
        Optional<ProjectionAction> action;
        if (column == null) {
          action = wholeTable ? Optional.empty() : hide(field);
        } else if (!column.readable()) {
          action = hide(field);
        } else {
          action = project(field, column);
        }
        action.ifPresent(value -> projections.add(new ColumnProjection(field.id(), value)));
      }
      IcebergPredicate rowFilter = noRows ? IcebergPredicate.alwaysFalse() : filter.predicate();
      ReadRestrictions restrictions =
          new ReadRestrictions(table, true, rowFilter, projections, losses);
      restrictions.validate(schema);
      return restrictions;
    }

    private Optional<IcebergField> bind(String column) {
      Integer id = columnIds.get(column);
      if (id != null) {
        Optional<IcebergField> field = schema.field(id);
        return field.isPresent() && schema.fields().contains(field.get())
            ? field
            : Optional.empty();
      }
      return schema.column(column);
    }

    private Optional<ProjectionAction> project(IcebergField field, ColumnDecision column) {
      if (!column.rules().isEmpty()) {
        return degrade(
            field, column, "the mask depends on the row, and an action applies to every row");
      }
      Transform transform = column.otherwise();
      IcebergType type = field.type();
      switch (transform.kind()) {
        case IDENTITY:
          return Optional.empty();
        case NULLIFY:
          if (field.optional()) {
            return Optional.of(ProjectionAction.REPLACE_WITH_NULL);
          }
          return degrade(field, column, "replace-with-null is invalid on a required field");
        case CONSTANT:
          if (field.required() && isFixedValue(((Transform.Constant) transform).value(), type)) {
            return Optional.of(ProjectionAction.MASK_TO_FIXED_VALUE);
          }
          return degrade(
              field,
              column,
              field.required()
                  ? "the constant is not the spec's fixed value for " + type.name()
                  : "mask-to-fixed-value turns NULL into the fixed value, the source keeps NULL");
        case HASH:
          {
            Transform.Hash hash = (Transform.Hash) transform;
            if (hash.algorithm() != HashAlgorithm.SHA256) {
              return degrade(field, column, "only SHA-256 has an action");
            }
            if (!type.isString()) {
              return degrade(
                  field,
                  column,
                  "the source hashes the text form to hex text; Iceberg hashes "
                      + type.name()
                      + " to "
                      + type.name());
            }
            if (hash.salt() == SaltScope.NONE) {
              return Optional.of(ProjectionAction.SHA_256_GLOBAL);
            }
            if (hash.salt() == SaltScope.QUERY_LOCAL) {
              return Optional.of(ProjectionAction.SHA_256_QUERY_LOCAL);
            }
            return degrade(field, column, "a secret global salt has no action");
          }
        case DATE_TRUNCATE:
          {
            Transform.DateTruncate truncate = (Transform.DateTruncate) transform;
            boolean zoneless = type.isDateOrTimestamp() && !type.isTimestampWithZone();
            if (zoneless && truncate.unit() == DateUnit.YEAR) {
              return Optional.of(ProjectionAction.TRUNCATE_TO_YEAR);
            }
            if (zoneless && truncate.unit() == DateUnit.MONTH) {
              return Optional.of(ProjectionAction.TRUNCATE_TO_MONTH);
            }
            return degrade(
                field,
                column,
                zoneless
                    ? "only year and month truncation have actions"
                    : "truncation of " + type.name() + " is not defined the same way");
          }
        case PARTIAL:
          return degrade(
              field,
              column,
              "show-first-4/show-last-4 redact with mask-alphanum characters, not the policy's"
                  + " fill, and keep exactly four");
        case MASK_CHARACTERS:
          return degrade(
              field,
              column,
              "mask-alphanum writes n for digits and x for letters and most punctuation; the"
                  + " source writes X, x and 0 and keeps punctuation");
        case EMAIL:
        case REGEX_REPLACE:
        case ROUND:
        case EXPRESSION:
          return degrade(field, column, "no action computes " + transform.kind().id());
      }
      throw new IllegalStateException("Unknown transform kind " + transform.kind());
    }

    private Optional<ProjectionAction> degrade(
        IcebergField field, ColumnDecision column, String why) {
      Optional<ProjectionAction> hidden = hide(field);
      losses.add(
          new Loss(
              maskOrigin(column.column()),
              "Column "
                  + column.column()
                  + " (field ID "
                  + field.id()
                  + ") of "
                  + decision.table()
                  + ": mask "
                  + column.kindName()
                  + " has no exact read-restriction action ("
                  + why
                  + "); published as "
                  + hidden.map(ProjectionAction::id).orElse("a false row filter"),
              LossDirection.STRICTER));
      return hidden;
    }

    // Hides every value: NULL where allowed, else one fixed value for all rows, else no rows.
    private Optional<ProjectionAction> hide(IcebergField field) {
      if (field.optional()) {
        return Optional.of(ProjectionAction.REPLACE_WITH_NULL);
      }
      if (ProjectionAction.hasFixedValue(field.type())) {
        return Optional.of(ProjectionAction.MASK_TO_FIXED_VALUE);
      }
      noRows = true;
      return Optional.empty();
    }

    private Origin maskOrigin(String column) {
      Securable target = decision.table().tableOnly().column(column);
      for (ColumnMask mask : set.columnMasks()) {
        if (mask.column().isPresent() && mask.column().get().equals(target)) {
          return mask.origin();
        }
      }
      return Origin.of(set.source().system()).withObject(target.qualifiedName());
    }

    private Origin filterOrigin() {
      for (RowFilter filter : set.rowFilters()) {
        if (filter.table().equals(decision.table().tableOnly())) {
          return filter.origin();
        }
      }
      return Origin.of(set.source().system()).withObject(decision.table().qualifiedName());
    }
  }

  /** Whether the literal is the spec's mask-to-fixed-value value for the type. */
  static boolean isFixedValue(Expr.Literal literal, IcebergType type) {
    String name = type.name();
    if (type.isString()) {
      return literal instanceof Expr.StringLiteral text && text.value().equals("XXXXXXXX");
    }
    if (type.isIntegral() || type.isDecimal() || name.equals("float") || name.equals("double")) {
      return literal instanceof Expr.NumberLiteral number
          && number.value().compareTo(BigDecimal.ZERO) == 0;
    }
    if (name.equals("boolean")) {
      return literal instanceof Expr.BooleanLiteral bool && !bool.value();
    }
    if (name.equals("date")) {
      return literal instanceof Expr.DateLiteral date && date.value().equals(LocalDate.EPOCH);
    }
    if (name.equals("timestamp") || name.equals("timestamp_ns")) {
      return literal instanceof Expr.TimestampLiteral timestamp
          && timestamp.value().equals(LocalDateTime.of(1970, 1, 1, 0, 0));
    }
    return false;
  }
}
