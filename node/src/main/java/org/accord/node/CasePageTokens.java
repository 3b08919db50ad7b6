package org.accord.node;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.accord.cases.AssistanceRequest;
import org.accord.store.CaseRecords;
import org.accord.taxii.server.SealedTokens;
import org.accord.taxii.server.TaxiiException;

/**
 * The {@code next} token of {@code GET /api/cases/}: where the page before ended, sealed by {@link
 * org.accord.taxii.server.SealedTokens} (the construction and why: there, and in {@link
 * org.accord.taxii.server.NextTokens}) under labels of its own, so a TAXII token is no cases token and the reverse.
 * The position is the last listed request's {@code created_at} (µs) and the UUID of its id: 24 bytes. The query it
 * is bound to is the user's name and the {@code state} filter, so a token is valid only for the user and the filter
 * it was issued for ({@code limit} may change between pages).
 *
 * <p>Why sealed, though the store reads only requests of the node's party whatever the position, and an own user
 * sees all of those: a position the client could write would let it ask about any id and instant it likes, one it
 * cannot write it cannot use to probe; and the position stays the node's to change. A forged, altered or foreign
 * token is a 400 that says only that.
 */
final class CasePageTokens {
  private static final String KEY_LABEL = "accord cases next-token AES-GCM key v1";
  private static final String NONCE_LABEL = "accord cases next-token nonce key v1";
  private static final int POSITION_BYTES = Long.BYTES + 2 * Long.BYTES; // created_at µs, the id's UUID
  private static final String ID_PREFIX = AssistanceRequest.TYPE + "--";

  private final SealedTokens tokens;

  /** @param secret the node secret, at least 32 bytes */
  CasePageTokens(byte[] secret) {
    this.tokens = new SealedTokens(secret, KEY_LABEL, NONCE_LABEL, POSITION_BYTES);
  }

  /** The canonical text of a listing the token continues: who asks, and the filter. */
  static String query(String user, String state) {
    return "GET /api/cases/\u0000" + user + "\u0000" + (state == null ? "" : state);
  }

  String encode(CaseRecords.Position position, String query) {
    UUID uuid = UUID.fromString(position.id().substring(ID_PREFIX.length())); // stored ids are validated requests'
    long micros = Math.addExact(Math.multiplyExact(position.createdAt().getEpochSecond(), 1_000_000L),
        position.createdAt().getNano() / 1_000);
    return tokens.seal(ByteBuffer.allocate(POSITION_BYTES).putLong(micros).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array(), query);
  }

  /** The position of a token issued for this very query; 400 when it is malformed, forged or foreign. */
  CaseRecords.Position decode(String token, String query) {
    ByteBuffer b = ByteBuffer.wrap(tokens.open(token, query).orElseThrow(CasePageTokens::invalid));
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
