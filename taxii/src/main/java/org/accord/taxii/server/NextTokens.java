package org.accord.taxii.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.accord.store.Page;

/**
 * The {@code next} paging token (TAXII 2.1 §3.5, "opaque to the client"): the store's cursor, bound by an
 * HMAC-SHA256 under the node secret to the query it continues.
 *
 * <p>Token = base64url(cursor) "." base64url(HMAC(secret, cursor "\n" query)), where {@code query} is the canonical
 * text of the endpoint and every filter except {@code limit} ({@link QueryFilters#fingerprint()}). A client cannot
 * forge a position, and a token carried over to another collection, object or filter set fails the check: both give
 * 400. {@code limit} is left out on purpose so a client may change its page size while paging.
 */
public final class NextTokens {
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  /** A Mac per thread: {@code Mac} is not thread-safe, and looking one up per token costs a provider search. */
  private final ThreadLocal<Mac> macs;

  /** @param secret the node secret, at least 32 bytes */
  public NextTokens(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the next-token secret must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
              }
            });
  }

  String encode(Page.Cursor cursor, String fingerprint) {
    String payload = Long.toString(cursor.dateAddedMicros());
    return ENCODER.encodeToString(payload.getBytes(StandardCharsets.US_ASCII))
        + "."
        + ENCODER.encodeToString(mac(payload, fingerprint));
  }

  /** The cursor of a token issued for this very query; 400 when the token is malformed, forged or foreign. */
  Page.Cursor decode(String token, String fingerprint) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      throw invalid();
    }
    try {
      String payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.US_ASCII);
      byte[] given = DECODER.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(given, mac(payload, fingerprint))) {
        throw invalid();
      }
      return new Page.Cursor(Long.parseLong(payload));
    } catch (IllegalArgumentException e) { // bad base64 or number
      throw invalid();
    }
  }

  private byte[] mac(String payload, String fingerprint) {
    return macs.get().doFinal((payload + "\n" + fingerprint).getBytes(StandardCharsets.UTF_8));
  }

  private static TaxiiException invalid() {
    return TaxiiException.badRequest(
        "the next parameter is not a token this server issued for this query; repeat the original query"
            + " without next to start over");
  }
}
