package org.accord.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseException;
import org.accord.cases.CaseFile;
import org.accord.cases.CaseStix;
import org.accord.cases.Cases;
import org.accord.cases.State;
import org.accord.cases.Step;
import org.accord.cases.Transition;
import org.accord.rules.Decision;
import org.accord.rules.Holdings;
import org.accord.rules.Party;
import org.accord.rules.Rulebook;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixObject;
import org.accord.stix.Violation;
import org.accord.store.AddResult;
import org.accord.store.Admission;
import org.accord.store.ObjectStore;
import org.accord.store.Origin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests and transitions between the two parties' nodes (issue 10, part 4), over the federation channel that
 * carries STIX: this node's own steps leave as STIX objects ({@link CaseStix}), the other party's are applied as they
 * arrive.
 *
 * <p>Design note. Out: every transition this node's party makes (REST, CLI, or the receipt this class makes itself)
 * is written, signed with the node's key, to the configured {@code cases.collection}, right after it is stored and in
 * sequence order (a {@link Cases.StepListener}); a {@code send} is preceded by the request itself (and by Accord's
 * cases extension definition and its creator, fixed objects the gate never sends to a peer). Federation then
 * carries them like any object: the peer pulls the collection, or this node pushes it, and the egress gate lets each
 * go only to the other party on its request (Egress, "Cases"); the transfer is a SENT entry in this ledger and a
 * RECEIVED entry in the peer's, so the two ledgers reconcile. In: the gate ({@link LiveGate}) has validated a case
 * object and the rulebook has admitted it as made by the peer that sent it (a request from its requester, a
 * transition from its acting party); this class then stores a request addressed to this node's party as received
 * (its {@code send} transition starts the clocks with this node's {@code receive}), and a transition after checking
 * it against this node's copy: the parties it names, the acting party's Ed25519 signature with the key the rulebook
 * pins for that party, its sequence number and the lifecycle. What fails is refused with the reason (the peer's TAXII
 * status or the pull's report, and the log), and nothing of it is stored: not in the cases, not as a STIX object.
 *
 * <p>A case object whose STIX copy then fails to be stored has still been applied; its next delivery is recognised
 * and changes nothing ({@link Cases#receive}, {@link Cases#record}).
 */
final class CaseExchange implements Cases.StepListener {
  private static final Logger LOG = LoggerFactory.getLogger(CaseExchange.class);
  /** The reason id of a refused case object, in TAXII errors, pull reports and the log. */
  static final String REFUSED = "case-refused";

  private final String self;
  private final PrivateKey key;
  private final ObjectStore store;
  private final String collection;
  private final LiveGate gate;
  private final Clock clock;
  /** How far a peer's clock may run ahead of this node's. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  private volatile Cases cases;

  /**
   * @param self this node's party
   * @param key this node's private key, which signs its transitions
   * @param collection where this node's own case objects go for federation to carry; null: they stay here
   * @param gate the gate in force: its rulebook's keys verify the other party's transitions, and it decides whether
   *     the requested party may receive the objects a request names
   * @param clock this node's clock, against which a peer's step times are checked
   */
  CaseExchange(String self, PrivateKey key, ObjectStore store, String collection, LiveGate gate, Clock clock) {
    this.self = Objects.requireNonNull(self, "self");
    this.key = Objects.requireNonNull(key, "key");
    this.store = Objects.requireNonNull(store, "store");
    this.collection = collection;
    this.gate = Objects.requireNonNull(gate, "gate");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The service it feeds; set once, right after the service is built on this listener. */
  void attach(Cases service) {
    this.cases = Objects.requireNonNull(service, "service");
  }

  // ---- out -------------------------------------------------------------------------------------------------------

  /**
   * A request names STIX objects by id; the names alone tell the requested party that they exist. So each must be
   * one this node holds and its gate would send to the requested party (references included), else the send is
   * refused with every id that fails and why.
   */
  @Override
  public void beforeSend(AssistanceRequest request) {
    if (request.objectIds().isEmpty()) {
      return;
    }
    NodeGate current = gate.current();
    Map<String, Holdings.Held> held = current.holdings().latest(request.objectIds());
    List<String> refused = new ArrayList<>();
    for (String id : request.objectIds()) {
      Holdings.Held h = held.get(id);
      if (h == null) {
        refused.add(id + " (this node holds no such object)");
        continue;
      }
      Decision d = current.decide(h.object(), h.provenance(), request.requested());
      if (d instanceof Decision.Deny deny) {
        refused.add(id + " (" + deny.clauseId() + ": " + deny.reason() + ")");
      }
    }
    if (!refused.isEmpty()) {
      throw new CaseException("cannot send request " + request.id() + ": it names objects " + request.requested()
          + " may not receive: " + String.join("; ", refused) + ". Name only objects shared with "
          + request.requested() + ", or share them first");
    }
  }

  @Override
  public void stored(AssistanceRequest request, Step step) {
    if (collection == null || !step.party().equals(self)) {
      return; // the other party's steps are its node's to publish; without a collection nothing leaves
    }
    List<StixObject> out = new ArrayList<>();
    if (step.transition() == Transition.SEND) {
      // The definition and its creator first, as the sensor does for its own: a STIX tool reading the collection
      // finds what the new types mean. Fixed objects, so later copies are duplicates; never sent to a peer.
      out.add(StixObject.adopt(AccordExtension.identity()));
      out.add(StixObject.adopt(AccordExtension.casesDefinition()));
      out.add(StixObject.adopt(CaseStix.request(request)));
    }
    out.add(StixObject.adopt(CaseStix.transition(request, step, key)));
    try {
      AddResult r = store.add(collection, out);
      if (r.added() + r.duplicates() != out.size()) {
        LOG.error("transition {} of request {} was not published to collection {}: {}", step.seq(), request.id(),
            collection, r.outcomes());
      }
    } catch (RuntimeException e) {
      LOG.error("transition {} of request {} was not published to collection {}: {}", step.seq(), request.id(),
          collection, Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  // ---- in --------------------------------------------------------------------------------------------------------

  /**
   * Applies a case object {@code peer} sent, which the gate has validated and admitted as {@code admitted}.
   *
   * @return {@code admitted} when it is applied (or was already), else a refusal that says why
   */
  Admission receive(String peer, ObjectNode object, Admission admitted) {
    String id = object.path("id").asText();
    Cases service = cases;
    try {
      if (service == null) {
        throw new CaseException("this node takes no mutual-assistance requests yet");
      }
      if (AccordExtension.REQUEST_TYPE.equals(object.path("type").asText())) {
        AssistanceRequest r = CaseStix.readRequest(object);
        if (!r.requester().equals(peer) || !r.requested().equals(self)) {
          throw new CaseException("request " + r.id() + " is from " + r.requester() + " to " + r.requested()
              + ": " + self + " takes only requests to itself from their requester (here " + peer + ")");
        }
        service.receive(r);
      } else {
        applyTransition(service, peer, CaseStix.readTransition(object));
      }
      return admitted;
    } catch (CaseException e) {
      LOG.warn("refused {} from {}: {}", id, peer, e.getMessage());
      return Admission.refused(List.of(new Violation("$", REFUSED, e.getMessage())));
    }
  }

  private void applyTransition(Cases service, String peer, CaseStix.SignedStep signed) {
    Step s = signed.step();
    String what = s.transition().wire() + " (" + s.seq() + ") of request " + s.requestId();
    if (!s.party().equals(peer)) {
      throw new CaseException(what + " is by " + s.party() + ", but came from " + peer);
    }
    // An unknown id and a request between other parties answer alike: the refusal goes back to the peer (TAXII status,
    // pull report), and must not tell it that an id exists here or between whom (the detail is logged only).
    Optional<CaseFile> held = service.find(s.requestId());
    if (held.isEmpty() || !held.get().request().requester().equals(signed.requester())
        || !held.get().request().requested().equals(signed.requested()) || held.get().request().roleOf(peer) == null) {
      held.ifPresent(f -> LOG.warn("{} from {} names requester {} and requested {}, but the request is from {} to {}",
          what, peer, signed.requester(), signed.requested(), f.request().requester(), f.request().requested()));
      throw new CaseException(what + ": this node holds no such request between " + peer + " and " + self);
    }
    CaseFile file = held.get();
    AssistanceRequest r = file.request();
    Rulebook book = gate.rulebook().orElseThrow(() -> new CaseException("no rulebook is active on this node"));
    Party party = book.parties().get(peer);
    if (party == null) {
      throw new CaseException(what + ": " + peer + " is not a party of rulebook " + book.name());
    }
    PublicKey pinned = party.publicKey(); // the rulebook parser checked it
    if (!signed.signedBy(pinned)) {
      throw new CaseException(what + ": the signature is not " + peer + "'s (the key rulebook " + book.name()
          + " pins for it): altered on the way, or made by another node");
    }
    // The step's time is the peer's word, signed by the peer alone: it must not lie ahead of this node's clock (a
    // receipt dated in 9999 would never let a deadline fall due here) nor before the step it follows (negative
    // durations in the responsiveness figures). CLOCK_SKEW allows for clocks that disagree.
    Instant now = clock.instant();
    if (s.at().isAfter(now.plus(CLOCK_SKEW))) {
      throw new CaseException(what + " is dated " + s.at() + ", ahead of this node's clock (" + now
          + ") by more than " + CLOCK_SKEW.toMinutes() + " min");
    }
    List<Step> before = file.steps();
    if (!before.isEmpty() && s.at().isBefore(before.get(before.size() - 1).at())) {
      throw new CaseException(what + " is dated " + s.at() + ", before the step it follows ("
          + before.get(before.size() - 1).at() + ")");
    }
    service.record(s);
    if (s.transition() == Transition.SEND
        && service.find(r.id()).orElseThrow().state().state() == State.SENT) {
      service.apply(r.id(), Transition.RECEIVE, self); // its clocks start now, by this node's clock
    }
  }
}
