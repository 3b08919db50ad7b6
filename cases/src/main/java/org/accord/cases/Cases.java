package org.accord.cases;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.accord.rules.Rulebook;
import org.accord.store.CaseRecords;
import org.accord.store.CaseRecords.DeadlineRow;
import org.accord.store.CaseRecords.MissRow;
import org.accord.store.CaseRecords.RequestRow;
import org.accord.store.CaseRecords.TransitionRow;

/**
 * The mutual-assistance requests of one node: creates them, makes their transitions, and keeps their clocks.
 *
 * <p>Design note. A transition is checked by {@link Lifecycle} (order, party, closed), stamped by the {@link
 * CaseClock} (never earlier than an instant already judged), and written by the store in one transaction with its
 * consequences for the clocks: on receipt the obligation that applies ({@link Deadlines#on}, from the rulebook active
 * then) sets the acknowledgement and answer deadlines, and the transition keeps the clause id and periods so that
 * the clocks can be explained and moved later under the same clause; an acknowledgement, answer or decline meets
 * deadlines (or, late, records their miss — escalated once it is durable); a preservation starts the preservation
 * period; a granted extension moves the answer deadline and the preservation end by the clause's {@code extension};
 * a withdrawal or closing cancels what is still open. Nothing is stored half-way: a refused transition writes
 * nothing, and two nodes' processes racing on one request are told apart by the store's sequence check.
 *
 * <p>Persistence is the store's ({@code CaseRecords}, migration V6, both dialects), like every table of the node:
 * one database, one backup, one transaction for a transition and its clocks. This class holds the meaning.
 *
 * <p>Exchange (issue 10, part 4). Each node keeps its own copy of a request it is party to. A request from its
 * requester's node is stored as a draft ({@link #receive}); a transition made by the other party's node is recorded
 * ({@link #record}) with that node's sequence number and instant, under the same lifecycle and clock rules as a local
 * one, so both copies hold the same steps and compute the same deadlines. Signatures are the node's business (it
 * holds the keys and the rulebook's pinned keys); this class is told only of verified steps. A {@link StepListener}
 * learns of every stored transition, after it is durable: the node publishes its own to the other party.
 *
 * <p>Thread-safe: transitions of one node are serialised.
 */
public final class Cases {
  private final CaseRecords records;
  private final Supplier<Rulebook> rulebook;
  private final CaseClock clock;
  private final StepListener listener;

  /**
   * Told of each transition once it is stored, in sequence order: called under this service's lock, so that what it
   * publishes leaves in the order the other node must record it in.
   */
  @FunctionalInterface
  public interface StepListener {
    StepListener NONE = (request, step) -> { };

    /** {@code step} of {@code request} is stored; an exception is the listener's to report (it is logged). */
    void stored(AssistanceRequest request, Step step);

    /**
     * Before this node sends {@code request}: a {@link CaseException} refuses the send, and nothing is stored. The
     * node refuses a request that names objects its requested party may not receive.
     */
    default void beforeSend(AssistanceRequest request) {}
  }

  /** Without a listener. */
  public Cases(CaseRecords records, Supplier<Rulebook> rulebook, CaseClock clock) {
    this(records, rulebook, clock, StepListener.NONE);
  }

