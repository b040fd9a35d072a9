package dev.passport.translate.trinorules;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.ExprTrees;
import dev.passport.model.Expressions;
import dev.passport.model.Loss;
import dev.passport.model.LossDirection;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.Table;
import dev.passport.model.TransformKind;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.ConditionalTransform;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.translate.Translation;
import dev.passport.translate.iceberg.Audience;
import dev.passport.translate.iceberg.Audiences;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.identity.TargetPrincipals;
import dev.passport.translate.sql.ExpressionPrinter;
import dev.passport.translate.sql.SqlDialect;
import dev.passport.translate.sql.TransformSqlPrinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a PolicySet as Trino file-based access control rules for the Iceberg catalog(s).
 *
 * <p>Trino takes the first rule that matches the caller and the table, so the translator writes one
 * rule per table and {@link Audience} (each user, holders of each role or group with the deepest
 * inheritance first, everyone else), each with the evaluator's answer for that class: the
 * privileges, the residual row filter ({@code current_user} left in for classes without a user
 * name), and per column {@code allow: false} or a {@code mask}. A class the source denies gets an
 * explicit {@code "privileges": []} rule so that a later, wider rule cannot grant it; the file ends
 * with a rule that denies everything else. Principal names become anchored, escaped regexes; a
 * class's users, groups and roles each get their own rule (a rule's matchers must all hold).
 *
 * <p>Artifacts: {@code rules.json} for the system-level plugin ({@code access-control.name=file};
 * {@code catalogs}, {@code schemas} and {@code tables} with {@code catalog} matchers) and {@code
 * <catalog>-rules.json} per catalog for {@code <catalog>.security=FILE} (the same rules without
 * catalog matchers, which catalog-level files do not have).
 */
public final class TrinoRulesTranslator {
  /** The system-level rules file. */
  public static final String SYSTEM_FILE = "rules.json";

  private static final String DEFAULT_CATALOG = "iceberg";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PolicySet set;
  private final TrinoRulesOptions options;
  private final Evaluator evaluator;
  private final Set<Loss> losses = new LinkedHashSet<>();
  private final List<Audience> audiences;

  private TrinoRulesTranslator(PolicySet set, IdentityMap identities, TrinoRulesOptions options) {
    this.set = set;
    this.options = options;
    this.evaluator = Evaluator.compile(set);
    this.audiences = Audiences.of(set, evaluator, identities, losses::add);
  }

  /** The rules files and what they do not say exactly as the source does. */
  public static Translation translate(
      PolicySet set, IdentityMap identities, TrinoRulesOptions options) {
    requireNonNull(set, "set is null");
    requireNonNull(identities, "identities is null");
    requireNonNull(options, "options is null");
    return new TrinoRulesTranslator(set, identities, options).run();
  }

  /** The catalog-level rules file of a catalog. */
  public static String catalogFile(String catalog) {
    return catalog + "-rules.json";
  }

  /** The Trino catalog a table lives in under these options. */
  public static String catalogOf(Table table, TrinoRulesOptions options) {
    return options.catalog().orElse(table.name().catalog().orElse(DEFAULT_CATALOG));
  }

  private Translation run() {
    Map<String, List<ObjectNode>> tableRulesByCatalog = new LinkedHashMap<>();
    for (Table table : set.tables()) {
      String catalog = catalogOf(table, options);
      List<ObjectNode> rules =
          tableRulesByCatalog.computeIfAbsent(catalog, key -> new ArrayList<>());
      for (Audience audience : audiences) {
        rules.addAll(tableRules(table, audience));
      }
    }
    Map<String, String> artifacts = new LinkedHashMap<>();
    ObjectNode system = JSON.createObjectNode();
    ArrayNode catalogs = system.putArray("catalogs");
    for (String catalog : tableRulesByCatalog.keySet()) {
      ObjectNode rule = catalogs.addObject();
      rule.put("catalog", TrinoRegex.exactly(catalog));
      rule.put("allow", "all");
    }
    catalogs.addObject().put("allow", "none");
    system.set("schemas", schemaRules());
    ArrayNode systemTables = system.putArray("tables");
    tableRulesByCatalog.values().forEach(rules -> rules.forEach(systemTables::add));
    systemTables.addObject().putArray("privileges");
    artifacts.put(SYSTEM_FILE, write(system));
    for (Map.Entry<String, List<ObjectNode>> entry : tableRulesByCatalog.entrySet()) {
      ObjectNode file = JSON.createObjectNode();
      file.set("schemas", schemaRules());
      ArrayNode tables = file.putArray("tables");
      for (ObjectNode rule : entry.getValue()) {
        ObjectNode copy = rule.deepCopy();
        copy.remove("catalog");
        tables.add(copy);
      }
      tables.addObject().putArray("privileges");
      artifacts.put(catalogFile(entry.getKey()), write(file));
    }
    return new Translation(artifacts, new ArrayList<>(losses));
  }

