package org.accord.taxii.client;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Told of every batch of object versions that crossed to or from a peer, and of every version that did not. This is
 * the seam for the ledger: it records SENT and RECEIVED entries with the versions and the SHA-256 of the payload as
 * it went over the wire. Calls come from the federation's threads, after the batch is stored (pull) or after the peer
 * confirmed it (push), and before the cursor moves: after a crash a batch may be reported twice, never not at all.
 */
public interface TransferListener {
  /** Records nothing: the behaviour until the ledger is wired in. */
  TransferListener NONE = new TransferListener() {};

  /** A batch of versions went over the wire. */
  default void transferred(Transfer transfer) {}

  /** A version was not transferred: refused by the peer, by the inbound check, or too large. */
  default void rejected(Rejection rejection) {}

  enum Direction {
    SENT,
    RECEIVED
  }

  /** An object version: id and version timestamp text (STIX 2.1 §3.2 modified, or what the peer reported). */
  record VersionRef(String id, String version) {}

  /**
   * One batch.
   *
   * @param direction sent or received
   * @param party the peer
   * @param localCollection this node's collection
   * @param apiRoot the peer's API root URL
   * @param remoteCollection the peer's collection
   * @param versions the versions in the batch (for SENT: those the peer confirmed)
   * @param sha256 hex SHA-256 of the payload: the envelope as posted, or the response body as received
   */
  record Transfer(
      Direction direction,
      String party,
      String localCollection,
      URI apiRoot,
      String remoteCollection,
      List<VersionRef> versions,
      String sha256) {
    public Transfer {
      Objects.requireNonNull(direction, "direction");
      versions = List.copyOf(versions);
    }
  }

  /** A version that was left out, and why. */
  record Rejection(Direction direction, String party, String localCollection, VersionRef version, String reason) {}
}
