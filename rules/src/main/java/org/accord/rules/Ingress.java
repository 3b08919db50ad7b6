package org.accord.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.accord.stix.StixObject;

/**
 * The inbound half of the rulebook: for an object that a peer party sends to this node (pushed to its TAXII server, or
 * pulled from the peer's), which clause or onward grant allowed the peer to send it, and therefore from which
 * originator, under which agreement and along which chain of hops this node holds it.
 *
 * <p>Design note. The parties share one signed rulebook, so this node can replay the sender's own egress decision:
 * the sender's gate ({@link Egress} built for the sender's party) deciding about the object for this node. When it
 * allows, the object is stored with the provenance the replay implies, and this node's gate will later pass it on only
 * as the originator's clause allows (no laundering). When the sender's own gate would have refused, the object should
 * never have left the sender: it is refused here too, with the sender's rule and reason, so a misconfigured or
 * dishonest peer cannot push what the parties did not agree on.
 *
 * <p><b>Own or passed on</b> (issue 12, part 2). The sender says how it holds the object: as its own (no hops), or
 * along a chain of hops from the originator to itself. With no hops the replay is the sender's decision for its own
 * object. An object whose {@code created_by_ref} names another party's identity is then refused [{@value
 * Egress#CRAFTED_PRODUCER}]: a passed-on object must come with its chain; nothing is guessed from the producer (an
 * earlier version tried the originator {@code created_by_ref} named, which let a sender choose the chain it was judged
 * by). With hops, the chain must start at its first hop's sender (the originator), be consecutive and end at the
 * sender; the replay is the sender's decision for the object received along that chain under the agreement of the
 * first hop's clause (for a first hop whose clause was not recorded: each agreement binding the originator, in
 * rulebook order), so the sender's gate checks the whole chain (step 2 of {@link Egress}'s order) and that this hop is
 * allowed (step 3). This node then holds it along the sender's hops and one more, from the sender, by the clause or
 * grant the replay cited. A forged chain (a hop dropped or inserted, another originator, a grant used past its hops)
 * fails the replay like any chain the rulebook does not bear out.
 *
 * <p>A clause's transforms may have removed what its selection looked at (strip-custom-properties removes {@code
 * x_accord_sectors} and Accord's extension with its sectors; a drop may remove labels or confidence), so the exact
 * replay can fail for a copy the sender rightly sent. The replay then falls back to the first clause, in rulebook
 * order, that lets the sender send objects of this type and TLP level to this node, with the same source checks, TLP
 * rules, chain, provenance conditions and expiry, ignoring the rest of the selection ({@link
 * Egress#clauseIgnoringSelection}). What can never have been allowed (a type or TLP level no clause from the sender to
 * this node covers, a crafted producer, a received RED object passed on) is still refused. A receiver's clock and the
 * sender's differ slightly, so a clause that expires or an object that ages out in between may be refused at one end
 * and not the other; that is rare and safe (refused, reported, not stored).
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
   * The sender was allowed to send it by {@code clauseId} (a clause or an onward grant); this node holds it as received
   * from {@code originator} under {@code agreement} (the agreement of the first hop's clause), along {@code hops}: the
   * sender's hops, then one from the sender, by {@code clauseId}, to this node.
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
    if (senderParty.equals(self.selfParty()) || !rulebook.parties().containsKey(senderParty)) {
      return new Refused(
          Egress.UNKNOWN_ORIGIN, "'" + senderParty + "' is not another party of rulebook " + rulebook.name());
    }
    Egress sender = senders.computeIfAbsent(senderParty, this::gateOf);
    return senderHops.isEmpty() ? own(sender, object, senderParty) : passedOn(sender, object, senderParty, senderHops);
  }

  /** The verdict on {@code object} sent by {@code senderParty} as its own (no chain). */
  public Verdict admit(StixObject object, String senderParty) {
    return admit(object, senderParty, List.of());
  }

  private Verdict own(Egress sender, StixObject object, String senderParty) {
    Optional<Party> producer = object.text("created_by_ref").flatMap(rulebook::partyByIdentity);
    if (producer.isPresent() && !producer.get().id().equals(senderParty)) {
      return new Refused(
          Egress.CRAFTED_PRODUCER, "created_by_ref names party " + producer.get().id() + " ("
              + producer.get().identity() + "), but " + senderParty + " sent it as its own: an object passed on by "
              + senderParty + " must come with its chain of hops from its originator");
    }
    Decision own = sender.decide(object, Provenance.own(), self.selfParty());
    if (own instanceof Decision.Allow && own.clauseId().equals(Egress.CASE_EXCHANGE)) {
      // A request or transition its sender made for this node (Egress, "Cases"): held under an agreement binding both.
      String agreement = rulebook.agreementBinding(senderParty, self.selfParty()).orElseThrow().id();
      return admitted(Egress.CASE_EXCHANGE, senderParty, agreement, List.of(), senderParty);
    }
    if (!(own instanceof Decision.Deny deny)) {
      return admitted(own.clauseId(), senderParty, agreementOf(own.clauseId()), List.of(), senderParty);
    }
    Optional<String> transformed = sender.clauseIgnoringSelection(object, Provenance.own(), self.selfParty());
    if (transformed.isPresent()) {
      return admitted(transformed.get(), senderParty, agreementOf(transformed.get()), List.of(), senderParty);
    }
    return refused(senderParty, deny);
  }

  private Verdict passedOn(Egress sender, StixObject object, String senderParty, List<Provenance.Hop> hops) {
    String originator = hops.get(0).from();
    Provenance.Hop last = hops.get(hops.size() - 1);
    if (!last.to().equals(senderParty)) {
      return new Refused(
          Egress.PROVENANCE_CHAIN, senderParty + " sent a chain that ends at " + last.to() + ", not at "
              + senderParty);
    }
    String firstClause = hops.get(0).clause();
    List<String> agreements = new ArrayList<>();
    if (!firstClause.isEmpty()) {
      Optional<Clause> c = rulebook.clause(firstClause);
      if (c.isEmpty() || !(c.get() instanceof Clause.Share s)) {
        return new Refused(
            Egress.PROVENANCE_CHAIN, senderParty + " sent a chain whose first hop names " + firstClause
                + ", not a share clause of rulebook " + rulebook.name());
      }
      agreements.add(s.agreement());
    } else {
      rulebook.agreements().stream().filter(a -> a.hasParty(originator)).forEach(a -> agreements.add(a.id()));
    }
    Decision.Deny denied = null;
    for (String agreement : agreements) {
      Provenance.Received chain;
      try {
        chain = new Provenance.Received(originator, agreement, hops);
      } catch (IllegalArgumentException e) {
        return new Refused(Egress.PROVENANCE_CHAIN, senderParty + " sent a chain that is not consecutive: "
            + e.getMessage());
      }
      Decision d = sender.decide(object, chain, self.selfParty());
      if (!(d instanceof Decision.Deny deny)) {
        return admitted(d.clauseId(), originator, agreement, hops, senderParty);
      }
      Optional<String> transformed = sender.clauseIgnoringSelection(object, chain, self.selfParty());
      if (transformed.isPresent()) {
        return admitted(transformed.get(), originator, agreement, hops, senderParty);
      }
      denied = denied == null ? deny : denied;
    }
    return denied == null
        ? new Refused(Egress.UNKNOWN_ORIGIN, "no agreement of rulebook " + rulebook.name() + " binds " + originator)
        : refused(senderParty, denied);
  }

  private Refused refused(String senderParty, Decision.Deny deny) {
    return new Refused(
        deny.clauseId(), senderParty + " may not send this to " + self.selfParty() + ": " + deny.reason());
  }

  /** The agreement of the clause an own object was sent by. */
  private String agreementOf(String clauseId) {
    return ((Clause.Share) rulebook.clause(clauseId).orElseThrow()).agreement();
  }

  private Admitted admitted(
      String clauseId, String originator, String agreement, List<Provenance.Hop> senderHops, String sender) {
    List<Provenance.Hop> hops = new ArrayList<>(senderHops);
    hops.add(new Provenance.Hop(sender, self.selfParty(), clauseId));
    return new Admitted(clauseId, originator, agreement, hops);
  }

  private Egress gateOf(String party) {
    return new Egress(rulebook, new Egress.Settings(party, self.unmarkedDefault(), self.clock()), transforms);
  }
}
