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

  /** Versions the collection already held with other content: the stored one was kept. */
  public long conflicts() {
    return outcomes.stream().filter(o -> o.status() == Status.CONFLICT).count();
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
     * The collection already held a version of this object with the same version timestamp but other content
     * (compared as RFC 8785 canonical JSON, so member order and spacing do not count). The stored one is kept, as
     * STIX 2.1 §3.6 allows (a new version needs a new {@code modified}); nothing changed, but the originator made
     * two different objects under one version, and the caller should tell. The outcome's {@code reason} says so.
     */
    CONFLICT,
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
   * @param dateAdded the date_added of the stored version (of the earlier copy for a duplicate or a conflict); null
   *     when refused
   * @param reason why it was refused, or what the conflict is; null otherwise
   */
  public record Outcome(String id, Instant version, Status status, Instant dateAdded, String reason) {
    public Outcome {
      if ((status == Status.REFUSED || status == Status.CONFLICT) != (reason != null)) {
        throw new IllegalArgumentException("a reason goes with REFUSED and CONFLICT and only there");
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
