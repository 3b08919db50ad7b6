package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.accord.store.CaseRecords.DeadlineRow;
import org.accord.store.CaseRecords.MissRow;
import org.accord.store.CaseRecords.RequestRow;
import org.accord.store.CaseRecords.TransitionRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link CaseRecords} must have, run against each database by a subclass. */
abstract class CaseRecordsContractTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  static final String ID = "assistance-request--6f1b9a52-3c1d-4e8f-9a0b-1c2d3e4f5a6b";
  static final RequestRow DRAFT =
      new RequestRow(ID, "cn", "us", "preservation", "normal", "draft", "none", 0, "{\"id\":\"" + ID + "\"}", T0);

  protected ObjectStore store;
  protected CaseRecords cases;

  protected abstract ObjectStore openStore(Clock clock);

  protected abstract void closeStore(ObjectStore store);

  @BeforeEach
  void open() {
    store = openStore(Clock.fixed(T0, ZoneOffset.UTC));
    cases = Stores.cases(store);
  }

  @AfterEach
  void close() {
    if (store != null) {
      closeStore(store);
    }
  }

  static TransitionRow step(int seq, String name, String party, Instant at) {
    return new TransitionRow(ID, seq, name, party, at, "{}");
  }

  static DeadlineRow deadline(String which, Instant due, String status) {
    return new DeadlineRow(ID, which, due, due.minusSeconds(3600), "A1.O1", status, false);
  }

  @Test
  void aRequestAndItsTransitionsReadBackInOrder() {
    assertThat(cases.create(DRAFT)).isTrue();
    assertThat(cases.create(DRAFT)).as("same id again").isFalse();
    cases.transition(step(1, "send", "cn", T0.plusSeconds(1)), "sent", "none", List.of(), List.of());
    cases.transition(
        step(2, "receive", "us", T0.plusSeconds(2)), "received", "none",
        List.of(deadline("acknowledge", T0.plusSeconds(86_400), "open")), List.of());

    RequestRow now = cases.request(ID).orElseThrow();
    assertThat(now.state()).isEqualTo("received");
    assertThat(now.seq()).isEqualTo(2);
    assertThat(now.body()).isEqualTo(DRAFT.body());
    assertThat(cases.transitions(ID)).extracting(TransitionRow::transition).containsExactly("send", "receive");
    assertThat(cases.transitions(ID).get(1).at()).isEqualTo(T0.plusSeconds(2));
    assertThat(cases.allTransitions()).hasSize(2);
    assertThat(cases.openDeadlines()).containsExactly(deadline("acknowledge", T0.plusSeconds(86_400), "open"));
    assertThat(cases.requests()).containsExactly(now);
  }

  @Test
  void aTransitionAtAStaleSequenceWritesNothing() {
    cases.create(DRAFT);
    cases.transition(step(1, "send", "cn", T0), "sent", "none", List.of(), List.of());

    assertThatThrownBy(
            () ->
                cases.transition(
                    step(1, "withdraw", "cn", T0), "closed", "none",
                    List.of(deadline("answer", T0.plusSeconds(10), "open")), List.of()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is not at transition 0");
    assertThat(cases.request(ID).orElseThrow().state()).isEqualTo("sent");
    assertThat(cases.transitions(ID)).hasSize(1);
    assertThat(cases.deadlines(ID)).isEmpty();
  }

  @Test
  void aMissIsRecordedOnceAndAMissedDeadlineStaysMissed() {
    cases.create(DRAFT);
    Instant due = T0.plusSeconds(100);
    cases.transition(step(1, "receive", "us", T0), "received", "none", List.of(deadline("acknowledge", due, "open")),
        List.of());
    MissRow miss = new MissRow(ID, "acknowledge", due, "A1.O1", T0.plusSeconds(101), false);

    assertThat(cases.recordMiss(miss)).isTrue();
    assertThat(cases.recordMiss(miss)).as("the second time").isFalse();
    // a late acknowledgement says "met": the store keeps the miss
    List<MissRow> again =
        cases.transition(
            step(2, "acknowledge", "us", T0.plusSeconds(200)), "acknowledged", "none",
            List.of(deadline("acknowledge", due, "met")), List.of(miss));
    assertThat(again).isEmpty();
    assertThat(cases.deadlines(ID)).extracting(DeadlineRow::status).containsExactly("missed");
    assertThat(cases.openDeadlines()).isEmpty();
    cases.closeDeadline(ID, "acknowledge", "lapsed");
    assertThat(cases.deadlines(ID)).extracting(DeadlineRow::status).containsExactly("missed");
    assertThat(cases.misses()).containsExactly(miss);
    cases.markNotified(ID, "acknowledge");
    assertThat(cases.misses().get(0).notified()).isTrue();
  }

  @Test
  void warningsAndClosedDeadlinesAreKept() {
    cases.create(DRAFT);
    cases.transition(step(1, "receive", "us", T0), "received", "none",
        List.of(deadline("acknowledge", T0.plusSeconds(100), "open"), deadline("answer", T0.plusSeconds(900),
            "open")), List.of());
    cases.markWarned(ID, "acknowledge");
    cases.closeDeadline(ID, "answer", "cancelled");

    assertThat(cases.openDeadlines()).hasSize(1);
    assertThat(cases.openDeadlines().get(0).warned()).isTrue();
    assertThat(cases.deadlines(ID)).extracting(DeadlineRow::status).containsExactly("open", "cancelled");
  }

  @Test
  void theHighWaterMarkOnlyMovesForward() {
    assertThat(cases.highWater()).isEmpty();
    assertThat(cases.advanceHighWater(T0.plusSeconds(10))).isEqualTo(T0.plusSeconds(10));
    assertThat(cases.advanceHighWater(T0)).isEqualTo(T0.plusSeconds(10));
    assertThat(cases.highWater()).contains(T0.plusSeconds(10));
    assertThat(cases.advanceHighWater(T0.plusSeconds(11))).isEqualTo(T0.plusSeconds(11));
  }

  /**
   * Keyset paging: pages in (created_at, id) order continue after the last row's position, rows created between two
   * pages before that position are not repeated or skipped after it, and only requests the party is on are read.
   */
  @Test
  void requestsArePagedByTheirCreationOrderAfterAPosition() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // Two requests share each creation instant: the id breaks the tie.
      String id = String.format("assistance-request--6f1b9a52-3c1d-4e8f-9a0b-%012d", 5 - i);
      ids.add(id);
      String state = i % 2 == 0 ? "draft" : "sent";
      cases.create(new RequestRow(id, "cn", "us", "preservation", "normal", state, "none", 0, "{}",
          T0.plusSeconds(i / 2)));
    }
    cases.create(new RequestRow("assistance-request--6f1b9a52-3c1d-4e8f-9a0b-000000000099", "eu", "jp",
        "production", "normal", "draft", "none", 0, "{}", T0));
    List<String> inOrder = List.of(ids.get(1), ids.get(0), ids.get(3), ids.get(2), ids.get(4));

    List<RequestRow> first = cases.requests("us", null, null, 2);
    assertThat(first).extracting(RequestRow::id).containsExactly(inOrder.get(0), inOrder.get(1));
    List<RequestRow> second = cases.requests("us", null, CaseRecords.Position.of(first.get(1)), 2);
    assertThat(second).extracting(RequestRow::id).containsExactly(inOrder.get(2), inOrder.get(3));
    List<RequestRow> last = cases.requests("cn", null, CaseRecords.Position.of(second.get(1)), 2);
    assertThat(last).extracting(RequestRow::id).containsExactly(inOrder.get(4));
    assertThat(cases.requests("cn", "sent", null, 10)).extracting(RequestRow::id)
        .containsExactly(ids.get(1), ids.get(3));
    assertThat(cases.requests("jp", null, null, 10)).hasSize(1);
    assertThat(cases.requests("xx", null, null, 10)).isEmpty();
  }

  @Test
  void heldObjectsAreKeptInSequenceUpToThePeersLimitUntilReleased() {
    CaseRecords.HeldRow third = held("x-accord-case-transition--3", 3, T0);
    CaseRecords.HeldRow request = held("x-accord-assistance-request--1", 0, T0.plusSeconds(1));
    assertThat(cases.hold(third, 2)).isTrue();
    assertThat(cases.hold(request, 2)).isTrue();
    assertThat(cases.hold(held("x-accord-case-transition--4", 4, T0), 2)).as("over the limit").isFalse();
    assertThat(cases.hold(third.retried("still waiting"), 2)).as("an object held already is updated").isTrue();

    assertThat(cases.held(ID)).extracting(CaseRecords.HeldRow::seq).containsExactly(0, 3);
    CaseRecords.HeldRow kept = cases.held(ID).get(1);
    assertThat(kept.attempts()).isEqualTo(2);
    assertThat(kept.reason()).isEqualTo("still waiting");
    assertThat(kept.heldAt()).as("the first hold's instant stays").isEqualTo(T0);
    assertThat(cases.held()).extracting(CaseRecords.HeldRow::objectId)
        .containsExactly(third.objectId(), request.objectId());

    cases.release("us", third.objectId());
    assertThat(cases.held()).containsExactly(request);
    assertThat(cases.hold(held("x-accord-case-transition--4", 4, T0), 2)).isTrue();
  }

  @Test
  void aDeliveryLineIsKeptPerStepUntilForgotten() {
    cases.noteDelivery(new CaseRecords.DeliveryRow(ID, 2, "us", "unpublished", "disk full", T0));
    cases.noteDelivery(new CaseRecords.DeliveryRow(ID, 1, "us", "held", "dated ahead", T0));
    cases.noteDelivery(new CaseRecords.DeliveryRow(ID, 1, "us", "refused", "bad signature", T0.plusSeconds(1)));
    assertThat(cases.deliveries(ID)).extracting(CaseRecords.DeliveryRow::outcome)
        .containsExactly("refused", "unpublished");
    assertThat(cases.deliveriesWith("unpublished")).extracting(CaseRecords.DeliveryRow::seq).containsExactly(2);
    cases.forgetDeliveries(ID, 0, 1);
    assertThat(cases.deliveries(ID)).extracting(CaseRecords.DeliveryRow::seq).containsExactly(2);
  }

  private static CaseRecords.HeldRow held(String objectId, int seq, Instant at) {
    return new CaseRecords.HeldRow("us", objectId, ID, seq, "inbox", "{\"id\":\"" + objectId + "\"}",
        "waits for transition " + (seq - 1), at, 1);
  }
}
