package org.accord.cases;

import static org.accord.cases.CaseFixtures.T0;
import static org.accord.cases.CaseFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.accord.store.CaseRecords.DeadlineRow;
import org.accord.store.MutableClock;
import org.junit.jupiter.api.Test;

/** Responsiveness per requested party and kind, from transitions and deadlines alone. */
class ResponsivenessTest {
  static final Instant NOW = T0.plus(Duration.ofDays(50));

  /** A production request received at T0 with steps at the given offsets and its answer deadline's status. */
  static CaseFile file(State state, String answerStatus, Object... steps) {
    AssistanceRequest r = request(CaseFixtures.newId(), RequestKind.PRODUCTION, Urgency.NORMAL, "energy");
    List<Step> out = new ArrayList<>();
    out.add(new Step(r.id(), 1, Transition.SEND, "cn", T0.minusSeconds(60), List.of(), null));
    out.add(new Step(r.id(), 2, Transition.RECEIVE, "us", T0, List.of(), null));
    for (int i = 0; i < steps.length; i += 2) {
      Transition t = (Transition) steps[i];
      List<DeclineGround> grounds = t == Transition.DECLINE ? List.of(DeclineGround.LEGAL_IMPEDIMENT) : List.of();
      out.add(new Step(r.id(), out.size() + 1, t, t.by() == Role.REQUESTER ? "cn" : "us",
          T0.plus((Duration) steps[i + 1]), grounds, null));
    }
    List<DeadlineRow> deadlines =
        answerStatus == null
            ? List.of()
            : List.of(
                new DeadlineRow(r.id(), "answer", T0.plus(Duration.ofDays(10)), null, "A1.O1", answerStatus, false));
    return new CaseFile(r, new CaseState(state, Extension.NONE), out, Optional.empty(), deadlines);
  }

  @Test
  void mediansPercentilesShareOnTimeAndOpenRequestsByAge() {
    List<CaseFile> files =
        List.of(
            file(State.ANSWERED_FULL, "met", Transition.ACKNOWLEDGE, Duration.ofHours(1),
                Transition.ANSWER_FULL, Duration.ofDays(2)),
            file(State.CLOSED, "missed", Transition.ACKNOWLEDGE, Duration.ofHours(2),
                Transition.ANSWER_PARTIAL, Duration.ofDays(12), Transition.ANSWER_FULL, Duration.ofDays(13),
                Transition.CLOSE, Duration.ofDays(14)),
            file(State.DECLINED, "met", Transition.DECLINE, Duration.ofHours(3)), // a decline acknowledges and answers
            file(State.ACKNOWLEDGED, "missed", Transition.ACKNOWLEDGE, Duration.ofHours(4)), // open, 50 days old
            file(State.RECEIVED, "open"), // open, 50 days old, never acknowledged
            file(State.CLOSED, "cancelled", Transition.ACKNOWLEDGE, Duration.ofHours(30),
                Transition.WITHDRAW, Duration.ofDays(1))); // withdrawn: not open, not judged
    CaseFile draft =
        new CaseFile(CaseFixtures.preservation(), CaseState.DRAFT, List.of(), Optional.empty(), List.of());
    List<CaseFile> all = new ArrayList<>(files);
    all.add(draft);

    List<Responsiveness.Line> lines = Responsiveness.of(all, NOW);

    assertThat(lines).singleElement().satisfies(l -> {
      assertThat(l.party()).isEqualTo("us");
      assertThat(l.kind()).isEqualTo(RequestKind.PRODUCTION);
      assertThat(l.received()).isEqualTo(6);
      // acknowledged: 1 h, 2 h, 3 h, 4 h, 30 h -> median the 3rd, p90 the 5th (nearest rank)
      assertThat(l.acknowledge()).isEqualTo(new Responsiveness.Percentiles(5, Duration.ofHours(3),
          Duration.ofHours(30)));
      // answered: 3 h (decline), 2 d, 12 d (first, partial) -> median 2 d, p90 12 d
      assertThat(l.answer()).isEqualTo(new Responsiveness.Percentiles(3, Duration.ofDays(2), Duration.ofDays(12)));
      assertThat(l.onTime()).isEqualTo(2);
      assertThat(l.late()).isEqualTo(2);
      assertThat(l.shareOnTime()).contains(0.5);
      assertThat(l.openByAge()).isEqualTo(Map.of(Responsiveness.Age.OVER_30_DAYS, 2));
      assertThat(l.open()).isEqualTo(2);
    });
  }

  @Test
  void nothingReceivedNothingToSay() {
    assertThat(Responsiveness.of(List.of(), NOW)).isEmpty();
    CaseFile open = file(State.RECEIVED, null);
    Responsiveness.Line l = Responsiveness.of(List.of(open), T0.plus(Duration.ofHours(5))).get(0);
    assertThat(l.acknowledge().count()).isZero();
    assertThat(l.acknowledge().median()).isNull();
    assertThat(l.shareOnTime()).isEmpty();
    assertThat(l.openByAge()).isEqualTo(Map.of(Responsiveness.Age.UNDER_1_DAY, 1));
  }

  @Test
  void theServiceFeedsTheStatisticsFromItsStore() {
    Path dir = CaseHarness.newDir();
    MutableClock clock = new MutableClock(T0);
    try (CaseHarness node = new CaseHarness(dir, clock)) {
      AssistanceRequest quick = CaseFixtures.preservation();
      AssistanceRequest slow = CaseFixtures.preservation();
      node.received(quick);
      node.received(slow);
      clock.advance(Duration.ofHours(2));
      node.cases.apply(quick.id(), Transition.ACKNOWLEDGE, "us");
      clock.advance(Duration.ofDays(1));
      node.cases.apply(quick.id(), Transition.ANSWER_FULL, "us");
      clock.advance(Duration.ofDays(10)); // slow's answer deadline passes
      node.caseClock.tick();

      Responsiveness.Line l = Responsiveness.of(node.cases.list(), node.caseClock.now()).get(0);

      assertThat(l.kind()).isEqualTo(RequestKind.PRESERVATION);
      assertThat(l.acknowledge().median()).isEqualTo(Duration.ofHours(2));
      assertThat(l.answer().median()).isEqualTo(Duration.ofHours(26));
      assertThat(l.onTime()).isEqualTo(1);
      assertThat(l.late()).isEqualTo(1);
      assertThat(l.openByAge()).isEqualTo(Map.of(Responsiveness.Age.UNDER_30_DAYS, 1));
    } finally {
      CaseHarness.delete(dir);
    }
  }
}
