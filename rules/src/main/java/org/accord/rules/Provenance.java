package org.accord.rules;

import java.util.List;
import java.util.Objects;

/**
 * Where an object a node holds came from: this node's own party produced it (or the operator imported it, which makes
 * this node answerable for it), or it was received, directly from its originator or passed on by other parties, under
 * one of the parties' agreements. The egress gate uses it to stop laundering: a received object leaves again only as
 * its originator's clause allows, checked over the whole chain of hops it took (issue 3, part 3; issue 12, part 2).
 */
public sealed interface Provenance {
  static Provenance own() {
    return Own.INSTANCE;
  }

  /** Received directly from its originator under {@code agreement}, by a clause not recorded (older stores). */
  static Provenance receivedFrom(String party, String agreement) {
    return new Received(party, agreement, List.of());
  }

  /** Received along {@code hops}, the first from the originator, the last to this node. */
  static Provenance received(String originator, String agreement, List<Hop> hops) {
    return new Received(originator, agreement, hops);
  }

  /** Produced or imported by this node. */
  record Own() implements Provenance {
    static final Own INSTANCE = new Own();
  }

  /**
   * One transfer of an object between two parties' nodes: {@code from} sent it to {@code to} under clause (or onward
   * grant) {@code clause} of the rulebook.
   */
  record Hop(String from, String to, String clause) {
    public Hop {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(clause, "clause");
      if (from.equals(to)) {
        throw new IllegalArgumentException("a hop goes from one party to another, not from " + from + " to itself");
      }
    }
  }

  /**
   * Received from {@code party}, the object's originator, under agreement {@code agreement} (the agreement of the
   * originator's clause, the first hop's), along {@code hops}: the first hop leaves the originator, each next hop
   * leaves where the previous one arrived, the last arrives at this node. Empty {@code hops}: received directly from
   * the originator by a clause not recorded (versions stored before chains were kept).
   */
  record Received(String party, String agreement, List<Hop> hops) implements Provenance {
    public Received {
      Objects.requireNonNull(party, "party");
      Objects.requireNonNull(agreement, "agreement");
      hops = List.copyOf(hops);
      if (!hops.isEmpty() && !hops.get(0).from().equals(party)) {
        throw new IllegalArgumentException(
            "the first hop leaves the originator " + party + ", not " + hops.get(0).from());
      }
      for (int i = 1; i < hops.size(); i++) {
        if (!hops.get(i).from().equals(hops.get(i - 1).to())) {
          throw new IllegalArgumentException(
              "hop " + (i + 1) + " leaves " + hops.get(i).from() + ", but hop " + i + " arrived at "
                  + hops.get(i - 1).to());
        }
      }
    }

    /** Received directly from its originator by a clause not recorded. */
    public Received(String party, String agreement) {
      this(party, agreement, List.of());
    }

    /** The party this node received the object from: the last hop's sender, or the originator. */
    public String sender() {
      return hops.isEmpty() ? party : hops.get(hops.size() - 1).from();
    }
  }
}
