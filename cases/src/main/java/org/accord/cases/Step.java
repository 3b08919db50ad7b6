package org.accord.cases;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recorded transition of a request: the {@code seq}-th (from 1), made by {@code party} at {@code at}. A decline
 * carries its structured grounds (one or more) and may explain them in {@code note}; no other transition has grounds.
 *
 * @param requestId the request
 * @param seq its place in the request's lifecycle, from 1
 * @param transition what was done
 * @param party the party whose node did it
 * @param at when (the node's clock, never earlier than the clock's high-water mark)
 * @param grounds the grounds of a decline, empty otherwise
 * @param note free text for the other party, or null
 */
public record Step(
    String requestId,
    int seq,
    Transition transition,
    String party,
    Instant at,
    List<DeclineGround> grounds,
    String note) {
  static final int MAX_NOTE = 10_000;

  public Step {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(at, "at");
    grounds = List.copyOf(grounds);
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1, not " + seq);
    }
    if (transition == Transition.DECLINE && grounds.isEmpty()) {
      throw new CaseException(
          "decline of request " + requestId + ": give the grounds (outside-agreement, insufficient-information,"
              + " legal-impediment, sovereignty-or-security, data-not-available, not-in-jurisdiction, other)");
    }
    if (transition != Transition.DECLINE && !grounds.isEmpty()) {
      throw new CaseException(transition.wire() + " of request " + requestId + ": only a decline has grounds");
    }
    if (grounds.size() != grounds.stream().distinct().count()) {
      throw new CaseException("decline of request " + requestId + ": a ground is given twice");
    }
    if (grounds.contains(DeclineGround.OTHER) && (note == null || note.isBlank())) {
      throw new CaseException("decline of request " + requestId + ": ground 'other' needs a note that explains it");
    }
    if (note != null && (note.isBlank() || note.length() > MAX_NOTE)) {
      throw new CaseException("note: leave it out or write 1 to " + MAX_NOTE + " characters");
    }
  }
}
