package org.accord.store;

import java.util.Objects;

/**
 * Where a stored object version came from: this node's own (produced here, or imported by its operator), or received
 * from another party under one of their agreements. Kept with every version so that the egress gate can refuse to pass
 * a received object on unless a clause of the agreement it came under allows it (no laundering through a third
 * node). The store only keeps it; the rules module gives it meaning.
 *
 * @param party the party it was received from; null for this node's own
 * @param agreement the agreement it was received under; null for this node's own
 */
public record Origin(String party, String agreement) {
  /** This node's own. */
  public static final Origin OWN = new Origin(null, null);

  public Origin {
    if ((party == null) != (agreement == null)) {
      throw new IllegalArgumentException("an origin names both party and agreement, or neither (own)");
    }
    if (party != null && (party.isBlank() || agreement.isBlank())) {
      throw new IllegalArgumentException("an origin's party and agreement must not be blank");
    }
  }

  /** Received from {@code party} under {@code agreement}. */
  public static Origin receivedFrom(String party, String agreement) {
    return new Origin(Objects.requireNonNull(party, "party"), Objects.requireNonNull(agreement, "agreement"));
  }

  public boolean isOwn() {
    return party == null;
  }

  @Override
  public String toString() {
    return isOwn() ? "own" : "received from " + party + " under " + agreement;
  }
}
