package org.accord.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.accord.store.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes' copies of one request, kept in step by relaying each stored transition to the other (no network). */
class CaseExchangeTest {
  private CaseHarness cn;
  private CaseHarness us;

  @BeforeEach
  void open() {
    cn = new CaseHarness(CaseHarness.newDir(), new MutableClock(CaseFixtures.T0));
    us = new CaseHarness(CaseHarness.newDir(), new MutableClock(CaseFixtures.T0.plusSeconds(5)));
  }

  @AfterEach
  void close() {
    cn.close();
    us.close();
  }

  /** Relays the transitions {@code from} stored since {@code seen} to {@code to}; returns how many it has seen. */
  private static int relay(CaseHarness from, CaseHarness to, int seen) {
    List<Step> all = from.stored;
    for (Step s : all.subList(seen, all.size())) {
      to.cases.record(s);
    }
    return all.size();
  }

  @Test
  void bothCopiesHoldTheSameStepsAndTheSameClocks() {
    AssistanceRequest r = CaseFixtures.preservation();
    cn.cases.create(r);
    cn.cases.apply(r.id(), Transition.SEND, "cn");

    us.cases.receive(r);
    int fromCn = relay(cn, us, 0);
    us.cases.apply(r.id(), Transition.RECEIVE, "us");
    us.clock.advance(Duration.ofHours(1));
    us.cases.apply(r.id(), Transition.ACKNOWLEDGE, "us");
    us.cases.apply(r.id(), Transition.ANSWER_FULL, "us", List.of(), "logs attached");
    relay(us, cn, 0); // us's listener saw send too (recorded), then its own three

    CaseFile atCn = cn.cases.find(r.id()).orElseThrow();
    CaseFile atUs = us.cases.find(r.id()).orElseThrow();
    assertThat(atCn.steps()).isEqualTo(atUs.steps()).hasSize(4);
    assertThat(atCn.state().state()).isEqualTo(State.ANSWERED_FULL);
    assertThat(atCn.clocks()).isEqualTo(atUs.clocks()).isPresent();
    assertThat(atCn.deadlines()).isEqualTo(atUs.deadlines());
    assertThat(fromCn).isEqualTo(1);
  }

  @Test
  void theSameTransitionDeliveredAgainChangesNothing() {
    AssistanceRequest r = CaseFixtures.preservation();
    cn.cases.create(r);
    cn.cases.apply(r.id(), Transition.SEND, "cn");
    us.cases.receive(r);
    relay(cn, us, 0);

    us.cases.receive(r);
    relay(cn, us, 0);

    assertThat(us.cases.find(r.id()).orElseThrow().steps()).hasSize(1);
  }

  @Test
  void aTransitionOutOfSequenceIsRefusedAndWritesNothing() {
    AssistanceRequest r = CaseFixtures.preservation();
    cn.cases.create(r);
    us.cases.receive(r);
    Step ack = new Step(r.id(), 3, Transition.ACKNOWLEDGE, "us", CaseFixtures.T0, List.of(), null);

    assertThatThrownBy(() -> cn.cases.record(ack))
        .isInstanceOf(CaseException.class)
        .hasMessageContaining("out of sequence: the next is 1");
    assertThat(cn.cases.find(r.id()).orElseThrow().steps()).isEmpty();
  }

  @Test
  void aTransitionByTheWrongPartyIsRefusedWithWhatIsAllowed() {
    AssistanceRequest r = CaseFixtures.preservation();
    cn.cases.create(r);
    cn.cases.apply(r.id(), Transition.SEND, "cn");
    Step forgedReceipt = new Step(r.id(), 2, Transition.RECEIVE, "cn", CaseFixtures.T0, List.of(), null);

    assertThatThrownBy(() -> cn.cases.record(forgedReceipt))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("only the requested party (us) may");
    assertThat(cn.cases.find(r.id()).orElseThrow().steps()).hasSize(1);
  }

  @Test
  void aSecondDifferentTransitionWithAHeldNumberIsRefused() {
    AssistanceRequest r = CaseFixtures.preservation();
    cn.cases.create(r);
    cn.cases.apply(r.id(), Transition.SEND, "cn");
    us.cases.receive(r);
    relay(cn, us, 0);
    Step other = new Step(r.id(), 1, Transition.WITHDRAW, "cn", CaseFixtures.T0, List.of(), null);

    assertThatThrownBy(() -> us.cases.record(other)).hasMessageContaining("transition 1 of request " + r.id()
        + " is already send by cn");
  }

  /**
   * A request under an id this node holds is refused in one message whoever it is between: a third party (eu) whose
   * request reuses the id of one between cn and us learns nothing of that request (its parties, that its content
   * differs) — the same words as the requester's own request with other content gets.
   */
  @Test
  void aRequestUnderATakenIdIsRefusedInOneMessageWhoeverTheHeldRequestIsBetween() {
    AssistanceRequest r = CaseFixtures.preservation();
    us.cases.receive(r);
    AssistanceRequest sameRequester = CaseFixtures.request(r.id(), RequestKind.PRODUCTION, Urgency.NORMAL, "energy");
    AssistanceRequest third = new AssistanceRequest(
        r.id(), r.kind(), "eu", "us", r.legalBasis(), r.offence(), r.facts(), r.dataSought(), r.custodian(),
        r.location(), r.urgency(), r.sector(), List.of(), r.tlp(), r.created());
    String expected = "request " + r.id() + ": this id is taken on this node; a new request needs a new id";

    assertThatThrownBy(() -> us.cases.receive(sameRequester)).isInstanceOf(CaseException.class).hasMessage(expected);
    assertThatThrownBy(() -> us.cases.receive(third)).isInstanceOf(CaseException.class).hasMessage(expected);
    assertThat(us.cases.find(r.id()).orElseThrow().request()).isEqualTo(r);
    assertThat(us.records.requests()).hasSize(1);
  }
}
