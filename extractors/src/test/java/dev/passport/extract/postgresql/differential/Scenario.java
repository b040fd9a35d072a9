package dev.passport.extract.postgresql.differential;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One differential scenario, read from a resource: the DDL that builds it (run as the superuser,
 * then read back live and as text) and, in {@code -- @} header lines, how to fill and query it.
 *
 * <pre>
 * -- @description: two permissive SELECT policies are OR-ed
 * -- @rows: t 300                        generate 300 rows into public.t
 * -- @values: t.owner dp_a|dp_b|NULL     pick column values from this pool (NULL is SQL NULL)
 * -- @range: t.amount -50..50            integers in this range (plus NULLs)
 * -- @settings: app.tenant=a,app.x=1     one session-attribute variant per line; "-" for none
 * -- @expect-loss                        the extraction is expected to report losses
 * </pre>
 *
 * Every role the DDL creates, and the superuser, is compared; so is every table of schema public.
 */
record Scenario(
    String name,
    String description,
    String ddl,
    Map<String, Integer> rowCounts,
    Map<String, ColumnSpec> columns,
    List<Map<String, String>> settings,
    boolean expectLoss) {
  Scenario {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(ddl, "ddl is null");
    rowCounts = Collections.unmodifiableMap(new LinkedHashMap<>(rowCounts));
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    settings = List.copyOf(settings);
  }

  /** How one column's generated values are drawn: a pool of literals or an integer range. */
  record ColumnSpec(List<String> pool, long minimum, long maximum) {
    ColumnSpec {
      pool = Collections.unmodifiableList(new ArrayList<>(pool));
    }

    boolean isRange() {
      return pool.isEmpty();
    }
  }

  static Scenario parse(String name, String text) {
    String description = name;
    Map<String, Integer> rowCounts = new LinkedHashMap<>();
    Map<String, ColumnSpec> columns = new LinkedHashMap<>();
    List<Map<String, String>> settings = new ArrayList<>();
    boolean expectLoss = false;
    for (String rawLine : text.split("\n", -1)) {
      String line = rawLine.strip();
      if (!line.startsWith("-- @")) {
        continue;
      }
      String directive = line.substring(4);
      int colon = directive.indexOf(':');
      String key = colon < 0 ? directive.strip() : directive.substring(0, colon).strip();
      String value = colon < 0 ? "" : directive.substring(colon + 1).strip();
      switch (key) {
        case "description" -> description = value;
        case "rows" -> {
          String[] parts = value.split("\\s+");
          rowCounts.put(parts[0], Integer.parseInt(parts[1]));
        }
        case "values" -> {
          int space = value.indexOf(' ');
          List<String> pool = new ArrayList<>();
          for (String item : value.substring(space + 1).strip().split("\\|", -1)) {
            pool.add(item.equals("NULL") ? null : item);
          }
          columns.put(value.substring(0, space), new ColumnSpec(pool, 0, 0));
        }
        case "range" -> {
          String[] parts = value.split("\\s+");
          String[] bounds = parts[1].split("\\.\\.");
          columns.put(
              parts[0],
              new ColumnSpec(List.of(), Long.parseLong(bounds[0]), Long.parseLong(bounds[1])));
        }
        case "settings" -> {
          Map<String, String> variant = new LinkedHashMap<>();
          if (!value.equals("-")) {
            for (String assignment : value.split(",")) {
              int equals = assignment.indexOf('=');
              variant.put(
                  assignment.substring(0, equals).strip(),
                  assignment.substring(equals + 1).strip());
            }
          }
          settings.add(Collections.unmodifiableMap(variant));
        }
        case "expect-loss" -> expectLoss = true;
        default ->
            throw new IllegalArgumentException(
                "Scenario " + name + ": unknown directive '" + key + "'");
      }
    }
    if (settings.isEmpty()) {
      settings.add(Map.of());
    }
    return new Scenario(name, description, text, rowCounts, columns, settings, expectLoss);
  }

  @Override
  public String toString() {
    return name + " (" + description + ")";
  }
}
