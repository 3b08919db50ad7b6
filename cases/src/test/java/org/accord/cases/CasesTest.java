package org.accord.cases;

import static org.accord.cases.CaseFixtures.T0;
import static org.accord.cases.CaseFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.accord.store.CaseRecords.DeadlineRow;
import org.accord.store.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests, transitions and their clocks on a real SQLite store. */
class CasesTest {
  Path dir;
  MutableClock clock;
  CaseHarness node;

  @BeforeEach
  void open() {
    dir = CaseHarness.newDir();
    clock = new MutableClock(T0);
    node = new CaseHarness(dir, clock);
  }

  @AfterEach
  void close() {
    node.close();
    CaseHarness.delete(dir);
  }

  static Map<String, DeadlineRow> deadlines(CaseFile f) {
    return f.deadlines().stream().collect(Collectors.toMap(DeadlineRow::deadline, d -> d));
  }

  @Test
  void theDemoRequestGoesThroughItsLifecycleAndKeepsItsClocks() {
    AssistanceRequest r = CaseFixtures.preservation();
    CaseFile f = node.received(r);
    assertThat(f.state()).isEqualTo(new CaseState(State.RECEIVED, Extension.NONE));
    assertThat(f.clocks()).map(Deadlines::clauseId).contains("A1.O1");
    assertThat(deadlines(f).get("acknowledge").due()).isEqualTo(T0.plus(Duration.ofHours(24)));
    assertThat(deadlines(f).get("acknowledge").warnAt()).isEqualTo(T0.plus(Duration.ofHours(22)));
    assertThat(deadlines(f).get("answer").due()).isEqualTo(T0.plus(Duration.ofDays(10)));
    assertThat(node.caseClock.open()).isEqualTo(2);

    clock.advance(Duration.ofHours(3));
    f = node.cases.apply(r.id(), Transition.ACKNOWLEDGE, "us");
    assertThat(deadlines(f).get("acknowledge").status()).isEqualTo("met");
    node.cases.apply(r.id(), Transition.START, "us");
    clock.advance(Duration.ofHours(1));
    f = node.cases.apply(r.id(), Transition.PRESERVE, "us");
    assertThat(deadlines(f).get("preservation").due())
        .isEqualTo(T0.plus(Duration.ofHours(4)).plus(Duration.ofDays(60)));
    f = node.cases.apply(r.id(), Transition.ANSWER_FULL, "us", List.of(), "logs and subscriber attached");
    assertThat(deadlines(f).get("answer").status()).isEqualTo("met");
    f = node.cases.apply(r.id(), Transition.CLOSE, "cn");
    assertThat(f.state().state()).isEqualTo(State.CLOSED);
    assertThat(deadlines(f).get("preservation").status()).isEqualTo("cancelled");
    assertThat(node.caseClock.open()).isZero();
    assertThat(f.steps())
        .extracting(s -> s.transition().wire() + " by " + s.party())
        .containsExactly(
            "send by cn", "receive by us", "acknowledge by us", "start by us", "preserve by us", "answer-full by us",
            "close by cn");
    assertThat(f.steps().get(5).note()).isEqualTo("logs and subscriber attached");
    assertThat(node.records.misses()).isEmpty();
    assertThat(node.caseClock.tick()).isEmpty();
  }

  @Test
  void anIllegalTransitionIsRefusedWithWhatIsAllowedAndWritesNothing() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.cases.create(r);
    node.cases.apply(r.id(), Transition.SEND, "cn");

    assertThatThrownBy(() -> node.cases.apply(r.id(), Transition.ACKNOWLEDGE, "us"))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage(
            "cannot acknowledge request " + r.id() + ": it is sent; allowed now: withdraw (by cn, the requester);"
                + " receive (by us, the requested party)");
    assertThatThrownBy(() -> node.cases.apply(r.id(), Transition.RECEIVE, "cn"))
        .hasMessage(
            "cannot receive request " + r.id() + " as cn: only the requested party (us) may; allowed now: withdraw"
                + " (by cn, the requester); receive (by us, the requested party)");
    assertThatThrownBy(() -> node.cases.apply(r.id(), Transition.RECEIVE, "eu"))
        .hasMessageEndingWith("party 'eu' is not on it (requester cn, requested party us)");
    assertThatThrownBy(() -> node.cases.apply(CaseFixtures.newId(), Transition.SEND, "cn"))
        .isInstanceOf(CaseException.class)
        .hasMessageStartingWith("no request assistance-request--");
    assertThatThrownBy(() -> node.cases.create(r))
        .hasMessage("request " + r.id() + ": this id is taken on this node; a new request needs a new id");

