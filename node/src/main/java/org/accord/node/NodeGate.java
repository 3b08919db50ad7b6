package org.accord.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.accord.rules.Clause;
import org.accord.rules.Decision;
import org.accord.rules.Egress;
import org.accord.rules.Holdings;
import org.accord.rules.Ingress;
import org.accord.rules.Provenance;
import org.accord.rules.Rulebook;
import org.accord.rules.Transforms;
import org.accord.stix.StixObject;
import org.accord.stix.Validator;
import org.accord.stix.Violation;
import org.accord.store.Admission;
import org.accord.store.CollectionInfo;
import org.accord.store.Origin;
import org.accord.store.StoredObject;
import org.accord.taxii.WireChain;
import org.accord.taxii.client.InboundCheck;
import org.accord.taxii.client.PushFilter;
import org.accord.taxii.server.AccessPolicy;
import org.accord.taxii.server.InboundFilter;
import org.accord.taxii.server.OutboundFilter;
import org.accord.taxii.server.Principal;
import org.accord.taxii.server.User;

/**
 * The node's rulebook at every door: one object that the TAXII server, the federation and the commands ask, built
 * from the active, fully signed rulebook (or none).
 *
 * <p>Design note. Every way out asks {@link #decide}, which is the {@link Egress} gate applied to a stored version and
 * its stored {@link Origin}: GETs by a peer ({@link OutboundFilter}), pushes to a peer ({@link PushFilter}), {@code
 * accord export --to} and {@code accord explain}. A released version carries the clause that released it, for the
 * ledger. The gate also decides on what an object names (issue 8, finding 5): every reference of a released object is
 * looked up in the node's {@link Holdings} (the store, every collection) and decided by the same gate for the same
 * recipient, so nothing leaves that names an id the recipient may not receive ({@link Egress}, "References"). Users of this node's own party (no {@code party} in their configuration) are inside the party: they see the
 * store as it is, and what they post is the node's own. Peers are users with a {@code party}:
 *
 * <ul>
 *   <li>what they may read or write comes from the rulebook ({@link AccessPolicy}): read when a share clause (or an
 *       onward grant of a clause whose objects this node may hold) lets this node send to their party, write when
 *       one lets their party send to this node; the configured rights of the user can only narrow that. Without an
 *       active rulebook a peer gets 403 with the reason;
 *   <li>every object they post or this node pulls from them is validated, then admitted by the {@link Ingress} under
 *       the agreement of the clause that let them send it (stored with that origin), or refused with the reason;
 *   <li>they never delete; with an {@code inbox} configured they write only there, and never to a collection that
 *       holds another peer's objects.
 * </ul>
 *
 * A collection that holds a peer's objects (pulled from it, or its inbox: {@link PeerCollections}) is read-only to
 * this node's own users, so that its provenance is not mixed. That an object's versions keep one originator, on
 * every way in, is the store's rule (checked in the add transaction), not the gate's.
 *
 * <p>Immutable and thread-safe; a newly activated rulebook takes effect when the node restarts (activation needs the
 * ledger, which the running node holds).
 */
