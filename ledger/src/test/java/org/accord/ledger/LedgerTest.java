package org.accord.ledger;

import static org.accord.ledger.Fixtures.ALPHA;
import static org.accord.ledger.Fixtures.ALPHA_KEY;
import static org.accord.ledger.Fixtures.BRAVO;
import static org.accord.ledger.Fixtures.BRAVO_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  @TempDir Path dir;

  private Ledger open(Path file) throws IOException {
    return Ledger.open(file, ALPHA_KEY, ALPHA, new Fixtures.TickingClock());
  }

  @Test
  void appendsChainFromZeroHashWithSeqFromOneAndMillisecondTime() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      Entry first = ledger.append(Fixtures.sent(BRAVO, 1));
      Entry second = ledger.append(Fixtures.received(BRAVO, 2));

      assertThat(first.seq()).isEqualTo(1);
      assertThat(first.previousHash()).isEqualTo("0".repeat(64));
      assertThat(first.time()).isEqualTo(Instant.parse("2026-11-29T05:00:00.000Z"));
      assertThat(second.seq()).isEqualTo(2);
      assertThat(second.previousHash()).isEqualTo(first.hash());
      assertThat(second.time()).isEqualTo(Instant.parse("2026-11-29T05:00:00.001Z"));
      assertThat(first.hashValid()).isTrue();
      assertThat(second.signatureValid(ALPHA_KEY.getPublic())).isTrue();
      assertThat(second.signatureValid(BRAVO_KEY.getPublic())).isFalse();
      assertThat(ledger.seq()).isEqualTo(2);
      assertThat(ledger.headHash()).isEqualTo(second.hash());
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("{\"clause_id\":\"clause-share-indicators\",\"counterparty\":\"bravo-csirt.example\",")
        .doesNotContain(" ")
        .contains("\"seq\":1,")
        .contains("\"time\":\"2026-11-29T05:00:00.000Z\"");
  }

  @Test
  void hashIsTheSha256OfTheCanonicalBytesWithoutHashAndSignature() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      Entry e = ledger.append(Fixtures.sent(BRAVO, 7));
      String line = Files.readAllLines(file).get(0);
      String unsigned =
          line.replace(",\"hash\":\"" + e.hash() + "\"", "").replace(",\"signature\":\"" + e.signature() + "\"", "");
      assertThat(unsigned).doesNotContain("hash\":\"" + e.hash()).doesNotContain("signature");
      assertThat(Entry.Draft.payloadHash(unsigned.getBytes(StandardCharsets.UTF_8))).isEqualTo(e.hash());
    }
  }

  @Test
  void reopeningContinuesTheChain() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    Entry last;
    try (Ledger ledger = open(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      last = ledger.append(Fixtures.sent(BRAVO, 2));
    }
    try (Ledger ledger = open(file)) {
      assertThat(ledger.seq()).isEqualTo(2);
      assertThat(ledger.headHash()).isEqualTo(last.hash());
      Entry third = ledger.append(Fixtures.sent(BRAVO, 3));
      assertThat(third.previousHash()).isEqualTo(last.hash());
    }
    assertThat(LedgerVerifier.verify(file, ALPHA_KEY.getPublic()))
        .isEqualTo(new Verification.Ok(3, Entry.parse(Files.readAllLines(file).get(2)).hash()));
  }

  @Test
  void concurrentAppendsGetDistinctSeqsAndTheFileVerifies() throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    int threads = 4;
    int perThread = 25;
    try (Ledger ledger = open(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        futures.add(
            pool.submit(
                () -> {
                  List<Long> seqs = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    seqs.add(ledger.append(Fixtures.sent(BRAVO, base + i)).seq());
                  }
                  return seqs;
                }));
      }
      var all = new HashSet<Long>();
      for (var f : futures) {
        all.addAll(f.get());
      }
      pool.shutdown();
      assertThat(all).hasSize(threads * perThread);
      assertThat(ledger.seq()).isEqualTo(threads * perThread);
      List<String> lines = Files.readAllLines(file);
      assertThat(ledger.headHash()).isEqualTo(Entry.parse(lines.get(lines.size() - 1)).hash());
    }
    Verification v = LedgerVerifier.verify(file, ALPHA_KEY.getPublic());
    assertThat(v.ok()).as(v.message()).isTrue();
    assertThat(((Verification.Ok) v).entries()).isEqualTo(threads * perThread);
  }

  @Test
  void aLedgerOfAnotherPartyIsNotOpened() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
    }
    assertThatThrownBy(() -> Ledger.open(file, ALPHA_KEY, "someone-else", new Fixtures.TickingClock()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is alpha-cert.example's, not someone-else's");
  }

  @Test
  void aLedgerSignedWithAnotherKeyIsNotOpened() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
    }
    assertThatThrownBy(() -> Ledger.open(file, BRAVO_KEY, ALPHA, new Fixtures.TickingClock()))
        .isInstanceOf(CorruptLedgerException.class)
        .hasMessageContaining("line 1 (seq 1): bad signature");
  }

  @Test
  void aSecondWriterOnTheSameFileIsRefused() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      assertThatThrownBy(() -> open(file)).isInstanceOf(IOException.class).hasMessageContaining("locked");
    }
    try (Ledger again = open(file)) {
      assertThat(again.seq()).isZero();
    }
  }

  @Test
  void aClosedLedgerRefusesAppends() throws IOException {
    Ledger ledger = open(dir.resolve("ledger.jsonl"));
    ledger.close();
    assertThatThrownBy(() -> ledger.append(Fixtures.sent(BRAVO, 1))).hasMessageContaining("closed");
  }

  @Test
  void aTornTailIsReportedAndRefusedThenCutOnlyByExplicitRepair() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      ledger.append(Fixtures.sent(BRAVO, 2));
    }
    byte[] sound = Files.readAllBytes(file);
    // A crash in the middle of writing entry 3: half of its line reached the disk.
    String third = thirdLineFrom(sound);
    byte[] half = third.substring(0, third.length() / 2).getBytes(StandardCharsets.UTF_8);
    Files.write(file, half, StandardOpenOption.APPEND);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(CorruptLedgerException.class)
        .hasMessageContaining("line 3 (seq 3): torn last line")
        .satisfies(
            e ->
                assertThat(((CorruptLedgerException) e).verification().problem())
                    .isEqualTo(Verification.Problem.TORN_TAIL));

    Ledger.TailRepair repair = Ledger.repairTornTail(file, ALPHA_KEY.getPublic());
    assertThat(repair).isEqualTo(new Ledger.TailRepair(third.length() / 2, false));
    assertThat(Files.readAllBytes(file)).isEqualTo(sound);
    try (Ledger ledger = open(file)) {
      assertThat(ledger.append(Fixtures.sent(BRAVO, 3)).seq()).isEqualTo(3);
    }
  }

  @Test
  void repairRestoresTheLineEndOfACompleteLastEntryInsteadOfDroppingIt() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      ledger.append(Fixtures.sent(BRAVO, 2));
    }
    byte[] sound = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(sound, sound.length - 1));

    assertThatThrownBy(() -> open(file))
        .hasMessageContaining("line 2 (seq 2): torn last line: a complete entry lacks only its line end");
    assertThat(Ledger.repairTornTail(file, ALPHA_KEY.getPublic())).isEqualTo(new Ledger.TailRepair(0, true));
    assertThat(Files.readAllBytes(file)).isEqualTo(sound);
  }

  @Test
  void repairRefusesAnyDamageOtherThanATornTailAndChangesNothing() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      ledger.append(Fixtures.sent(BRAVO, 2));
    }
    String text = Files.readString(file);
    String edited = text.replaceFirst("alpha-cert", "alpha-cery");
    Files.writeString(file, edited + "{\"torn");
    assertThatThrownBy(() -> Ledger.repairTornTail(file, ALPHA_KEY.getPublic()))
        .isInstanceOf(CorruptLedgerException.class)
        .hasMessageContaining("more than a torn tail")
        .hasMessageContaining("line 1 (seq 1): content edited");
    assertThat(Files.readString(file)).isEqualTo(edited + "{\"torn");
  }

  @Test
  void aRepairOfASoundLedgerChangesNothing() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
    }
    byte[] before = Files.readAllBytes(file);
    assertThat(Ledger.repairTornTail(file, ALPHA_KEY.getPublic())).isEqualTo(new Ledger.TailRepair(0, false));
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void entriesWithSelectsOneCounterpartyAndExportsTheSameLines() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = open(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      ledger.append(Entry.Draft.rulebookActivated(new ObjectRef("rulebook--alpha-bravo", "3"), Fixtures.payload("rb")));
      ledger.append(Fixtures.sent("charlie.example", 2));
      ledger.append(Fixtures.received(BRAVO, 3));

      List<Entry> withBravo = ledger.entriesWith(BRAVO);
      assertThat(withBravo).extracting(Entry::seq).containsExactly(1L, 4L);

      var out = new java.io.ByteArrayOutputStream();
      ledger.exportWith(BRAVO, out);
      List<String> all = Files.readAllLines(file);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(all.get(0) + "\n" + all.get(3) + "\n");
      assertThat(LedgerVerifier.readExport(new java.io.ByteArrayInputStream(out.toByteArray()), ALPHA_KEY.getPublic()))
          .isEqualTo(withBravo);
    }
  }

  @Test
  void draftsRefuseWhatCannotBeRecorded() {
    assertThatThrownBy(() -> Entry.Draft.sent(null, List.of(), null, Fixtures.payload("x")))
        .hasMessageContaining("SENT needs a counterparty");
    assertThatThrownBy(() -> Entry.Draft.sent(BRAVO, List.of(), null, "ABC"))
        .hasMessageContaining("payload hash must be 64 lower-case hex digits");
    assertThatThrownBy(() -> Entry.Draft.sent("bravo\n", List.of(), null, Fixtures.payload("x")))
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> new ObjectRef("indicator--\ud800", null)).hasMessageContaining("lone surrogate");
    assertThatThrownBy(
            () -> new Entry.Draft(EntryKind.CHECKPOINT_RECEIVED, BRAVO, List.of(), null, Fixtures.payload("x"), null))
        .hasMessageContaining("a checkpoint goes with CHECKPOINT_RECEIVED");
  }

  private static String thirdLineFrom(byte[] soundTwoEntries) throws IOException {
    // Build the line entry 3 would have had, with a throwaway copy of the ledger.
    Path copy = Files.createTempFile("ledger", ".jsonl");
    try {
      Files.write(copy, soundTwoEntries);
      try (Ledger l = Ledger.open(copy, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
        return l.append(Fixtures.sent(BRAVO, 3)).toJson() + "\n";
      }
    } finally {
      Files.delete(copy);
    }
  }
}
