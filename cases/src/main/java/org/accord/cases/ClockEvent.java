package org.accord.cases;

import java.time.Duration;
import java.time.Instant;

/**
 * What the cases clock reports: a warning before a deadline, a missed deadline (a breach, escalated), the end of a
 * preservation period, or a clock that went backwards. The node turns them into log lines, webhook and e-mail
 * notifications to both parties' contacts, and ledger entries ({@code EntryKind.DEADLINE_MISSED}; node CaseEscalation).
 */
public sealed interface ClockEvent {
  /** One line for a log or a notification. */
  String describe();

  /** {@code deadline} falls due at its instant; {@code at} is when the warning was given. */
  record Warning(Deadline deadline, Instant at) implements ClockEvent {
    @Override
    public String describe() {
      long minutes = Duration.between(at, deadline.due()).toMinutes();
      // A warning given late (the node was down, or its clock jumped past the deadline) says so, never "in -60 min".
      return "request " + deadline.requestId() + ": the " + deadline.kind().wire() + " deadline set by "
          + deadline.clauseId() + (at.isAfter(deadline.due())
              ? " fell due at " + deadline.due() + " (" + -minutes + " min ago; warned late)"
              : " falls due at " + deadline.due() + " (in " + minutes + " min)");
    }
  }

  /**
   * {@code deadline} passed without the action it requires; recorded once, durably, at {@code recordedAt}. {@code
   * late} when a late action revealed it rather than the clock.
   */
  record Missed(Deadline deadline, Instant recordedAt, boolean late) implements ClockEvent {
    @Override
    public String describe() {
      return "request " + deadline.requestId() + ": the " + deadline.kind().wire() + " deadline set by "
          + deadline.clauseId() + " was missed (due " + deadline.due() + ", recorded " + recordedAt
          + (late ? ", by a late transition" : "") + ")";
    }
  }

  /** The preservation period of a request ended at {@code deadline.due()}. */
  record Lapsed(Deadline deadline) implements ClockEvent {
    @Override
    public String describe() {
      return "request " + deadline.requestId() + ": the " + deadline.kind().wire() + " period set by "
          + deadline.clauseId() + " ended at " + deadline.due();
    }
  }

  /**
   * The clock read {@code clock}, before {@code highWater}, the latest instant seen (across restarts). The cases
   * clock keeps {@code highWater} as its now until the clock catches up: no deadline is kept that was missed.
   */
  record ClockWentBack(Instant highWater, Instant clock) implements ClockEvent {
    @Override
    public String describe() {
      return "the clock went back from " + highWater + " to " + clock + " (" + Duration.between(clock, highWater)
          + "): deadlines are judged against " + highWater + " until it catches up";
    }
  }
}
