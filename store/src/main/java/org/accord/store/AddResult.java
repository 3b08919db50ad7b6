package org.accord.store;

import java.time.Instant;
import java.util.List;

/** What {@link ObjectStore#add} did with each object of a batch, in input order. */
public record AddResult(List<Outcome> outcomes) {
  public AddResult {
    outcomes = List.copyOf(outcomes);
  }

  public long added() {
    return outcomes.stream().filter(o -> o.status() == Status.ADDED).count();
  }

  public long duplicates() {
    return outcomes.stream().filter(o -> o.status() == Status.DUPLICATE).count();
  }

  public enum Status {
    /** A new version, now stored. */
    ADDED,
    /** The collection already held this version; nothing changed (idempotent re-delivery). */
    DUPLICATE
  }

  /**
   * @param id the object id
   * @param version the version timestamp
   * @param status what happened
   * @param dateAdded the date_added of the stored version (of the earlier copy for a duplicate)
   */
  public record Outcome(String id, Instant version, Status status, Instant dateAdded) {}
}
