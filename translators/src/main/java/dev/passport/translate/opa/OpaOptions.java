package dev.passport.translate.opa;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of {@link OpaTranslator} that the policy set does not carry.
 *
 * @param packageName the Rego package of the generated module, e.g. {@code passport.trino}; the
 *     facts live beside it at {@code data.<package>_facts}
 * @param opaUrl the OPA server's base URL as Trino reaches it, for {@code
 *     access-control.properties}
 * @param defaultCatalog the Trino catalog of tables the source names without one; when empty such
 *     tables match any catalog
 * @param catalogs source catalog (database) name → Trino catalog name
 * @param lowerCaseNames whether catalog, schema, table and column names are written in lower case,
 *     as Trino presents them (Trino folds identifiers, so an upper-case Snowflake name arrives in
 *     lower case)
 * @param lookups what becomes of filters and masks that consult a mapping table
 * @param hashSalt the salt of hashes with salt scope GLOBAL; without it such masks become NULL
 * @param batchColumnMasks whether the Trino configuration uses the batch column-mask endpoint (one
 *     request per table, Trino 453 and later) rather than one request per column
 */
public record OpaOptions(
    String packageName,
    String opaUrl,
    Optional<String> defaultCatalog,
    Map<String, String> catalogs,
    boolean lowerCaseNames,
    LookupHandling lookups,
    Optional<String> hashSalt,
    boolean batchColumnMasks) {
  private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");

  /** How a row filter or mask that reads a mapping table ({@code Expr.Lookup}) is written. */
  public enum LookupHandling {
    /**
     * Fail closed: the filter becomes FALSE and the mask NULL, reported as a stricter loss. Trino
     * evaluates filters as the caller, who may not be able to read the mapping table, and the table
     * may not exist in Trino with the same rows.
     */
    FAIL_CLOSED,
    /**
     * Write the subquery as it is, evaluated as the caller, reported as a loss of unknown
     * direction: the mapping table must exist in Trino with the same rows and be readable.
     */
    AS_CALLER
  }

  public OpaOptions {
    requireNonNull(packageName, "packageName is null");
    if (!PACKAGE.matcher(packageName).matches()) {
      throw new IllegalArgumentException(
          "packageName is dotted lower-case Rego identifiers: " + packageName);
    }
    requireNonNull(opaUrl, "opaUrl is null");
    if (opaUrl.isBlank()) {
      throw new IllegalArgumentException("opaUrl is blank");
    }
    requireNonNull(defaultCatalog, "defaultCatalog is null");
    requireNonNull(catalogs, "catalogs is null");
    catalogs = Collections.unmodifiableMap(new LinkedHashMap<>(catalogs));
    requireNonNull(lookups, "lookups is null");
    requireNonNull(hashSalt, "hashSalt is null");
  }

  /**
   * Package {@code passport.trino}, OPA at {@code http://localhost:8181}, lower-case names, lookups
   * failing closed, no salt, batch column masks.
   */
  public static OpaOptions defaults() {
    return new OpaOptions(
        "passport.trino",
        "http://localhost:8181",
        Optional.empty(),
        Map.of(),
        true,
        LookupHandling.FAIL_CLOSED,
        Optional.empty(),
        true);
  }

  public OpaOptions withPackageName(String newPackageName) {
    return new OpaOptions(
        newPackageName,
        opaUrl,
        defaultCatalog,
        catalogs,
        lowerCaseNames,
        lookups,
        hashSalt,
        batchColumnMasks);
  }

  public OpaOptions withOpaUrl(String newOpaUrl) {
    return new OpaOptions(
        packageName,
        newOpaUrl,
        defaultCatalog,
        catalogs,
        lowerCaseNames,
        lookups,
        hashSalt,
        batchColumnMasks);
  }

  public OpaOptions withDefaultCatalog(String catalog) {
    return new OpaOptions(
        packageName,
        opaUrl,
        Optional.of(catalog),
        catalogs,
        lowerCaseNames,
        lookups,
        hashSalt,
        batchColumnMasks);
  }

  public OpaOptions withCatalog(String sourceCatalog, String trinoCatalog) {
    Map<String, String> copy = new LinkedHashMap<>(catalogs);
    copy.put(
        requireNonNull(sourceCatalog, "sourceCatalog is null"),
        requireNonNull(trinoCatalog, "trinoCatalog is null"));
    return new OpaOptions(
        packageName,
        opaUrl,
        defaultCatalog,
        copy,
        lowerCaseNames,
        lookups,
        hashSalt,
        batchColumnMasks);
  }

  public OpaOptions withLowerCaseNames(boolean newLowerCaseNames) {
    return new OpaOptions(
        packageName,
        opaUrl,
        defaultCatalog,
        catalogs,
        newLowerCaseNames,
        lookups,
        hashSalt,
        batchColumnMasks);
  }

  public OpaOptions withLookups(LookupHandling newLookups) {
    return new OpaOptions(
        packageName,
        opaUrl,
        defaultCatalog,
        catalogs,
        lowerCaseNames,
        newLookups,
        hashSalt,
        batchColumnMasks);
  }

  public OpaOptions withHashSalt(String salt) {
    return new OpaOptions(
        packageName,
        opaUrl,
        defaultCatalog,
        catalogs,
        lowerCaseNames,
        lookups,
        Optional.of(salt),
        batchColumnMasks);
  }

  public OpaOptions withBatchColumnMasks(boolean newBatchColumnMasks) {
    return new OpaOptions(
        packageName,
        opaUrl,
        defaultCatalog,
        catalogs,
        lowerCaseNames,
        lookups,
        hashSalt,
        newBatchColumnMasks);
  }

  /** The data path of the facts, {@code <package>_facts}, as dotted Rego reference. */
  public String factsPath() {
    return packageName + "_facts";
  }
}
