package org.accord.ledger;

import static org.accord.ledger.Fixtures.ALPHA;
import static org.accord.ledger.Fixtures.ALPHA_KEY;
import static org.accord.ledger.Fixtures.BRAVO;
import static org.accord.ledger.Fixtures.BRAVO_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of issue 3, item 6. Tries are few where each one signs and verifies (~1 ms per Ed25519 operation). */
class LedgerPropertiesTest {

  @Property(tries = 40)
  void anyRandomSequenceOfAppendsVerifies(@ForAll("drafts") @Size(max = 12) List<Entry.Draft> drafts)
      throws IOException {
    Path dir = Files.createTempDirectory("ledger");
    try {
      Path file = dir.resolve("ledger.jsonl");
      List<Entry> written = appendAll(file, drafts);
      String head = written.isEmpty() ? "0".repeat(64) : written.get(written.size() - 1).hash();
      assertThat(LedgerVerifier.verify(file, ALPHA_KEY.getPublic()))
          .isEqualTo(new Verification.Ok(drafts.size(), head));
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        assertThat(Entry.parse(lines.get(i))).isEqualTo(written.get(i));
        assertThat(written.get(i).draft()).isEqualTo(drafts.get(i));
      }
    } finally {
      delete(dir);
    }
  }

  // No edge cases: they would spend the tries on byte 0 and bit 0.
  @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
  void flippingAnyOneBitOfTheFileIsDetectedAtItsLine(
      @ForAll("drafts") @Size(min = 1, max = 4) List<Entry.Draft> drafts,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int where,
      @ForAll @IntRange(min = 0, max = 7) int bit)
      throws IOException {
    Path dir = Files.createTempDirectory("ledger");
    try {
      Path file = dir.resolve("ledger.jsonl");
      appendAll(file, drafts);
      byte[] bytes = Files.readAllBytes(file);
      int pos = where % bytes.length;
      long line = 1;
      for (int i = 0; i < pos; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      bytes[pos] ^= (byte) (1 << bit);
      Files.write(file, bytes);

      Verification v = LedgerVerifier.verify(file, ALPHA_KEY.getPublic());
      assertThat(v).isInstanceOf(Verification.Broken.class);
      assertThat(((Verification.Broken) v).line()).as(v.message()).isEqualTo(line);
    } finally {
      delete(dir);
    }
  }

  @Property(tries = 40)
  void ledgersOfTheSameTransfersReconcileAndDroppingAnyOneEntryIsReported(
      @ForAll("transfers") @Size(min = 1, max = 10) List<Transfer> transfers, @ForAll int dropSeed)
      throws IOException {
    Path dir = Files.createTempDirectory("ledger");
    try (Ledger alpha = Ledger.open(dir.resolve("a"), ALPHA_KEY, ALPHA, new Fixtures.TickingClock());
        Ledger bravo = Ledger.open(dir.resolve("b"), BRAVO_KEY, BRAVO, new Fixtures.TickingClock())) {
      for (Transfer t : transfers) {
        Ledger from = t.alphaSends() ? alpha : bravo;
        Ledger to = t.alphaSends() ? bravo : alpha;
        from.append(Entry.Draft.sent(to.party(), t.objects(), "clause-1", t.payloadHash()));
        to.append(Entry.Draft.received(from.party(), t.objects(), null, t.payloadHash()));
      }
      List<Entry> mine = alpha.entriesWith(BRAVO);
      List<Entry> theirs = bravo.entriesWith(ALPHA);
      assertThat(Reconciliation.between(mine, theirs, ALPHA, BRAVO).agrees()).isTrue();

      boolean dropMine = (dropSeed & 1) == 0;
      List<Entry> side = new ArrayList<>(dropMine ? mine : theirs);
      Entry dropped = side.remove(Math.floorMod(dropSeed >> 1, side.size()));
      Reconciliation r =
          dropMine
              ? Reconciliation.between(side, theirs, ALPHA, BRAVO)
              : Reconciliation.between(mine, side, ALPHA, BRAVO);

      // A dropped RECEIVED whose objects the receiver recorded in other transfers from the same sender reads as a
      // transfer that was cut off and repeated, which reconciliation lists apart from the differences.
      java.util.Set<ObjectRef> receivedElsewhere = new java.util.HashSet<>();
      for (Entry e : side) {
        if (e.kind() == EntryKind.RECEIVED && e.counterparty().equals(dropped.counterparty())) {
          receivedElsewhere.addAll(e.objects());
        }
      }
      if (dropped.kind() == EntryKind.RECEIVED && receivedElsewhere.containsAll(dropped.objects())) {
        assertThat(r.differences()).isEmpty();
        assertThat(r.repeated()).singleElement()
            .satisfies(e -> assertThat(sorted(e.objects())).isEqualTo(sorted(dropped.objects())));
        return;
      }
      assertThat(r.differences()).hasSize(1);
      Reconciliation.Difference d = r.differences().get(0);
      assertThat(d.problem())
          .isEqualTo(
              dropped.kind() == EntryKind.SENT
                  ? Reconciliation.Problem.RECEIVED_NOT_SENT
                  : Reconciliation.Problem.SENT_NOT_RECEIVED);
      assertThat(d.side()).isEqualTo(dropMine ? Reconciliation.Side.THEIRS : Reconciliation.Side.MINE);
      assertThat(sorted(d.entry().objects())).isEqualTo(sorted(dropped.objects()));
      assertThat(d.entry().payloadHash()).isEqualTo(dropped.payloadHash());
    } finally {
      delete(dir);
    }
  }

  record Transfer(boolean alphaSends, List<ObjectRef> objects, String payloadHash) {}

  @Provide
  Arbitrary<List<Transfer>> transfers() {
    return transfer().list();
  }

  private Arbitrary<Transfer> transfer() {
    // Few distinct objects and payloads, so that repeated and overlapping transfers are common.
    Arbitrary<ObjectRef> ref = Arbitraries.integers().between(1, 4).map(Fixtures::indicator);
    return Combinators.combine(
            Arbitraries.of(true, false),
            ref.list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(1, 3).map(n -> Fixtures.payload("bundle " + n)))
        .as(Transfer::new);
  }

  @Provide
  Arbitrary<List<Entry.Draft>> drafts() {
    return draft().list();
  }

  private Arbitrary<Entry.Draft> draft() {
    Arbitrary<String> party = Arbitraries.of(BRAVO, "charlie.example", "équipe-ÇERT", "組織-\"x\\y\"");
    Arbitrary<ObjectRef> ref =
        Combinators.combine(
                Arbitraries.integers().between(0, 99_999),
                Arbitraries.of("2026-11-28T10:00:00.000Z", "2026-01-01T00:00:00.123Z").injectNull(0.2))
            .as((n, v) -> new ObjectRef(String.format("indicator--%08d-0000-4000-8000-000000000000", n), v));
    Arbitrary<String> clause =
        Arbitraries.strings().withChars("abc-_/\"\\é ").ofMinLength(1).ofMaxLength(12)
            .filter(s -> !s.isBlank()).injectNull(0.3);
    Arbitrary<String> payload = Arbitraries.strings().ofMaxLength(40).map(Fixtures::payload);
    Arbitrary<EntryKind> kind = Arbitraries.of(EntryKind.class);
    return Combinators.combine(kind, party, ref.list().ofMaxSize(4), clause, payload)
        .as(LedgerPropertiesTest::draft);
  }

  private static Entry.Draft draft(
      EntryKind kind, String party, List<ObjectRef> objects, String clause, String payload) {
    return switch (kind) {
      case CHECKPOINT_RECEIVED -> {
        Checkpoint cp =
            Checkpoint.sign(party, 3, payload, Instant.parse("2026-11-29T04:00:00.000Z"), BRAVO_KEY.getPrivate());
        yield new Entry.Draft(kind, party, List.of(), null, cp.digest(), cp);
      }
      case SENT, RECEIVED -> new Entry.Draft(kind, party, objects, clause, payload, null);
      default -> new Entry.Draft(kind, clause == null ? null : party, objects, clause, payload, null);
    };
  }

  private static List<Entry> appendAll(Path file, List<Entry.Draft> drafts) throws IOException {
    List<Entry> written = new ArrayList<>();
    try (Ledger ledger = Ledger.open(file, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      for (Entry.Draft d : drafts) {
        written.add(ledger.append(d));
      }
    }
    return written;
  }

  private static List<ObjectRef> sorted(List<ObjectRef> refs) {
    return refs.stream().sorted().toList();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
