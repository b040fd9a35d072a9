package dev.passport.translate.ranger;

import dev.passport.model.Action;
import dev.passport.model.ColumnMask;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expressions;
import dev.passport.model.Grant;
import dev.passport.model.Origin;
import dev.passport.model.PassportException;
import dev.passport.model.PolicySet;
import dev.passport.model.RowFilter;
import dev.passport.model.Securable;
import dev.passport.model.Table;
import dev.passport.model.evaluation.ColumnDecision;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.translate.Translation;
import dev.passport.translate.identity.IdentityMap;
import dev.passport.translate.sql.ExpressionPrinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Principals × tables × columns: Ranger's decision, row filter and mask for the translated policies
 * against the evaluator's on the source PolicySet. Each disagreement is one line.
 */
final class EquivalenceMatrix {
  static final String STRANGER = "passport_stranger";
  static final String DEFAULT_CATALOG = "dev";
  static final String DEFAULT_SCHEMA = "public";

  private EquivalenceMatrix() {}

  /** Options for the matrix: a concrete default catalog and schema to address requests with. */
  static RangerOptions options(RangerServiceType service) {
    RangerOptions options =
        service == RangerServiceType.TRINO
            ? RangerOptions.trino("dev_trino")
            : RangerOptions.hive("dev_hive");
    return options.withDefaultCatalog(DEFAULT_CATALOG).withDefaultSchema(DEFAULT_SCHEMA);
  }

  record Result(Translation translation, List<String> disagreements, int comparisons) {}

  static Result run(PolicySet set, IdentityMap identities, RangerOptions options) throws Exception {
    return run(set, identities, options, UnaryOperator.identity());
  }

  /** The matrix over a translation that {@code tamper} may change, to show the matrix can fail. */
  static Result run(
      PolicySet set,
      IdentityMap identities,
      RangerOptions options,
      UnaryOperator<Translation> tamper)
      throws Exception {
    Translation translation =
        tamper.apply(RangerPolicyTranslator.translate(set, identities, options));
    Evaluator evaluator = Evaluator.compile(set);
    Map<String, Set<String>> users = new LinkedHashMap<>();
    for (PrincipalClass principalClass : PrincipalClasses.of(set, identities, loss -> {})) {
      if (principalClass.kind() == PrincipalClass.Kind.USER
          && principalClass.target().isPresent()) {
        Set<String> groups = new LinkedHashSet<>(principalClass.memberships().groups());
        groups.remove(PrincipalClasses.PUBLIC_GROUP);
        for (String targetUser : principalClass.target().get().users()) {
          users.put(principalClass.name() + "|" + targetUser, groups);
        }
      }
    }
    users.put(STRANGER + "|" + STRANGER, Set.of());
    List<String> disagreements = new ArrayList<>();
    int comparisons = 0;
    RangerServiceType service = options.serviceType();
    try (RangerEngine engine = new RangerEngine(translation, options)) {
      for (Securable table : tables(set)) {
        List<String> tablePath = path(table, service);
        for (Map.Entry<String, Set<String>> user : users.entrySet()) {
          String sourceUser = user.getKey().substring(0, user.getKey().indexOf('|'));
          String targetUser = user.getKey().substring(user.getKey().indexOf('|') + 1);
          Set<String> groups = user.getValue();
          Decision decision =
              evaluator.decide(PrincipalContext.user(sourceUser), table, Action.SELECT);
          String who = sourceUser + " on " + table;
          for (ColumnDecision column : decision.columns().values()) {
            List<String> columnPath = new ArrayList<>(tablePath);
            columnPath.add(column.column());
            boolean rangerAllowed = engine.allowed(targetUser, groups, columnPath, "select");
            comparisons++;
            if (rangerAllowed != column.readable()) {
              disagreements.add(
                  "ACCESS "
                      + who
                      + "."
                      + column.column()
                      + ": evaluator "
                      + column.readable()
                      + ", ranger "
                      + rangerAllowed);
            }
            if (!column.readable()) {
              continue;
            }
            RangerMasks.Mask expected =
                RangerMasks.mask(
                    column.rules(),
                    column.otherwise(),
                    service,
                    Origin.of(set.source().system()),
                    loss -> {});
            RangerMasks.Mask actual = engine.mask(targetUser, groups, columnPath);
            comparisons++;
            if (!expected.equals(actual)) {
              disagreements.add(
                  "MASK "
                      + who
                      + "."
                      + column.column()
                      + ": evaluator "
                      + expected
                      + ", ranger "
                      + actual);
            }
          }
          if (decision.allowed()) {
            String expected = filterText(decision, service);
            String actual = engine.rowFilter(targetUser, groups, tablePath);
            comparisons++;
            if (!expected.equals(actual)) {
              disagreements.add(
                  "FILTER " + who + ": evaluator [" + expected + "], ranger [" + actual + "]");
            }
          }
        }
      }
    }
    return new Result(translation, disagreements, comparisons);
  }

  static String filterText(Decision decision, RangerServiceType service) {
    if (Expressions.isTrue(decision.rowFilter())) {
      return "";
    }
    if (Expressions.isFalseOrNull(decision.rowFilter())) {
      return "1 = 0";
    }
    try {
      return ExpressionPrinter.print(decision.rowFilter(), service.dialect());
    } catch (PassportException e) {
      if (e.errorCode() != ErrorCode.NOT_SUPPORTED) {
        throw e;
      }
      return "1 = 0";
    }
  }

  static List<String> path(Securable table, RangerServiceType service) {
    List<String> path = new ArrayList<>();
    if (service == RangerServiceType.TRINO) {
      path.add(table.catalog().orElse(DEFAULT_CATALOG));
    }
    path.add(table.schema().orElse(DEFAULT_SCHEMA));
    path.add(table.table().orElseThrow());
    return path;
  }

  static List<Securable> tables(PolicySet set) {
    Map<String, Securable> tables = new LinkedHashMap<>();
    for (Table table : set.tables()) {
      tables.putIfAbsent(table.name().qualifiedName(), table.name());
    }
    for (RowFilter filter : set.rowFilters()) {
      tables.putIfAbsent(filter.table().qualifiedName(), filter.table());
    }
    for (ColumnMask mask : set.columnMasks()) {
      mask.column()
          .ifPresent(
              column -> tables.putIfAbsent(column.tableOnly().qualifiedName(), column.tableOnly()));
    }
    for (Grant grant : set.grants()) {
      if (grant.securable().table().isPresent()) {
        Securable table = grant.securable().tableOnly();
        tables.putIfAbsent(table.qualifiedName(), table);
      }
    }
    return new ArrayList<>(tables.values());
  }
}
