package org.accord.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where federation with each peer stands, kept in the node's database beside the objects (migration {@code
 * V2__federation.sql}) so that it survives restarts.
 *
 * <p>A pull cursor is the {@code X-TAXII-Date-Added-Last} of the last page of a peer's collection that was stored
 * locally (TAXII 2.1 §3.2); the next pull asks for {@code added_after} that instant (§3.4, §3.5). A push position is
 * the local {@code date_added} of the last version a peer confirmed as stored. Both are saved only after the work
 * they stand for is done, so a crash in between repeats at most one page, which the store's idempotent add absorbs.
 *
 * <p>Open one with {@link Stores#federationState(ObjectStore)}. Implementations are thread-safe.
 */
public interface FederationState {

  /** The last {@code date_added} pulled and stored from a peer's collection; empty before the first page. */
  Optional<Instant> pullCursor(PullKey key);

  /** Records that everything of {@code key} up to and including {@code dateAddedLast} is stored locally. */
  void savePullCursor(PullKey key, Instant dateAddedLast);

  /** The local {@code date_added} of the last version the peer confirmed; empty before the first push. */
  Optional<Instant> pushPosition(PushKey key);

  /** Records that the peer confirmed every local version of {@code key} up to and including {@code dateAdded}. */
  void savePushPosition(PushKey key, Instant dateAdded);

  /**
   * A pulled collection of a peer.
   *
   * @param peer the peer's party name
   * @param apiRoot the peer's API root URL
   * @param collectionId the peer's collection id
   */
  record PullKey(String peer, String apiRoot, String collectionId) {
    public PullKey {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(apiRoot, "apiRoot");
      Objects.requireNonNull(collectionId, "collectionId");
    }
  }

  /**
   * A local collection pushed to a peer's collection.
   *
   * @param peer the peer's party name
   * @param localCollection the local collection id
   * @param apiRoot the peer's API root URL
   * @param collectionId the peer's collection id
   */
  record PushKey(String peer, String localCollection, String apiRoot, String collectionId) {
    public PushKey {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(localCollection, "localCollection");
      Objects.requireNonNull(apiRoot, "apiRoot");
      Objects.requireNonNull(collectionId, "collectionId");
    }
  }
}
