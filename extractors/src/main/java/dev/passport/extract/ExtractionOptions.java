package dev.passport.extract;

import static java.util.Objects.requireNonNull;

import dev.passport.extract.sql.FunctionAliases;
import dev.passport.extract.sql.ParseLimits;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings shared by the extractors, live and from DDL.
 *
 * @param aliases the user's wrapper functions and the identity values they stand for
 * @param limits bounds on parsing each expression and statement
 * @param scriptUser the user a DDL script runs as, for {@code CURRENT_USER} in {@code TO} lists and
 *     for table owners when the script does not say; absent when unknown
 * @param variables psql variables ({@code :NAME}) and Snowflake template placeholders ({@code {{
 *     NAME }}}) a DDL script refers to, by name (the command line's {@code --var NAME=VALUE})
 * @param schemas the schemas to read from a live catalog, empty for every non-system schema
 * @param realtime for live readers with a delayed and a real-time source (Snowflake {@code
 *     ACCOUNT_USAGE} versus {@code INFORMATION_SCHEMA.POLICY_REFERENCES(…)}), read the real-time
 *     one
 */
public record ExtractionOptions(
    FunctionAliases aliases,
    ParseLimits limits,
    Optional<String> scriptUser,
    Map<String, String> variables,
    List<String> schemas,
    boolean realtime) {
  public ExtractionOptions {
    requireNonNull(aliases, "aliases is null");
    requireNonNull(limits, "limits is null");
    requireNonNull(scriptUser, "scriptUser is null");
    requireNonNull(variables, "variables is null");
    Map<String, String> copy = new LinkedHashMap<>();
    variables.forEach(
        (name, value) ->
            copy.put(
                requireNonNull(name, "variable name is null"),
                requireNonNull(value, "variable value is null")));
    variables = Collections.unmodifiableMap(copy);
    schemas = List.copyOf(requireNonNull(schemas, "schemas is null"));
  }

  /** Options without the real-time flag, as before it existed. */
  public ExtractionOptions(
      FunctionAliases aliases,
      ParseLimits limits,
      Optional<String> scriptUser,
      Map<String, String> variables,
      List<String> schemas) {
    this(aliases, limits, scriptUser, variables, schemas, false);
  }

  /** No aliases, default limits, unknown script user, no variables, every schema, not real-time. */
  public static ExtractionOptions defaults() {
    return new ExtractionOptions(
        FunctionAliases.none(), ParseLimits.DEFAULT, Optional.empty(), Map.of(), List.of());
  }

  public ExtractionOptions withAliases(FunctionAliases newAliases) {
    return new ExtractionOptions(newAliases, limits, scriptUser, variables, schemas, realtime);
  }

  public ExtractionOptions withLimits(ParseLimits newLimits) {
    return new ExtractionOptions(aliases, newLimits, scriptUser, variables, schemas, realtime);
  }

  public ExtractionOptions withScriptUser(String user) {
    return new ExtractionOptions(aliases, limits, Optional.of(user), variables, schemas, realtime);
  }

  public ExtractionOptions withVariables(Map<String, String> newVariables) {
    return new ExtractionOptions(aliases, limits, scriptUser, newVariables, schemas, realtime);
  }

  public ExtractionOptions withSchemas(List<String> newSchemas) {
    return new ExtractionOptions(aliases, limits, scriptUser, variables, newSchemas, realtime);
  }

  public ExtractionOptions withRealtime(boolean newRealtime) {
    return new ExtractionOptions(aliases, limits, scriptUser, variables, schemas, newRealtime);
  }
}
