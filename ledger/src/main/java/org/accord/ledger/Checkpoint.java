package org.accord.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A party's signed statement "my ledger's entry {@code seq} has hash {@code headHash}". Because each entry's hash
 * covers the previous entry's hash, the statement commits the party to its whole ledger up to {@code seq}: the holder
 * can later prove any rewrite, removal or truncation of that prefix ({@link Ledger#verifyAgainst}). Peers hand one
 * over with each transfer, so each side holds the other's commitment to what it recorded.
 *
 * <p>{@code seq} 0 with 64 zeros is the checkpoint of an empty ledger. The signature is Ed25519 over a domain tag
 * followed by the canonical JSON of the other four members, so it cannot be replayed as an entry signature.
 */
public record Checkpoint(String party, long seq, String headHash, Instant time, String signature) {
  private static final byte[] DOMAIN = "accord-ledger-checkpoint-v1\n".getBytes(StandardCharsets.US_ASCII);

  public Checkpoint {
    Canonical.requireText(party, "party");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + seq);
    }
    Canonical.requireHash(headHash, "head hash");
    if (seq == 0 && !headHash.equals(Canonical.ZERO_HASH)) {
      throw new IllegalArgumentException("the checkpoint of an empty ledger has the zero head hash");
    }
    if (time == null || !time.equals(Canonical.millis(time))) {
      throw new IllegalArgumentException("time must be given with millisecond precision, got " + time);
    }
    Ed25519.decodeSignature(signature);
  }

  static Checkpoint sign(String party, long seq, String headHash, Instant time, PrivateKey key) {
    byte[] message = message(members(party, seq, headHash, time));
    return new Checkpoint(party, seq, headHash, time, Ed25519.encodeSignature(Ed25519.sign(key, message)));
  }

  /** True when {@code key} signed exactly this checkpoint. */
  public boolean verify(PublicKey key) {
    return Ed25519.verify(key, message(members(party, seq, headHash, time)), Ed25519.decodeSignature(signature));
  }

  /** The canonical JSON form, to hand to the peer. */
  public String toJson() {
    return new String(Canonical.bytes(toMap()), StandardCharsets.UTF_8);
  }

  /**
   * Reads the form written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Checkpoint parse(String json) {
    try {
      JsonNode node = Canonical.parse(json.getBytes(StandardCharsets.UTF_8));
      Checkpoint c = fromNode(node);
      if (!Arrays.equals(Canonical.bytes(c.toMap()), json.getBytes(StandardCharsets.UTF_8))) {
        throw new IllegalArgumentException("checkpoint is not in canonical form");
      }
      return c;
    } catch (Canonical.Malformed e) {
      throw new IllegalArgumentException("checkpoint: " + e.getMessage(), e);
    }
  }

  /** A hash of the canonical form: what a {@code CHECKPOINT_RECEIVED} entry carries as payload hash. */
  String digest() {
    return Canonical.sha256Hex(Canonical.bytes(toMap()));
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = members(party, seq, headHash, time);
    m.put("signature", Ed25519.encodeSignature(Ed25519.decodeSignature(signature))); // one text per signature
    return m;
  }

  static Checkpoint fromNode(JsonNode node) throws Canonical.Malformed {
    try {
      return new Checkpoint(
          Json.text(node, "party"),
          Json.number(node, "seq"),
          Json.text(node, "head_hash"),
          Json.time(node, "time"),
          Json.text(node, "signature"));
    } catch (IllegalArgumentException e) {
      throw new Canonical.Malformed("checkpoint: " + e.getMessage());
    }
  }

  private static Map<String, Object> members(String party, long seq, String headHash, Instant time) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("party", party);
    m.put("seq", seq);
    m.put("head_hash", headHash);
    m.put("time", Canonical.time(time));
    return m;
  }

  private static byte[] message(Map<String, Object> unsigned) {
    byte[] body = Canonical.bytes(unsigned);
    byte[] message = Arrays.copyOf(DOMAIN, DOMAIN.length + body.length);
    System.arraycopy(body, 0, message, DOMAIN.length, body.length);
    return message;
  }
}
