package org.accord.cases.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.accord.ledger.Ed25519;

/**
 * One link of an evidence package's chain of custody: who ({@code actor}) did what ({@code action}) with the
 * package, or one of its files ({@code file}), when, and with which counterparty; made and signed by the node of
 * {@code party}.
 *
 * <p>As the ledger's entries ({@code org.accord.ledger.Entry}): {@code hash} is the SHA-256 of the entry's canonical
 * JSON without {@code hash} and {@code signature}; that JSON holds {@code prev_hash} (the previous entry's hash, or for
 * entry 1 the manifest's digest), so each hash commits to the manifest and every entry before it. {@code signature}
 * is {@code party}'s Ed25519 signature over a domain tag of its own (so it can be replayed neither as a ledger entry's
 * nor as a checkpoint's) and the 32 hash bytes. One line of {@code custody.jsonl} is {@link #toJson()}.
 */
public record CustodyEntry(
    long seq,
    String packageId,
    Instant time,
    String party,
    String actor,
    CustodyAction action,
    String counterparty,
    String file,
    String previousHash,
    String hash,
    String signature) {
  private static final byte[] DOMAIN = "accord-evidence-custody-v1\n".getBytes(StandardCharsets.US_ASCII);

  public CustodyEntry {
    if (seq < 1) {
      throw new EvidenceException("custody seq starts at 1, got " + seq);
    }
    if (packageId == null || !Manifest.ID.matcher(packageId).matches()) {
      throw new EvidenceException("custody package_id must be " + Manifest.TYPE + "--<uuid>, got " + packageId);
    }
    Canonical.requireMillis(time, "custody time");
    if (party == null || !Manifest.PARTY.matcher(party).matches()) {
      throw new EvidenceException("custody party must be a party id, got " + party);
    }
    Canonical.requireText(actor, "custody actor");
    if (action == null) {
      throw new EvidenceException("custody action must not be null");
    }
    if (counterparty != null) {
      Canonical.requireText(counterparty, "custody counterparty");
    } else if (action.needsCounterparty()) {
      throw new EvidenceException("custody action " + action.wire() + " names the party it went to");
    }
    if (file != null) {
      Canonical.requireHash(file, "custody file");
    }
    Canonical.requireHash(previousHash, "custody prev_hash");
    Canonical.requireHash(hash, "custody hash");
    try {
      Ed25519.decodeSignature(signature);
    } catch (IllegalArgumentException e) {
      throw new EvidenceException("custody signature: " + e.getMessage());
    }
  }

  /** Hashes and signs the next entry of a chain. */
  static CustodyEntry sign(
      long seq, String packageId, Instant time, String party, String actor, CustodyAction action,
      String counterparty, String file, String previousHash, PrivateKey key) {
    String hash =
        Canonical.sha256Hex(
            Canonical.bytes(members(seq, packageId, time, party, actor, action, counterparty, file, previousHash)));
    String sig = Ed25519.encodeSignature(Ed25519.sign(key, signed(hash)));
    return new CustodyEntry(seq, packageId, time, party, actor, action, counterparty, file, previousHash, hash, sig);
  }

  /** True when {@code hash} is the hash of this entry's content: nothing in it was edited after hashing. */
  public boolean hashValid() {
    return hash.equals(
        Canonical.sha256Hex(
            Canonical.bytes(members(seq, packageId, time, party, actor, action, counterparty, file, previousHash))));
  }

  /** True when {@code key} signed this entry's hash (check {@link #hashValid()} too: the signature covers the hash). */
  public boolean signatureValid(PublicKey key) {
    return Ed25519.verify(key, signed(hash), Ed25519.decodeSignature(signature));
  }

  /** The canonical one-line JSON form, without line end: one line of {@code custody.jsonl}. */
  public String toJson() {
    return new String(canonicalBytes(), StandardCharsets.UTF_8);
  }

  byte[] canonicalBytes() {
    Map<String, Object> m = members(seq, packageId, time, party, actor, action, counterparty, file, previousHash);
    m.put("hash", hash);
    m.put("signature", Ed25519.encodeSignature(Ed25519.decodeSignature(signature))); // one text per signature
    return Canonical.bytes(m);
  }

  /**
   * Reads one line written by {@link #toJson()}, only in canonical form; does not check hash, link or signature.
   *
   * @throws EvidenceException naming what is wrong
   */
  public static CustodyEntry parse(byte[] line) {
    String what = "custody entry";
    JsonNode n = Canonical.parse(line, what);
    String a = Canonical.text(n, "action", what);
    CustodyEntry e =
        new CustodyEntry(
            Canonical.number(n, "seq", what),
            Canonical.text(n, "package_id", what),
            Canonical.time(n, "time", what),
            Canonical.text(n, "party", what),
            Canonical.text(n, "actor", what),
            CustodyAction.fromWire(a).orElseThrow(() -> new EvidenceException("unknown custody action '" + a + "'")),
            Canonical.optionalText(n, "counterparty", what),
            Canonical.optionalText(n, "file", what),
            Canonical.text(n, "prev_hash", what),
            Canonical.text(n, "hash", what),
            Canonical.text(n, "signature", what));
    if (!Arrays.equals(e.canonicalBytes(), line)) {
      throw new EvidenceException("custody entry is not in canonical form (edited after it was written)");
    }
    return e;
  }

  private static Map<String, Object> members(
      long seq, String packageId, Instant time, String party, String actor, CustodyAction action,
      String counterparty, String file, String previousHash) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", seq);
    m.put("package_id", packageId);
    m.put("time", Canonical.time(time));
    m.put("party", party);
    m.put("actor", actor);
    m.put("action", action.wire());
    m.put("counterparty", counterparty);
    m.put("file", file);
    m.put("prev_hash", previousHash);
    return m;
  }

  private static byte[] signed(String hash) {
    byte[] digest = HexFormat.of().parseHex(hash);
    byte[] message = Arrays.copyOf(DOMAIN, DOMAIN.length + digest.length);
    System.arraycopy(digest, 0, message, DOMAIN.length, digest.length);
    return message;
  }
}