    assertThat(node.records.request(r.id()).orElseThrow().seq()).isEqualTo(1);
    assertThat(node.records.transitions(r.id())).hasSize(1);
    assertThat(node.records.deadlines(r.id())).isEmpty();
  }

  @Test
  void aDeclineCarriesItsGroundsAndMeetsTheClocks() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.received(r);
    assertThatThrownBy(() -> node.cases.apply(r.id(), Transition.DECLINE, "us"))
        .hasMessageStartingWith("decline of request " + r.id() + ": give the grounds");
    assertThat(node.records.transitions(r.id())).hasSize(2);

    CaseFile f =
        node.cases.apply(
            r.id(), Transition.DECLINE, "us", List.of(DeclineGround.NOT_IN_JURISDICTION), "the hoster left the US");
    assertThat(f.state().state()).isEqualTo(State.DECLINED);
    assertThat(f.steps().get(2).grounds()).containsExactly(DeclineGround.NOT_IN_JURISDICTION);
    assertThat(deadlines(f).values()).extracting(DeadlineRow::status).containsOnly("met");
  }

  @Test
  void aLateAcknowledgementRecordsTheMissOnceAndEscalatesIt() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.received(r);
    clock.advance(Duration.ofHours(25)); // no tick ran: the late transition itself reveals the miss

    CaseFile f = node.cases.apply(r.id(), Transition.ACKNOWLEDGE, "us");

    assertThat(deadlines(f).get("acknowledge").status()).isEqualTo("missed");
    assertThat(node.events(ClockEvent.Missed.class))
        .singleElement()
        .satisfies(m -> {
          assertThat(m.late()).isTrue();
          assertThat(m.deadline().kind()).isEqualTo(DeadlineKind.ACKNOWLEDGE);
          assertThat(m.deadline().clauseId()).isEqualTo("A1.O1");
        });
    assertThat(node.records.misses()).singleElement().satisfies(m -> assertThat(m.notified()).isTrue());
    node.caseClock.tick();
    assertThat(node.events(ClockEvent.Missed.class)).hasSize(1);
  }

  @Test
  void aGrantedExtensionMovesTheAnswerAndThePreservationEnd() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.received(r);
    node.cases.apply(r.id(), Transition.ACKNOWLEDGE, "us");
    node.cases.apply(r.id(), Transition.PRESERVE, "us");
    assertThatThrownBy(() -> node.cases.apply(r.id(), Transition.GRANT_EXTENSION, "cn"))
        .hasMessageContaining("no extension was requested");
    node.cases.apply(r.id(), Transition.REQUEST_EXTENSION, "us", List.of(), "the hoster needs a court order");

    CaseFile f = node.cases.apply(r.id(), Transition.GRANT_EXTENSION, "cn");

    assertThat(f.state().extension()).isEqualTo(Extension.GRANTED);
    assertThat(deadlines(f).get("answer").due()).isEqualTo(T0.plus(Duration.ofDays(40)));
    assertThat(deadlines(f).get("preservation").due()).isEqualTo(T0.plus(Duration.ofDays(90)));
    assertThat(node.caseClock.nextFiring()).contains(T0.plus(Duration.ofDays(40)).minus(CaseHarness.LEAD));
    assertThatThrownBy(() -> node.cases.apply(r.id(), Transition.REQUEST_EXTENSION, "us"))
        .hasMessageContaining("its one extension was already granted");
  }

  @Test
  void noExtensionIsAskedWhereNoObligationSetsOne() {
    // health is outside A1.O1: the request has no clock, so there is nothing to extend
    AssistanceRequest r = request(CaseFixtures.newId(), RequestKind.PRODUCTION, Urgency.NORMAL, "health");
    CaseFile f = node.received(r);
    assertThat(f.clocks()).isEmpty();
    assertThat(f.deadlines()).isEmpty();
    node.cases.apply(r.id(), Transition.ACKNOWLEDGE, "us");
    assertThatThrownBy(() -> node.cases.apply(r.id(), Transition.REQUEST_EXTENSION, "us"))
        .hasMessage(
            "cannot request-extension request " + r.id() + ": no obligation applies to it, so no deadline runs");
    assertThat(node.records.request(r.id()).orElseThrow().extension()).isEqualTo("none");
  }

  @Test
  void aWithdrawnRequestStopsItsClocks() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.received(r);
    CaseFile f = node.cases.apply(r.id(), Transition.WITHDRAW, "cn", List.of(), "the operators were arrested");
    assertThat(deadlines(f).values()).extracting(DeadlineRow::status).containsOnly("cancelled");
    clock.advance(Duration.ofDays(30));
    assertThat(node.caseClock.tick()).isEmpty();
    assertThat(node.records.misses()).isEmpty();
  }

  @Test
  void withoutAnActiveRulebookARequestIsReceivedWithoutClocks() {
    Cases noRulebook = new Cases(node.records, () -> null, node.caseClock);
    AssistanceRequest r = CaseFixtures.preservation();
    noRulebook.create(r);
    noRulebook.apply(r.id(), Transition.SEND, "cn");
    CaseFile f = noRulebook.apply(r.id(), Transition.RECEIVE, "us");
    assertThat(f.clocks()).isEmpty();
    assertThat(f.deadlines()).isEmpty();
  }

  @Test
  void aRefusedTransitionDoesNotMoveTheClocksMark() {
    AssistanceRequest r = CaseFixtures.preservation();
    node.received(r);
    java.time.Instant mark = node.records.highWater().orElseThrow();
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> node.cases.apply(r.id(), Transition.DECLINE, "us")).isInstanceOf(CaseException.class);
    assertThat(node.records.highWater()).contains(mark);
  }
}