  // Nobody owns schemas (so nobody may drop or create in them) except superusers.
  private ArrayNode schemaRules() {
    ArrayNode rules = JSON.createArrayNode();
    for (Audience audience : audiences) {
      if (audience.superuser() && audience.target().isPresent()) {
        for (ObjectNode matcher : matchers(audience)) {
          matcher.put("owner", true);
          rules.add(matcher);
        }
      }
    }
    rules.addObject().put("owner", false);
    return rules;
  }

  private List<ObjectNode> tableRules(Table table, Audience audience) {
    if (audience.kind() != Audience.Kind.PUBLIC && audience.target().isEmpty()) {
      return List.of();
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("catalog", TrinoRegex.exactly(catalogOf(table, options)));
    body.put("schema", TrinoRegex.exactly(table.name().schema().orElse("default")));
    body.put("table", TrinoRegex.exactly(table.name().table().orElseThrow()));
    ArrayNode privileges = body.putArray("privileges");
    for (Action action : Action.values()) {
      if (evaluator.isAllowed(audience.context(), table.name(), action)) {
        privileges.add(action.name());
      }
    }
    if (audience.superuser()) {
      privileges.add("OWNERSHIP");
      privileges.add("GRANT_SELECT");
    }
    Decision decision = evaluator.decide(audience.context(), table.name(), Action.SELECT);
    if (decision.allowed()) {
      Map<String, ColumnDecision> columns = Audiences.withCurrentUser(decision.columns());
      Set<String> hidden = new LinkedHashSet<>();
      ArrayNode columnRules = JSON.createArrayNode();
      for (ColumnDecision column : columns.values()) {
        if (!column.readable()) {
          hidden.add(column.column());
          ObjectNode rule = columnRules.addObject();
          rule.put("name", column.column());
          rule.put("allow", false);
        }
      }
      for (ColumnDecision column : columns.values()) {
        if (!column.readable() || isIdentity(column)) {
          continue;
        }
        ObjectNode rule = columnRules.addObject();
        rule.put("name", column.column());
        rule.put("mask", mask(table, audience, column));
        if (readsHidden(column, hidden)) {
          environment(rule, "mask_environment", audience, table, column.column(), column);
        }
      }
      Expr filter = Audiences.withCurrentUser(decision.rowFilter());
      if (!Expressions.isTrue(filter)) {
        body.put("filter", filter(table, audience, filter));
        if (ExprTrees.anyMatch(
            filter, node -> node instanceof Expr.Column column && hidden.contains(column.name()))) {
          environment(body, "filter_environment", audience, table, "row filter", filter);
        }
      }
      if (!columnRules.isEmpty()) {
        body.set("columns", columnRules);
      }
    }
    List<ObjectNode> rules = new ArrayList<>();
    for (ObjectNode matcher : matchers(audience)) {
      matcher.setAll(body.deepCopy());
      rules.add(matcher);
    }
    return rules;
  }

  private void environment(
      ObjectNode rule, String member, Audience audience, Table table, String what, Object source) {
    boolean needsCaller =
        source instanceof Expr expr
            ? Audiences.mentionsCurrentUser(expr)
            : mentionsCurrentUser((ColumnDecision) source);
    if (options.policyUser().isPresent() && !needsCaller) {
      rule.putObject(member).put("user", options.policyUser().get());
      return;
    }
    losses.add(
        new Loss(
            Origin.of(set.source().system()).withObject(table.name().qualifiedName()),
            "The "
                + what
                + " of "
                + table.name()
                + " for "
                + audience.describe()
                + " reads a column the class may not see; Trino fails such queries"
                + " (trinodb/trino#12390)"
                + (needsCaller
                    ? " and the expression needs the caller's current_user, so "
                        + member
                        + " cannot be used"
                    : " unless a policy user is configured for " + member),
            LossDirection.STRICTER));
  }

  private static boolean mentionsCurrentUser(ColumnDecision column) {
    for (ConditionalTransform rule : column.rules()) {
      if (Audiences.mentionsCurrentUser(rule.condition())) {
        return true;
      }
    }
    return false;
  }

  private static boolean readsHidden(ColumnDecision column, Set<String> hidden) {
    for (ConditionalTransform rule : column.rules()) {
      if (ExprTrees.anyMatch(
          rule.condition(),
          node -> node instanceof Expr.Column named && hidden.contains(named.name()))) {
        return true;
      }
    }
    return false;
  }

  private String filter(Table table, Audience audience, Expr filter) {
    if (Expressions.isFalseOrNull(filter)) {
      return "false";
    }
    if (ExprTrees.anyMatch(filter, node -> node instanceof Expr.Lookup)) {
      losses.add(
          new Loss(
              Origin.of(set.source().system()).withObject(table.name().qualifiedName()),
              "The row filter of "
                  + table.name()
                  + " for "
                  + audience.describe()
                  + " reads a mapping table, which must exist in Trino under the source's name",
              LossDirection.UNKNOWN));
    }
    try {
      return ExpressionPrinter.print(filter, SqlDialect.TRINO);
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      losses.add(
          new Loss(
              Origin.of(set.source().system()).withObject(table.name().qualifiedName()),
              "The row filter of "
                  + table.name()
                  + " for "
                  + audience.describe()
                  + " has no Trino form ("
                  + e.getMessage()
                  + "); the rule filters every row out",
              LossDirection.STRICTER));
      return "false";
    }
  }

  private String mask(Table table, Audience audience, ColumnDecision column) {
    Optional<String> type = table.column(column.column()).map(ColumnInfo::type);
    try {
      return TransformSqlPrinter.print(
          column,
          SqlDialect.TRINO,
          ExpressionPrinter.identifier(column.column(), SqlDialect.TRINO),
          type,
          TransformSqlPrinter.storedSalt(column, options.hashSalt()));
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      losses.add(
          new Loss(
              Origin.of(set.source().system())
                  .withObject(table.name().column(column.column()).qualifiedName()),
              "The mask of "
                  + table.name().column(column.column())
                  + " for "
                  + audience.describe()
                  + " has no Trino form ("
                  + e.getMessage()
                  + "); it masks to NULL",
              LossDirection.STRICTER));
      return "NULL";
    }
  }

  private static boolean isIdentity(ColumnDecision column) {
    return column.unconditional().isPresent()
        && column.unconditional().get().kind() == TransformKind.IDENTITY;
  }

  /** One matcher object per kind of target principal (all of a rule's matchers must hold). */
  private static List<ObjectNode> matchers(Audience audience) {
    List<ObjectNode> matchers = new ArrayList<>();
    if (audience.kind() == Audience.Kind.PUBLIC) {
      matchers.add(JSON.createObjectNode());
      return matchers;
    }
    TargetPrincipals target = audience.target().orElseThrow();
    if (!target.users().isEmpty()) {
      matchers.add(JSON.createObjectNode().put("user", TrinoRegex.anyOf(target.users())));
    }
    if (!target.groups().isEmpty()) {
      matchers.add(JSON.createObjectNode().put("group", TrinoRegex.anyOf(target.groups())));
    }
    if (!target.roles().isEmpty()) {
      matchers.add(JSON.createObjectNode().put("role", TrinoRegex.anyOf(target.roles())));
    }
    return matchers;
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new PassportException(ErrorCode.INTERNAL_ERROR, "Cannot write JSON: " + e, e);
    }
  }
}
