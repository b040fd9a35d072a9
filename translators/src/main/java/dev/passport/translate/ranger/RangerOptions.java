package dev.passport.translate.ranger;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How to write a PolicySet as Ranger policies.
 *
 * @param serviceType the Ranger service type (trino or hive)
 * @param serviceName the Ranger service the policies belong to, e.g. {@code dev_trino}
 * @param tagServiceName the tag service that holds tag-based masks, e.g. {@code dev_tag}
 * @param defaultCatalog the Trino catalog for securables the source names without one (Redshift and
 *     PostgreSQL policies name schema.table only); when empty they match every catalog ({@code *}),
 *     which is reported as a loss
 * @param defaultSchema the schema (Hive database) for securables named without one; when empty they
 *     match every schema, reported likewise
 * @param policyVersion the version written into ServicePolicies, RangerRoles and ServiceTags
 */
public record RangerOptions(
    RangerServiceType serviceType,
    String serviceName,
    String tagServiceName,
    Optional<String> defaultCatalog,
    Optional<String> defaultSchema,
    long policyVersion) {
  public RangerOptions {
    requireNonNull(serviceType, "serviceType is null");
    requireNonNull(serviceName, "serviceName is null");
    if (serviceName.isBlank()) {
      throw new IllegalArgumentException("serviceName is blank");
    }
    requireNonNull(tagServiceName, "tagServiceName is null");
    if (tagServiceName.isBlank()) {
      throw new IllegalArgumentException("tagServiceName is blank");
    }
    requireNonNull(defaultCatalog, "defaultCatalog is null");
    requireNonNull(defaultSchema, "defaultSchema is null");
    if (policyVersion < 1) {
      throw new IllegalArgumentException("policyVersion must be positive: " + policyVersion);
    }
  }

  /** A trino service named {@code serviceName}, tag service {@code dev_tag}, no defaults. */
  public static RangerOptions trino(String serviceName) {
    return new RangerOptions(
        RangerServiceType.TRINO, serviceName, "dev_tag", Optional.empty(), Optional.empty(), 1);
  }

  /** A hive service named {@code serviceName}, tag service {@code dev_tag}, no defaults. */
  public static RangerOptions hive(String serviceName) {
    return new RangerOptions(
        RangerServiceType.HIVE, serviceName, "dev_tag", Optional.empty(), Optional.empty(), 1);
  }

  public RangerOptions withDefaultCatalog(String catalog) {
    return new RangerOptions(
        serviceType,
        serviceName,
        tagServiceName,
        Optional.of(catalog),
        defaultSchema,
        policyVersion);
  }

  public RangerOptions withDefaultSchema(String schema) {
    return new RangerOptions(
        serviceType,
        serviceName,
        tagServiceName,
        defaultCatalog,
        Optional.of(schema),
        policyVersion);
  }

  public RangerOptions withTagServiceName(String name) {
    return new RangerOptions(
        serviceType, serviceName, name, defaultCatalog, defaultSchema, policyVersion);
  }
}
