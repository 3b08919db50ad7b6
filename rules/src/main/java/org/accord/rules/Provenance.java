package org.accord.rules;

import java.util.Objects;

/**
 * Where an object a node holds came from: this node's own party produced it (or the operator imported it, which makes
 * this node answerable for it), or it was received from another party under one of their agreements. The egress gate
 * uses it to stop laundering: a received object leaves again only by a clause of the agreement it came under that
 * names its originator (issue 3, part 3).
 */
public sealed interface Provenance {
  static Provenance own() {
    return Own.INSTANCE;
  }

  static Provenance receivedFrom(String party, String agreement) {
    return new Received(party, agreement);
  }

  /** Produced or imported by this node. */
  record Own() implements Provenance {
    static final Own INSTANCE = new Own();
  }

  /** Received from {@code party}'s node under agreement {@code agreement}. */
  record Received(String party, String agreement) implements Provenance {
    public Received {
      Objects.requireNonNull(party, "party");
      Objects.requireNonNull(agreement, "agreement");
    }
  }
}
