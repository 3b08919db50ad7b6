package org.accord.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The open clocks of every request, ordered by when each next fires: "what is due now" costs O(log n) per deadline
 * that fires, not a scan of the n open ones.
 *
 * <p>Design note. Each open deadline has exactly one entry in a red-black tree ({@link TreeSet}) ordered by the
 * instant it next fires and a unique insertion number (so equal instants never collide): its warning instant while
 * the warning is pending, then its due instant. A hash map from (request, kind) to the entry makes cancelling and
 * re-scheduling O(log n) too. {@link #due} takes entries from the head of the tree while they are not after {@code
 * now}: a warning is reported and its deadline re-inserted at its due instant; a deadline strictly past due is
 * reported and forgotten (one due exactly now is still in time, and waits). One entry per deadline, not one per
 * warning and one per due instant, halves the tree at a million open requests. A binary heap would find the head
 * as fast but cancel in O(n) (or leave tombstones that grow the heap until they surface); the tree does both in
 * O(log n). {@code BENCHMARKS.md} has the figures against a full scan.
 *
 * <p>Not thread-safe: {@link CaseClock} owns one and calls it under its own lock.
 */
public final class DeadlineScheduler {
  /** What fired: the warning before a deadline, or the deadline itself. */
  public enum Phase {
    WARN,
    DUE
  }

  /** A deadline that fired in {@code phase}. */
  public record Fired(Deadline deadline, Phase phase) {}

  private record Key(String requestId, DeadlineKind kind) {}

  private record Entry(Instant at, long order, Deadline deadline, Phase phase) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  private final TreeSet<Entry> queue = new TreeSet<>();
  private final Map<Key, Entry> byKey = new HashMap<>();
  private long order;

  /**
   * Schedules {@code deadline}, replacing the one of the same request and kind if any; {@code warnAt} (null: no
   * warning) is when to warn before it, and is ignored unless it is before the due instant.
   */
  public void schedule(Deadline deadline, Instant warnAt) {
    Objects.requireNonNull(deadline, "deadline");
    cancel(deadline.requestId(), deadline.kind());
    boolean warn = warnAt != null && warnAt.isBefore(deadline.due());
    Entry e = new Entry(warn ? warnAt : deadline.due(), order++, deadline, warn ? Phase.WARN : Phase.DUE);
    queue.add(e);
    byKey.put(new Key(deadline.requestId(), deadline.kind()), e);
  }

  /** Forgets the deadline of {@code kind} of the request; false when none was scheduled. */
  public boolean cancel(String requestId, DeadlineKind kind) {
    Entry e = byKey.remove(new Key(requestId, kind));
    return e != null && queue.remove(e);
  }

  /** Forgets every deadline of the request. */
  public void cancelAll(String requestId) {
    for (DeadlineKind k : DeadlineKind.values()) {
      cancel(requestId, k);
    }
  }

  /**
   * Takes what fired by {@code now}, in the order it fired: a warning at or after its instant, a deadline once {@code
   * now} is past its due instant (an action at the due instant itself is in time). A deadline whose warning and due
   * instant are both past fires both, warning first.
   */
  public List<Fired> due(Instant now) {
    List<Fired> out = new ArrayList<>();
    List<Entry> rearm = new ArrayList<>();
    Iterator<Entry> it = queue.iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.at().isAfter(now)) {
        break;
      }
      if (e.phase() == Phase.DUE && e.at().equals(now)) {
        continue; // due this very instant: still in time (at most the entries of one instant are skipped)
      }
      it.remove();
      Key key = new Key(e.deadline().requestId(), e.deadline().kind());
      out.add(new Fired(e.deadline(), e.phase()));
      if (e.phase() == Phase.WARN && !e.deadline().due().isBefore(now)) {
        rearm.add(new Entry(e.deadline().due(), order++, e.deadline(), Phase.DUE));
      } else {
        if (e.phase() == Phase.WARN) {
          out.add(new Fired(e.deadline(), Phase.DUE)); // warned and missed in one tick
        }
        byKey.remove(key);
      }
    }
    for (Entry e : rearm) {
      queue.add(e);
      byKey.put(new Key(e.deadline().requestId(), e.deadline().kind()), e);
    }
    return out;
  }

  /** When the next deadline or warning fires; empty when nothing is scheduled. */
  public Optional<Instant> next() {
    return queue.isEmpty() ? Optional.empty() : Optional.of(queue.first().at());
  }

  /** The scheduled deadline of {@code kind} of the request. */
  public Optional<Deadline> get(String requestId, DeadlineKind kind) {
    Entry e = byKey.get(new Key(requestId, kind));
    return e == null ? Optional.empty() : Optional.of(e.deadline());
  }

  /** How many deadlines are open. */
  public int size() {
    return byKey.size();
  }
}
