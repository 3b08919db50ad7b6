package org.accord.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseException;
import org.accord.cases.CaseFile;
import org.accord.cases.CaseStix;
import org.accord.cases.Cases;
import org.accord.cases.State;
import org.accord.cases.Step;
import org.accord.cases.Transition;
import org.accord.rules.Decision;
import org.accord.rules.Egress;
import org.accord.rules.Holdings;
import org.accord.rules.Party;
import org.accord.rules.Rulebook;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Violation;
import org.accord.store.AddResult;
import org.accord.store.Admission;
import org.accord.store.CaseRecords;
import org.accord.store.CaseRecords.DeliveryRow;
import org.accord.store.CaseRecords.HeldRow;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.StoredObject;
import org.accord.store.VersionMatch;
import org.accord.taxii.TransferListener;
import org.accord.store.Stores;
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
 * pins for that party, its sequence number and the lifecycle.
 *
 * <p>Refused for good, or held back. What cannot be right later is refused with the reason (the peer's TAXII status or
 * the pull's report, and the log), and nothing of it is stored: not in the cases, not as a STIX object; so are a wrong
 * party, a signature that is not the pinned key's, a request whose content differs from the one held, a step the
 * lifecycle refuses or one dated before the step it follows (by more than {@link #CLOCK_SKEW}). But a case object can
 * also fail for a reason that passes: no rulebook is active here yet (the gate's {@code no-rulebook}), its step is
 * dated ahead of this node's clock by more than {@link #CLOCK_SKEW}, its request has not arrived (it was held back
 * itself, or comes later), or an earlier transition of its request has not. Federation does not deliver an object twice
 * (the pull's cursor and the push's position move past what the peer refused, and must, or one bad object would stop
 * the channel), so such an object refused for good would leave a gap, and every later step of its request would be out
 * of sequence: the two nodes would disagree for ever. So it is held back instead: kept durably, as received, in the
 * store's case inbox ({@code case_inbox}, migration V7), and reported to the peer as {@value #HELD}, not stored as STIX
 * yet. Each held object is tried again, a request's in sequence order, when an object of its request is applied, after
 * each federation run and at each clock tick, through the whole inbound check (the gate under the rulebook in force
 * then, the signature, the lifecycle); once it applies, its STIX copy goes where the ingest path would have put it, and
 * it leaves the inbox. A redelivery of a held object is recognised. Bounds, against a peer that parks objects which
 * never apply: under a rulebook the signature is checked before anything is held (only the peer's own signed word
 * waits; without one nothing can be checked yet, and all is checked when it is tried again), at most {@link
 * #HOLD_LIMIT} objects per peer wait, an object waits at most {@link #HOLD_FOR} (a step dated further ahead is refused
 * at once), and a held object that fails for any other reason on a later try is refused for good (logged). Parking on
 * the receiving side was chosen over holding back the cursors: it serves pulls and pushes alike, sends nothing twice
 * over the wire (nor into the ledgers), and needs nothing of the peer.
 *
 * <p>Order. The case is applied first and its STIX copy stored after, by the ingest path; a failure between them
 * (the store refuses the add, the process dies) fails the page or the POST, so the object is delivered again (the
 * pull's cursor and the push's position move only after a stored page or a complete status). The redelivery is
 * recognised, changes nothing and is admitted, so its copy is then stored: a step already held is compared, not
 * checked again against the clock or the step that follows it ({@link Cases#receive}, {@link Cases#record}).
 */
final class CaseExchange implements Cases.StepListener {
  private static final Logger LOG = LoggerFactory.getLogger(CaseExchange.class);
  /** The reason id of a refused case object, in TAXII errors, pull reports and the log. */
  static final String REFUSED = "case-refused";
  /** The outcome of a delivery line for a step of this node's that its store refused to publish. */
  static final String UNPUBLISHED = "unpublished";
  /** The reason id of a case object held back to be applied later (see the design note). */
  static final String HELD = "case-held";
  /** How far a peer's clock may run ahead of this node's. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
  /** How long a held-back case object waits for its cause to pass before it is refused for good. */
  static final Duration HOLD_FOR = Duration.ofDays(7);
  /** The most case objects held back per peer: a peer cannot fill this node's database with objects that wait. */
  static final int HOLD_LIMIT = 10_000;

  private final String self;
  private final PrivateKey key;
  private final ObjectStore store;
  private final String collection;
  private final LiveGate gate;
  private final Clock clock;
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
    publish(request, step);
  }

  /**
   * Writes {@code step} (after its request, for a send) to the case collection; false, with a delivery line for the
   * request's view, when the store refuses it: {@link #retryHeld} publishes it again.
   */
  private boolean publish(AssistanceRequest request, Step step) {
    List<StixObject> out = new ArrayList<>();
    if (step.transition() == Transition.SEND) {
      // The definition and its creator first, as the sensor does for its own: a STIX tool reading the collection
      // finds what the new types mean. Fixed objects, so later copies are duplicates; never sent to a peer.
      out.add(StixObject.adopt(AccordExtension.identity()));
      out.add(StixObject.adopt(AccordExtension.casesDefinition()));
      out.add(StixObject.adopt(CaseStix.request(request)));
    }
    out.add(StixObject.adopt(CaseStix.transition(request, step, key)));
    String failure;
    try {
      AddResult r = store.add(collection, out);
      if (r.added() + r.duplicates() == out.size()) {
        return true;
      }
      failure = r.outcomes().toString();
    } catch (RuntimeException e) {
      failure = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
    }
    LOG.error("transition {} of request {} was not published to collection {}: {}", step.seq(), request.id(),
        collection, failure);
    try {
      records().noteDelivery(new DeliveryRow(request.id(), step.seq(), other(request), UNPUBLISHED,
          "not published to collection " + collection + " (tried again at the next tick): " + failure,
          clock.instant()));
    } catch (RuntimeException e) {
      LOG.error("nor noted for request {}: {}", request.id(), Objects.toString(e.getMessage(), e.toString()));
    }
    return false;
  }

  /**
   * The ledger's transfer listener, and besides it this node's: a version of its case collection that the peer's
   * TAXII status lists as a failure (held back, or refused with the reason) becomes a delivery line in the view of
   * its request. (A peer that pulls tells this node nothing; its receipt, or its absence, is what this node sees.)
   */
  TransferListener watching(TransferListener ledger) {
    return new TransferListener() {
      @Override
      public void transferred(Transfer transfer) {
        ledger.transferred(transfer);
      }

      @Override
      public void rejected(Rejection r) {
        ledger.rejected(r);
        if (r.direction() == Direction.SENT && collection != null && collection.equals(r.localCollection())) {
          try {
            refusedByPeer(r.party(), r.version().id(), r.reason());
          } catch (RuntimeException e) {
            LOG.warn("could not note that {} refused {}: {}", r.party(), r.version().id(), e.toString());
          }
        }
      }

      @Override
      public void deleted(Deletion deletion) {
        ledger.deleted(deletion);
      }
    };
  }

  private void refusedByPeer(String peer, String objectId, String reason) {
    String requestId;
    int seq;
    if (objectId.startsWith(AccordExtension.REQUEST_TYPE + "--")) {
      requestId = AssistanceRequest.TYPE + objectId.substring(AccordExtension.REQUEST_TYPE.length());
      seq = 0;
    } else if (objectId.startsWith(AccordExtension.TRANSITION_TYPE + "--")) {
      ObjectQuery one = new ObjectQuery(Optional.empty(), 1, Optional.empty(), Set.of(objectId), Set.of(),
          VersionMatch.LAST, Set.of());
      List<StoredObject> found = store.objects(collection, one).items();
      if (found.isEmpty()) {
        return;
      }
      Step s = CaseStix.readTransition(found.get(0).object().jsonView()).step();
      requestId = s.requestId();
      seq = s.seq();
    } else {
      return; // the extension definition or its creator, which the gate never sends
    }
    String outcome = reason.contains("[" + HELD + "]") ? "held" : "refused";
    records().noteDelivery(new DeliveryRow(requestId, seq, peer, outcome, reason, clock.instant()));
  }

  private String other(AssistanceRequest r) {
    return r.requester().equals(self) ? r.requested() : r.requester();
  }

  // ---- in --------------------------------------------------------------------------------------------------------

  /**
   * Applies a case object {@code peer} sent to {@code collection}, which the gate has validated and admitted as {@code
   * admitted}; then whatever it held back of that request that can follow now.
   *
   * @return {@code admitted} when it is applied (or was already), else a refusal that says why: {@value #HELD} when
   *     the object is held back to be applied later, {@value #REFUSED} when it is refused for good
   */
  synchronized Admission receive(String peer, String collection, ObjectNode object, Admission admitted) {
    String id = object.path("id").asText();
    try {
      String requestId = apply(peer, object);
      drain(requestId); // this object may be one held before (a redelivery), and may fill a gap
      return admitted;
    } catch (NotYet e) {
      return hold(peer, collection, object, e.getMessage());
    } catch (CaseException e) {
      LOG.warn("refused {} from {}: {}", id, peer, e.getMessage());
      return refused(REFUSED, e.getMessage());
    }
  }

  /**
   * Holds back a case object of {@code peer} the gate refused only because no rulebook is active here yet ({@link
   * LiveGate}); anything else about it is refused as the gate said.
   */
  synchronized Admission holdUntilARulebook(String peer, String collection, ObjectNode object, Admission refused) {
    if (collection == null) {
      return refused;
    }
    String why = refused.violations().get(0).message();
    return hold(peer, collection, object, why);
  }

  /**
   * Tries again every case object held back (the node calls it after each federation run that moved data and each
   * clock tick), each request's in sequence order: what can be applied now is, with its STIX copy; what has waited
   * {@link #HOLD_FOR} is refused for good.
   */
  synchronized void retryHeld() {
    try {
      republish();
      Set<String> requests = new LinkedHashSet<>();
      for (HeldRow h : records().held()) {
        requests.add(h.requestId());
      }
      requests.forEach(this::drain);
    } catch (RuntimeException e) { // the store, closing with the node, say: what waits stays for the next try
      LOG.warn("could not try the held case objects again: {}",
          Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  /** Publishes again this node's own steps that the store refused to publish (a delivery line says which). */
  private void republish() {
    Cases service = cases;
    if (service == null || collection == null) {
      return;
    }
    for (DeliveryRow d : records().deliveriesWith(UNPUBLISHED)) {
      Optional<CaseFile> f = service.find(d.requestId());
      if (f.isEmpty() || d.seq() < 1 || d.seq() > f.get().steps().size()) {
        records().forgetDeliveries(d.requestId(), d.seq(), d.seq());
      } else if (publish(f.get().request(), f.get().steps().get(d.seq() - 1))) {
        records().forgetDeliveries(d.requestId(), d.seq(), d.seq());
        LOG.info("published transition {} of request {} at last", d.seq(), d.requestId());
      }
    }
  }

  /** Tries the held objects of one request in sequence order: each applied one may let the next follow. */
  private void drain(String requestId) {
    for (HeldRow h : records().held(requestId)) {
      try {
        retry(h);
      } catch (RuntimeException e) { // the store, say: the object stays held, the others are tried
        LOG.warn("could not try {} from {} again: {}", h.objectId(), h.peer(),
            Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
      }
    }
  }

  private void retry(HeldRow h) {
    CaseRecords records = records();
    ObjectNode object;
    try {
      object = (ObjectNode) StixJson.mapper().readTree(h.body());
    } catch (IOException | ClassCastException e) {
      records.release(h.peer(), h.objectId());
      return;
    }
    // The whole inbound check again, under the rulebook in force now: it may have changed since the object arrived.
    Admission admitted = gate.current().admit(h.peer(), object);
    String why;
    if (!admitted.admitted()) {
      if (!noRulebook(admitted)) {
        giveUp(h, admitted.violations().get(0).message());
        return;
      }
      why = admitted.violations().get(0).message();
    } else {
      try {
        apply(h.peer(), object);
        storeCopy(h, object, admitted);
        return;
      } catch (NotYet e) {
        why = e.getMessage();
      } catch (CaseException e) {
        giveUp(h, e.getMessage());
        return;
      }
    }
    if (clock.instant().isAfter(h.heldAt().plus(HOLD_FOR))) {
      giveUp(h, "held back since " + h.heldAt() + " and still " + why);
    } else {
      records.hold(h.retried(why), HOLD_LIMIT);
    }
  }

  /**
   * The STIX copy of a held object applied now, where the ingest path would have put it; only then is it released,
   * so that a failure here leaves it held and the next try recognises the step as applied and stores the copy.
   */
  private void storeCopy(HeldRow h, ObjectNode object, Admission admitted) {
    try {
      AddResult r = store.add(h.collection(), List.of(StixObject.adopt(object)), List.of(admitted.origin()));
      if (r.added() + r.duplicates() == 1) {
        records().release(h.peer(), h.objectId());
        LOG.info("applied {} from {}, held back since {}", h.objectId(), h.peer(), h.heldAt());
        return;
      }
      LOG.warn("applied {} from {}, but its STIX copy was not stored: {}", h.objectId(), h.peer(), r.outcomes());
    } catch (RuntimeException e) {
      LOG.warn("applied {} from {}, but its STIX copy was not stored: {}", h.objectId(), h.peer(),
          Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
    }
  }

  private void giveUp(HeldRow h, String why) {
    records().release(h.peer(), h.objectId());
    LOG.warn("refused {} from {} for good after {} tries: {}", h.objectId(), h.peer(), h.attempts(), why);
  }

  private Admission hold(String peer, String collection, ObjectNode object, String why) {
    String id = object.path("id").asText();
    if (collection == null) { // a caller that cannot say where its copy goes (not the node's own paths)
      return refused(REFUSED, why);
    }
    String requestId;
    int seq;
    try {
      if (AccordExtension.REQUEST_TYPE.equals(object.path("type").asText())) {
        requestId = CaseStix.readRequest(object).id();
        seq = 0;
      } else {
        Step s = CaseStix.readTransition(object).step();
        requestId = s.requestId();
        seq = s.seq();
      }
    } catch (CaseException e) {
      LOG.warn("refused {} from {}: {}", id, peer, e.getMessage());
      return refused(REFUSED, e.getMessage());
    }
    CaseRecords records = records();
    HeldRow row =
        records.held(requestId).stream()
            .filter(h -> h.peer().equals(peer) && h.objectId().equals(id))
            .findFirst()
            .map(h -> h.retried(why))
            .orElseGet(() -> new HeldRow(peer, id, requestId, seq, collection, object.toString(), why,
                clock.instant(), 1));
    if (!records.hold(row, HOLD_LIMIT)) {
      LOG.warn("refused {} from {}: {} objects of {} are held back already; {}", id, peer, HOLD_LIMIT, peer, why);
      return refused(REFUSED, why + "; not held back: " + HOLD_LIMIT + " case objects of " + peer
          + " wait already");
    }
    LOG.info("held back {} from {}: {}", id, peer, why);
    return refused(HELD, why + "; held back here, and applied once that passes (tried again after each federation"
        + " run, for up to " + HOLD_FOR.toDays() + " days)");
  }

  /**
   * Applies one case object of {@code peer}: a request addressed to this node's party, or a transition checked
   * against this node's copy.
   *
   * @return the id of its request
   * @throws NotYet when it cannot be applied yet, for a reason that passes
   * @throws CaseException when it is refused for good
   */
  private String apply(String peer, ObjectNode object) {
    Cases service = cases;
    if (service == null) {
      throw new NotYet("this node takes no mutual-assistance requests yet");
    }
    if (AccordExtension.REQUEST_TYPE.equals(object.path("type").asText())) {
      AssistanceRequest r = CaseStix.readRequest(object);
      if (!r.requester().equals(peer) || !r.requested().equals(self)) {
        throw new CaseException("request " + r.id() + " is from " + r.requester() + " to " + r.requested()
            + ": " + self + " takes only requests to itself from their requester (here " + peer + ")");
      }
      service.receive(r);
      return r.id();
    }
    CaseStix.SignedStep signed = CaseStix.readTransition(object);
    applyTransition(service, peer, signed);
    return signed.step().requestId();
  }

  private void applyTransition(Cases service, String peer, CaseStix.SignedStep signed) {
    Step s = signed.step();
    String what = s.transition().wire() + " (" + s.seq() + ") of request " + s.requestId();
    if (!s.party().equals(peer)) {
      throw new CaseException(what + " is by " + s.party() + ", but came from " + peer);
    }
    // The signature first, with the key the rulebook pins: what is held back below is then the peer's own word.
    Rulebook book = gate.rulebook().orElseThrow(() -> new NotYet("no rulebook is active on this node"));
    Party party = book.parties().get(peer);
    if (party == null) {
      throw new CaseException(what + ": " + peer + " is not a party of rulebook " + book.name());
    }
    PublicKey pinned = party.publicKey(); // the rulebook parser checked it
    if (!signed.signedBy(pinned)) {
      throw new CaseException(what + ": the signature is not " + peer + "'s (the key rulebook " + book.name()
          + " pins for it): altered on the way, or made by another node");
    }
    // An unknown id and a request between other parties answer alike: the answer goes back to the peer (TAXII status,
    // pull report), and must not tell it that an id exists here or between whom (the detail is logged only). Both
    // are held back: the request may still be on its way (refused for a reason that passed, or in a later page).
    Optional<CaseFile> held = service.find(s.requestId());
    if (held.isEmpty() || !held.get().request().requester().equals(signed.requester())
        || !held.get().request().requested().equals(signed.requested()) || held.get().request().roleOf(peer) == null) {
      held.ifPresent(f -> LOG.warn("{} from {} names requester {} and requested {}, but the request is from {} to {}",
          what, peer, signed.requester(), signed.requested(), f.request().requester(), f.request().requested()));
      throw new NotYet(what + ": this node holds no such request between " + peer + " and " + self);
    }
    CaseFile file = held.get();
    AssistanceRequest r = file.request();
    List<Step> before = file.steps();
    if (s.seq() <= before.size()) {
      service.record(s); // a redelivery: no change when it is the step held, refused when it differs
      return;
    }
    if (s.seq() > before.size() + 1) {
      throw new NotYet(what + " is out of sequence: it waits for transition " + (before.size() + 1));
    }
    // The step's time is the peer's word, signed by the peer alone: it must not lie ahead of this node's clock (a
    // receipt dated in 9999 would never let a deadline fall due here) nor before the step it follows (negative
    // durations in the responsiveness figures). CLOCK_SKEW allows for clocks that disagree; a step ahead by more is
    // held back until this node's clock reaches it, unless it is further ahead than anything is held.
    Instant now = clock.instant();
    if (s.at().isAfter(now.plus(CLOCK_SKEW))) {
      String ahead = what + " is dated " + s.at() + ", ahead of this node's clock (" + now + ") by more than "
          + CLOCK_SKEW.toMinutes() + " min";
      if (s.at().isAfter(now.plus(HOLD_FOR))) {
        throw new CaseException(ahead);
      }
      throw new NotYet(ahead);
    }
    // Before the step it follows by up to CLOCK_SKEW is the same disagreement seen from the other side: a send dated
    // 2 min ahead here is followed by this node's receipt, dated by this node's clock 2 min "before" it, which the
    // peer must take or the request stalls. Durations are measured between steps of one party (Responsiveness).
    if (!before.isEmpty() && s.at().isBefore(before.get(before.size() - 1).at().minus(CLOCK_SKEW))) {
      throw new CaseException(what + " is dated " + s.at() + ", before the step it follows ("
          + before.get(before.size() - 1).at() + ") by more than " + CLOCK_SKEW.toMinutes() + " min");
    }
    service.record(s);
    if (!file.deliveries().isEmpty()) { // the peer's step s follows this node's up to s - 1: it holds them all
      records().forgetDeliveries(r.id(), 0, s.seq() - 1);
    }
    if (s.transition() == Transition.SEND
        && service.find(r.id()).orElseThrow().state().state() == State.SENT) {
      service.apply(r.id(), Transition.RECEIVE, self); // its clocks start now, by this node's clock
    }
  }

  private CaseRecords records() {
    return Stores.cases(store);
  }

  static boolean noRulebook(Admission a) {
    return !a.admitted() && a.violations().stream().allMatch(v -> v.rule().equals(Egress.NO_RULEBOOK));
  }

  private static Admission refused(String rule, String message) {
    return Admission.refused(List.of(new Violation("$", rule, message)));
  }

  /** A case object that cannot be applied yet, for a reason that passes: it is held back and tried again. */
  private static final class NotYet extends RuntimeException {
    NotYet(String message) {
      super(message, null, false, false);
    }
  }
}
