package dev.passport.enforce.gate;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One thing the gate found.
 *
 * @param severity how it weighs on the verdict
 * @param cause why it was raised
 * @param principal the destination principal concerned; empty for findings about an object alone (a
 *     loss, a policy set without grants)
 * @param sourcePrincipal the source principal it was compared with; empty when there is none
 * @param object the destination object, {@code catalog.schema.table[.column]}, or the policy set
 * @param message the finding in one sentence
 * @param source the source's rule and its origins
 * @param destination the destination's rule and its origins
 */
public record Finding(
    FindingSeverity severity,
    FindingCause cause,
    Optional<GatePrincipal> principal,
    Optional<GatePrincipal> sourcePrincipal,
    String object,
    String message,
    RuleReference source,
    RuleReference destination) {
  public Finding {
    requireNonNull(severity, "severity is null");
    requireNonNull(cause, "cause is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(sourcePrincipal, "sourcePrincipal is null");
    requireNonNull(object, "object is null");
    requireNonNull(message, "message is null");
    requireNonNull(source, "source is null");
    requireNonNull(destination, "destination is null");
  }
}
