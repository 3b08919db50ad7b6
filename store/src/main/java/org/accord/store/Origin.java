package org.accord.store;

import java.util.List;
import java.util.Objects;

/**
 * Where a stored object version came from: this node's own (produced here, or imported by its operator), or received
 * under one of the parties' agreements, from its originator directly or passed on along a chain of hops. Kept with
 * every version so that the egress gate can refuse to pass a received object on unless the originator's clause
 * allows it over the whole chain (no laundering through a third node; issue 12, part 2). The store only keeps it;
 * the rules module gives it meaning ({@code org.accord.rules.Provenance}).
 *
 * @param party the object's originator; null for this node's own. The store's "one originator per object id" rule
 *     compares this party, whatever route a copy took
 * @param agreement the agreement of the originator's clause (the first hop's); null for this node's own
 * @param hops the transfers that brought this version here, the first from the originator, the last to this node;
 *     empty for this node's own, and for versions stored before chains were kept (received directly from the
 *     originator by a clause not recorded)
 */
public record Origin(String party, String agreement, List<Hop> hops) {
  /** This node's own. */
  public static final Origin OWN = new Origin(null, null, List.of());

  /**
   * One transfer: {@code from} sent the object to {@code to} under the rulebook clause or onward grant {@code
   * clause} ("" = not recorded).
   */
  public record Hop(String from, String to, String clause) {
    public Hop {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(clause, "clause");
      if (from.isBlank() || to.isBlank() || from.equals(to)) {
        throw new IllegalArgumentException("a hop goes from one party to another, not '" + from + "' to '" + to + "'");
      }
    }

    @Override
    public String toString() {
      return from + " → " + to + (clause.isEmpty() ? " (clause not recorded)" : " by " + clause);
    }
  }

  public Origin {
    if ((party == null) != (agreement == null)) {
      throw new IllegalArgumentException("an origin names both party and agreement, or neither (own)");
    }
    if (party != null && (party.isBlank() || agreement.isBlank())) {
      throw new IllegalArgumentException("an origin's party and agreement must not be blank");
    }
    hops = List.copyOf(hops);
    if (party == null && !hops.isEmpty()) {
      throw new IllegalArgumentException("this node's own objects took no hops");
    }
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

  /** Received from {@code party} or this node's own (both null), without a recorded chain. */
  public Origin(String party, String agreement) {
    this(party, agreement, List.of());
  }

  /** Received directly from its originator {@code party} under {@code agreement}, by a clause not recorded. */
  public static Origin receivedFrom(String party, String agreement) {
    return new Origin(Objects.requireNonNull(party, "party"), Objects.requireNonNull(agreement, "agreement"));
  }

  /** Received from originator {@code party} under {@code agreement} along {@code hops}. */
  public static Origin received(String party, String agreement, List<Hop> hops) {
    return new Origin(
        Objects.requireNonNull(party, "party"), Objects.requireNonNull(agreement, "agreement"), hops);
  }

  public boolean isOwn() {
    return party == null;
  }

  @Override
  public String toString() {
    if (isOwn()) {
      return "own";
    }
    return "received from " + party + " under " + agreement + (hops.isEmpty() ? "" : " along " + hops);
  }
}
