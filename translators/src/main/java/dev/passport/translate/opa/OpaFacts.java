package dev.passport.translate.opa;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The facts the generated Rego reads ({@code data.json}), and the same resolution the Rego does, in
 * Java, to derive the generated {@code opa test} cases.
 */
record OpaFacts(String source, Map<String, FactClass> classes, List<FactTable> tables) {
  static final String DEFAULT_CLASS = "default";
  static final String FALSE = "FALSE";
  static final String NULL = "NULL";
  private static final ObjectMapper JSON = new ObjectMapper();

  OpaFacts {
    requireNonNull(source, "source is null");
    classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    tables = List.copyOf(tables);
  }

  /** A class as the Rego sees it. */
  record FactClass(
      String description,
      boolean login,
      List<String> users,
      List<String> groups,
      List<String> subsumes) {
    FactClass {
      requireNonNull(description, "description is null");
      users = List.copyOf(users);
      groups = List.copyOf(groups);
      subsumes = List.copyOf(subsumes);
    }
  }

  /**
   * One table: its Trino name (an absent catalog or schema matches any), its known columns (a
   * column it does not list is unreadable), and what each class may do with it (a class it does not
   * list may do nothing).
   */
  record FactTable(
      String sourceName,
      Optional<String> catalog,
      Optional<String> schema,
      String table,
      Optional<List<String>> columns,
      Map<String, ClassAccess> access) {
    FactTable {
      requireNonNull(sourceName, "sourceName is null");
      requireNonNull(catalog, "catalog is null");
      requireNonNull(schema, "schema is null");
      requireNonNull(table, "table is null");
      columns = columns.map(List::copyOf);
      access = Collections.unmodifiableMap(new LinkedHashMap<>(access));
    }
  }

  /**
   * What one class may do with one table: the actions ({@code SELECT}, {@code INSERT}, {@code
   * UPDATE}, {@code DELETE}), the row filter (absent: every row), the columns it may not read, and
   * the mask of each masked column, all in Trino SQL.
   */
  record ClassAccess(
      List<String> actions,
      Optional<String> rowFilter,
      List<String> deniedColumns,
      Map<String, String> masks) {
    ClassAccess {
      actions = List.copyOf(actions);
      requireNonNull(rowFilter, "rowFilter is null");
      deniedColumns = List.copyOf(deniedColumns);
      masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
    }
  }

  // ------------------------------------------------------------------ the Rego's logic, in Java

  /** The classes a Trino caller falls into, exactly as {@code caller_classes} in the module. */
  Set<String> classesOf(String user, Collection<String> groups) {
    Set<String> named = new LinkedHashSet<>();
    Set<String> candidates = new LinkedHashSet<>();
    for (Map.Entry<String, FactClass> entry : classes.entrySet()) {
      FactClass fact = entry.getValue();
      if (fact.login() && fact.users().contains(user)) {
        named.add(entry.getKey());
      }
      boolean byUser = !fact.login() && fact.users().contains(user);
      boolean byGroup = fact.groups().stream().anyMatch(groups::contains);
      if (byUser || byGroup) {
        candidates.add(entry.getKey());
      }
    }
    if (!named.isEmpty()) {
      return named;
    }
    Set<String> minimal = new LinkedHashSet<>(candidates);
    for (String candidate : candidates) {
      minimal.removeAll(classes.get(candidate).subsumes());
    }
    return minimal.isEmpty() ? Set.of(DEFAULT_CLASS) : minimal;
  }

  /** Whether every class may do the action and read every column ({@code allow}). */
  static boolean allows(
      Set<String> callerClasses, FactTable table, String action, List<String> columns) {
    for (String id : callerClasses) {
      ClassAccess access = table.access().get(id);
      if (access == null || !access.actions().contains(action)) {
        return false;
      }
      for (String column : columns) {
        if (access.deniedColumns().contains(column)
            || (table.columns().isPresent() && !table.columns().get().contains(column))) {
          return false;
        }
      }
    }
    return true;
  }

