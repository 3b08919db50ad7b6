package org.accord.cases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.accord.store.CaseRecords;
import org.accord.store.CaseRecords.DeadlineRow;
import org.accord.store.CaseRecords.MissRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legal clocks of every open request: warns before deadlines, records and escalates misses, and reports a clock
 * that goes backwards.
 *
 * <p>Design note. Time comes from the injected {@link Clock}, through a high-water mark: the latest instant seen,
 * kept in the store ({@code case_clock}) so that it survives restarts. "Now" for the cases module is the later of
 * the clock and the mark. A clock that reads earlier than the mark (NTP step, VM restore, an operator's mistake) is
 * reported once ({@link ClockEvent.ClockWentBack}) until it catches up, and in between deadlines are judged against
 * the mark: a deadline found missed stays missed, and a transition is never stamped earlier than something already
 * judged. A miss is recorded in the store once (its key is the request and the deadline) before it is escalated; the
 * store never turns a missed deadline back into an open or met one. Delivery to the {@link EscalationListener} is at
 * least once: a miss recorded but not yet delivered (listener failure, crash) is delivered at the next tick or start.
 *
 * <p>Open deadlines are loaded from the store at construction into a {@link DeadlineScheduler}, so what was due
 * while the node was down fires at the first tick. The node calls {@link #tick} on a timer (and may sleep until
 * {@link #nextFiring}). Thread-safe: one lock around the scheduler and the mark.
 */
public final class CaseClock {
  private static final Logger LOG = LoggerFactory.getLogger(CaseClock.class);

  private final CaseRecords records;
  private final Clock clock;
  private final Duration warnLead;
  private final EscalationListener listener;
  private final DeadlineScheduler scheduler = new DeadlineScheduler();
  private final List<ClockEvent.Missed> undelivered = new ArrayList<>();
  private Instant highWater;
  private boolean behindReported;

  /**
   * @param records where deadlines, misses and the mark are kept
   * @param clock the node's clock
   * @param warnLead how long before a deadline to warn (a deadline shorter than twice the lead is warned at half
   *     its period)
   * @param listener where events go
   */
  public CaseClock(CaseRecords records, Clock clock, Duration warnLead, EscalationListener listener) {
    this.records = Objects.requireNonNull(records, "records");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.warnLead = Objects.requireNonNull(warnLead, "warnLead");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (warnLead.isNegative()) {
      throw new IllegalArgumentException("the warning lead is a duration of 0 or more, not " + warnLead);
    }
    this.highWater = records.highWater().orElse(null);
    for (DeadlineRow d : records.openDeadlines()) {
      track(d);
    }
    for (MissRow m : records.misses()) {
      if (!m.notified()) {
        DeadlineKind kind = DeadlineKind.fromWire(m.deadline()).orElseThrow();
        undelivered.add(
            new ClockEvent.Missed(new Deadline(m.requestId(), kind, m.due(), m.clauseId()), m.recordedAt(), false));
      }
    }
  }

  /** The cases module's now: the clock, or the high-water mark while the clock is behind it. */
  public synchronized Instant now() {
    Instant c = clock.instant().truncatedTo(ChronoUnit.MILLIS); // STIX 2.1 §3.2 precision
    return highWater != null && c.isBefore(highWater) ? highWater : c;
  }

  /**
   * Raises the high-water mark to {@code at}, the instant a transition was stamped with (durably), so that a clock
   * that goes back later is noticed against the transition too.
   */
  synchronized void observed(Instant at) {
    if (highWater == null || at.isAfter(highWater)) {
      highWater = records.advanceHighWater(at);
    }
  }

  /** When to warn before a deadline due at {@code due} whose period began at {@code start}. */
  public Instant warnAt(Instant start, Instant due) {
    Instant lead = due.minus(warnLead);
    return lead.isAfter(start) ? lead : start.plus(Duration.between(start, due).dividedBy(2));
  }

  /** Starts (or moves) the clock of an open deadline; a deadline that is not open is forgotten. */
  synchronized void track(DeadlineRow row) {
    DeadlineKind kind = DeadlineKind.fromWire(row.deadline()).orElseThrow();
    if (!row.status().equals("open")) {
      scheduler.cancel(row.requestId(), kind);
      return;
    }
    Deadline d = new Deadline(row.requestId(), kind, row.due(), row.clauseId());
    scheduler.schedule(d, row.warned() ? null : row.warnAt());
  }

  /** Escalates misses a transition recorded (late actions), after the transition is durable. */
  void escalate(List<ClockEvent.Missed> misses) {
    synchronized (this) {
      undelivered.addAll(misses);
    }
    deliver(List.of());
  }

  /** The number of open deadlines. */
  public synchronized int open() {
    return scheduler.size();
  }

  /** When the next warning or deadline fires, if any is open. */
  public synchronized java.util.Optional<Instant> nextFiring() {
    return scheduler.next();
  }

  /**
   * Reads the clock, records what fell due and delivers the events: a backward jump first (once per jump), warnings,
   * misses (each recorded before it is delivered), lapsed periods, and misses not delivered before.
   *
   * @return the events delivered by this tick
   */
  public List<ClockEvent> tick() {
    List<ClockEvent> events = new ArrayList<>();
    synchronized (this) {
      Instant c = clock.instant().truncatedTo(ChronoUnit.MILLIS); // STIX 2.1 §3.2 precision
      Instant now;
      if (highWater != null && c.isBefore(highWater)) {
        if (!behindReported) {
          events.add(new ClockEvent.ClockWentBack(highWater, c));
          behindReported = true;
        }
        now = highWater;
      } else {
        behindReported = false;
        highWater = records.advanceHighWater(c);
        now = highWater;
      }
      for (DeadlineScheduler.Fired f : scheduler.due(now)) {
        Deadline d = f.deadline();
        if (f.phase() == DeadlineScheduler.Phase.WARN) {
          records.markWarned(d.requestId(), d.kind().wire());
          events.add(new ClockEvent.Warning(d, now));
        } else if (d.kind().breachable()) {
          if (records.recordMiss(new MissRow(d.requestId(), d.kind().wire(), d.due(), d.clauseId(), now, false))) {
            undelivered.add(new ClockEvent.Missed(d, now, false));
          }
        } else {
          records.closeDeadline(d.requestId(), d.kind().wire(), "lapsed");
          events.add(new ClockEvent.Lapsed(d));
        }
      }
    }
    return deliver(events);
  }

  private List<ClockEvent> deliver(List<ClockEvent> events) {
    List<ClockEvent> all = new ArrayList<>(events);
    List<ClockEvent.Missed> misses;
    synchronized (this) {
      misses = new ArrayList<>(undelivered);
      undelivered.clear();
    }
    all.addAll(misses);
    List<ClockEvent.Missed> failed = new ArrayList<>();
    List<ClockEvent> delivered = new ArrayList<>();
    for (ClockEvent e : all) {
      try {
        listener.on(e);
        delivered.add(e);
        if (e instanceof ClockEvent.Missed m) {
          records.markNotified(m.deadline().requestId(), m.deadline().kind().wire());
        }
      } catch (RuntimeException ex) {
        LOG.warn("escalation listener failed on '{}': {}", e.describe(), ex.toString());
        if (e instanceof ClockEvent.Missed m) {
          failed.add(m); // delivered again at the next tick
        }
      }
    }
    synchronized (this) {
      undelivered.addAll(0, failed);
    }
    return delivered;
  }
}
