package org.accord.taxii.server;

import java.nio.ByteBuffer;
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

  private final SealedTokens tokens;

  /** @param secret the node secret, at least 32 bytes */
  public NextTokens(byte[] secret) {
    this.tokens = new SealedTokens(secret, KEY_LABEL, NONCE_LABEL, Long.BYTES);
  }

  String encode(Page.Cursor cursor, String fingerprint) {
    return tokens.seal(ByteBuffer.allocate(Long.BYTES).putLong(cursor.dateAddedMicros()).array(), fingerprint);
  }

  /** The cursor of a token issued for this very query; 400 when the token is malformed, forged or foreign. */
  Page.Cursor decode(String token, String fingerprint) {
    byte[] position = tokens.open(token, fingerprint).orElseThrow(NextTokens::invalid);
    return new Page.Cursor(ByteBuffer.wrap(position).getLong());
  }

  private static TaxiiException invalid() {
    return TaxiiException.badRequest(
        "the next parameter is not a token this server issued for this query; repeat the original query"
            + " without next to start over");
  }
}
