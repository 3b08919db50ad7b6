package org.accord.rules;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.accord.stix.StixObject;

/**
 * The inbound half of the rulebook: for an object that a peer party sends to this node (pushed to its TAXII server, or
 * pulled from the peer's), which clause allowed the peer to send it, and therefore under which agreement and from
 * which originator this node holds it.
 *
 * <p>Design note. The parties share one signed rulebook, so this node can replay the sender's own egress decision:
 * the sender's gate ({@link Egress} built for the sender's party) deciding about the object for this node. When it
 * allows, the clause's agreement is the one the object came under; the object is stored with that provenance and
 * this node's gate will later pass it on only by a clause of that agreement naming its originator (no laundering).
 * When the sender's own gate would have refused, the object should never have left the sender: it is refused here
 * too, with the sender's rule and reason, so a misconfigured or dishonest peer cannot push what the parties did not
 * agree on.
 *
 * <p>A clause's transforms may have removed what its selection looked at (strip-custom-properties removes {@code
 * x_accord_sectors} and Accord's extension with its sectors; a drop may remove labels or confidence), so the exact
 * replay can fail for a copy the sender rightly sent. The replay then falls back to the first clause, in rulebook
 * order, that lets the sender send objects of this type and TLP level to this node, with the same source checks, TLP
 * rules, provenance conditions and expiry, ignoring the rest of the selection ({@link Egress#clauseIgnoringSelection}).
 * What can never have been allowed (a type or TLP level no clause from the sender to this node covers, a crafted
 * producer, a received RED object passed on) is still refused.
 *
 * <p>An object whose {@code created_by_ref} names a third party's identity was passed on by the sender: the replay
 * then tries the sender's decision for an object received from that originator under each agreement binding both,
 * and the object's originator is the third party. A receiver's clock and the sender's differ slightly, so a clause
 * that expires or an object that ages out in between may be refused at one end and not the other; that is rare and
 * safe (refused, reported, not stored).
 *
 * <p>Thread-safe.
 */
public final class Ingress {
  private final Rulebook rulebook;
  private final Egress.Settings self;
  private final Transforms transforms;
  private final Map<String, Egress> senders = new ConcurrentHashMap<>();

  /**
   * @param rulebook the active, fully signed rulebook
   * @param self this node's settings (its party, its default for unmarked objects, its clock)
   * @param transforms used only to replay the sender's decisions; its output is discarded
   */
  public Ingress(Rulebook rulebook, Egress.Settings self, Transforms transforms) {
    this.rulebook = Objects.requireNonNull(rulebook, "rulebook");
    this.self = Objects.requireNonNull(self, "self");
    this.transforms = Objects.requireNonNull(transforms, "transforms");
  }

  /** What the rulebook says about an object arriving from a party. */
  public sealed interface Verdict permits Admitted, Refused {
    String clauseId();
  }

  /**
   * The sender was allowed to send it by {@code clauseId}; this node holds it as received from {@code originator}
   * under {@code agreement}, along {@code hops} (the last one, by {@code clauseId}, to this node).
   */
  public record Admitted(String clauseId, String originator, String agreement, List<Provenance.Hop> hops)
      implements Verdict {
    public Admitted {
      hops = List.copyOf(hops);
    }

    public Provenance.Received provenance() {
      return new Provenance.Received(originator, agreement, hops);
    }
  }

  /** No clause allowed the sender to send it: {@code clauseId} is the sender's rule that refuses it. */
  public record Refused(String clauseId, String reason) implements Verdict {}

  /**
   * The verdict on {@code object}, sent by {@code senderParty}, which says it holds the object along {@code
   * senderHops} (empty: the sender's own object).
   */
  public Verdict admit(StixObject object, String senderParty, List<Provenance.Hop> senderHops) {
    if (senderHops.isEmpty()) {
      return admit(object, senderParty);
    }
    return new Refused(Egress.NO_LAUNDERING, "onward sharing along a chain of hops is not supported yet");
  }

  public Verdict admit(StixObject object, String senderParty) {
    if (senderParty.equals(self.selfParty()) || !rulebook.parties().containsKey(senderParty)) {
      return new Refused(
          Egress.UNKNOWN_ORIGIN, "'" + senderParty + "' is not another party of rulebook " + rulebook.name());
    }
    Egress sender = senders.computeIfAbsent(senderParty, this::gateOf);
    Decision own = sender.decide(object, Provenance.own(), self.selfParty());
    if (own instanceof Decision.Allow && own.clauseId().equals(Egress.CASE_EXCHANGE)) {
      // A request or transition its sender made for this node (Egress, "Cases"): held under an agreement binding both.
      String agreement = rulebook.agreementBinding(senderParty, self.selfParty()).orElseThrow().id();
      return new Admitted(
          Egress.CASE_EXCHANGE, senderParty, agreement,
          List.of(new Provenance.Hop(senderParty, self.selfParty(), Egress.CASE_EXCHANGE)));
    }
    if (!(own instanceof Decision.Deny deny)) {
      return admitted(own.clauseId(), senderParty);
    }
    Optional<Clause.Share> transformed =
        sender.clauseIgnoringSelection(object, Provenance.own(), self.selfParty());
    if (transformed.isPresent()) {
      return admitted(transformed.get().id(), senderParty);
    }
    Optional<String> originator =
        object.text("created_by_ref").flatMap(rulebook::partyByIdentity).map(Party::id)
            .filter(p -> !p.equals(senderParty) && !p.equals(self.selfParty()));
    if (originator.isPresent()) {
      for (Agreement a : rulebook.agreements()) {
        if (a.hasParty(originator.get()) && a.hasParty(senderParty)) {
          Provenance passedOn = Provenance.receivedFrom(originator.get(), a.id());
          Decision d = sender.decide(object, passedOn, self.selfParty());
          if (!(d instanceof Decision.Deny)) {
            return admitted(d.clauseId(), originator.get());
          }
          Optional<Clause.Share> c = sender.clauseIgnoringSelection(object, passedOn, self.selfParty());
          if (c.isPresent()) {
            return admitted(c.get().id(), originator.get());
          }
        }
      }
    }
    return new Refused(
        deny.clauseId(), senderParty + " may not send this to " + self.selfParty() + ": " + deny.reason());
  }

  private Admitted admitted(String clauseId, String originator) {
    Clause.Share clause = (Clause.Share) rulebook.clause(clauseId).orElseThrow();
    String sender = originator; // TODO(issue 12): the sender, when it passed on another party's object
    return new Admitted(
        clauseId, originator, clause.agreement(), List.of(new Provenance.Hop(sender, self.selfParty(), clauseId)));
  }

  private Egress gateOf(String party) {
    return new Egress(rulebook, new Egress.Settings(party, self.unmarkedDefault(), self.clock()), transforms);
  }
}
