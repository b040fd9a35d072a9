package dev.passport.translate.identity;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import dev.passport.model.Principal;
import dev.passport.model.PrincipalKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Source principals → target users, groups and roles. Translators consult it for every principal
 * they emit; a principal it does not map ({@link #map} is empty) is denied in the output and
 * reported as a loss. Target-neutral: Ranger, OPA and Iceberg translators read the same file.
 *
 * <pre>{@code
 * {
 *   "defaults": {"user": "same-name", "role": "group", "group": "group"},
 *   "mappings": [
 *     {"source": {"role": "ANALYST"}, "target": {"groups": ["analysts"], "roles": [], "users": []}},
 *     {"source": {"user": "bob"}, "target": {"users": ["bob@example.com"]}}
 *   ]
 * }
 * }</pre>
 *
 * Every member is optional; a missing {@code defaults} member takes {@link
 * IdentityDefaults#standard()}'s value. A file named {@code *.yaml} or {@code *.yml} holds the same
 * structure in YAML:
 *
 * <pre>{@code
 * defaults: {user: same-name, role: group}
 * mappings:
 *   - source: {role: ANALYST}
 *     target: {groups: [analysts]}
 * }</pre>
 */
public record IdentityMap(IdentityDefaults defaults, List<IdentityMapping> mappings) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  public IdentityMap {
    requireNonNull(defaults, "defaults is null");
    mappings = List.copyOf(requireNonNull(mappings, "mappings is null"));
    Map<String, IdentityMapping> seen = new LinkedHashMap<>();
    for (IdentityMapping mapping : mappings) {
      String key = mapping.kind() + ":" + mapping.name();
      if (seen.put(key, mapping) != null) {
        throw new PassportException(
            ErrorCode.INVALID_ARGUMENT,
            "Identity map names " + describe(mapping.kind(), mapping.name()) + " twice");
      }
    }
  }

  /** The map used when none is given: same names, roles become groups. */
  public static IdentityMap standard() {
    return new IdentityMap(IdentityDefaults.standard(), List.of());
  }

  /**
   * Reads an identity map file: YAML when its name ends in {@code .yaml} or {@code .yml}, JSON
   * otherwise.
   *
   * @throws PassportException IO_ERROR when the file cannot be read, INVALID_JSON when it is not an
   *     identity map
   */
  public static IdentityMap read(Path file) {
    requireNonNull(file, "file is null");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, "Cannot read identity map " + file + ": " + e.getMessage(), e);
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lowerName = name.toLowerCase(Locale.ROOT);
    if (lowerName.endsWith(".yaml") || lowerName.endsWith(".yml")) {
      return parseYaml(text, file.toString());
    }
    return parse(text, file.toString());
  }

  /**
   * Parses an identity map written in YAML; {@code fileName} names the input in messages.
   *
   * @throws PassportException INVALID_JSON when the text is not an identity map
   */
  public static IdentityMap parseYaml(String yaml, String fileName) {
    requireNonNull(yaml, "yaml is null");
    requireNonNull(fileName, "fileName is null");
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw invalid(fileName, "not YAML: " + e.getOriginalMessage());
    }
    return fromTree(root, fileName);
  }

  /**
   * Parses identity map JSON; {@code fileName} names the input in messages.
   *
   * @throws PassportException INVALID_JSON when the text is not an identity map
   */
  public static IdentityMap parse(String json, String fileName) {
    requireNonNull(json, "json is null");
    requireNonNull(fileName, "fileName is null");
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(fileName, "not JSON: " + e.getOriginalMessage());
    }
    return fromTree(root, fileName);
  }

  private static IdentityMap fromTree(JsonNode root, String fileName) {
    if (root == null || !root.isObject()) {
      throw invalid(fileName, "the top level is an object");
    }
    checkMembers(root, fileName, "the top level", List.of("defaults", "mappings"));
    IdentityDefaults defaults = readDefaults(root.get("defaults"), fileName);
    List<IdentityMapping> mappings = new ArrayList<>();
    JsonNode entries = root.get("mappings");
    if (entries != null) {
      if (!entries.isArray()) {
        throw invalid(fileName, "\"mappings\" is an array");
      }
      for (JsonNode entry : entries) {
        mappings.add(readMapping(entry, fileName));
      }
    }
    try {
      return new IdentityMap(defaults, mappings);
    } catch (PassportException e) {
      throw invalid(fileName, e.getMessage());
    }
  }

  /** What the principal becomes; empty when it is denied. */
  public Optional<TargetPrincipals> map(Principal principal) {
    requireNonNull(principal, "principal is null");
    return map(principal.kind(), principal.name());
  }

  /** What the named source principal becomes; empty when it is denied. */
  public Optional<TargetPrincipals> map(PrincipalKind kind, String name) {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    for (IdentityMapping mapping : mappings) {
      if (mapping.kind() == kind && mapping.name().equals(name)) {
        return mapping.target().isEmpty() ? Optional.empty() : Optional.of(mapping.target());
      }
    }
    switch (kind) {
      case USER:
        return defaults.user() == IdentityDefaults.UserDefault.SAME_NAME
            ? Optional.of(TargetPrincipals.user(name))
            : Optional.empty();
      case ROLE:
        switch (defaults.role()) {
          case GROUP:
            return Optional.of(TargetPrincipals.group(name));
          case ROLE:
            return Optional.of(TargetPrincipals.role(name));
          case DENY:
            return Optional.empty();
        }
        throw new IllegalStateException("Unknown role default " + defaults.role());
      case GROUP:
        return defaults.group() == IdentityDefaults.GroupDefault.GROUP
            ? Optional.of(TargetPrincipals.group(name))
            : Optional.empty();
    }
    throw new IllegalStateException("Unknown principal kind " + kind);
  }

  /** {@code role ANALYST}, for messages. */
  public static String describe(PrincipalKind kind, String name) {
    return kind.name().toLowerCase(Locale.ROOT) + " " + name;
  }

  private static IdentityDefaults readDefaults(JsonNode node, String fileName) {
    IdentityDefaults standard = IdentityDefaults.standard();
    if (node == null) {
      return standard;
    }
    if (!node.isObject()) {
      throw invalid(fileName, "\"defaults\" is an object");
    }
    checkMembers(node, fileName, "\"defaults\"", List.of("user", "role", "group"));
    try {
      IdentityDefaults.UserDefault user =
          node.has("user")
              ? IdentityDefaults.UserDefault.fromId(text(node, "user", fileName))
              : standard.user();
      IdentityDefaults.RoleDefault role =
          node.has("role")
              ? IdentityDefaults.RoleDefault.fromId(text(node, "role", fileName))
              : standard.role();
      IdentityDefaults.GroupDefault group =
          node.has("group")
              ? IdentityDefaults.GroupDefault.fromId(text(node, "group", fileName))
              : standard.group();
      return new IdentityDefaults(user, role, group);
    } catch (IllegalArgumentException e) {
      throw invalid(fileName, e.getMessage());
    }
  }

  private static IdentityMapping readMapping(JsonNode entry, String fileName) {
    if (!entry.isObject()) {
      throw invalid(fileName, "each mapping is an object");
    }
    checkMembers(entry, fileName, "a mapping", List.of("source", "target"));
    JsonNode source = entry.get("source");
    if (source == null || !source.isObject() || source.size() != 1) {
      throw invalid(
          fileName, "a mapping's \"source\" has exactly one of \"user\", \"role\", \"group\"");
    }
    String member = source.fieldNames().next();
    PrincipalKind kind;
    switch (member) {
      case "user":
        kind = PrincipalKind.USER;
        break;
      case "role":
        kind = PrincipalKind.ROLE;
        break;
      case "group":
        kind = PrincipalKind.GROUP;
        break;
      default:
        throw invalid(fileName, "unknown source kind \"" + member + "\"");
    }
    String name = text(source, member, fileName);
    if (name.isBlank()) {
      throw invalid(fileName, "a mapping's source name is blank");
    }
    JsonNode target = entry.get("target");
    if (target == null || !target.isObject()) {
      throw invalid(fileName, "the mapping of " + describe(kind, name) + " has no \"target\"");
    }
    checkMembers(target, fileName, "a mapping's \"target\"", List.of("users", "groups", "roles"));
    return new IdentityMapping(
        kind,
        name,
        new TargetPrincipals(
            names(target, "users", fileName),
            names(target, "groups", fileName),
            names(target, "roles", fileName)));
  }

  private static List<String> names(JsonNode target, String member, String fileName) {
    JsonNode node = target.get(member);
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid(fileName, "\"" + member + "\" is an array of names");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode name : node) {
      if (!name.isTextual() || name.asText().isBlank()) {
        throw invalid(fileName, "\"" + member + "\" holds non-blank strings");
      }
      names.add(name.asText());
    }
    return names;
  }

  private static String text(JsonNode node, String member, String fileName) {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual()) {
      throw invalid(fileName, "\"" + member + "\" is a string");
    }
    return value.asText();
  }

  // Unknown members are rejected rather than ignored: a misspelt "mapping" would otherwise
  // silently deny or map everyone by default.
  private static void checkMembers(
      JsonNode node, String fileName, String where, List<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw invalid(fileName, "unknown member \"" + name + "\" in " + where);
      }
    }
  }

  private static PassportException invalid(String fileName, String problem) {
    return new PassportException(
        ErrorCode.INVALID_JSON, "Identity map " + fileName + ": " + problem);
  }
}
