package dev.passport.translate.trinorules;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How to write Trino file-based access control rules.
 *
 * @param catalog the Trino catalog the tables live in (the Iceberg catalog); when empty each table
 *     keeps its source catalog, and tables without one go to {@code iceberg}
 * @param policyUser the user whose identity evaluates filters and masks that read columns the
 *     caller may not see ({@code filter_environment}, {@code mask_environment}); without one such
 *     filters make Trino fail the query (trinodb/trino#12390), which is reported
 * @param hashSalt the deployment's salt for hashes with GLOBAL salt scope
 */
public record TrinoRulesOptions(
    Optional<String> catalog, Optional<String> policyUser, Optional<String> hashSalt) {
  public TrinoRulesOptions {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(policyUser, "policyUser is null");
    requireNonNull(hashSalt, "hashSalt is null");
  }

  /** Source catalogs, no policy user, no salt. */
  public static TrinoRulesOptions defaults() {
    return new TrinoRulesOptions(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public TrinoRulesOptions withCatalog(String newCatalog) {
    return new TrinoRulesOptions(Optional.of(newCatalog), policyUser, hashSalt);
  }

  public TrinoRulesOptions withPolicyUser(String user) {
    return new TrinoRulesOptions(catalog, Optional.of(user), hashSalt);
  }
}