  /**
   * @param records the store's case records
   * @param rulebook the active rulebook, asked at each receipt
   * @param clock the clocks of open requests (built on the same records)
   * @param listener told of every stored transition
   */
  public Cases(CaseRecords records, Supplier<Rulebook> rulebook, CaseClock clock, StepListener listener) {
    this.records = Objects.requireNonNull(records, "records");
    this.rulebook = Objects.requireNonNull(rulebook, "rulebook");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Stores a new request as a draft (its {@code created} kept to the millisecond, STIX 2.1 §3.2). */
  public synchronized CaseFile create(AssistanceRequest request) {
    AssistanceRequest r = request;
    if (r.created().getNano() % 1_000_000 != 0) {
      r =
          new AssistanceRequest(
              r.id(), r.kind(), r.requester(), r.requested(), r.legalBasis(), r.offence(), r.facts(), r.dataSought(),
              r.custodian(), r.location(), r.urgency(), r.sector(), r.objectIds(), r.tlp(),
              r.created().truncatedTo(ChronoUnit.MILLIS));
    }
    RequestRow row =
        new RequestRow(
            r.id(), r.requester(), r.requested(), r.kind().wire(), r.urgency().wire(), State.DRAFT.wire(),
            Extension.NONE.wire(), 0, CaseJson.write(r), r.created());
    if (!records.create(row)) {
      throw taken(r.id());
    }
    return find(r.id()).orElseThrow();
  }

  /**
   * The one refusal of a request whose id this node holds already, for every caller and whatever the request held:
   * it names no party, state or content. The requester's node chooses a request's id (both copies share it), so a
   * peer's request can meet an id held between other parties; the peer must learn no more than that the id is not
   * free, which it could only ask about by knowing the id (a random UUID, sent to no one but the request's two
   * parties). This node's own users never choose an id: the REST API and the command line make a new random one.
   */
  static CaseException taken(String id) {
    return new CaseException("request " + id + ": this id is taken on this node; a new request needs a new id");
  }

  /** A transition without grounds or note. */
  public CaseFile apply(String requestId, Transition transition, String party) {
    return apply(requestId, transition, party, List.of(), null);
  }

  /**
   * Makes {@code transition} of the request, by {@code party}, now.
   *
   * @param grounds the grounds of a decline (one or more), empty otherwise
   * @param note free text for the other party, or null
   * @return the request after the transition
   * @throws IllegalTransitionException when the lifecycle refuses it (the message says what is allowed now)
   * @throws CaseException when the request is unknown, the grounds or note are invalid, or there is no extension to
   *     ask for
   */
  public synchronized CaseFile apply(
      String requestId, Transition transition, String party, List<DeclineGround> grounds, String note) {
    RequestRow row = records.request(requestId).orElseThrow(() -> new CaseException("no request " + requestId));
    AssistanceRequest request = CaseJson.readRequest(row.body());
    CaseState next = Lifecycle.next(request, stateOf(row), transition, party);
    if (transition == Transition.SEND) {
      listener.beforeSend(request);
    }
    Instant at = clock.now(); // never before an instant already judged; the mark is raised once this is stored
    Step stored = store(row, request, next, new Step(requestId, row.seq() + 1, transition, party, at, grounds, note));
    clock.observed(at);
    listener.stored(request, stored);
    return find(requestId).orElseThrow();
  }

  /**
   * Stores a request that its requester's node sent to this node's party, as a draft until its {@code send}
   * transition is {@link #record recorded}. The same request delivered again is no change.
   *
   * @throws CaseException when a different request with this id exists: {@link #taken}, whoever it is between
   */
  public synchronized CaseFile receive(AssistanceRequest request) {
    Optional<RequestRow> row = records.request(request.id());
    if (row.isPresent()) {
      if (!CaseJson.readRequest(row.get().body()).equals(request)) {
        throw taken(request.id());
      }
      return find(request.id()).orElseThrow();
    }
    return create(request);
  }

  /**
   * Records a transition made by the other party's node, with its sequence number and instant: the lifecycle's
   * rules as for a local one ({@link Lifecycle#next}), and the next number in sequence. The same transition delivered
   * again is no change.
   *
   * @throws IllegalTransitionException when the lifecycle refuses it (the message says what is allowed now)
   * @throws CaseException when the request is unknown, the sequence number is not the next one, or another
   *     transition holds this number
   */
  public synchronized CaseFile record(Step step) {
    String id = step.requestId();
    RequestRow row = records.request(id).orElseThrow(() -> new CaseException("no request " + id));
    AssistanceRequest request = CaseJson.readRequest(row.body());
    if (step.seq() <= row.seq()) {
      Step held = find(id).orElseThrow().steps().get(step.seq() - 1);
      if (held.equals(step)) {
        return find(id).orElseThrow();
      }
      throw new CaseException(
          "transition " + step.seq() + " of request " + id + " is already " + held.transition().wire() + " by "
              + held.party() + ", not " + step.transition().wire() + " by " + step.party());
    }
    if (step.seq() != row.seq() + 1) {
      throw new CaseException(
          "transition " + step.seq() + " of request " + id + " is out of sequence: the next is " + (row.seq() + 1));
    }
    CaseState next = Lifecycle.next(request, stateOf(row), step.transition(), step.party());
    store(row, request, next, step); // the other node's instant: its clock, not ours, so no high-water mark
    listener.stored(request, step);
    return find(id).orElseThrow();
  }

  /** Writes {@code step} with its consequences for the clocks, in one transaction; escalates late actions. */
  private Step store(RequestRow row, AssistanceRequest request, CaseState next, Step step) {
    String requestId = row.id();
    Transition transition = step.transition();
    Instant at = step.at();
    CaseState state = stateOf(row);

    Deadlines clocks = transition == Transition.RECEIVE ? onReceipt(request, at) : clocks(requestId);
    List<DeadlineRow> changes = new ArrayList<>();
    List<MissRow> late = new ArrayList<>();
    clockChanges(requestId, transition, state, clocks, at, changes, late);
    TransitionRow t =
        new TransitionRow(
            requestId, step.seq(), transition.wire(), step.party(), at,
            CaseJson.writeStep(step, transition == Transition.RECEIVE ? clocks : null));
    List<MissRow> recorded = records.transition(t, next.state().wire(), next.extension().wire(), changes, late);
    for (DeadlineRow d : changes) {
      clock.track(d);
    }
    List<ClockEvent.Missed> misses = new ArrayList<>();
    for (MissRow m : recorded) {
      DeadlineKind kind = DeadlineKind.fromWire(m.deadline()).orElseThrow();
      misses.add(new ClockEvent.Missed(new Deadline(requestId, kind, m.due(), m.clauseId()), at, true));
    }
    if (!misses.isEmpty()) {
      clock.escalate(misses);
    }
    return step;
  }

  /** The clocks set at receipt by the obligation that applies; null when none applies or no rulebook is active. */
  private Deadlines onReceipt(AssistanceRequest request, Instant at) {
    Rulebook active = rulebook.get();
    return active == null ? null : Deadlines.on(active, request, at).orElse(null);
  }

  /**
   * What {@code transition} at {@code at} does to the request's clocks: the deadline rows to write ({@code changes})
   * and the misses a late action reveals ({@code late}).
   */
  private void clockChanges(
      String requestId, Transition transition, CaseState state, Deadlines clocks, Instant at,
      List<DeadlineRow> changes, List<MissRow> late) {
    Map<DeadlineKind, DeadlineRow> current = new HashMap<>();
    for (DeadlineRow d : records.deadlines(requestId)) {
      current.put(DeadlineKind.fromWire(d.deadline()).orElseThrow(), d);
    }
    switch (transition) {
      case RECEIVE -> {
        if (clocks != null) {
          changes.add(open(requestId, DeadlineKind.ACKNOWLEDGE, at, clocks.acknowledgeBy(), clocks.clauseId()));
          clocks
              .answerBy(false)
              .ifPresent(by -> changes.add(open(requestId, DeadlineKind.ANSWER, at, by, clocks.clauseId())));
        }
      }
      case ACKNOWLEDGE -> meet(current.get(DeadlineKind.ACKNOWLEDGE), at, changes, late);
      case ANSWER_PARTIAL, ANSWER_FULL, DECLINE -> {
        meet(current.get(DeadlineKind.ACKNOWLEDGE), at, changes, late);
        meet(current.get(DeadlineKind.ANSWER), at, changes, late);
      }
      case PRESERVE -> {
        if (clocks != null) {
          boolean extended = state.extension() == Extension.GRANTED;
          clocks
              .preservationEnds(at, extended)
              .ifPresent(end -> changes.add(open(requestId, DeadlineKind.PRESERVATION, at, end, clocks.clauseId())));
        }
      }
      case REQUEST_EXTENSION -> {
        if (clocks == null) {
          throw new CaseException(
              "cannot request-extension request " + requestId + ": no obligation applies to it, so no deadline runs");
        }
        if (clocks.extension() == null) {
          throw new CaseException(
              "cannot request-extension request " + requestId + ": obligation " + clocks.clauseId()
                  + " grants no extension");
        }
      }
      case GRANT_EXTENSION -> {
        DeadlineRow answer = current.get(DeadlineKind.ANSWER);
        if (answer != null && answer.status().equals("open")) {
          Instant by = clocks.answerBy(true).orElseThrow();
          changes.add(open(requestId, DeadlineKind.ANSWER, at, by, clocks.clauseId()));
        }
        DeadlineRow kept = current.get(DeadlineKind.PRESERVATION);
        if (kept != null && kept.status().equals("open")) {
          Instant end = kept.due().plus(clocks.extension());
          changes.add(open(requestId, DeadlineKind.PRESERVATION, at, end, clocks.clauseId()));
        }
      }
      case WITHDRAW, CLOSE -> {
        for (DeadlineRow d : current.values()) {
          if (d.status().equals("open")) {
            changes.add(with(d, "cancelled"));
          }
        }
      }
      default -> { } // send, start, refuse-extension: no clock changes
    }
  }

  /** The request with this id, as both parties see it. */
  public Optional<CaseFile> find(String requestId) {
    return records.request(requestId).map(this::file);
  }

  /** The whole file of one request: its transitions, deadlines and delivery lines read for it. */
  private CaseFile file(RequestRow row) {
    return file(row, records.transitions(row.id()), records.deadlines(row.id()), records.deliveries(row.id()));
  }

  /**
   * Every request, oldest first, read in three queries (requests, transitions, deadlines) whatever their number:
   * for statistics, which need them all ({@link Responsiveness}); memory grows with the number of requests and their
   * transitions. A screen pages instead ({@link #page}).
   */
  public List<CaseFile> list() {
    Map<String, List<TransitionRow>> transitions = new HashMap<>();
    for (TransitionRow t : records.allTransitions()) {
      transitions.computeIfAbsent(t.requestId(), k -> new ArrayList<>()).add(t);
    }
    Map<String, List<DeadlineRow>> deadlines = new HashMap<>();
    for (DeadlineRow d : records.allDeadlines()) {
      deadlines.computeIfAbsent(d.requestId(), k -> new ArrayList<>()).add(d);
    }
    List<CaseFile> out = new ArrayList<>();
    for (RequestRow r : records.requests()) {
      // No delivery lines: statistics don't need them, and a request's own view ({@link #find}) has them.
      out.add(file(r, transitions.getOrDefault(r.id(), List.of()), deadlines.getOrDefault(r.id(), List.of()),
          List.of()));
    }
    return out;
  }

  /**
   * One page of the requests {@code party} is on, oldest first (by creation, then id), read from the store after
   * {@code after}: the work is the page's, not every request's.
   *
   * @param state only requests in this state; null: any
   * @param after where the page before ended ({@link Page#next}); null: from the first
   * @param limit the most requests on the page, at least 1
   */
  public Page page(String party, State state, CaseRecords.Position after, int limit) {
    // One row more than asked proves that another page follows, without a count of every request.
    List<RequestRow> rows = records.requests(party, state == null ? null : state.wire(), after, limit + 1);
    List<CaseFile> files = new ArrayList<>();
    for (RequestRow r : rows.subList(0, Math.min(limit, rows.size()))) {
      files.add(file(r));
    }
    Optional<CaseRecords.Position> next =
        rows.size() > limit ? Optional.of(CaseRecords.Position.of(rows.get(limit - 1))) : Optional.empty();
    return new Page(files, next);
  }

  /** A page of requests and, when more follow, the position the next page starts after. */
  public record Page(List<CaseFile> files, Optional<CaseRecords.Position> next) {
    public Page {
      files = List.copyOf(files);
      Objects.requireNonNull(next, "next");
    }
  }

  /** @param deliveries what went wrong delivering this node's own steps ({@link CaseFile#deliveries}) */
  private static CaseFile file(
      RequestRow row, List<TransitionRow> transitions, List<DeadlineRow> deadlines,
      List<CaseRecords.DeliveryRow> deliveries) {
    List<Step> steps = new ArrayList<>();
    Deadlines clocks = null;
    for (TransitionRow t : transitions) {
      steps.add(CaseJson.readStep(row.id(), t.seq(), t.transition(), t.party(), t.at(), t.body()));
      if (t.transition().equals(Transition.RECEIVE.wire())) {
        clocks = CaseJson.readDeadlines(t.body());
      }
    }
    return new CaseFile(
        CaseJson.readRequest(row.body()), stateOf(row), steps, Optional.ofNullable(clocks), deadlines, deliveries);
  }

  private Deadlines clocks(String requestId) {
    for (TransitionRow t : records.transitions(requestId)) {
      if (t.transition().equals(Transition.RECEIVE.wire())) {
        return CaseJson.readDeadlines(t.body());
      }
    }
    return null;
  }

  private DeadlineRow open(String requestId, DeadlineKind kind, Instant start, Instant due, String clauseId) {
    return new DeadlineRow(requestId, kind.wire(), due, clock.warnAt(start, due), clauseId, "open", false);
  }

  /** The deadline met at {@code at} — or, when {@code at} is past it, missed (late), which the store records once. */
  private static void meet(DeadlineRow d, Instant at, List<DeadlineRow> changes, List<MissRow> late) {
    if (d == null || !d.status().equals("open")) {
      return; // none set, or already met, missed or cancelled
    }
    if (at.isAfter(d.due())) {
      changes.add(with(d, "missed"));
      late.add(new MissRow(d.requestId(), d.deadline(), d.due(), d.clauseId(), at, false));
    } else {
      changes.add(with(d, "met"));
    }
  }

  private static DeadlineRow with(DeadlineRow d, String status) {
    return new DeadlineRow(d.requestId(), d.deadline(), d.due(), d.warnAt(), d.clauseId(), status, d.warned());
  }

  private static CaseState stateOf(RequestRow row) {
    return new CaseState(
        State.fromWire(row.state()).orElseThrow(() -> new CaseException("stored state " + row.state())),
        Extension.fromWire(row.extension()).orElseThrow(() -> new CaseException("stored " + row.extension())));
  }
}
