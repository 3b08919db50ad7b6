package org.accord.rules;

import java.util.Collection;
import java.util.Objects;

/**
 * The egress gate's seam for the objects an object names: what the recipient would receive of the object with a
 * given id. The gate asks it for every reference of an object it is about to release ({@link Egress#decide(
 * org.accord.stix.StixObject, Provenance, String, References)}), so that nothing released names an id the recipient
 * may not receive.
 *
 * <p>{@link Egress#references} builds the implementation a node uses: the node's {@link Holdings} (the latest
 * version of the id in its store) decided by the same gate, recursively. An implementation answers for one recipient
 * and is used for one decision; it may remember its answers for that long.
 */
public interface References {
  /** What the recipient receives, or already holds, of the object {@code id}. */
  Resolution resolve(String id);

  /** These ids are about to be resolved: an implementation may fetch them in one go. */
  default void prepare(Collection<String> ids) {}

  /** What a recipient would receive of one referenced object. */
  sealed interface Resolution {}

  /**
   * The recipient receives the object under the same id, or already holds it (it sent it).
   *
   * @param why for {@code explain}: the clause that releases it, or why the recipient knows it
   */
  record Released(String why) implements Resolution {
    public Released {
      Objects.requireNonNull(why, "why");
    }
  }

  /**
   * The recipient receives a transformed copy under another id (a pseudonymised SCO, STIX 2.1 §2.9): references to
   * it are rewritten to {@code releasedId}.
   */
  record Transformed(String releasedId, String clauseId) implements Resolution {
    public Transformed {
      Objects.requireNonNull(releasedId, "releasedId");
      Objects.requireNonNull(clauseId, "clauseId");
    }
  }

  /** The gate withholds the object from the recipient, by {@code clauseId} for {@code reason}. */
  record Withheld(String clauseId, String reason) implements Resolution {
    public Withheld {
      Objects.requireNonNull(clauseId, "clauseId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** This node does not hold the object, so the gate cannot say the recipient may have it: counted as withheld. */
  record Unknown() implements Resolution {}
}
