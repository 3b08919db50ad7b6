package org.accord.cases;

import static org.accord.cases.CaseFixtures.T0;
import static org.accord.cases.CaseFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.accord.rules.Rulebook;
import org.junit.jupiter.api.Test;

/** The clocks a received request gets, and the clause that explains each. */
class DeadlinesTest {
  static final Rulebook RULEBOOK = CaseFixtures.rulebook();
  static final Instant RECEIVED = T0.plusSeconds(3600);

  @Test
  void aNormalCiRequestGetsTheSketchDeadlines() {
    AssistanceRequest r = request(CaseFixtures.newId(), RequestKind.PRODUCTION, Urgency.NORMAL, "energy");
    Deadlines d = Deadlines.on(RULEBOOK, r, RECEIVED).orElseThrow();
    assertThat(d.clauseId()).isEqualTo("A1.O1");
    assertThat(d.acknowledgeBy()).isEqualTo(RECEIVED.plus(Duration.ofHours(24)));
    assertThat(d.answerBy(false)).contains(RECEIVED.plus(Duration.ofDays(10)));
    assertThat(d.answerBy(true)).contains(RECEIVED.plus(Duration.ofDays(40)));
    assertThat(d.preservationEnds(RECEIVED, false)).contains(RECEIVED.plus(Duration.ofDays(60)));
    assertThat(d.preservationEnds(RECEIVED, true)).contains(RECEIVED.plus(Duration.ofDays(90)));
    assertThat(d.explain(false))
        .containsExactly(
            "acknowledge by 2026-03-02T13:00:00Z: A1.O1 acknowledge_within 24h from receipt at 2026-03-01T13:00:00Z",
            "answer by 2026-03-11T13:00:00Z: A1.O1 answer_within 10d from receipt at 2026-03-01T13:00:00Z",
            "preserve for 60d from the preservation: A1.O1 preserve_for",
            "one extension of 30d may be granted: A1.O1 extension");
  }

  @Test
  void anEmergencyIsAnsweredInEightHours() {
    AssistanceRequest r = request(CaseFixtures.newId(), RequestKind.SUBSCRIBER_INFO, Urgency.EMERGENCY, "finance");
    assertThat(Deadlines.on(RULEBOOK, r, RECEIVED).orElseThrow().answerBy(false))
        .contains(RECEIVED.plus(Duration.ofHours(8)));
  }

  @Test
  void aRequestNoObligationCoversHasNoClock() {
    AssistanceRequest health = request(CaseFixtures.newId(), RequestKind.PRODUCTION, Urgency.NORMAL, "health");
    assertThat(Deadlines.on(RULEBOOK, health, RECEIVED)).isEmpty();
  }

  @Test
  void theClocksReadBackFromTheReceiptTheyWereRecordedIn() {
    AssistanceRequest r = request(CaseFixtures.newId(), RequestKind.PRODUCTION, Urgency.NORMAL, "energy");
    Deadlines d = Deadlines.on(RULEBOOK, r, RECEIVED).orElseThrow();
    Step receipt = new Step(r.id(), 2, Transition.RECEIVE, "us", RECEIVED, java.util.List.of(), null);
    assertThat(CaseJson.readDeadlines(CaseJson.writeStep(receipt, d))).isEqualTo(d);
  }
}
