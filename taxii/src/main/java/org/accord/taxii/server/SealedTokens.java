package org.accord.taxii.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque paging tokens: a fixed-length position sealed under keys derived from the node secret and bound to the
 * query it continues. {@link NextTokens} (TAXII) and the node's other listings each use their own labels, so one
 * kind of token is never another.
 *
 * <p>Token = base64url(nonce ‖ AES-256-GCM(key, nonce, position, aad = query)), {@code nonce} the first 12 bytes of
 * HMAC-SHA256(nonce key, query ‖ 0 ‖ position): synthetic, as in SIV (RFC 5297), so the same position of the same
 * query always gives the same token, and two different (query, position) pairs never share a nonce. Keys are
 * HMAC-SHA256(node secret, label). {@link NextTokens}' design note says why each choice.
 */
public final class SealedTokens {
  private static final int NONCE_BYTES = 12; // the GCM standard nonce length (NIST SP 800-38D §8.2)
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final SecretKeySpec nonceKey;
  private final int positionBytes;
  /** A decrypting Cipher per thread: {@code Cipher} is not thread-safe, and a lookup per token costs a search. */
  private final ThreadLocal<Cipher> ciphers =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES/GCM is missing from this JDK", e);
            }
          });

  /**
   * @param secret the node secret, at least 32 bytes
   * @param keyLabel names the encryption key; {@code nonceLabel} the nonce key (each use its own)
   * @param positionBytes the length of every position sealed
   */
  public SealedTokens(byte[] secret, String keyLabel, String nonceLabel, int positionBytes) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the next-token secret must be at least 32 bytes");
    }
    this.positionBytes = positionBytes;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      this.key = new SecretKeySpec(mac.doFinal(keyLabel.getBytes(StandardCharsets.US_ASCII)), "AES");
      this.nonceKey = new SecretKeySpec(mac.doFinal(nonceLabel.getBytes(StandardCharsets.US_ASCII)), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** Seals {@code position} (exactly {@code positionBytes} long) for {@code query}. */
  public String seal(byte[] position, String query) {
    if (position.length != positionBytes) {
      throw new IllegalArgumentException("a position is " + positionBytes + " bytes, not " + position.length);
    }
    byte[] aad = query.getBytes(StandardCharsets.UTF_8);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(nonceKey);
      mac.update(aad);
      mac.update((byte) 0);
      byte[] nonce = Arrays.copyOf(mac.doFinal(position), NONCE_BYTES);
      // A new Cipher: the JDK's GCM refuses to encrypt twice with one instance under the same key and nonce (its
      // guard against nonce reuse), which a synthetic nonce does on purpose for the same plaintext.
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      byte[] sealed = cipher.doFinal(position);
      return ENCODER.encodeToString(
          ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a next token", e);
    }
  }

  /** The position of a token sealed for this very query; empty when it is malformed, forged, altered or foreign. */
  public Optional<byte[]> open(String token, String query) {
    byte[] raw;
    try {
      raw = DECODER.decode(token);
    } catch (IllegalArgumentException e) { // not base64url
      return Optional.empty();
    }
    if (raw.length != NONCE_BYTES + positionBytes + TAG_BITS / 8) {
      return Optional.empty();
    }
    try {
      Cipher cipher = ciphers.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
      cipher.updateAAD(query.getBytes(StandardCharsets.UTF_8));
      return Optional.of(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES));
    } catch (AEADBadTagException e) { // forged, altered, or issued for another query, user or node
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot open a next token", e);
    }
  }
}
