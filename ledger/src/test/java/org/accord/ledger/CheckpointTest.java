package org.accord.ledger;

import static org.accord.ledger.Fixtures.ALPHA;
import static org.accord.ledger.Fixtures.ALPHA_KEY;
import static org.accord.ledger.Fixtures.BRAVO;
import static org.accord.ledger.Fixtures.BRAVO_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.accord.ledger.CheckpointCheck.Contradicted;
import org.accord.ledger.CheckpointCheck.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir Path dir;

  private Ledger alpha(Path file) throws IOException {
    return Ledger.open(file, ALPHA_KEY, ALPHA, new Fixtures.TickingClock());
  }

  @Test
  void aCheckpointCommitsToTheHeadAndVerifiesWithTheOwnersKeyOnly() throws IOException {
    try (Ledger ledger = alpha(dir.resolve("a.jsonl"))) {
      Entry last = ledger.append(Fixtures.sent(BRAVO, 1));
      Checkpoint cp = ledger.checkpoint();
      assertThat(cp.party()).isEqualTo(ALPHA);
      assertThat(cp.seq()).isEqualTo(1);
      assertThat(cp.headHash()).isEqualTo(last.hash());
      assertThat(cp.verify(ALPHA_KEY.getPublic())).isTrue();
      assertThat(cp.verify(BRAVO_KEY.getPublic())).isFalse();
    }
  }

  @Test
  void theCheckpointOfAnEmptyLedgerIsSeqZeroAndTheZeroHash() throws IOException {
    try (Ledger ledger = alpha(dir.resolve("a.jsonl"))) {
      Checkpoint cp = ledger.checkpoint();
      assertThat(cp.seq()).isZero();
      assertThat(cp.headHash()).isEqualTo("0".repeat(64));
      assertThat(ledger.verifyAgainst(cp).consistent()).isTrue();
    }
  }

  @Test
  void theJsonFormRoundTripsAndAnEditedCheckpointNoLongerVerifies() throws IOException {
    try (Ledger ledger = alpha(dir.resolve("a.jsonl"))) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      ledger.append(Fixtures.sent(BRAVO, 2));
      Checkpoint cp = ledger.checkpoint();
      String json = cp.toJson();
      assertThat(json).startsWith("{\"head_hash\":\"").contains("\"seq\":2,").doesNotContain(" ");
      assertThat(Checkpoint.parse(json)).isEqualTo(cp);

      Checkpoint claimsLess = Checkpoint.parse(json.replace("\"seq\":2,", "\"seq\":1,"));
      assertThat(claimsLess.verify(ALPHA_KEY.getPublic())).isFalse();
      assertThatThrownBy(() -> Checkpoint.parse(json.replace("\"seq\":2,", "\"seq\": 2,")))
          .hasMessageContaining("not in canonical form");
      // The same signature bytes in another base64 text (an unused bit set in the last data character).
      String sig = cp.signature();
      int at = sig.length() - 3;
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      char other = alphabet.charAt(alphabet.indexOf(sig.charAt(at)) ^ 1);
      String twin = sig.substring(0, at) + other + sig.substring(at + 1);
      assertThatThrownBy(() -> Checkpoint.parse(json.replace(sig, twin))).hasMessageContaining("not in canonical form");
    }
  }

  @Test
  void aLedgerThatOnlyGrewIsConsistentWithItsEarlierCheckpoint() throws IOException {
    try (Ledger ledger = alpha(dir.resolve("a.jsonl"))) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      Checkpoint cp = ledger.checkpoint();
      ledger.append(Fixtures.sent(BRAVO, 2));
      ledger.append(Fixtures.received(BRAVO, 3));
      assertThat(ledger.verifyAgainst(cp)).isEqualTo(new CheckpointCheck.Consistent(cp));
    }
  }

  @Test
  void aLedgerRewrittenByItsOwnKeyContradictsTheCheckpointItHandedOut() throws IOException {
    Path file = dir.resolve("a.jsonl");
    Checkpoint handedOut;
    try (Ledger ledger = alpha(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      ledger.append(Fixtures.sent(BRAVO, 2));
      handedOut = ledger.checkpoint();
    }
    // The key holder rewrites history: entry 1 never happened. The new file verifies on its own.
    Files.delete(file);
    try (Ledger ledger = alpha(file)) {
      ledger.append(Fixtures.sent(BRAVO, 2));
      ledger.append(Fixtures.received(BRAVO, 5));
      assertThat(LedgerVerifier.verify(file, ALPHA_KEY.getPublic()).ok()).isTrue();

      CheckpointCheck check = ledger.verifyAgainst(handedOut);
      assertThat(check).isInstanceOf(Contradicted.class);
      assertThat(((Contradicted) check).reason()).isEqualTo(Reason.HASH_DIFFERS);
      assertThat(((Contradicted) check).message())
          .contains("entry 2 has hash")
          .contains("commits to " + handedOut.headHash())
          .contains("rewritten at or before seq 2");
    }
  }

  @Test
  void aLedgerEditedOnDiskBeforeTheCheckpointSeqIsReportedBroken() throws IOException {
    Path file = dir.resolve("a.jsonl");
    Checkpoint handedOut;
    try (Ledger ledger = alpha(file)) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      ledger.append(Fixtures.sent(BRAVO, 2));
      handedOut = ledger.checkpoint();
    }
    Files.writeString(file, Files.readString(file).replaceFirst("bravo-csirt", "bravo-csirx"));
    CheckpointCheck check = LedgerVerifier.verifyAgainst(file, ALPHA_KEY.getPublic(), handedOut);
    assertThat(((Contradicted) check).reason()).isEqualTo(Reason.LEDGER_BROKEN);
    assertThat(((Contradicted) check).message()).contains("line 1 (seq 1): content edited");
  }

  @Test
  void aForgedOrForeignCheckpointProvesNothing() throws IOException {
    try (Ledger ledger = alpha(dir.resolve("a.jsonl"));
        Ledger bravo = Ledger.open(dir.resolve("b.jsonl"), BRAVO_KEY, BRAVO, new Fixtures.TickingClock())) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      Checkpoint real = ledger.checkpoint();
      Checkpoint forged =
          Checkpoint.sign(ALPHA, 1, real.headHash(), real.time(), BRAVO_KEY.getPrivate());
      assertThat(((Contradicted) ledger.verifyAgainst(forged)).reason()).isEqualTo(Reason.BAD_SIGNATURE);
      assertThat(((Contradicted) ledger.verifyAgainst(bravo.checkpoint())).reason()).isEqualTo(Reason.OTHER_PARTY);
    }
  }

  @Test
  void aPeersCheckpointIsRecordedInTheLedgerAndTravelsWithTheEntry() throws IOException {
    Path file = dir.resolve("b.jsonl");
    Checkpoint alphaCp;
    try (Ledger alpha = alpha(dir.resolve("a.jsonl"))) {
      alpha.append(Fixtures.sent(BRAVO, 1));
      alphaCp = alpha.checkpoint();
    }
    try (Ledger bravo = Ledger.open(file, BRAVO_KEY, BRAVO, new Fixtures.TickingClock())) {
      bravo.append(Fixtures.received(ALPHA, 1));
      Entry recorded = bravo.recordCheckpoint(alphaCp, ALPHA_KEY.getPublic());
      assertThat(recorded.kind()).isEqualTo(EntryKind.CHECKPOINT_RECEIVED);
      assertThat(recorded.counterparty()).isEqualTo(ALPHA);
      assertThat(recorded.draft().checkpoint()).isEqualTo(alphaCp);
      assertThat(recorded.payloadHash()).isEqualTo(Entry.Draft.payloadHash(alphaCp.toJson().getBytes()));

      Checkpoint forged = Checkpoint.sign(ALPHA, 1, alphaCp.headHash(), alphaCp.time(), BRAVO_KEY.getPrivate());
      assertThatThrownBy(() -> bravo.recordCheckpoint(forged, ALPHA_KEY.getPublic()))
          .hasMessageContaining("checkpoint of alpha-cert.example at seq 1 has a bad signature");
      assertThat(bravo.seq()).isEqualTo(2);
    }
    Entry reread = Entry.parse(Files.readAllLines(file).get(1));
    assertThat(reread.draft().checkpoint()).isEqualTo(alphaCp);
    assertThat(LedgerVerifier.verify(file, BRAVO_KEY.getPublic()).ok()).isTrue();
  }

  @Test
  void checkpointsRefuseInvalidValues() {
    String sig = Ed25519.encodeSignature(new byte[64]);
    Instant t = Instant.parse("2026-11-29T05:00:00.000Z");
    assertThatThrownBy(() -> new Checkpoint(ALPHA, 0, "1".repeat(64), t, sig)).hasMessageContaining("empty ledger");
    assertThatThrownBy(() -> new Checkpoint(ALPHA, -1, "0".repeat(64), t, sig)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> new Checkpoint(ALPHA, 1, "0".repeat(64), t.plusNanos(1), sig))
        .hasMessageContaining("millisecond");
  }

  /** Issue 8, finding 7a: a peer's stale or replayed checkpoint (seq 5 after seq 7) was appended. */
  @Test
  void aStaleReplayedOrForkedCheckpointFromAPeerIsRefusedAndNothingIsAppended() throws IOException {
    Path bravoFile = dir.resolve("b.jsonl");
    Checkpoint five;
    Checkpoint seven;
    try (Ledger bravo = Ledger.open(bravoFile, BRAVO_KEY, BRAVO, new Fixtures.TickingClock())) {
      for (int i = 1; i <= 5; i++) {
        bravo.append(Fixtures.sent(ALPHA, i));
      }
      five = bravo.checkpoint();
      bravo.append(Fixtures.sent(ALPHA, 6));
      bravo.append(Fixtures.sent(ALPHA, 7));
      seven = bravo.checkpoint();
    }
    Checkpoint forkedSeven =
        Checkpoint.sign(BRAVO, 7, "ab".repeat(32), Instant.parse("2026-11-29T06:00:00.000Z"), BRAVO_KEY.getPrivate());
    Path file = dir.resolve("a.jsonl");
    try (Ledger ledger = alpha(file)) {
      ledger.recordCheckpoint(seven, BRAVO_KEY.getPublic());
      long before = ledger.seq();
      assertThatThrownBy(() -> ledger.recordCheckpoint(five, BRAVO_KEY.getPublic()))
          .isInstanceOf(CheckpointRefusedException.class)
          .hasMessageContaining("checkpoint of " + BRAVO + " at seq 5 is older")
          .hasMessageContaining("(seq 7 of")
          .satisfies(e -> assertThat(((CheckpointRefusedException) e).reason())
              .isEqualTo(CheckpointRefusedException.Reason.STALE));
      assertThatThrownBy(() -> ledger.recordCheckpoint(seven, BRAVO_KEY.getPublic()))
          .satisfies(e -> assertThat(((CheckpointRefusedException) e).reason())
              .isEqualTo(CheckpointRefusedException.Reason.REPLAYED));
      assertThatThrownBy(() -> ledger.recordCheckpoint(forkedSeven, BRAVO_KEY.getPublic()))
          .hasMessageContaining("two different ledgers")
          .satisfies(e -> assertThat(((CheckpointRefusedException) e).reason())
              .isEqualTo(CheckpointRefusedException.Reason.FORKED));
      assertThat(ledger.seq()).as("nothing appended").isEqualTo(before);
    }
    // The last checkpoint from each peer is rebuilt from the file: a restart does not reopen the door.
    try (Ledger ledger = alpha(file)) {
      assertThat(ledger.lastCheckpointFrom(BRAVO)).contains(seven);
      assertThatThrownBy(() -> ledger.recordCheckpoint(five, BRAVO_KEY.getPublic()))
          .isInstanceOf(CheckpointRefusedException.class);
    }
  }
}
