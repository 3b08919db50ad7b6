package org.accord.cases;

import static org.accord.cases.CaseFixtures.T0;
import static org.accord.cases.CaseFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.accord.store.MutableClock;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Warnings, misses and clock jumps with a moving clock, across restarts of the store. */
class CaseClockTest {
  Path dir;
  MutableClock clock;
  CaseHarness node;

  /** The store every node of a test opens: SQLite in {@link #dir} here; a subclass runs on PostgreSQL. */
  protected CaseHarness.Opener opener() {
    return c -> Stores.open(StoreSettings.embedded(dir), c);
  }

  /** Drops what {@link #opener} created, once the test's last node is closed. */
  protected void dropStore() {
    CaseHarness.delete(dir);
  }

  @BeforeEach
  void open() {
    dir = CaseHarness.newDir();
    clock = new MutableClock(T0);
    node = new CaseHarness(dir, clock, opener());
  }

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
    dropStore();
  }

  CaseHarness restart() {
    node.close();
    node = new CaseHarness(dir, clock, opener());
    return node;
  }

  static List<String> missed(CaseHarness n) {
    return n.events(ClockEvent.Missed.class).stream()
        .map(m -> m.deadline().requestId() + "/" + m.deadline().kind().wire())
        .toList();
  }

  @Test
  void aDeadlineIsWarnedBeforeAndEscalatedOnceWhenMissed() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.received(r);
    clock.advance(Duration.ofHours(21));
    assertThat(node.caseClock.tick()).isEmpty();
    clock.advance(Duration.ofHours(1)); // 2 h before the acknowledgement is due
    assertThat(node.caseClock.tick())
        .singleElement()
        .isInstanceOfSatisfying(
            ClockEvent.Warning.class,
            w -> assertThat(w.describe())
                .isEqualTo("request " + r.id() + ": the acknowledge deadline set by A1.O1 falls due at"
                    + " 2026-03-02T12:00:00Z (in 120 min)"));
    clock.advance(Duration.ofHours(2)); // due now: not yet missed
    assertThat(node.caseClock.tick()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(node.caseClock.tick()).singleElement().isInstanceOf(ClockEvent.Missed.class);
    clock.advance(Duration.ofHours(1));
    assertThat(node.caseClock.tick()).isEmpty();
    assertThat(missed(node)).containsExactly(r.id() + "/acknowledge");
    assertThat(node.records.misses()).hasSize(1);
  }

  @Test
  void clocksSurviveARestartAndEscalateTheRightRequestsOnce() {
    AssistanceRequest kept = CaseFixtures.preservation();
    AssistanceRequest forgotten = CaseFixtures.preservation();
    AssistanceRequest emergency =
        request(CaseFixtures.newId(), RequestKind.SUBSCRIBER_INFO, Urgency.EMERGENCY, "finance");
    AssistanceRequest later = CaseFixtures.preservation();
    node.received(kept);
    node.received(forgotten);
    node.received(emergency);
    node.cases.apply(kept.id(), Transition.ACKNOWLEDGE, "us");
    node.cases.apply(emergency.id(), Transition.ACKNOWLEDGE, "us");
    clock.advance(Duration.ofHours(12));
    node.received(later); // its acknowledgement is due at T0 + 36 h
    node.caseClock.tick(); // the emergency's answer warning (due T0 + 8 h) and miss
    assertThat(missed(node)).containsExactly(emergency.id() + "/answer");

    // the node is down from T0 + 12 h to T0 + 30 h
    node.close();
    clock.advance(Duration.ofHours(18));
    CaseHarness again = new CaseHarness(dir, clock, opener());
    node = again;
    assertThat(again.caseClock.open()).as("kept: answer; forgotten: both; later: both").isEqualTo(5);
    again.caseClock.tick();

    assertThat(missed(again)).containsExactly(forgotten.id() + "/acknowledge");
    assertThat(again.events(ClockEvent.Warning.class))
        .extracting(w -> w.deadline().requestId())
        .containsExactly(forgotten.id()); // the late warning of the missed one; later's warning is at T0 + 34 h
    assertThat(again.events(ClockEvent.Warning.class).get(0).describe())
        .contains("fell due at").contains("min ago; warned late").doesNotContain("in -");

    // and again: nothing is escalated twice, whatever the number of restarts
    restart().caseClock.tick();
    assertThat(node.events).isEmpty();
    clock.advance(Duration.ofHours(7)); // T0 + 37 h: later's acknowledgement is missed too
    restart().caseClock.tick();
    assertThat(missed(node)).containsExactly(later.id() + "/acknowledge");
    assertThat(node.records.misses())
        .extracting(m -> m.requestId() + "/" + m.deadline())
        .containsExactlyInAnyOrder(
            emergency.id() + "/answer", forgotten.id() + "/acknowledge", later.id() + "/acknowledge");
  }

  @Test
  void aClockThatGoesBackIsReportedAndNeverTurnsAMissIntoAKeptDeadline() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.received(r);
    clock.advance(Duration.ofHours(25));
    node.caseClock.tick();
    assertThat(missed(node)).containsExactly(r.id() + "/acknowledge");

    clock.set(T0.plus(Duration.ofHours(1))); // back 24 h: the acknowledgement would look in time
    List<ClockEvent> told = node.caseClock.tick();
    assertThat(told)
        .singleElement()
        .isInstanceOfSatisfying(
            ClockEvent.ClockWentBack.class,
            b -> {
              assertThat(b.highWater()).isEqualTo(T0.plus(Duration.ofHours(25)));
              assertThat(b.clock()).isEqualTo(T0.plus(Duration.ofHours(1)));
            });
    assertThat(node.caseClock.tick()).as("reported once per jump").isEmpty();

    CaseFile f = node.cases.apply(r.id(), Transition.ACKNOWLEDGE, "us");
    assertThat(f.steps().get(2).at()).as("stamped at the high-water mark").isEqualTo(T0.plus(Duration.ofHours(25)));
    assertThat(CasesTest.deadlines(f).get("acknowledge").status()).isEqualTo("missed");
    assertThat(node.records.misses()).hasSize(1);

    // across a restart, the mark is still there: the jump is reported again by the new process
    restart();
    assertThat(node.caseClock.tick()).singleElement().isInstanceOf(ClockEvent.ClockWentBack.class);
    clock.set(T0.plus(Duration.ofHours(26)));
    assertThat(node.caseClock.tick()).isEmpty();
    clock.set(T0);
    assertThat(node.caseClock.tick()).as("a new jump is a new report").hasSize(1);
  }

  @Test
  void aJumpBackBeforeADeadlineDoesNotMakeItFireEarlyOrLate() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.received(r);
    clock.advance(Duration.ofHours(10));
    node.caseClock.tick();
    clock.set(T0.plus(Duration.ofHours(5)));
    node.caseClock.tick(); // reported; the mark stays at T0 + 10 h
    clock.set(T0.plus(Duration.ofHours(24)).plusMillis(1));
    node.caseClock.tick();
    assertThat(missed(node)).containsExactly(r.id() + "/acknowledge");
  }

  @Test
  void aMissTheListenerFailedToTakeIsDeliveredAgainButRecordedOnce() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.received(r);
    clock.advance(Duration.ofHours(25));
    node.failNext = new IllegalStateException("webhook down");
    node.caseClock.tick(); // the warning fails to go out; the miss is delivered
    assertThat(missed(node)).hasSize(1);

    AssistanceRequest s = CaseFixtures.preservation();
    node.received(s);
    clock.advance(Duration.ofHours(25));
    // fail the first event of the tick; it is s's warning, then s's miss goes out
    node.failNext = new IllegalStateException("webhook down");
    node.caseClock.tick();
    assertThat(node.records.misses()).hasSize(2);
    // a miss whose delivery fails stays undelivered in the store and is delivered after a restart
    AssistanceRequest t = CaseFixtures.preservation();
    node.received(t);
    clock.advance(Duration.ofHours(22));
    node.caseClock.tick(); // t's warning
    clock.advance(Duration.ofHours(3));
    node.failNext = new IllegalStateException("webhook down");
    node.caseClock.tick(); // t's miss fails
    assertThat(node.records.misses().stream().filter(m -> !m.notified()).count()).isEqualTo(1);
    restart().caseClock.tick();
    assertThat(missed(node)).containsExactly(t.id() + "/acknowledge");
    assertThat(node.records.misses()).hasSize(3).allSatisfy(m -> assertThat(m.notified()).isTrue());
  }
}
