package org.accord.taxii.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes in the text form {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt
 * and hash in unpadded base64), the form users are written with in {@code accord.yaml}.
 *
 * <p>210,000 iterations follows the OWASP Password Storage Cheat Sheet (2023) for PBKDF2-HMAC-SHA256; it makes one
 * verification cost on the order of 100 ms, which is why {@link Authenticator} caches successful checks. Comparison
 * is constant-time ({@link MessageDigest#isEqual}). Callers should wipe the {@code char[]} they pass in.
 */
public final class PasswordHash {
  /** OWASP 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 210_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16; // 128-bit salt, NIST SP 800-132 §5.1 minimum
  private static final int HASH_BITS = 256; // one SHA-256 output block
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** Hashes {@code password} with a fresh random salt and {@link #DEFAULT_ITERATIONS}. */
  public static String hash(char[] password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  /** Hashes with an explicit iteration count (tests use fewer to stay fast). */
  public static String hash(char[] password, int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations, HASH_BITS);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /**
   * Whether {@code password} matches {@code encoded}. A malformed {@code encoded} never matches (and the reason is
   * not revealed to the caller, who would otherwise learn something about the stored hash).
   */
  public static boolean verify(char[] password, String encoded) {
    if (encoded == null) {
      return false;
    }
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1 || expected.length == 0) {
        return false;
      }
      byte[] actual = derive(password, salt, iterations, expected.length * 8);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code encoded} has the shape of a hash this class writes; used to check configuration early. */
  public static boolean isWellFormed(String encoded) {
    if (encoded == null) {
      return false;
    }
    String[] parts = encoded.split("\\$", -1);
    try {
      return parts.length == 4
          && parts[0].equals(SCHEME)
          && Integer.parseInt(parts[1]) > 0
          && Base64.getDecoder().decode(parts[2]).length > 0
          && Base64.getDecoder().decode(parts[3]).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  static void wipe(char[] secret) {
    Arrays.fill(secret, '\0');
  }
}
