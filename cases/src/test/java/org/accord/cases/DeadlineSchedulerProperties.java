package org.accord.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The scheduler against a plain model (a map scanned in full): over random schedules, re-schedules, cancels and
 * ticks, both fire the same warnings (at their instant) and deadlines (once past
 * due) at the same ticks, each once, in order of their instant.
 */
class DeadlineSchedulerProperties {
  static final Instant T0 = CaseFixtures.T0;

  /** schedule (request, kind, due offset, warn offset or -1), cancel (request, kind), tick (advance). */
  record Op(int what, int request, DeadlineKind kind, int due, int warn, int advance) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op =
        Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 9),
                Arbitraries.of(DeadlineKind.class),
                Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(-1, 100),
                Arbitraries.integers().between(0, 20))
            .as(Op::new);
    return op.list().ofMaxSize(80);
  }

  /** One open deadline in the model: its deadline, its warning instant (null: none or given). */
  record Model(Deadline deadline, Instant warn) {}

  @Property(tries = 1000)
  void firesWhatAFullScanFires(@ForAll("ops") List<Op> ops) {
    DeadlineScheduler scheduler = new DeadlineScheduler();
    Map<String, Model> model = new HashMap<>();
    Instant now = T0;
    for (Op op : ops) {
      String id = "r" + op.request();
      String key = id + "/" + op.kind();
      switch (op.what()) {
        case 0 -> {
          Deadline d = new Deadline(id, op.kind(), now.plusSeconds(op.due()), "A1.O1");
          Instant warn = op.warn() < 0 ? null : now.plusSeconds(op.warn());
          scheduler.schedule(d, warn);
          model.put(key, new Model(d, warn != null && warn.isBefore(d.due()) ? warn : null));
        }
        case 1 -> {
          boolean had = model.remove(key) != null;
          assertThat(scheduler.cancel(id, op.kind())).isEqualTo(had);
        }
        default -> {
          now = now.plusSeconds(op.advance());
          List<DeadlineScheduler.Fired> fired = scheduler.due(now);
          assertThat(fired).containsExactlyInAnyOrderElementsOf(scan(model, now));
        }
      }
      assertThat(scheduler.size()).isEqualTo(model.size());
      Instant next =
          model.values().stream()
              .map(m -> m.warn() != null ? m.warn() : m.deadline().due())
              .min(Comparator.naturalOrder())
              .orElse(null);
      assertThat(scheduler.next().orElse(null)).isEqualTo(next);
      // a warning is given once: the model forgets it as the scheduler does

    }
  }

  /** The model's fired set at {@code now}, updating the model: the full scan. */
  private static List<DeadlineScheduler.Fired> scan(Map<String, Model> model, Instant now) {
    List<DeadlineScheduler.Fired> out = new ArrayList<>();
    for (var it = model.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Model m = e.getValue();
      if (m.warn() != null && !m.warn().isAfter(now)) {
        out.add(new DeadlineScheduler.Fired(m.deadline(), DeadlineScheduler.Phase.WARN));
        e.setValue(new Model(m.deadline(), null));
      }
      // a deadline due exactly now is still in time
      if (m.deadline().due().isBefore(now)) {
        out.add(new DeadlineScheduler.Fired(m.deadline(), DeadlineScheduler.Phase.DUE));
        it.remove();
      }
    }
    return out;
  }

  @Example
  void deadlinesFireInTheOrderOfTheirInstants() {
    DeadlineScheduler s = new DeadlineScheduler();
    Deadline late = new Deadline("r1", DeadlineKind.ANSWER, T0.plusSeconds(30), "A1.O1");
    Deadline early = new Deadline("r2", DeadlineKind.ACKNOWLEDGE, T0.plusSeconds(10), "A1.O1");
    Deadline moved = new Deadline("r3", DeadlineKind.ANSWER, T0.plusSeconds(5), "A1.O1");
    s.schedule(late, null);
    s.schedule(early, null);
    s.schedule(moved, null);
    s.schedule(new Deadline("r3", DeadlineKind.ANSWER, T0.plusSeconds(20), "A1.O1"), null); // extension granted
    assertThat(s.due(T0.plusSeconds(60)))
        .extracting(f -> f.deadline().requestId())
        .containsExactly("r2", "r3", "r1");
  }

  @Example
  void aWarningComesBeforeItsDeadlineEvenWhenBothArePast() {
    DeadlineScheduler s = new DeadlineScheduler();
    Deadline d = new Deadline("r1", DeadlineKind.ANSWER, T0.plusSeconds(10), "A1.O1");
    s.schedule(d, T0.plusSeconds(5));
    assertThat(s.due(T0.plusSeconds(4))).isEmpty();
    assertThat(s.due(T0.plusSeconds(60)))
        .containsExactly(
            new DeadlineScheduler.Fired(d, DeadlineScheduler.Phase.WARN),
            new DeadlineScheduler.Fired(d, DeadlineScheduler.Phase.DUE));
    assertThat(s.size()).isZero();
    assertThat(s.due(T0.plusSeconds(120))).as("each fires once").isEmpty();
  }
}
