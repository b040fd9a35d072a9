package dev.passport.model;

/** The salt a {@link Transform.Hash} mixes in, after Iceberg's two SHA-256 actions. */
public enum SaltScope {
  /** No salt: equal values hash equally everywhere. */
  NONE,
  /** One salt for every query of the deployment: joins on hashed values still work. */
  GLOBAL,
  /** A fresh salt per query: hashes cannot be joined across queries. */
  QUERY_LOCAL
}
