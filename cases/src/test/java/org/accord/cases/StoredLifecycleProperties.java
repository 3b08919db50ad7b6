package org.accord.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.accord.store.CaseRecords;
import org.accord.store.MutableClock;

/**
 * Random walks through the real service and store: the stored request follows the lifecycle exactly, a refused
 * transition stores nothing, and the clocks never hold a deadline of a request that is answered, declined or closed.
 */
class StoredLifecycleProperties {
  static Path dir;
  static MutableClock clock;
  static CaseHarness node;

  @BeforeContainer
  static void open() {
    dir = CaseHarness.newDir();
    clock = new MutableClock(CaseFixtures.T0);
    node = new CaseHarness(dir, clock);
  }

  @AfterContainer
  static void close() {
    node.close();
    CaseHarness.delete(dir);
  }

  @Provide
  Arbitrary<List<Tuple.Tuple3<Transition, String, Integer>>> walks() {
    Arbitrary<Tuple.Tuple3<Transition, String, Integer>> attempt =
        Combinators.combine(
                Arbitraries.of(Transition.class), Arbitraries.of("cn", "us", "eu"),
                Arbitraries.integers().between(0, 30))
            .as(Tuple::of);
    return attempt.list().ofMinSize(1).ofMaxSize(25);
  }

  @Property(tries = 40)
  void theStoreFollowsTheLifecycleAndRefusalsStoreNothing(
      @ForAll("walks") List<Tuple.Tuple3<Transition, String, Integer>> attempts) {
    AssistanceRequest r = CaseFixtures.preservation();
    node.cases.create(r);
    CaseState model = CaseState.DRAFT;
    int seq = 0;
    for (Tuple.Tuple3<Transition, String, Integer> a : attempts) {
      clock.advance(Duration.ofHours(a.get3()));
      Transition t = a.get1();
      List<DeclineGround> grounds = t == Transition.DECLINE ? List.of(DeclineGround.LEGAL_IMPEDIMENT) : List.of();
      CaseState expected;
      try {
        expected = Lifecycle.next(r, model, t, a.get2());
      } catch (IllegalTransitionException e) {
        expected = null;
      }
      try {
        node.cases.apply(r.id(), t, a.get2(), grounds, null);
        assertThat(expected).as("stored although the lifecycle refuses " + t + " by " + a.get2()).isNotNull();
        model = expected;
        seq++;
      } catch (CaseException refused) {
        // refused by the lifecycle, or an extension where none can be asked for: either way nothing is stored
        assertThat(expected == null || t == Transition.REQUEST_EXTENSION).isTrue();
      }
      CaseRecords.RequestRow row = node.records.request(r.id()).orElseThrow();
      assertThat(row.seq()).isEqualTo(seq);
      assertThat(row.state()).isEqualTo(model.state().wire());
      assertThat(row.extension()).isEqualTo(model.extension().wire());
      assertThat(node.records.transitions(r.id())).hasSize(seq);
      if (model.state() == State.CLOSED || model.state() == State.DECLINED || model.state() == State.ANSWERED_FULL) {
        assertThat(node.records.deadlines(r.id()))
            .filteredOn(d -> !d.deadline().equals("preservation"))
            .extracting(CaseRecords.DeadlineRow::status)
            .doesNotContain("open");
      }
    }
    node.caseClock.tick();
  }
}
