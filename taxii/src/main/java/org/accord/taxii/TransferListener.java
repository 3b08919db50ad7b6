package org.accord.taxii;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Told of every batch of object versions that crossed to or from a peer, and of every version that did not. This is
 * the seam for the ledger: it records SENT and RECEIVED entries with the versions and the SHA-256 of the payload as
 * it went over the wire.
 *
 * <p>Both ends of a transfer report it, each as it saw it, so that the two ledgers can be reconciled entry by entry:
 *
 * <ul>
 *   <li>a pull: the serving node's TAXII server reports SENT (the released objects of the page, the SHA-256 of the
 *       response body) before it writes the response; the pulling node's federation reports RECEIVED (every object
 *       of the page, the SHA-256 of the body it read) before storing the page (write-ahead) and the cursor moves;
 *   <li>a push: the pushing node reports SENT (every version of the envelope, the SHA-256 of the body it posts)
 *       before it posts; the receiving node's TAXII server reports RECEIVED (every version of the body, the SHA-256
 *       of the whole body) batch by batch, each before that batch is stored (write-ahead).
 * </ul>
 *
 * After a crash a batch may be reported twice, never not at all.
 *
 * <p>A batch of more than {@link #VERSIONS_PER_RECORD} versions is recorded as consecutive records of at most that
 * many, cut in wire order; a receiver that records as it reads (a POST's RECEIVED, written batch by batch before
 * each batch is stored) cuts at the same places, so that both ends' records of one transfer pair up one to one.
 */
public interface TransferListener {
  /**
   * Most versions one ledger record names: bounds a record's size whatever the size of the body (issue 8, finding
   * 6: one entry of a 300,000-object POST outgrew the ledger's line limit). Must stay within the ledger's own limit
   * ({@code org.accord.ledger.Entry.MAX_OBJECTS}), which the node checks when it starts.
   */
  int VERSIONS_PER_RECORD = 1000;

  /** Records nothing: the behaviour until the ledger is wired in. */
  TransferListener NONE = new TransferListener() {};

  /** A new SHA-256, the digest of every payload hash in the ledger. */
  static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Lower-case hex SHA-256 of {@code bytes}: the payload hash of a transfer. */
  static String sha256Hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** A batch of versions went over the wire. */
  default void transferred(Transfer transfer) {}

  /** A version was not transferred: refused by the peer, by the inbound check, or too large. */
  default void rejected(Rejection rejection) {}

  /**
   * A user of this node is deleting versions (TAXII 2.1 §5.7). Called inside the delete's transaction, before it
   * commits: an exception (the ledger cannot record it) makes the delete fail and nothing is removed. Not a transfer,
   * but the ledger records it through the same seam, so that what the node held and let go is all on record.
   */
  default void deleted(Deletion deletion) {}

  enum Direction {
    SENT,
    RECEIVED
  }

  /**
   * An object version: id and version timestamp text (STIX 2.1 §3.2 modified, or what the peer reported), and the
   * provenance chain it crossed with ({@link WireChain}: the hops before this transfer, from the originator to the
   * sender; empty for the sender's own object), so that the ledger records each hop of a passed-on object.
   */
  record VersionRef(String id, String version, List<org.accord.store.Origin.Hop> chain) {
    public VersionRef {
      chain = List.copyOf(chain);
    }

    /** A version without a chain. */
    public VersionRef(String id, String version) {
      this(id, version, List.of());
    }

    /**
     * The version an object states on the wire: {@code modified}, else {@code created}, as written ("" when it has
     * neither), and the chain it carries. Both ends call it on the same wire copy, so both name the same chain.
     */
    public static VersionRef of(com.fasterxml.jackson.databind.JsonNode object) {
      String version = object.path("modified").asText(object.path("created").asText(""));
      return new VersionRef(object.path("id").asText(""), version, WireChain.peek(object));
    }
  }

  /**
   * One batch.
   *
   * @param direction sent or received
   * @param party the peer
   * @param localCollection this node's collection
   * @param apiRoot the peer's API root URL; null when the peer called this node's TAXII server
   * @param remoteCollection the peer's collection; null when the peer called this node's TAXII server
   * @param versions the versions in the batch, as they crossed the wire
   * @param sha256 hex SHA-256 of the payload: the envelope as posted, or the response body as received
   * @param clauses for SENT, the clauses that released the versions (sorted, distinct; {@link
   *     org.accord.store.StoredObject#clause()}); empty for RECEIVED or when no gate names them
   */
  record Transfer(
      Direction direction,
      String party,
      String localCollection,
      URI apiRoot,
      String remoteCollection,
      List<VersionRef> versions,
      String sha256,
      List<String> clauses) {
    public Transfer {
      Objects.requireNonNull(direction, "direction");
      versions = List.copyOf(versions);
      clauses = List.copyOf(new java.util.TreeSet<>(clauses));
    }

    /** A transfer without clauses (RECEIVED). */
    public Transfer(
        Direction direction,
        String party,
        String localCollection,
        URI apiRoot,
        String remoteCollection,
        List<VersionRef> versions,
        String sha256) {
      this(direction, party, localCollection, apiRoot, remoteCollection, versions, sha256, List.of());
    }
  }

  /**
   * A delete.
   *
   * @param user the user who deleted (one of this node's own; peers never delete)
   * @param localCollection the collection
   * @param versions the removed versions
   * @param sha256 hex SHA-256 of the removed versions' stored JSON, each followed by a line feed, in date_added
   *     order
   */
  record Deletion(String user, String localCollection, List<VersionRef> versions, String sha256) {
    public Deletion {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(localCollection, "localCollection");
      versions = List.copyOf(versions);
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** A version that was left out, and why. */
  record Rejection(Direction direction, String party, String localCollection, VersionRef version, String reason) {}
}
