package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A named, reusable policy as declared: a Snowflake masking or row access policy, a Redshift RLS or
 * masking policy, a SQL Server predicate function. Kept whether or not anything uses it, so that a
 * diff sees an unattached policy and a translator can emit the named policy itself.
 */
public record Definition(
    String name,
    DefinitionKind kind,
    List<Parameter> parameters,
    Optional<String> returnType,
    DefinitionBody body,
    Origin origin) {
  public Definition {
    Checks.requireNonBlank(name, "name");
    requireNonNull(kind, "kind is null");
    parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
    requireNonNull(returnType, "returnType is null");
    requireNonNull(body, "body is null");
    requireNonNull(origin, "origin is null");
  }
}