  /** The row filters Trino gets ({@code rowFilters}); it ands them. */
  static Set<String> rowFilters(Set<String> callerClasses, FactTable table) {
    Set<String> filters = new LinkedHashSet<>();
    for (String id : callerClasses) {
      ClassAccess access = table.access().get(id);
      if (access == null) {
        filters.add(FALSE);
      } else {
        access.rowFilter().ifPresent(filters::add);
      }
    }
    return filters;
  }

  /** The mask of a column ({@code columnMask}): one mask, NULL when the classes disagree. */
  static Optional<String> mask(Set<String> callerClasses, FactTable table, String column) {
    Set<String> masks = new LinkedHashSet<>();
    for (String id : callerClasses) {
      ClassAccess access = table.access().get(id);
      if (access == null) {
        return Optional.of(NULL);
      }
      String mask = access.masks().get(column);
      if (mask != null) {
        masks.add(mask);
      }
    }
    if (masks.size() > 1) {
      return Optional.of(NULL);
    }
    return masks.stream().findFirst();
  }

  // ------------------------------------------------------------------ data.json

  /** The facts as {@code data.json}, nested under the facts path. */
  String toJson(String factsPath) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode facts = nodes.objectNode();
    facts.put("format", 1);
    facts.put("source", source);
    ObjectNode classNodes = facts.putObject("classes");
    for (Map.Entry<String, FactClass> entry : classes.entrySet()) {
      FactClass fact = entry.getValue();
      ObjectNode node = classNodes.putObject(entry.getKey());
      node.put("description", fact.description());
      node.put("login", fact.login());
      strings(node.putArray("users"), fact.users());
      strings(node.putArray("groups"), fact.groups());
      strings(node.putArray("subsumes"), fact.subsumes());
    }
    ArrayNode tableNodes = facts.putArray("tables");
    for (FactTable table : tables) {
      ObjectNode node = tableNodes.addObject();
      node.put("source", table.sourceName());
      if (table.catalog().isPresent()) {
        node.put("catalog", table.catalog().get());
      } else {
        node.putNull("catalog");
      }
      if (table.schema().isPresent()) {
        node.put("schema", table.schema().get());
      } else {
        node.putNull("schema");
      }
      node.put("table", table.table());
      if (table.columns().isPresent()) {
        strings(node.putArray("columns"), table.columns().get());
      } else {
        node.putNull("columns");
      }
      ObjectNode accessNodes = node.putObject("access");
      for (Map.Entry<String, ClassAccess> entry : table.access().entrySet()) {
        ClassAccess access = entry.getValue();
        ObjectNode accessNode = accessNodes.putObject(entry.getKey());
        strings(accessNode.putArray("actions"), access.actions());
        access.rowFilter().ifPresent(filter -> accessNode.put("rowFilter", filter));
        if (!access.deniedColumns().isEmpty()) {
          strings(accessNode.putArray("deniedColumns"), access.deniedColumns());
        }
        if (!access.masks().isEmpty()) {
          ObjectNode masks = accessNode.putObject("masks");
          access.masks().forEach(masks::put);
        }
      }
    }
    ObjectNode root = nodes.objectNode();
    ObjectNode parent = root;
    List<String> path = List.of(factsPath.split("\\."));
    for (String segment : path.subList(0, path.size() - 1)) {
      parent = parent.putObject(segment);
    }
    parent.set(path.get(path.size() - 1), facts);
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(printer).writeValueAsString(root).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new PassportException(ErrorCode.INTERNAL_ERROR, "Cannot write OPA facts", e);
    }
  }

  private static void strings(ArrayNode array, List<String> values) {
    for (String value : values) {
      array.add(value);
    }
  }

  /** The string as a JSON (and Rego) string literal. */
  static String quote(String value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new PassportException(ErrorCode.INTERNAL_ERROR, "Cannot quote " + value, e);
    }
  }

  static List<String> sorted(Collection<String> values) {
    List<String> list = new ArrayList<>(values);
    Collections.sort(list);
    return list;
  }
}
