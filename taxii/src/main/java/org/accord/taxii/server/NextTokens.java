package org.accord.taxii.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.accord.store.Page;

/**
 * The {@code next} paging token (TAXII 2.1 §3.5, "opaque to the client"): the store position, encrypted and
 * authenticated under a key derived from the node secret, bound to the query it continues.
 *
 * <p>Token = base64url(nonce ‖ AES-256-GCM(key, nonce, position, aad = query)), where {@code position} is the
 * {@code date_added} (µs) after which the next page starts, {@code query} the canonical text of the endpoint, the
 * user and every filter except {@code limit} ({@link QueryFilters#fingerprint()}), and {@code nonce} the first 12
 * bytes of HMAC-SHA256(nonce key, query ‖ position): a synthetic nonce, as in SIV (RFC 5297), so the same position
 * of the same query always gives the same token, and two different (query, position) pairs never share a nonce. The
 * keys are HMAC-SHA256(node secret, label), so they differ from any other use of the secret.
 *
 * <p>Why encrypted, not only signed: a page that reaches the work bound ({@link VisiblePages}) resumes after a row
 * the recipient may not see, whose {@code date_added} must not be readable. Why deterministic: a page served twice
 * (a lost response, retried) must be the same bytes, or the two sides' ledgers would record different payload
 * hashes for one transfer and reconciliation would report a difference that is not one. A token reveals only what
 * the client already knows: that it is the same as a token it was given before. A client cannot forge or alter a
 * position, and a token carried over to another collection, object, filter set or user fails the check: all give
 * 400. {@code limit} is left out on purpose so a client may change its page size while paging.
 */
public final class NextTokens {
  private static final String KEY_LABEL = "accord next-token AES-GCM key v1";
  private static final String NONCE_LABEL = "accord next-token nonce key v1";
  private static final int NONCE_BYTES = 12; // the GCM standard nonce length (NIST SP 800-38D §8.2)
  private static final int TAG_BITS = 128;
  private static final int POSITION_BYTES = Long.BYTES;
  private static final int TOKEN_BYTES = NONCE_BYTES + POSITION_BYTES + TAG_BITS / 8;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final SecretKeySpec nonceKey;
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

  /** @param secret the node secret, at least 32 bytes */
  public NextTokens(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the next-token secret must be at least 32 bytes");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      this.key = new SecretKeySpec(mac.doFinal(KEY_LABEL.getBytes(StandardCharsets.US_ASCII)), "AES");
      this.nonceKey = new SecretKeySpec(mac.doFinal(NONCE_LABEL.getBytes(StandardCharsets.US_ASCII)), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  String encode(Page.Cursor cursor, String fingerprint) {
    byte[] position = ByteBuffer.allocate(POSITION_BYTES).putLong(cursor.dateAddedMicros()).array();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(nonceKey);
      mac.update(fingerprint.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      byte[] nonce = java.util.Arrays.copyOf(mac.doFinal(position), NONCE_BYTES);
      // A new Cipher: the JDK's GCM refuses to encrypt twice with one instance under the same key and nonce (its
      // guard against nonce reuse), which a synthetic nonce does on purpose for the same plaintext.
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(fingerprint.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(position);
      return ENCODER.encodeToString(ByteBuffer.allocate(TOKEN_BYTES).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a next token", e);
    }
  }

  /** The cursor of a token issued for this very query; 400 when the token is malformed, forged or foreign. */
  Page.Cursor decode(String token, String fingerprint) {
    byte[] raw;
    try {
      raw = DECODER.decode(token);
    } catch (IllegalArgumentException e) { // not base64url
      throw invalid();
    }
    if (raw.length != TOKEN_BYTES) {
      throw invalid();
    }
    try {
      Cipher cipher = ciphers.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
      cipher.updateAAD(fingerprint.getBytes(StandardCharsets.UTF_8));
      byte[] position = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
      return new Page.Cursor(ByteBuffer.wrap(position).getLong());
    } catch (AEADBadTagException e) { // forged, altered, or issued for another query, user or node
      throw invalid();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot open a next token", e);
    }
  }

  private static TaxiiException invalid() {
    return TaxiiException.badRequest(
        "the next parameter is not a token this server issued for this query; repeat the original query"
            + " without next to start over");
  }
}
