package dev.passport.model;

/** Digest algorithms a {@link Transform.Hash} may use. */
public enum HashAlgorithm {
  SHA256("SHA-256"),
  SHA512("SHA-512"),
  SHA1("SHA-1"),
  MD5("MD5");

  private final String javaName;

  HashAlgorithm(String javaName) {
    this.javaName = javaName;
  }

  /** The name {@link java.security.MessageDigest#getInstance(String)} takes. */
  public String javaName() {
    return javaName;
  }
}
