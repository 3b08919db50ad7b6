package org.accord.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.accord.rules.Clause;
import org.accord.rules.Obligations;
import org.accord.rules.Rulebook;

/**
 * The clocks a request gets when it is received, from the obligation clause that applies to it ({@link
 * Obligations#applicable}), kept with the clause id and the periods so that every deadline can be explained ("answer
 * by 2026-03-11T12:00Z: A1.O1 answer_within.normal 10d from receipt at 2026-03-01T12:00Z") and recomputed the same
 * way later, whatever rulebook is active by then. The periods are fixed at receipt: a rulebook activated later
 * governs requests received later.
 *
 * @param clauseId the obligation that applies
 * @param received when the requested party received the request
 * @param acknowledgeWithin the acknowledgement period
 * @param answerWithin the answer period for the request's urgency, or null (the clause sets none)
 * @param preserveFor how long preserved data is kept, or null
 * @param extension how much a granted extension adds, or null (none may be granted)
 */
public record Deadlines(
    String clauseId,
    Instant received,
    Duration acknowledgeWithin,
    Duration answerWithin,
    Duration preserveFor,
    Duration extension) {

  public Deadlines {
    Objects.requireNonNull(clauseId, "clauseId");
    Objects.requireNonNull(received, "received");
    Objects.requireNonNull(acknowledgeWithin, "acknowledgeWithin");
  }

  /** The clocks of {@code request} received at {@code received}; empty when no obligation applies to it. */
  public static Optional<Deadlines> on(Rulebook rulebook, AssistanceRequest request, Instant received) {
    Obligations.Subject subject =
        new Obligations.Subject(
            request.requester(), request.requested(), request.kind().wire(), request.urgency().wire(),
            request.sector());
    return Obligations.applicable(rulebook, subject).map(o -> of(o, request.urgency(), received));
  }

  static Deadlines of(Clause.Obligation o, Urgency urgency, Instant received) {
    return new Deadlines(
        o.id(), received, o.acknowledgeWithin(), o.answerWithin().get(urgency.wire()), o.preserveFor(),
        o.extension());
  }

  public Instant acknowledgeBy() {
    return received.plus(acknowledgeWithin);
  }

  /** The answer deadline, moved by the extension when one was granted; empty when the clause sets none. */
  public Optional<Instant> answerBy(boolean extended) {
    if (answerWithin == null) {
      return Optional.empty();
    }
    Instant by = received.plus(answerWithin);
    return Optional.of(extended && extension != null ? by.plus(extension) : by);
  }

  /** When data preserved at {@code preservedAt} may be let go; empty when the clause sets no preservation. */
  public Optional<Instant> preservationEnds(Instant preservedAt, boolean extended) {
    if (preserveFor == null) {
      return Optional.empty();
    }
    Instant end = preservedAt.plus(preserveFor);
    return Optional.of(extended && extension != null ? end.plus(extension) : end);
  }

  /** One line a deadline, saying which clause set it and how. */
  public List<String> explain(boolean extended) {
    List<String> out = new ArrayList<>();
    out.add("acknowledge by " + acknowledgeBy() + ": " + clauseId + " acknowledge_within " + text(acknowledgeWithin)
        + " from receipt at " + received);
    answerBy(extended)
        .ifPresent(
            by ->
                out.add("answer by " + by + ": " + clauseId + " answer_within " + text(answerWithin)
                    + (extended && extension != null ? " + extension " + text(extension) : "")
                    + " from receipt at " + received));
    if (preserveFor != null) {
      out.add("preserve for " + text(preserveFor) + " from the preservation: " + clauseId + " preserve_for");
    }
    out.add(extension == null ? "no extension: " + clauseId + " grants none"
        : "one extension of " + text(extension) + " may be granted: " + clauseId + " extension");
    return out;
  }

  /** A period as a rulebook writes it: days from two days up (10d), hours below (24h, 8h), else minutes. */
  static String text(Duration d) {
    long minutes = d.toMinutes();
    if (minutes % (24 * 60) == 0 && minutes >= 2 * 24 * 60) {
      return minutes / (24 * 60) + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }
}
