package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.SystemKind;
import dev.passport.model.evaluation.PrincipalContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a transfer spec from YAML. The minimal form, which every later version keeps reading:
 *
 * <pre>{@code
 * source: {policies: source.json}           # a PolicySet file
 * destination: {policies: destination.json} # the destination's PolicySet
 * identityMap: identities.yaml              # optional (JSON or YAML)
 * tables:
 *   - source: sales.crm.customers
 *     destination: lake.crm.customers
 *     columns: all                          # or a list, or a map source → destination name
 * inFlight:                                 # optional: the export was rewritten by Passport
 *   audience: {user: etl_bot, roles: [analyst]}
 * }</pre>
 *
 * A side may instead give an extraction recipe, {@code {ddl: [schema.sql, …], system: postgresql}}
 * ({@code ddl} may be one file), read through the system's DDL extractor. {@code columns} may be
 * left out and then means {@code all}. The audience may also list {@code groups} and session {@code
 * attributes}. Paths are relative to the spec file's folder.
 *
 * <p>Unknown keys are rejected, with their line and column, rather than ignored: a misspelt {@code
 * inflight:} or {@code identitymap:} that was skipped would change the verdict silently, and a spec
 * written for a later version whose new key an older gate cannot honour must stop that gate rather
 * than pass unchecked. Top-level keys starting with {@code x-} are the one exception, left for
 * annotations (a ticket, an owner) that no gate reads. Every error is a {@link PassportException}
 * with code INVALID_ARGUMENT (the spec is the gate's argument) and a message {@code
 * file:line:column: problem}; a file that cannot be read is IO_ERROR.
 */
public final class TransferSpecReader {
  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private TransferSpecReader() {}

