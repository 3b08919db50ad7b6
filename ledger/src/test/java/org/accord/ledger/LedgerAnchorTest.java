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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, finding 7c: a ledger cut at a line boundary, or emptied, verified on its own and the node started silently.
 * Held against its head anchor, it is reported.
 */
class LedgerAnchorTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("ledger.jsonl");
  }

  private HeadAnchor anchor() {
    return HeadAnchor.file(HeadAnchor.besideFile(file()));
  }

  private Ledger open() throws IOException {
    return Ledger.open(file(), ALPHA_KEY, ALPHA, new Fixtures.TickingClock(), List.of(anchor()));
  }

  private void appendThree() throws IOException {
    try (Ledger ledger = open()) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      ledger.append(Fixtures.sent(BRAVO, 2));
      ledger.append(Fixtures.received(BRAVO, 3));
    }
  }

  @Test
  void theAnchorFollowsEveryDurableAppend() throws IOException {
    try (Ledger ledger = open()) {
      Entry e = ledger.append(Fixtures.sent(BRAVO, 1));
      Checkpoint head = anchor().read().orElseThrow();
      assertThat(head.seq()).isEqualTo(1);
      assertThat(head.headHash()).isEqualTo(e.hash());
      assertThat(head.verify(ALPHA_KEY.getPublic())).isTrue();
    }
  }

  @Test
  void aLedgerCutAtALineBoundaryIsRefusedAtOpenAndByVerify() throws IOException {
    appendThree();
    List<String> lines = Files.readAllLines(file(), StandardCharsets.UTF_8);
    Files.writeString(file(), lines.get(0) + "\n" + lines.get(1) + "\n");
    assertThat(LedgerVerifier.verify(file(), ALPHA_KEY.getPublic()).ok()).as("on its own it verifies").isTrue();

    assertThatThrownBy(this::open)
        .isInstanceOf(LedgerAnchorException.class)
        .hasMessageContaining("the ledger ends at seq 2")
        .hasMessageContaining("commits to seq 3")
        .hasMessageContaining("entries 3..3 were cut");
    Verification v = LedgerVerifier.verify(file(), ALPHA_KEY.getPublic(), anchor().read());
    assertThat(v.ok()).isFalse();
    assertThat(((Verification.Broken) v).problem()).isEqualTo(Verification.Problem.ANCHOR_CONTRADICTED);
    assertThat(v.message()).contains("seq 3").contains("were cut");
  }

  @Test
  void anEmptiedOrDeletedLedgerIsRefused() throws IOException {
    appendThree();
    Files.write(file(), new byte[0]);
    assertThatThrownBy(this::open).isInstanceOf(LedgerAnchorException.class).hasMessageContaining("the ledger is empty");
    Files.delete(file());
    assertThatThrownBy(this::open).isInstanceOf(LedgerAnchorException.class).hasMessageContaining("the ledger is empty");
  }

  @Test
  void aLedgerRewrittenFromTheAnchoredSeqIsRefused() throws IOException {
    appendThree();
    Path other = dir.resolve("other.jsonl");
    try (Ledger l = Ledger.open(other, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      for (int i = 1; i <= 4; i++) {
        l.append(Fixtures.sent(BRAVO, 10 + i));
      }
    }
    Files.copy(other, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(this::open)
        .isInstanceOf(LedgerAnchorException.class)
        .hasMessageContaining("entry 3 has hash")
        .hasMessageContaining("rewritten at or before seq 3");
  }

  @Test
  void anAnchorNotSignedByTheLedgersKeyIsRefused() throws IOException {
    appendThree();
    Checkpoint forged =
        Checkpoint.sign(ALPHA, 1, anchor().read().orElseThrow().headHash(), java.time.Instant.EPOCH,
            BRAVO_KEY.getPrivate());
    anchor().write(forged);
    assertThatThrownBy(this::open).hasMessageContaining("not a head of " + ALPHA + "'s ledger signed by its key");
  }

  @Test
  void aTornTailPastTheAnchorIsStillRepairedAndTheLedgerOpens() throws IOException {
    appendThree();
    Files.write(file(), "{\"seq\":4,\"ti".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertThatThrownBy(this::open).isInstanceOf(CorruptLedgerException.class);
    Ledger.repairTornTail(file(), ALPHA_KEY.getPublic());
    try (Ledger ledger = open()) {
      assertThat(ledger.seq()).isEqualTo(3);
      assertThat(ledger.append(Fixtures.sent(BRAVO, 4)).seq()).isEqualTo(4);
    }
  }

  @Test
  void aLedgerThatOnlyGrewPastItsAnchorOpens() throws IOException {
    appendThree();
    // Appends by a holder that keeps no anchor (an older tool) leave the anchor behind: still a valid lower bound.
    try (Ledger ledger = Ledger.open(file(), ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      ledger.append(Fixtures.sent(BRAVO, 4));
    }
    assertThat(anchor().read().orElseThrow().seq()).isEqualTo(3);
    try (Ledger ledger = open()) {
      assertThat(ledger.seq()).isEqualTo(4);
    }
    assertThat(anchor().read().orElseThrow().seq()).as("re-anchored at open").isEqualTo(4);
  }
}
