package org.accord.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rows of mutual-assistance requests (the cases module), kept in the store's database (migration {@code
 * V6__cases.sql}) so that requests, their transitions, their clocks and every recorded miss survive restarts. The
 * store keeps texts, instants and counters; the cases module gives them meaning (states, transitions, deadlines) and
 * validates them first, as the sensor does with assets.
 *
 * <p>Two guarantees are the store's, because they must hold whoever writes: a transition is written whole or not at
 * all (the transition row, the request's new state and sequence number, its deadlines and any miss, in one
 * transaction, refused when another transition got there first); and a miss, once recorded, stays: it is written
 * once ({@code (request, deadline)} is its key) and a deadline whose status is {@code missed} never changes status
 * again, whatever a later write says. The clock's high-water mark only moves forward.
 *
 * <p>Open one with {@link Stores#cases(ObjectStore)}. Implementations are thread-safe.
 */
public interface CaseRecords {

  /** Inserts a new request; false (and nothing written) when a request with its id exists. */
  boolean create(RequestRow request);

  Optional<RequestRow> request(String id);

  /** Every request, oldest first. */
  List<RequestRow> requests();

  /**
   * One page of the requests {@code party} is on (as requester or requested party), oldest first: ordered by {@code
   * (created_at, id)}, which is total and never changes for a row, so a page continues exactly after the position of
   * the last row of the one before whatever is written in between (keyset paging; migration V8 indexes the order).
   *
   * @param state only requests in this state (wire name); null: any
   * @param after the position of the last row of the page before; null: from the first
   * @param limit the most rows returned, at least 1
   */
  List<RequestRow> requests(String party, String state, Position after, int limit);

  /**
   * Records {@code transition} of a request at sequence {@code transition.seq() - 1}: inserts it, sets the request's
   * state, extension state and sequence, upserts {@code deadlines} (a {@code missed} one stays missed) and inserts
   * {@code misses} not yet recorded, in one transaction.
   *
   * @return the misses newly recorded (a subset of {@code misses}); empty when none
   * @throws StoreException when the request does not exist or is no longer at {@code transition.seq() - 1}
   *     (another transition was recorded first: nothing is written)
   */
  List<MissRow> transition(
      TransitionRow transition, String state, String extension, List<DeadlineRow> deadlines, List<MissRow> misses);

  /** The transitions of one request, in order. */
  List<TransitionRow> transitions(String requestId);

  /** Every transition of every request, by request and order (responsiveness statistics). */
  List<TransitionRow> allTransitions();

  /** The deadlines of one request, by due instant. */
  List<DeadlineRow> deadlines(String requestId);

  /** Every deadline of every request, by request, due instant and deadline (statistics, in one read). */
  List<DeadlineRow> allDeadlines();

  /** Every deadline whose status is {@code open}, by due instant (the clock reloads them at start). */
  List<DeadlineRow> openDeadlines();

  /**
   * Records a miss unless one is recorded for its (request, deadline), and sets the deadline's status to {@code
   * missed}, in one transaction; true when it was newly recorded.
   */
  boolean recordMiss(MissRow miss);

  /** Notes that the escalation of a recorded miss was delivered. */
  void markNotified(String requestId, String deadline);

  /** Notes that the warning before a deadline was given. */
  void markWarned(String requestId, String deadline);

  /** Sets the status of an open deadline (a missed one is left alone); e.g. {@code lapsed} when a period ends. */
  void closeDeadline(String requestId, String deadline, String status);

  /** Every recorded miss, oldest first. */
  List<MissRow> misses();

  /** The latest instant the cases clock has seen; empty before the first. */
  Optional<Instant> highWater();

  /** Raises the high-water mark to {@code seen} if it is later; returns the mark after. Durable when it returns. */
  Instant advanceHighWater(Instant seen);

  /**
   * Holds back a case object a peer sent that cannot be applied yet (migration {@code V7__case_delivery.sql}): inserts
   * it, or, when this peer's object is held already, sets its reason and attempts (its {@code heldAt} stays).
   *
   * @return false, and nothing written, when {@code limit} objects of this peer are held already and this one is not
   *     among them
   */
  boolean hold(HeldRow held, int limit);

  /** The objects held back for one request, by sequence number (the request itself, 0, first). */
  List<HeldRow> held(String requestId);

  /** Every object held back, oldest first. */
  List<HeldRow> held();

  /** Forgets a held object: applied, or refused for good. */
  void release(String peer, String objectId);

  /** Notes how the delivery of one of this node's own steps went wrong (one line per step: the latest stays). */
  void noteDelivery(DeliveryRow delivery);

  /** The delivery lines of one request, by step. */
  List<DeliveryRow> deliveries(String requestId);

  /** Every delivery line with this outcome, oldest first. */
  List<DeliveryRow> deliveriesWith(String outcome);

  /** Forgets the delivery lines of steps {@code fromSeq} to {@code toSeq} (inclusive) of a request. */
  void forgetDeliveries(String requestId, int fromSeq, int toSeq);

  /**
   * A request.
   *
   * @param id its id
   * @param requester the requesting party
   * @param requested the requested party
   * @param kind its kind (wire name)
   * @param urgency emergency or normal
   * @param state its lifecycle state (wire name)
   * @param extension the state of its extension (wire name)
   * @param seq the number of transitions recorded
   * @param body the request as JSON
   * @param createdAt when it was created
   */
  record RequestRow(
      String id,
      String requester,
      String requested,
      String kind,
      String urgency,
      String state,
      String extension,
      int seq,
      String body,
      Instant createdAt) {
    public RequestRow {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(requested, "requested");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(urgency, "urgency");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(extension, "extension");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }

  /** Where a page of {@link #requests(String, String, Position, int)} ends: the last row's order key. */
  record Position(Instant createdAt, String id) {
    public Position {
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(id, "id");
    }

    public static Position of(RequestRow row) {
      return new Position(row.createdAt(), row.id());
    }
  }

  /** One transition of a request: the {@code seq}-th (from 1), by {@code party}, at {@code at}; {@code body} JSON. */
  record TransitionRow(String requestId, int seq, String transition, String party, Instant at, String body) {
    public TransitionRow {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(transition, "transition");
      Objects.requireNonNull(party, "party");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(body, "body");
      if (seq < 1) {
        throw new IllegalArgumentException("transition seq starts at 1, not " + seq);
      }
    }
  }

  /**
   * A deadline of a request.
   *
   * @param requestId the request
   * @param deadline which one (acknowledge, answer, preservation)
   * @param due when it falls due
   * @param warnAt when to warn before it (null: no warning)
   * @param clauseId the obligation clause that set it
   * @param status open, met, missed, cancelled or lapsed
   * @param warned whether the warning was given
   */
  record DeadlineRow(
      String requestId, String deadline, Instant due, Instant warnAt, String clauseId, String status, boolean warned) {
    public DeadlineRow {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(deadline, "deadline");
      Objects.requireNonNull(due, "due");
      Objects.requireNonNull(clauseId, "clauseId");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * A recorded miss: {@code deadline} of {@code requestId}, due at {@code due} under {@code clauseId}, was found
   * missed at {@code recordedAt}; {@code notified} once its escalation was delivered.
   */
  record MissRow(
      String requestId, String deadline, Instant due, String clauseId, Instant recordedAt, boolean notified) {
    public MissRow {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(deadline, "deadline");
      Objects.requireNonNull(due, "due");
      Objects.requireNonNull(clauseId, "clauseId");
      Objects.requireNonNull(recordedAt, "recordedAt");
    }
  }

  /**
   * A case object held back until it can be applied.
   *
   * @param peer the party whose node sent it
   * @param objectId its STIX id
   * @param requestId the request it belongs to
   * @param seq its transition number; 0 for the request itself
   * @param collection the local collection it was sent to
   * @param body the STIX object as received
   * @param reason why it waits
   * @param heldAt when it was first held back
   * @param attempts how often it was tried (1 when first held)
   */
  record HeldRow(
      String peer, String objectId, String requestId, int seq, String collection, String body, String reason,
      Instant heldAt, int attempts) {
    public HeldRow {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(objectId, "objectId");
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(heldAt, "heldAt");
      if (seq < 0) {
        throw new IllegalArgumentException("a held object's seq is 0 (a request) or more, not " + seq);
      }
    }

    /** The same object after one more attempt that still could not apply it. */
    public HeldRow retried(String why) {
      return new HeldRow(peer, objectId, requestId, seq, collection, body, why, heldAt, attempts + 1);
    }
  }

  /**
   * What went wrong with the delivery of one of this node's own steps.
   *
   * @param requestId the request
   * @param seq the step; 0 for the request itself
   * @param peer the party it is for
   * @param outcome {@code unpublished} (this node's store refused its copy), {@code held} or {@code refused} (by
   *     the peer, which said why)
   * @param reason why, in words
   * @param at when this node learnt it
   */
  record DeliveryRow(String requestId, int seq, String peer, String outcome, String reason, Instant at) {
    public DeliveryRow {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }
}
