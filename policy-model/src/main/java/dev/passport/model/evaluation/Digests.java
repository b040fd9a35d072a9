package dev.passport.model.evaluation;

import dev.passport.model.ErrorCode;
import dev.passport.model.PassportException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Lower-case hexadecimal digests. {@link MessageDigest#getInstance} walks the security providers on
 * every call, which dominates hashing a column per row, so each thread keeps its instances.
 */
final class Digests {
  private static final ThreadLocal<Map<String, MessageDigest>> DIGESTS =
      ThreadLocal.withInitial(HashMap::new);

  private Digests() {}

  static String hex(String algorithm, byte[] input) {
    Map<String, MessageDigest> digests = DIGESTS.get();
    MessageDigest digest = digests.get(algorithm);
    if (digest == null) {
      try {
        digest = MessageDigest.getInstance(algorithm);
      } catch (NoSuchAlgorithmException exception) {
        throw new PassportException(
            ErrorCode.EVALUATION_ERROR, "Digest " + algorithm + " is not available", exception);
      }
      digests.put(algorithm, digest);
    }
    // digest() resets the instance, so it is ready for the next value on this thread.
    return HexFormat.of().formatHex(digest.digest(input));
  }
}
