package org.accord.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a ledger: what the caller recorded ({@link Draft}) plus where it sits in the chain. {@code hash} is the
 * SHA-256 of the entry's canonical JSON without the {@code hash} and {@code signature} members; that JSON contains
 * {@code prev_hash}, so each hash commits to every entry before it. {@code signature} is the ledger owner's Ed25519
 * signature over a domain tag and the 32 hash bytes.
 *
 * <p>Entries cross to the other party in the same one-line JSON form ({@link #toJson()}, {@link #parse(String)});
 * there each one can be checked on its own with the author's public key ({@link #hashValid()}, {@link
 * #signatureValid(PublicKey)}).
 */
public record Entry(
    long seq, Instant time, String party, Draft draft, String previousHash, String hash, String signature) {
  private static final byte[] DOMAIN = "accord-ledger-entry-v1\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * The longest line of a ledger file, in bytes without its line end: the one limit the writer ({@link
   * Ledger#append} refuses a longer entry before writing a byte) and the reader ({@code LedgerReader} stops at a
   * longer line) both derive from, so a ledger never holds a line its own reader refuses. Every other size limit of
   * an entry below is derived from it.
   */
  public static final int MAX_BYTES = 16 << 20;

  /** Longest text member an entry may be written with (party, counterparty, clause id), in characters. */
  public static final int MAX_TEXT = 4096;

  /** Longest object id, and longest object version, an entry may be written with, in characters. */
  public static final int MAX_OBJECT_ID = 512;

  public static final int MAX_OBJECT_VERSION = 64;

  /**
   * Bytes one character can take in the canonical form, whatever the generator escapes: a six-character backslash
   * escape at most; UTF-8 takes at most three, or four for two characters (a surrogate pair).
   */
  private static final int MAX_BYTES_PER_CHAR = 6;

  /**
   * Room kept for every member but the object list: seq, time, kind, hashes, signature, three text members, and a
   * checkpoint (its party, hash, time and signature) with their names and punctuation. Generous on purpose.
   */
  private static final int FIXED_BYTES = 8 * MAX_TEXT * MAX_BYTES_PER_CHAR + 4096;

  /** One object reference at its longest: {@code {"id":"...","version":"..."},}. */
  private static final int MAX_OBJECT_BYTES =
      (MAX_OBJECT_ID + MAX_OBJECT_VERSION) * MAX_BYTES_PER_CHAR + "{\"id\":\"\",\"version\":\"\"},".length();

  /**
   * Most objects one entry may name: the most that fit in {@link #MAX_BYTES} at their longest, so an entry within
   * the limits of {@link Draft#requireWritable} always fits in a line. A transfer of more objects is recorded as
   * several entries (the node's transfer recorder splits it).
   */
  public static final int MAX_OBJECTS = (MAX_BYTES - FIXED_BYTES) / MAX_OBJECT_BYTES;

  public Entry {
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1, got " + seq);
    }
    if (time == null || !time.equals(Canonical.millis(time))) {
      throw new IllegalArgumentException("time must be given with millisecond precision, got " + time);
    }
    Canonical.requireText(party, "party");
    if (draft == null) {
      throw new IllegalArgumentException("draft must not be null");
    }
    Canonical.requireHash(previousHash, "previous hash");
    Canonical.requireHash(hash, "hash");
    Ed25519.decodeSignature(signature);
  }

  /** Hashes and signs the next entry of a chain. */
  static Entry create(long seq, Instant time, String party, Draft draft, String previousHash, PrivateKey key) {
    String hash = Canonical.sha256Hex(unsignedBytes(seq, time, party, draft, previousHash));
    byte[] sig = Ed25519.sign(key, signedMessage(hash));
    return new Entry(seq, time, party, draft, previousHash, hash, Ed25519.encodeSignature(sig));
  }

  public EntryKind kind() {
    return draft.kind();
  }

  public String counterparty() {
    return draft.counterparty();
  }

  public List<ObjectRef> objects() {
    return draft.objects();
  }

  public String clauseId() {
    return draft.clauseId();
  }

  public String payloadHash() {
    return draft.payloadHash();
  }

  /** True when {@code hash} is the hash of this entry's content: nothing in it was edited after hashing. */
  public boolean hashValid() {
    return hash.equals(Canonical.sha256Hex(unsignedBytes(seq, time, party, draft, previousHash)));
  }

  /** True when {@code key} signed this entry's hash (check {@link #hashValid()} too: the signature covers the hash). */
  public boolean signatureValid(PublicKey key) {
    return Ed25519.verify(key, signedMessage(hash), Ed25519.decodeSignature(signature));
  }

  /** The canonical one-line JSON form (no line terminator), as written in the ledger file. */
  public String toJson() {
    return new String(canonicalBytes(), StandardCharsets.UTF_8);
  }

  /**
   * Reads one line written by {@link #toJson()}; does not check hash or signature.
   *
   * @throws IllegalArgumentException naming what is wrong, also when the line is not in canonical form
   */
  public static Entry parse(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    try {
      Entry e = fromNode(Canonical.parse(bytes));
      if (!Arrays.equals(e.canonicalBytes(), bytes)) {
        throw new IllegalArgumentException("entry is not in canonical form");
      }
      return e;
    } catch (Canonical.Malformed e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  byte[] canonicalBytes() {
    Map<String, Object> m = members(seq, time, party, draft, previousHash);
    m.put("hash", hash);
    // Re-encoded from the bytes: base64 has unused bits in its last character, so several texts decode to one
    // signature, and only one of them is canonical.
    m.put("signature", Ed25519.encodeSignature(Ed25519.decodeSignature(signature)));
    return Canonical.bytes(m);
  }

  static Entry fromNode(JsonNode node) throws Canonical.Malformed {
    try {
      List<ObjectRef> objects = new ArrayList<>();
      for (JsonNode o : Json.array(node, "objects")) {
        objects.add(new ObjectRef(Json.text(o, "id"), Json.optionalText(o, "version")));
      }
      JsonNode cp = Json.object(node, "checkpoint");
      Draft draft =
          new Draft(
              kind(Json.text(node, "kind")),
              Json.optionalText(node, "counterparty"),
              objects,
              Json.optionalText(node, "clause_id"),
              Json.text(node, "payload_hash"),
              cp == null ? null : Checkpoint.fromNode(cp));
      return new Entry(
          Json.number(node, "seq"),
          Json.time(node, "time"),
          Json.text(node, "party"),
          draft,
          Json.text(node, "prev_hash"),
          Json.text(node, "hash"),
          Json.text(node, "signature"));
    } catch (IllegalArgumentException e) {
      throw new Canonical.Malformed(e.getMessage());
    }
  }

  private static EntryKind kind(String s) {
    try {
      return EntryKind.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown kind '" + s + "'");
    }
  }

  private static byte[] unsignedBytes(long seq, Instant time, String party, Draft draft, String previousHash) {
    return Canonical.bytes(members(seq, time, party, draft, previousHash));
  }

  private static Map<String, Object> members(
      long seq, Instant time, String party, Draft draft, String previousHash) {
    List<Map<String, Object>> objects = new ArrayList<>(draft.objects().size());
    for (ObjectRef o : draft.objects()) {
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("id", o.id());
      ref.put("version", o.version());
      objects.add(ref);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", seq);
    m.put("time", Canonical.time(time));
    m.put("party", party);
    m.put("kind", draft.kind().name());
    m.put("counterparty", draft.counterparty());
    m.put("objects", objects);
    m.put("clause_id", draft.clauseId());
    m.put("payload_hash", draft.payloadHash());
    m.put("checkpoint", draft.checkpoint() == null ? null : draft.checkpoint().toMap());
    m.put("prev_hash", previousHash);
    return m;
  }

  private static byte[] signedMessage(String hash) {
    byte[] digest = HexFormat.of().parseHex(hash);
    byte[] message = Arrays.copyOf(DOMAIN, DOMAIN.length + digest.length);
    System.arraycopy(digest, 0, message, DOMAIN.length, digest.length);
    return message;
  }

  /**
   * What the caller records; the ledger adds seq, time, its party and the chain. {@code payloadHash} is the SHA-256
   * (hex) of the bytes that crossed, as the caller sent or received them ({@link #payloadHash(byte[])}); {@code
   * clauseId} the rulebook clause that allowed it, or null. {@code checkpoint} is set only on {@code
   * CHECKPOINT_RECEIVED} entries (made by {@link Ledger#recordCheckpoint}).
   */
  public record Draft(
      EntryKind kind,
      String counterparty,
      List<ObjectRef> objects,
      String clauseId,
      String payloadHash,
      Checkpoint checkpoint) {
    public Draft {
      if (kind == null) {
        throw new IllegalArgumentException("kind must not be null");
      }
      if (counterparty != null) {
        Canonical.requireText(counterparty, "counterparty");
      } else if (kind.needsCounterparty()) {
        throw new IllegalArgumentException(kind + " needs a counterparty");
      }
      objects = List.copyOf(objects);
      if (clauseId != null) {
        Canonical.requireText(clauseId, "clause id");
      }
      Canonical.requireHash(payloadHash, "payload hash");
      if ((kind == EntryKind.CHECKPOINT_RECEIVED) != (checkpoint != null)) {
        throw new IllegalArgumentException("a checkpoint goes with CHECKPOINT_RECEIVED and only there");
      }
      if (checkpoint != null && !checkpoint.party().equals(counterparty)) {
        throw new IllegalArgumentException("the checkpoint is by " + checkpoint.party() + ", not " + counterparty);
      }
    }

    /** The egress gate let {@code objects} out to {@code recipient} under {@code clauseId}. */
    public static Draft sent(String recipient, List<ObjectRef> objects, String clauseId, String payloadHash) {
      return new Draft(EntryKind.SENT, recipient, objects, clauseId, payloadHash, null);
    }

    /** {@code objects} arrived from {@code sender} and were accepted ({@code clauseId} may be null). */
    public static Draft received(String sender, List<ObjectRef> objects, String clauseId, String payloadHash) {
      return new Draft(EntryKind.RECEIVED, sender, objects, clauseId, payloadHash, null);
    }

    /** The rulebook {@code rulebook} (id and version) came into force; the payload hash is of its signed form. */
    public static Draft rulebookActivated(ObjectRef rulebook, String payloadHash) {
      return new Draft(EntryKind.RULEBOOK_ACTIVATED, null, List.of(rulebook), null, payloadHash, null);
    }

    /**
     * {@code user} of this node deleted the versions {@code removed} from {@code collection}. No counterparty: the
     * entry is the node's own and is never exported to a peer. The clause id names the authority for the delete,
     * {@code "user <user> collection <collection>"} (the user's delete right there); {@code payloadHash} is the
     * SHA-256 of the removed versions' JSON, each followed by a line feed, in the order {@code removed} lists them.
     */
    public static Draft deleted(String user, String collection, List<ObjectRef> removed, String payloadHash) {
      Canonical.requireText(user, "user");
      Canonical.requireText(collection, "collection");
      return new Draft(
          EntryKind.DELETED, null, removed, "user " + user + " collection " + collection, payloadHash, null);
    }

    /**
     * Checks the limits every entry is written within ({@link #MAX_OBJECTS}, {@link #MAX_TEXT}, {@link
     * #MAX_OBJECT_ID}, {@link #MAX_OBJECT_VERSION}); together they keep the entry's line under {@link #MAX_BYTES}.
     * Reading does not apply them (an entry written before they existed still reads), only writing does.
     *
     * @throws IllegalArgumentException naming the limit crossed
     */
    public Draft requireWritable() {
      if (objects.size() > MAX_OBJECTS) {
        throw new IllegalArgumentException(
            "an entry names at most " + MAX_OBJECTS + " objects, this one " + objects.size() + ": split the transfer");
      }
      requireLength(counterparty, MAX_TEXT, "counterparty");
      requireLength(clauseId, MAX_TEXT, "clause id");
      if (checkpoint != null) {
        requireLength(checkpoint.party(), MAX_TEXT, "checkpoint party");
      }
      for (ObjectRef o : objects) {
        requireLength(o.id(), MAX_OBJECT_ID, "object id");
        requireLength(o.version(), MAX_OBJECT_VERSION, "object version");
      }
      return this;
    }

    private static void requireLength(String s, int max, String what) {
      if (s != null && s.length() > max) {
        throw new IllegalArgumentException(what + " longer than " + max + " characters (" + s.length() + ")");
      }
    }

    /** The SHA-256 of {@code bytes} in lower-case hex, the form {@code payloadHash} takes. */
    public static String payloadHash(byte[] bytes) {
      return Canonical.sha256Hex(bytes);
    }
  }
}
