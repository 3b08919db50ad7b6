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

  public long refused() {
    return outcomes.stream().filter(o -> o.status() == Status.REFUSED).count();
  }

  public enum Status {
    /** A new version, now stored. */
    ADDED,
    /** The collection already held this version; nothing changed (idempotent re-delivery). */
    DUPLICATE,
    /**
     * Not stored: the version would break the store's rule that an object's versions have one originator and one
     * creator (STIX 2.1 §3.6); the outcome's {@code reason} says which.
     */
    REFUSED
  }

  /**
   * @param id the object id
   * @param version the version timestamp; for a refused object without one, null
   * @param status what happened
   * @param dateAdded the date_added of the stored version (of the earlier copy for a duplicate); null when refused
   * @param reason why it was refused; null otherwise
   */
  public record Outcome(String id, Instant version, Status status, Instant dateAdded, String reason) {
    public Outcome {
      if ((status == Status.REFUSED) != (reason != null)) {
        throw new IllegalArgumentException("a reason goes with REFUSED and only there");
      }
    }

    /** A stored (or already stored) version. */
    public Outcome(String id, Instant version, Status status, Instant dateAdded) {
      this(id, version, status, dateAdded, null);
    }

    static Outcome refused(String id, Instant version, String reason) {
      return new Outcome(id, version, Status.REFUSED, null, reason);
    }
  }
}
