package dev.passport.translate.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passport.fixtures.SamplePolicySets;
import dev.passport.model.Action;
import dev.passport.model.ColumnInfo;
import dev.passport.model.Loss;
import dev.passport.model.PolicySet;
import dev.passport.model.Table;
import dev.passport.model.evaluation.Decision;
import dev.passport.model.evaluation.EvaluationOptions;
import dev.passport.model.evaluation.Evaluator;
import dev.passport.model.evaluation.LookupSource;
import dev.passport.model.evaluation.PrincipalContext;
import dev.passport.model.evaluation.Row;
import dev.passport.model.evaluation.RowEvaluator;
import dev.passport.translate.identity.IdentityMap;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance criterion of read restrictions: for every principal class of every sample, the
 * restrictions applied by an independent reader ({@link ReferenceApplier}) to sample rows give the
 * evaluator's rows and values, except where a reported loss makes them stricter: then fewer rows,
 * and the degraded column hidden (NULL or the fixed value).
 */
class TestReadRestrictionsAcceptance {
  private static final String SALT = "query-salt-0123456789";
  private static final int ROWS = 48;

  static List<String> samples() {
    return SamplePolicySets.NAMES;
  }

  @ParameterizedTest
  @MethodSource("samples")
  void testRestrictionsGiveTheEvaluatorsRows(String name) throws Exception {
    PolicySet set = SamplePolicySets.byName(name);
    Evaluator evaluator = Evaluator.compile(set);
    List<PrincipalContext> contexts = new ArrayList<>();
    for (Audience audience : Audiences.of(set, evaluator, IdentityMap.standard(), loss -> {})) {
      contexts.add(audience.context());
      contexts.add(audience.context().withAttribute("app.tenant_id", "7"));
    }
    contexts.add(PrincipalContext.user("zed"));
    int admittedByBoth = 0;
    int comparedValues = 0;
    for (Table table : set.tables()) {
      IcebergSchema schema = IcebergSchema.fromTable(table);
      List<Map<String, Object>> rows = rows(set, table);
      for (PrincipalContext context : contexts) {
        ReadRestrictions restrictions =
            IcebergReadRestrictions.resolve(evaluator, context, schema, table.name(), Map.of());
        Decision decision = evaluator.decide(context, table.name(), Action.SELECT);
        ReferenceApplier applier =
            new ReferenceApplier(schema, ReadRestrictionsJson.write(restrictions), SALT);
        boolean filterExact =
            restrictions.losses().stream().noneMatch(loss -> loss.reason().contains("row filter"));
        String where = name + " " + table.name() + " " + context;
        for (Map<String, Object> values : rows) {
          Row row = Row.of(values);
          boolean evaluatorAdmits =
              decision.allowed()
                  && RowEvaluator.admits(decision.rowFilter(), row, LookupSource.none());
          Optional<Map<String, Object>> read = applier.read(values);
          if (filterExact) {
            assertThat(read.isPresent()).as(where + " admits " + values).isEqualTo(evaluatorAdmits);
          } else if (read.isPresent()) {
            assertThat(evaluatorAdmits).as(where + " stricter filter admits " + values).isTrue();
          }
          if (read.isEmpty() || !evaluatorAdmits) {
            continue;
          }
          admittedByBoth++;
          Map<String, Object> masked =
              RowEvaluator.maskRow(
                  decision, row, LookupSource.none(), EvaluationOptions.defaults().withSalt(SALT));
          for (IcebergField field : schema.fields()) {
            Object value = read.get().get(field.name());
            boolean degraded = degraded(restrictions.losses(), field);
            if (!masked.containsKey(field.name()) || degraded) {
              assertThat(hidden(value, field))
                  .as(where + " hides " + field.name() + " in " + values + ": " + value)
                  .isTrue();
            } else {
              assertThat(same(value, masked.get(field.name())))
                  .as(
                      where
                          + " "
                          + field.name()
                          + ": reader "
                          + value
                          + " evaluator "
                          + masked.get(field.name()))
                  .isTrue();
              comparedValues++;
            }
          }
        }
      }
    }
    assertThat(admittedByBoth).as("rows both admit").isPositive();
    assertThat(comparedValues).as("values compared").isGreaterThan(20);
  }

  private static boolean degraded(List<Loss> losses, IcebergField field) {
    String prefix = "Column " + field.name() + " (field ID " + field.id() + ")";
    return losses.stream().anyMatch(loss -> loss.reason().startsWith(prefix));
  }

  private static boolean hidden(Object value, IcebergField field) {
    return value == null || same(value, ReferenceApplier.fixedValue(field.type()));
  }

  static boolean same(Object left, Object right) {
    if (left instanceof BigDecimal a && right instanceof BigDecimal b) {
      return a.compareTo(b) == 0;
    }
    return left == null ? right == null : left.equals(right);
  }

  /** Rows that meet the samples' filters (user names, regions, tenants) and miss them. */
  static List<Map<String, Object>> rows(PolicySet set, Table table) {
    List<Object> strings = new ArrayList<>();
    set.principals().forEach(principal -> strings.add(principal.name()));
    strings.addAll(
        List.of(
            "WEST",
            "NORTH",
            "EAST",
            "EU",
            "TEST CUSTOMER",
            "alice@example.com",
            "4111-1111-1111-4444",
            "x"));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      int j = 0;
      for (ColumnInfo column : table.columns()) {
        String type = IcebergSchema.type(column.type());
        List<Object> pool = new ArrayList<>();
        if (type.equals("string")) {
          pool.addAll(strings);
        } else if (type.equals("int") || type.equals("long")) {
          pool.addAll(List.of(BigDecimal.ONE, BigDecimal.valueOf(7), BigDecimal.valueOf(42)));
        } else if (type.startsWith("decimal")) {
          pool.addAll(List.of(new BigDecimal("12.50"), BigDecimal.ZERO, new BigDecimal("99.99")));
        } else if (type.equals("date")) {
          pool.addAll(List.of(LocalDate.of(2024, 7, 15), LocalDate.of(1999, 12, 31)));
        } else if (type.equals("timestamp")) {
          pool.addAll(
              List.of(
                  LocalDateTime.of(2024, 7, 15, 10, 15, 30), LocalDateTime.of(2001, 2, 3, 4, 5)));
        } else if (type.equals("boolean")) {
          pool.addAll(List.of(Boolean.TRUE, Boolean.FALSE));
        } else {
          pool.add("other");
        }
        if (column.nullable()) {
          pool.add(null);
        }
        row.put(column.name(), pool.get((i * (j + 1) + j * 5) % pool.size()));
        j++;
      }
      rows.add(row);
    }
    return rows;
  }
}