  /**
   * Reads a spec file; relative paths in it resolve against its folder.
   *
   * @throws PassportException IO_ERROR when the file cannot be read, INVALID_ARGUMENT when it is
   *     not a transfer spec
   */
  public static TransferSpec read(Path file) {
    requireNonNull(file, "file is null");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, "Cannot read transfer spec " + file + ": " + e.getMessage(), e);
    }
    Path folder = file.toAbsolutePath().getParent();
    return parse(text, folder == null ? Path.of("") : folder, file.toString());
  }

  /**
   * Parses spec text; relative paths resolve against {@code baseDirectory}, and {@code fileName}
   * names the input in messages.
   *
   * @throws PassportException INVALID_ARGUMENT when the text is not a transfer spec
   */
  public static TransferSpec parse(String yaml, Path baseDirectory, String fileName) {
    requireNonNull(yaml, "yaml is null");
    requireNonNull(baseDirectory, "baseDirectory is null");
    requireNonNull(fileName, "fileName is null");
    return new Reading(baseDirectory, fileName).spec(tree(yaml, fileName));
  }

  // ---------------------------------------------------------------- located tree

  /** A YAML value and where it starts, so that every error can point at its line. */
  private abstract static class Node {
    final JsonLocation location;

    Node(JsonLocation location) {
      this.location = location;
    }

    abstract String describe();
  }

  private static final class MapNode extends Node {
    final Map<String, Node> entries = new LinkedHashMap<>();
    final Map<String, JsonLocation> keys = new LinkedHashMap<>();

    MapNode(JsonLocation location) {
      super(location);
    }

    @Override
    String describe() {
      return "a mapping";
    }
  }

  private static final class ListNode extends Node {
    final List<Node> items = new ArrayList<>();

    ListNode(JsonLocation location) {
      super(location);
    }

    @Override
    String describe() {
      return "a list";
    }
  }

  private static final class ScalarNode extends Node {
    final Optional<String> text;

    ScalarNode(JsonLocation location, Optional<String> text) {
      super(location);
      this.text = text;
    }

    @Override
    String describe() {
      return text.isEmpty() ? "empty" : "a single value";
    }
  }

  private static Node tree(String yaml, String fileName) {
    try (JsonParser parser = YAML.createParser(yaml)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new PassportException(
            ErrorCode.INVALID_ARGUMENT, fileName + ":1:1: the transfer spec is empty");
      }
      Node root = node(parser, fileName);
      if (parser.nextToken() != null) {
        throw error(fileName, parser.currentTokenLocation(), "more than one YAML document");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      throw error(
          fileName,
          location == null ? JsonLocation.NA : location,
          "not YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, "Cannot read transfer spec " + fileName + ": " + e.getMessage(), e);
    }
  }

  private static Node node(JsonParser parser, String fileName) throws IOException {
    JsonLocation location = parser.currentTokenLocation();
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      MapNode map = new MapNode(location);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        JsonLocation keyLocation = parser.currentTokenLocation();
        if (map.entries.containsKey(key)) {
          throw error(fileName, keyLocation, "key '" + key + "' appears twice");
        }
        parser.nextToken();
        map.keys.put(key, keyLocation);
        map.entries.put(key, node(parser, fileName));
      }
      return map;
    }
    if (token == JsonToken.START_ARRAY) {
      ListNode list = new ListNode(location);
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        list.items.add(node(parser, fileName));
      }
      return list;
    }
    if (token == JsonToken.VALUE_NULL) {
      return new ScalarNode(location, Optional.empty());
    }
    return new ScalarNode(location, Optional.of(parser.getText()));
  }

  private static PassportException error(String fileName, JsonLocation location, String problem) {
    int line = Math.max(1, location.getLineNr());
    int column = Math.max(1, location.getColumnNr());
    return new PassportException(
        ErrorCode.INVALID_ARGUMENT, fileName + ":" + line + ":" + column + ": " + problem);
  }

  // ---------------------------------------------------------------- the spec

  /** One reading of one file: the folder paths resolve against and the name messages use. */
  private static final class Reading {
    private final Path baseDirectory;
    private final String fileName;

    Reading(Path baseDirectory, String fileName) {
      this.baseDirectory = baseDirectory;
      this.fileName = fileName;
    }

    TransferSpec spec(Node root) {
      MapNode top = map(root, "the transfer spec");
      checkKeys(
          top,
          "the transfer spec",
          List.of("source", "destination", "identityMap", "tables", "inFlight"),
          true);
      PolicySource source = policySource(required(top, "source", "the transfer spec"), "source");
      PolicySource destination =
          policySource(required(top, "destination", "the transfer spec"), "destination");
      Optional<Path> identityMap =
          optional(top, "identityMap").map(node -> path(node, "identityMap"));
      Node tablesNode = required(top, "tables", "the transfer spec");
      if (!(tablesNode instanceof ListNode list) || list.items.isEmpty()) {
        throw error(fileName, tablesNode.location, "'tables' is a list of at least one table");
      }
      List<TableTransfer> tables = new ArrayList<>();
      for (Node item : list.items) {
        tables.add(table(item));
      }
      Optional<InFlight> inFlight = optional(top, "inFlight").map(this::inFlight);
      return new TransferSpec(fileName, source, destination, identityMap, tables, inFlight);
    }

    private PolicySource policySource(Node node, String side) {
      MapNode map = map(node, "'" + side + "'");
      checkKeys(map, "'" + side + "'", List.of("policies", "ddl", "system"), false);
      boolean policies = map.entries.containsKey("policies");
      boolean ddl = map.entries.containsKey("ddl");
      if (policies == ddl) {
        throw error(
            fileName,
            node.location,
            "'"
                + side
                + "' gives either 'policies' (a PolicySet file) or 'ddl' (scripts) with 'system'");
      }
      if (policies) {
        if (map.entries.containsKey("system")) {
          throw error(
              fileName,
              map.keys.get("system"),
              "'system' goes with 'ddl'; a PolicySet file names its own system");
        }
        return PolicySource.policySet(path(map.entries.get("policies"), side + ".policies"));
      }
      Node systemNode = required(map, "system", "'" + side + "' with 'ddl'");
      String systemId = text(systemNode, side + ".system");
      SystemKind system;
      try {
        system = SystemKind.fromId(systemId);
      } catch (IllegalArgumentException e) {
        throw error(fileName, systemNode.location, "unknown system '" + systemId + "'");
      }
      Node scripts = map.entries.get("ddl");
      List<Path> files = new ArrayList<>();
      if (scripts instanceof ListNode list) {
        for (Node item : list.items) {
          files.add(path(item, side + ".ddl"));
        }
        if (files.isEmpty()) {
          throw error(fileName, scripts.location, "'" + side + ".ddl' names at least one script");
        }
      } else {
        files.add(path(scripts, side + ".ddl"));
      }
      return PolicySource.ddl(system, files);
    }

    private TableTransfer table(Node node) {
      MapNode map = map(node, "a table");
      checkKeys(map, "a table", List.of("source", "destination", "columns"), false);
      String source = tableName(required(map, "source", "a table"), "source");
      String destination = tableName(required(map, "destination", "a table"), "destination");
      Optional<Node> columnsNode = optional(map, "columns");
      ColumnSelection columns =
          columnsNode.isEmpty() ? ColumnSelection.all() : columns(columnsNode.get());
      return new TableTransfer(source, destination, columns);
    }

    private String tableName(Node node, String key) {
      String name = text(node, "a table's '" + key + "'");
      for (String part : name.split("\\.", -1)) {
        if (part.isBlank()) {
          throw error(fileName, node.location, "'" + name + "' is not a dotted table name");
        }
      }
      if (name.split("\\.", -1).length > 3) {
        throw error(
            fileName, node.location, "'" + name + "' has more than catalog.schema.table parts");
      }
      return name;
    }

    private ColumnSelection columns(Node node) {
      try {
        if (node instanceof ScalarNode scalar) {
          if (scalar.text.isPresent() && scalar.text.get().equals("all")) {
            return ColumnSelection.all();
          }
          throw error(
              fileName,
              node.location,
              "'columns' is 'all', a list of columns, or a map source column → destination column");
        }
        if (node instanceof ListNode list) {
          List<String> names = new ArrayList<>();
          for (Node item : list.items) {
            names.add(text(item, "a column"));
          }
          if (names.isEmpty()) {
            throw error(fileName, node.location, "'columns' lists at least one column");
          }
          return ColumnSelection.of(names);
        }
        MapNode map = (MapNode) node;
        Map<String, String> renames = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : map.entries.entrySet()) {
          renames.put(entry.getKey(), text(entry.getValue(), "column " + entry.getKey()));
        }
        if (renames.isEmpty()) {
          throw error(fileName, node.location, "'columns' maps at least one column");
        }
        return ColumnSelection.renamed(renames);
      } catch (IllegalArgumentException e) {
        throw error(fileName, node.location, e.getMessage());
      }
    }

    private InFlight inFlight(Node node) {
      MapNode map = map(node, "'inFlight'");
      checkKeys(map, "'inFlight'", List.of("audience"), false);
      MapNode audience = map(required(map, "audience", "'inFlight'"), "'inFlight.audience'");
      checkKeys(
          audience, "'inFlight.audience'", List.of("user", "roles", "groups", "attributes"), false);
      String user = text(required(audience, "user", "'inFlight.audience'"), "the audience's user");
      PrincipalContext context =
          PrincipalContext.user(user)
              .withRoles(names(optional(audience, "roles"), "roles"))
              .withGroups(names(optional(audience, "groups"), "groups"));
      Optional<Node> attributes = optional(audience, "attributes");
      if (attributes.isPresent()) {
        MapNode values = map(attributes.get(), "'inFlight.audience.attributes'");
        for (Map.Entry<String, Node> entry : values.entries.entrySet()) {
          context = context.withAttribute(entry.getKey(), text(entry.getValue(), entry.getKey()));
        }
      }
      return new InFlight(context);
    }

    private List<String> names(Optional<Node> node, String what) {
      if (node.isEmpty()) {
        return List.of();
      }
      if (!(node.get() instanceof ListNode list)) {
        throw error(fileName, node.get().location, "'" + what + "' is a list of names");
      }
      List<String> names = new ArrayList<>();
      for (Node item : list.items) {
        names.add(text(item, "a name in '" + what + "'"));
      }
      return names;
    }

    private Path path(Node node, String what) {
      String text = text(node, "'" + what + "'");
      try {
        return baseDirectory.resolve(text).normalize();
      } catch (java.nio.file.InvalidPathException e) {
        throw error(fileName, node.location, "'" + text + "' is not a path");
      }
    }

    private String text(Node node, String what) {
      if (!(node instanceof ScalarNode scalar) || scalar.text.isEmpty()) {
        throw error(fileName, node.location, what + " is a name, not " + node.describe());
      }
      String text = scalar.text.get().trim();
      if (text.isEmpty()) {
        throw error(fileName, node.location, what + " is blank");
      }
      return text;
    }

    private MapNode map(Node node, String what) {
      if (!(node instanceof MapNode map)) {
        throw error(fileName, node.location, what + " is a mapping, not " + node.describe());
      }
      return map;
    }

    private Node required(MapNode map, String key, String where) {
      Node node = map.entries.get(key);
      if (node == null) {
        throw error(fileName, map.location, where + " needs '" + key + "'");
      }
      return node;
    }

    private static Optional<Node> optional(MapNode map, String key) {
      Node node = map.entries.get(key);
      // A key with nothing after it ("identityMap:") is absent, as YAML's null is.
      if (node instanceof ScalarNode scalar && scalar.text.map(String::isBlank).orElse(true)) {
        return Optional.empty();
      }
      return Optional.ofNullable(node);
    }

    private void checkKeys(MapNode map, String where, List<String> allowed, boolean extensions) {
      for (Map.Entry<String, JsonLocation> key : map.keys.entrySet()) {
        String name = key.getKey();
        if (allowed.contains(name) || (extensions && name.startsWith("x-"))) {
          continue;
        }
        throw error(
            fileName,
            key.getValue(),
            "unknown key '"
                + name
                + "' in "
                + where
                + " (known: "
                + String.join(", ", allowed)
                + (extensions ? "; keys starting with x- are ignored" : "")
                + ")");
      }
    }
  }
}
