package dev.passport.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a whole {@link PolicySet} came from.
 *
 * @param system the system whose policies these are; also the dialect of {@link Expr.Opaque} text
 * @param locator a JDBC URL without credentials, or the script files read
 * @param method live catalog, DDL scripts, or a policy file
 * @param extractedAt when extraction ran, absent for hand-written sets
 */
public record Source(
    SystemKind system, String locator, ExtractionMethod method, Optional<Instant> extractedAt) {
  public Source {
    requireNonNull(system, "system is null");
    requireNonNull(locator, "locator is null");
    requireNonNull(method, "method is null");
    requireNonNull(extractedAt, "extractedAt is null");
  }

  public static Source of(SystemKind system, String locator, ExtractionMethod method) {
    return new Source(system, locator, method, Optional.empty());
  }
}
