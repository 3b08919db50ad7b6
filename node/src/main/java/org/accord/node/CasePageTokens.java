package org.accord.node;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.accord.cases.AssistanceRequest;
import org.accord.store.CaseRecords;
import org.accord.taxii.server.TaxiiException;

/**
 * The {@code next} token of {@code GET /api/cases/}: where the page before ended, sealed as the TAXII server seals
 * its own ({@link org.accord.taxii.server.NextTokens}, whose design note says why each choice), under keys of its own.
 *
 * <p>Token = base64url(nonce ‖ AES-256-GCM(key, nonce, position, aad = query)). The position is the last listed
 * request's {@code created_at} (µs) and the UUID of its id: 24 bytes. {@code query} is the user's name and the
 * {@code state} filter, so a token is valid only for the user and the filter it was issued for ({@code limit} may
 * change between pages). The nonce is the first 12 bytes of HMAC-SHA256(nonce key, query ‖ position), synthetic as in
 * SIV (RFC 5297): the same page always has the same token. Keys are HMAC-SHA256(node secret, label), with labels
 * unlike the TAXII tokens', so a TAXII token is no cases token and the reverse.
 *
 * <p>Why sealed, though the store reads only requests of the node's party whatever the position, and an own user
 * sees all of those: a position the client could write would let it ask about any id and instant it likes, one it
 * cannot write it cannot use to probe; and the position stays the node's to change. A forged, altered or foreign
 * token is a 400 that says only that.
 */
final class CasePageTokens {
  private static final String KEY_LABEL = "accord cases next-token AES-GCM key v1";
  private static final String NONCE_LABEL = "accord cases next-token nonce key v1";
  private static final int NONCE_BYTES = 12; // the GCM standard nonce length (NIST SP 800-38D §8.2)
  private static final int TAG_BITS = 128;
  private static final int POSITION_BYTES = Long.BYTES + 2 * Long.BYTES; // created_at µs, the id's UUID
  private static final int TOKEN_BYTES = NONCE_BYTES + POSITION_BYTES + TAG_BITS / 8;
  private static final String ID_PREFIX = AssistanceRequest.TYPE + "--";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final SecretKeySpec nonceKey;

  /** @param secret the node secret, at least 32 bytes */
  CasePageTokens(byte[] secret) {
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

  /** The canonical text of a listing the token continues: who asks, and the filter. */
  static String query(String user, String state) {
    return "GET /api/cases/\u0000" + user + "\u0000" + (state == null ? "" : state);
  }

  String encode(CaseRecords.Position position, String query) {
    UUID uuid = UUID.fromString(position.id().substring(ID_PREFIX.length())); // stored ids are validated requests'
    long micros = Math.addExact(Math.multiplyExact(position.createdAt().getEpochSecond(), 1_000_000L),
        position.createdAt().getNano() / 1_000);
    byte[] plain = ByteBuffer.allocate(POSITION_BYTES).putLong(micros).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array();
    byte[] aad = query.getBytes(StandardCharsets.UTF_8);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(nonceKey);
      mac.update(aad);
      mac.update((byte) 0);
      byte[] nonce = Arrays.copyOf(mac.doFinal(plain), NONCE_BYTES);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding"); // a new one each time: see NextTokens.encode
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      byte[] sealed = cipher.doFinal(plain);
      return ENCODER.encodeToString(ByteBuffer.allocate(TOKEN_BYTES).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a next token", e);
    }
  }

  /** The position of a token issued for this very query; 400 when it is malformed, forged or foreign. */
  CaseRecords.Position decode(String token, String query) {
    byte[] raw;
    try {
      raw = DECODER.decode(token);
    } catch (IllegalArgumentException e) { // not base64url
      throw invalid();
    }
    if (raw.length != TOKEN_BYTES) {
      throw invalid();
    }
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
      cipher.updateAAD(query.getBytes(StandardCharsets.UTF_8));
      plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
    } catch (AEADBadTagException e) { // forged, altered, or issued for another user, filter or node
      throw invalid();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot open a next token", e);
    }
    ByteBuffer b = ByteBuffer.wrap(plain);
    long micros = b.getLong();
    UUID uuid = new UUID(b.getLong(), b.getLong());
    Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
    return new CaseRecords.Position(at, ID_PREFIX + uuid);
  }

  private static TaxiiException invalid() {
    return TaxiiException.badRequest(
        "next: not a token this node issued for this listing (same user, same state filter); repeat the listing"
            + " without next to start over");
  }
}