public final class NodeGate
    implements OutboundFilter, PushFilter, AccessPolicy, InboundFilter, InboundCheck {
  private final Rulebook rulebook;
  private final Egress egress;
  private final Ingress ingress;
  private final InboundCheck validation;
  private final String self;
  private final Holdings holdings;
  private final PeerCollections peerCollections;

  /**
   * @param rulebook the active rulebook, or null when none is active (then nothing leaves for a peer)
   * @param settings this node's party, its default for unmarked objects, its clock
   * @param transforms the privacy transforms, keyed by the node's pseudonym secret
   * @param validator what every object from a peer must pass first
   * @param holdings what the node holds, where the references of an object are looked up
   */
  public NodeGate(
      Rulebook rulebook, Egress.Settings settings, Transforms transforms, Validator validator, Holdings holdings) {
    this(rulebook, settings, transforms, validator, holdings, PeerCollections.NONE);
  }

  /**
   * @param peerCollections the collections that hold a peer's objects and where each peer may write
   */
  public NodeGate(
      Rulebook rulebook,
      Egress.Settings settings,
      Transforms transforms,
      Validator validator,
      Holdings holdings,
      PeerCollections peerCollections) {
    this.peerCollections = Objects.requireNonNull(peerCollections, "peerCollections");
    this.rulebook = rulebook;
    this.holdings = Objects.requireNonNull(holdings, "holdings");
    this.self = settings.selfParty();
    this.egress =
        rulebook == null ? Egress.withoutRulebook(settings, transforms) : new Egress(rulebook, settings, transforms);
    this.ingress = rulebook == null ? null : new Ingress(rulebook, settings, transforms);
    this.validation = InboundCheck.stix(Objects.requireNonNull(validator, "validator"));
  }

  public Optional<Rulebook> rulebook() {
    return Optional.ofNullable(rulebook);
  }

  /**
   * The gate's decision for sending a stored version to {@code party}, its references included: what every way out
   * applies, and what {@code accord explain} prints.
   */
  public Decision decide(StoredObject stored, String party) {
    return egress.decide(stored.object(), provenance(stored.origin()), party, holdings);
  }

  /** The decision for sending {@code object}, held as {@code provenance}, to {@code party}, references included. */
  Decision decide(StixObject object, Provenance provenance, String party) {
    return egress.decide(object, provenance, party, holdings);
  }

  /** Where this gate looks referenced objects up; a gate built for a new rulebook version keeps it. */
  Holdings holdings() {
    return holdings;
  }

  /** The rules' view of a stored origin: own, or received from its originator along its hops. */
  public static Provenance provenance(Origin origin) {
    if (origin.isOwn()) {
      return Provenance.own();
    }
    List<Provenance.Hop> hops = new ArrayList<>(origin.hops().size());
    origin.hops().forEach(h -> hops.add(new Provenance.Hop(h.from(), h.to(), h.clause())));
    return Provenance.received(origin.party(), origin.agreement(), hops);
  }

  /** The store's form of what the {@link Ingress} admitted: the originator, its clause's agreement, the hops. */
  static Origin origin(Ingress.Admitted admitted) {
    List<Origin.Hop> hops = new ArrayList<>(admitted.hops().size());
    admitted.hops().forEach(h -> hops.add(new Origin.Hop(h.from(), h.to(), h.clause())));
    return Origin.received(admitted.originator(), admitted.agreement(), hops);
  }

  /**
   * The copy of a released version that crosses the wire to a peer ({@link WireChain}): a received object carries
   * the chain along which this node holds it (its stored hops; a version stored without hops came directly from its
   * originator by a clause not recorded), an own object none (a chain property an own object was stored with, e.g.
   * imported, is removed: only the gate states chains). Never used for exports or explain, which show no chain.
   */
  StoredObject onTheWire(StoredObject released) {
    Origin origin = released.origin();
    if (origin.isOwn()) {
      if (!released.object().jsonView().has(WireChain.PROPERTY)) {
        return released;
      }
      ObjectNode copy = released.object().jsonView().deepCopy();
      copy.remove(WireChain.PROPERTY);
      return released.withObject(StixObject.adopt(copy));
    }
    List<Origin.Hop> hops =
        origin.hops().isEmpty() ? List.of(new Origin.Hop(origin.party(), self, "")) : origin.hops();
    ObjectNode copy = released.object().jsonView().deepCopy();
    return released.withObject(StixObject.adopt(WireChain.attach(copy, hops)));
  }

  /** What may leave for {@code party}: the version as stored or transformed, carrying its clause; or nothing. */
  public Optional<StoredObject> releaseTo(String party, StoredObject stored) {
    Decision d = decide(stored, party);
    if (d instanceof Decision.Allow) {
      return Optional.of(stored.releasedUnder(d.clauseId()));
    }
    if (d instanceof Decision.Transform t) {
      return Optional.of(stored.withObject(t.object()).releasedUnder(d.clauseId()));
    }
    return Optional.empty();
  }

  // ---- OutboundFilter: GETs through the TAXII server ----------------------------------------------------------

  @Override
  public Optional<StoredObject> release(Principal principal, String collectionId, StoredObject stored) {
    return principal.isPeer() ? releaseTo(principal.party(), stored).map(this::onTheWire) : Optional.of(stored);
  }

  // ---- PushFilter: pushes to a peer ---------------------------------------------------------------------------

  @Override
  public Optional<StoredObject> release(String party, String localCollection, StoredObject stored) {
    return releaseTo(party, stored).map(this::onTheWire);
  }

  // ---- AccessPolicy: who may read and write what -------------------------------------------------------------

  /**
   * Own users: their configured rights, except on a collection that holds a peer's objects (pulled from it, or its
   * inbox), which is read-only to them: what such a collection holds is what federation with that peer brought, and
   * a local write or delete would mix provenance there. Peers: see the class comment; they never delete, and write
   * only to their inbox when one is configured, never to a collection that holds another peer's objects.
   */
  @Override
  public Grant access(User user, CollectionInfo collection) {
    User.Access configured = user.accessTo(collection.id(), collection.alias());
    String holder = peerCollections.heldFor().get(collection.id());
    if (user.party() == null) {
      if (holder == null || !(configured.canWrite() || configured.canDelete())) {
        return Grant.of(configured);
      }
      return new Grant(
          new User.Access(configured.canRead(), false, false),
          "collection " + collection.id() + " holds what this node receives from " + holder
              + ": it is read-only to this node's users, and only federation with " + holder + " writes to it");
    }
    String party = user.party();
    if (rulebook == null) {
      return new Grant(User.Access.NONE, "no rulebook is active on this node, so nothing is shared with " + party);
    }
    if (!rulebook.parties().containsKey(party) || party.equals(self)) {
      return new Grant(
          User.Access.NONE, "'" + party + "' is not another party of rulebook " + rulebook.name() + " v"
              + rulebook.version());
    }
    boolean read = mayReach(self, party);
    boolean write = mayReach(party, self);
    if (user.access().isEmpty()) {
      configured = User.Access.READ_WRITE; // no rights configured: the rulebook alone decides
    }
    Set<String> inbox = peerCollections.inboxes().get(party);
    String writeRefusal = null;
    if (write && ((holder != null && !holder.equals(party)) || (inbox != null && !inbox.contains(collection.id())))) {
      write = false; // says nothing about whose objects the collection holds: the peer may not know that party
      writeRefusal = "collection " + collection.id() + " is not one that " + party + " writes to on this node";
    }
    User.Access access = new User.Access(read && configured.canRead(), write && configured.canWrite(), false);
    if (writeRefusal != null && access.any()) {
      return new Grant(access, writeRefusal);
    }
    if (!access.any()) {
      return new Grant(
          User.Access.NONE, "no share clause or onward grant of rulebook " + rulebook.name() + " v"
              + rulebook.version() + " lets " + self + " send to " + party + " or " + party + " send to " + self
              + (read || write ? " within the rights configured for user " + user.name() : ""));
    }
    return Grant.of(access);
  }

  /**
   * Which collections hold a peer's objects, and where each peer may write.
   *
   * @param heldFor collection id to the peer party whose objects it holds (pull targets and inboxes)
   * @param inboxes peer party to the collection ids it may write to; a peer without an entry writes wherever the
   *     rulebook lets it (but never to a collection held for another peer)
   */
  public record PeerCollections(Map<String, String> heldFor, Map<String, Set<String>> inboxes) {
    public static final PeerCollections NONE = new PeerCollections(Map.of(), Map.of());

    public PeerCollections {
      heldFor = Map.copyOf(heldFor);
      inboxes = Map.copyOf(inboxes);
    }

    /** From {@code peers:} in accord.yaml ({@code pull} targets and {@code inbox}). */
    public static PeerCollections of(NodeConfig config) {
      Map<String, Set<String>> inboxes = new java.util.HashMap<>();
      for (NodeConfig.PeerConfig p : config.peers()) {
        if (p.inbox() != null) {
          Set<String> ids = new java.util.HashSet<>();
          p.inbox().forEach(key -> ids.add(config.taxii().collectionId(key)));
          inboxes.put(p.party(), Set.copyOf(ids));
        }
      }
      return new PeerCollections(config.heldCollections(), inboxes);
    }
  }

  /**
   * Whether the rulebook can ever let {@code from} send to {@code to}: a share clause from one to the other, or an
   * onward grant naming {@code to} on a clause whose objects {@code from} may hold (a recipient of the clause or of
   * one of its grants), so that a holder along a chain may pass on (issue 12, part 2). Which objects may go is the
   * gate's decision per object; this only opens the door.
   */
  private boolean mayReach(String from, String to) {
    for (var a : rulebook.agreements()) {
      for (Clause c : a.clauses()) {
        if (!(c instanceof Clause.Share s)) {
          continue;
        }
        if (s.from().contains(from) && s.to().contains(to)) {
          return true;
        }
        boolean holds = s.to().contains(from) || s.onward().stream().anyMatch(g -> g.to().contains(from));
        if (holds && s.onward().stream().anyMatch(g -> g.to().contains(to))) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- InboundFilter and InboundCheck: what a peer sends -----------------------------------------------------

  @Override
  public Admission admit(Principal principal, String collectionId, ObjectNode object) {
    return admit(principal, collectionId, object, List.of());
  }

  /** A peer's object, its claimed chain already taken out by the TAXII server ({@link WireChain}). */
  @Override
  public Admission admit(Principal principal, String collectionId, ObjectNode object, List<Origin.Hop> claimedHops) {
    return principal.isPeer() ? admitFrom(principal.party(), object, claimedHops) : Admission.own();
  }

  @Override
  public Admission admit(String party, ObjectNode object) {
    return admit(party, null, object, List.of());
  }

  /** A pulled object, its claimed chain already taken out by the puller ({@link WireChain}). */
  @Override
  public Admission admit(String party, String localCollection, ObjectNode object, List<Origin.Hop> claimedHops) {
    Admission valid = validation.admit(party, object);
    return valid.admitted() ? admitFrom(party, object, claimedHops) : valid;
  }

  private Admission admitFrom(String party, ObjectNode object, List<Origin.Hop> claimedHops) {
    if (ingress == null) {
      return Admission.refused(
          List.of(new Violation("$", Egress.NO_RULEBOOK, "no rulebook is active on this node: nothing is accepted"
              + " from " + party)));
    }
    List<Provenance.Hop> hops = new ArrayList<>(claimedHops.size());
    claimedHops.forEach(h -> hops.add(new Provenance.Hop(h.from(), h.to(), h.clause())));
    Ingress.Verdict verdict = ingress.admit(StixObject.adopt(object.deepCopy()), party, hops);
    if (verdict instanceof Ingress.Admitted a) {
      return Admission.admitted(origin(a));
    }
    Ingress.Refused r = (Ingress.Refused) verdict;
    return Admission.refused(List.of(new Violation("$", r.clauseId(), r.reason())));
  }
}
