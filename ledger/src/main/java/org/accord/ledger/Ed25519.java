package org.accord.ledger;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys and signatures (RFC 8032, the JDK's own implementation), and their text forms in Accord's files:
 * a public key is {@code ed25519:<base64 of the X.509 SubjectPublicKeyInfo>}, a private key {@code
 * ed25519-private:<base64 of PKCS#8>}, a signature {@code ed25519-sig:<base64 of the 64 signature bytes>}.
 */
public final class Ed25519 {
  public static final String PUBLIC_PREFIX = "ed25519:";
  public static final String PRIVATE_PREFIX = "ed25519-private:";
  public static final String SIGNATURE_PREFIX = "ed25519-sig:";
  private static final String ALGORITHM = "Ed25519";

  private Ed25519() {}

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
    }
  }

  /** True when {@code signature} is a valid signature of {@code message} by {@code key}; false for any malformed input. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  public static String encodePublic(PublicKey key) {
    return PUBLIC_PREFIX + Base64.getEncoder().encodeToString(key.getEncoded());
  }

  public static String encodePrivate(PrivateKey key) {
    return PRIVATE_PREFIX + Base64.getEncoder().encodeToString(key.getEncoded());
  }

  public static String encodeSignature(byte[] signature) {
    return SIGNATURE_PREFIX + Base64.getEncoder().encodeToString(signature);
  }

  /** @throws IllegalArgumentException naming what is wrong when the text is not an Ed25519 public key */
  public static PublicKey decodePublic(String text) {
    byte[] der = decode(text, PUBLIC_PREFIX, "public key");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** @throws IllegalArgumentException when the text is not an Ed25519 private key (the message never quotes it) */
  public static PrivateKey decodePrivate(String text) {
    byte[] der = decode(text, PRIVATE_PREFIX, "private key");
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 private key", e);
    }
  }

  public static byte[] decodeSignature(String text) {
    byte[] sig = decode(text, SIGNATURE_PREFIX, "signature");
    if (sig.length != 64) {
      throw new IllegalArgumentException("an Ed25519 signature has 64 bytes, this one " + sig.length);
    }
    return sig;
  }

  private static byte[] decode(String text, String prefix, String what) {
    if (text == null || !text.startsWith(prefix)) {
      throw new IllegalArgumentException("an Ed25519 " + what + " must start with '" + prefix + "'");
    }
    try {
      return Base64.getDecoder().decode(text.substring(prefix.length()).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the Ed25519 " + what + " is not valid base64", e);
    }
  }
}
