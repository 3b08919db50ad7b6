package org.accord.ledger;

import static org.accord.ledger.Fixtures.ALPHA;
import static org.accord.ledger.Fixtures.ALPHA_KEY;
import static org.accord.ledger.Fixtures.BRAVO;
import static org.accord.ledger.Fixtures.BRAVO_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.accord.ledger.Reconciliation.Difference;
import org.accord.ledger.Reconciliation.Problem;
import org.accord.ledger.Reconciliation.Side;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconciliationTest {
  @TempDir Path dir;
  private Ledger alpha;
  private Ledger bravo;

  @BeforeEach
  void open() throws IOException {
    alpha = Ledger.open(dir.resolve("a.jsonl"), ALPHA_KEY, ALPHA, new Fixtures.TickingClock());
    bravo = Ledger.open(dir.resolve("b.jsonl"), BRAVO_KEY, BRAVO, new Fixtures.TickingClock());
  }

  @org.junit.jupiter.api.AfterEach
  void close() throws IOException {
    alpha.close();
    bravo.close();
  }

  /** Alpha's view, with Bravo's entries read from Bravo's export as the CLI would. */
  private Reconciliation reconcile() throws IOException {
    var export = new ByteArrayOutputStream();
    bravo.exportWith(ALPHA, export);
    List<Entry> theirs =
        LedgerVerifier.readExport(new ByteArrayInputStream(export.toByteArray()), BRAVO_KEY.getPublic());
    return Reconciliation.between(alpha.entriesWith(BRAVO), theirs, ALPHA, BRAVO);
  }

  private void transfer(Ledger from, Ledger to, int n) throws IOException {
    from.append(Fixtures.sent(to.party(), n));
    to.append(Fixtures.received(from.party(), n));
  }

  @Test
  void transfersRecordedOnBothSidesAgree() throws IOException {
    transfer(alpha, bravo, 1);
    transfer(bravo, alpha, 2);
    transfer(alpha, bravo, 1); // the same objects again: a second, separate transfer
    bravo.recordCheckpoint(alpha.checkpoint(), ALPHA_KEY.getPublic());
    alpha.append(Fixtures.sent("charlie.example", 9)); // not between these two
    assertThat(reconcile().agrees()).isTrue();
  }

  @Test
  void aSendTheReceiverDidNotRecordIsReportedOnTheSendersSide() throws IOException {
    transfer(alpha, bravo, 1);
    Entry lost = alpha.append(Fixtures.sent(BRAVO, 2));
    Reconciliation r = reconcile();
    assertThat(r.differences()).hasSize(1);
    Difference d = r.differences().get(0);
    assertThat(d.problem()).isEqualTo(Problem.SENT_NOT_RECEIVED);
    assertThat(d.side()).isEqualTo(Side.MINE);
    assertThat(d.entry()).isEqualTo(lost);
    assertThat(d.message())
        .startsWith("SENT seq 2 of alpha-cert.example at 2026-11-29T05:00:00.001Z [indicator--00000002")
        .endsWith("alpha-cert.example recorded sending it, bravo-csirt.example recorded no receipt");
  }

  @Test
  void aSendCutOffAndRepeatedIsListedAsRepeatedNotAsADifference() throws IOException {
    Entry cutOff = alpha.append(Fixtures.sent(BRAVO, 4)); // the connection dropped after Alpha recorded it
    alpha.append(Entry.Draft.sent(BRAVO, List.of(Fixtures.indicator(4)), "c", Fixtures.payload("again")));
    bravo.append(Entry.Draft.received(ALPHA, List.of(Fixtures.indicator(4)), null, Fixtures.payload("again")));

    Reconciliation r = reconcile();

    assertThat(r.agrees()).isTrue();
    assertThat(r.repeated()).containsExactly(cutOff);
  }

  @Test
  void aSendCutOffAndNeverRepeatedStaysADifference() throws IOException {
    alpha.append(Fixtures.sent(BRAVO, 4));
    transfer(alpha, bravo, 5);

    Reconciliation r = reconcile();

    assertThat(r.repeated()).isEmpty();
    assertThat(r.differences()).singleElement().satisfies(d -> assertThat(d.problem()).isEqualTo(Problem.SENT_NOT_RECEIVED));
  }

  @Test
  void aReceiptWithoutARecordedSendIsReportedOnTheReceiversSide() throws IOException {
    bravo.append(Fixtures.sent(ALPHA, 3)); // Bravo sent and recorded it...
    Entry received = alpha.append(Fixtures.received(BRAVO, 3));
    alpha.append(Fixtures.received(BRAVO, 4)); // ...but not this one: data left Bravo without a ledger entry
    Reconciliation r = reconcile();
    assertThat(r.differences()).singleElement().satisfies(d -> {
      assertThat(d.problem()).isEqualTo(Problem.RECEIVED_NOT_SENT);
      assertThat(d.side()).isEqualTo(Side.MINE);
      assertThat(d.entry().seq()).isEqualTo(received.seq() + 1);
      assertThat(d.message())
          .endsWith("alpha-cert.example recorded receiving it, bravo-csirt.example recorded no sending");
    });
  }

  @Test
  void theSameObjectsWithDifferentPayloadHashesAreReportedAsOneMismatch() throws IOException {
    Entry sent = bravo.append(Fixtures.sent(ALPHA, 5));
    Entry got =
        alpha.append(
            Entry.Draft.received(BRAVO, List.of(Fixtures.indicator(5)), null, Fixtures.payload("altered on the way")));
    Reconciliation r = reconcile();
    assertThat(r.differences()).singleElement().satisfies(d -> {
      assertThat(d.problem()).isEqualTo(Problem.PAYLOAD_DIFFERS);
      assertThat(d.side()).isEqualTo(Side.THEIRS);
      assertThat(d.entry()).isEqualTo(sent);
      assertThat(d.counterpart()).isEqualTo(got);
      assertThat(d.message()).contains(sent.payloadHash()).contains(got.payloadHash());
    });
  }

  @Test
  void objectsMatchInAnyOrderButVersionsMustAgree() throws IOException {
    var a = Fixtures.indicator(1);
    var b = Fixtures.indicator(2);
    var bLater = new ObjectRef(b.id(), "2026-11-28T11:00:00.000Z");
    String h = Fixtures.payload("pair");
    alpha.append(Entry.Draft.sent(BRAVO, List.of(a, b), "c1", h));
    bravo.append(Entry.Draft.received(ALPHA, List.of(b, a), null, h));
    assertThat(reconcile().agrees()).isTrue();

    Entry second = alpha.append(Entry.Draft.sent(BRAVO, List.of(a, b), "c1", h));
    bravo.append(Entry.Draft.received(ALPHA, List.of(a, bLater), null, h));
    Reconciliation r = reconcile();
    assertThat(r.differences())
        .extracting(Difference::problem, Difference::side)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Problem.RECEIVED_NOT_SENT, Side.THEIRS));
    // a and b did reach Bravo (in the first transfer): the second send counts as a repeat, not a loss
    assertThat(r.repeated()).containsExactly(second);
  }

  @Test
  void mixedUpListsAreRefused() throws IOException {
    transfer(alpha, bravo, 1);
    assertThatThrownBy(() -> Reconciliation.between(bravo.entriesWith(ALPHA), alpha.entriesWith(BRAVO), ALPHA, BRAVO))
        .hasMessageContaining("mine holds seq 1 of bravo-csirt.example, not alpha-cert.example");
  }
}
