package dev.passport.translate.views;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How to write per-class views.
 *
 * @param catalog the catalog the Iceberg tables and views live in; when empty each table keeps its
 *     source catalog
 * @param viewSchema the schema that holds the views; when empty, the table's own schema
 * @param hashSalt the deployment's salt for hashes with GLOBAL salt scope
 */
public record SecureViewOptions(
    Optional<String> catalog, Optional<String> viewSchema, Optional<String> hashSalt) {
  public SecureViewOptions {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(viewSchema, "viewSchema is null");
    requireNonNull(hashSalt, "hashSalt is null");
  }

  public static SecureViewOptions defaults() {
    return new SecureViewOptions(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public SecureViewOptions withCatalog(String newCatalog) {
    return new SecureViewOptions(Optional.of(newCatalog), viewSchema, hashSalt);
  }
}
