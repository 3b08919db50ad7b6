package org.accord.taxii.client;

import java.util.Optional;
import org.accord.store.StoredObject;

/**
 * Decides, for each object version about to be pushed, whether it may go to that peer: the seam for the rulebook's
 * egress gate (DESIGN.md: every way out asks the gate). Return the version to send it as stored, a version with a
 * transformed object ({@link StoredObject#withObject}) to send that instead, or empty to withhold it. A withheld
 * version is skipped for good: the push position moves past it. Must be thread-safe.
 */
@FunctionalInterface
public interface PushFilter {
  /** Sends everything: the behaviour until the egress gate is wired in. */
  PushFilter RELEASE_ALL = (party, localCollection, stored) -> Optional.of(stored);

  /**
   * @param party the receiving peer
   * @param localCollection the collection the version is read from
   * @param stored the version
   */
  Optional<StoredObject> release(String party, String localCollection, StoredObject stored);
}
