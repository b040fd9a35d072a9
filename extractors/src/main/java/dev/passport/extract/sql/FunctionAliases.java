package dev.passport.extract.sql;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passport.model.ErrorCode;
import dev.passport.model.Expr;
import dev.passport.model.Expressions;
import dev.passport.model.PassportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The user's own wrapper functions and the identity values they stand for, so that {@code
 * auth.uid()} converts to the session attribute it reads instead of an opaque call. Declared in a
 * small JSON file:
 *
 * <pre>{@code
 * {"functions": {
 *   "auth.uid": {"sessionAttribute": "request.jwt.claim.sub"},
 *   "app_public.current_user_id": {"sessionAttribute": "jwt.claims.user_id"},
 *   "app.is_admin": {"hasRole": "admin"},
 *   "app.in_finance": {"inGroup": "finance"},
 *   "app.whoami": {"currentUser": true},
 *   "app.my_role": {"currentRole": true}}}
 * }</pre>
 *
 * <p>Each entry has exactly one member. Names are matched case-insensitively against the called
 * name as written (qualified or not); only calls without arguments are replaced, since the alias
 * cannot say what arguments would mean.
 */
public final class FunctionAliases {
  private static final FunctionAliases NONE = new FunctionAliases(Map.of());
  private static final List<String> MEMBERS =
      List.of("sessionAttribute", "hasRole", "inGroup", "currentUser", "currentRole");

  private final Map<String, Expr> functions;

  private FunctionAliases(Map<String, Expr> functions) {
    this.functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
  }

  /** No aliases. */
  public static FunctionAliases none() {
    return NONE;
  }

  /**
   * Aliases given directly: lower-cased dotted function name → the expression a call stands for.
   */
  public static FunctionAliases of(Map<String, Expr> functions) {
    requireNonNull(functions, "functions is null");
    Map<String, Expr> normalised = new LinkedHashMap<>();
    functions.forEach(
        (name, value) ->
            normalised.put(
                requireNonNull(name, "name is null").toLowerCase(Locale.ROOT),
                requireNonNull(value, "value is null")));
    return new FunctionAliases(normalised);
  }

  /**
   * Reads an aliases file.
   *
   * @throws PassportException IO_ERROR when the file cannot be read, INVALID_ARGUMENT naming the
   *     file and the member when it is not a valid aliases file
   */
  public static FunctionAliases read(Path file) {
    requireNonNull(file, "file is null");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PassportException(
          ErrorCode.IO_ERROR, "Cannot read function aliases file " + file + ": " + e, e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses the text of an aliases file; {@code fileName} is used in messages.
   *
   * @throws PassportException INVALID_ARGUMENT naming the file and the member
   */
  public static FunctionAliases parse(String json, String fileName) {
    requireNonNull(json, "json is null");
    requireNonNull(fileName, "fileName is null");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid(
          fileName,
          "is not valid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid(fileName, "must hold a JSON object with a \"functions\" member");
    }
    Iterator<String> rootNames = root.fieldNames();
    while (rootNames.hasNext()) {
      String name = rootNames.next();
      if (!name.equals("functions")) {
        throw invalid(fileName, "has an unknown member \"" + name + "\"; expected \"functions\"");
      }
    }
    JsonNode functions = root.get("functions");
    if (functions == null || !functions.isObject()) {
      throw invalid(fileName, "member \"functions\" must be an object");
    }
    Map<String, Expr> aliases = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : functions.properties()) {
      String name = entry.getKey();
      String member = "functions.\"" + name + "\"";
      if (name.isBlank() || name.startsWith(".") || name.endsWith(".")) {
        throw invalid(fileName, "member " + member + " is not a function name");
      }
      aliases.put(name.toLowerCase(Locale.ROOT), alias(entry.getValue(), fileName, member));
    }
    return new FunctionAliases(aliases);
  }

  private static Expr alias(JsonNode value, String fileName, String member) {
    if (value == null || !value.isObject() || value.size() != 1) {
      throw invalid(
          fileName, "member " + member + " must be an object with exactly one of " + MEMBERS);
    }
    String kind = value.fieldNames().next();
    JsonNode argument = value.get(kind);
    String at = member + "." + kind;
    switch (kind) {
      case "sessionAttribute", "hasRole", "inGroup" -> {
        if (!argument.isTextual() || argument.asText().isBlank()) {
          throw invalid(fileName, "member " + at + " must be a non-empty string");
        }
        String text = argument.asText();
        if (kind.equals("sessionAttribute")) {
          return Expressions.sessionAttribute(text);
        }
        return kind.equals("hasRole") ? Expressions.hasRole(text) : Expressions.inGroup(text);
      }
      case "currentUser", "currentRole" -> {
        if (!argument.isBoolean() || !argument.booleanValue()) {
          throw invalid(fileName, "member " + at + " must be true");
        }
        return kind.equals("currentUser") ? Expressions.currentUser() : Expressions.currentRole();
      }
      default ->
          throw invalid(
              fileName,
              "member " + member + " has unknown kind \"" + kind + "\"; expected " + MEMBERS);
    }
  }

  private static PassportException invalid(String fileName, String problem) {
    return new PassportException(
        ErrorCode.INVALID_ARGUMENT, "Function aliases file " + fileName + ": " + problem);
  }

  /** The declared aliases, lower-cased dotted name → expression, in file order. */
  public Map<String, Expr> functions() {
    return functions;
  }

  public boolean isEmpty() {
    return functions.isEmpty();
  }

  /** The expression a call of the (dotted, any case) function without arguments stands for. */
  public Optional<Expr> resolve(String dottedName) {
    requireNonNull(dottedName, "dottedName is null");
    return Optional.ofNullable(functions.get(dottedName.toLowerCase(Locale.ROOT)));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FunctionAliases aliases && aliases.functions.equals(functions);
  }

  @Override
  public int hashCode() {
    return functions.hashCode();
  }

  @Override
  public String toString() {
    return "FunctionAliases" + functions;
  }
}
