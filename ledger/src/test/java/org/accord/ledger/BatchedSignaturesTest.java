package org.accord.ledger;

import static org.accord.ledger.Fixtures.ALPHA;
import static org.accord.ledger.Fixtures.ALPHA_KEY;
import static org.accord.ledger.Fixtures.BRAVO;
import static org.accord.ledger.Fixtures.BRAVO_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier checks signatures in parallel batches; it must name the same first bad line, with the same problem, as
 * checking line by line ({@link LedgerReader#check} with the key, the reference here). 140 entries: one full batch
 * of 128, checked in parallel, and a partial one.
 */
class BatchedSignaturesTest {
  private static final int ENTRIES = 140;
  @TempDir Path dir;
  private static List<Entry> entries;
  private Path file;

  @BeforeAll
  static void chain() {
    // Built in memory (no flush per entry) to keep the test fast; the bytes are what Ledger writes.
    entries = new ArrayList<>();
    String prev = "0".repeat(64);
    Instant t = Instant.parse("2026-11-29T05:00:00.000Z");
    for (int i = 1; i <= ENTRIES; i++) {
      Entry e = Entry.create(i, t.plusMillis(i), ALPHA, Fixtures.sent(BRAVO, i), prev, ALPHA_KEY.getPrivate());
      entries.add(e);
      prev = e.hash();
    }
  }

  @BeforeEach
  void file() {
    file = dir.resolve("ledger.jsonl");
  }

  private List<String> lines() {
    return new ArrayList<>(entries.stream().map(Entry::toJson).toList());
  }

  /** The same entry with a signature by another key: hash and chain intact, signature bad. */
  private String forged(int seq) {
    Entry e = entries.get(seq - 1);
    String other = Ed25519.encodeSignature(Ed25519.sign(BRAVO_KEY.getPrivate(), new byte[] {(byte) seq}));
    return e.toJson().replace(e.signature(), other);
  }

  private void assertSameAsLineByLine(List<String> lines, String tail) throws IOException {
    String text = String.join("\n", lines) + "\n" + tail;
    Files.writeString(file, text);
    Verification batched = LedgerVerifier.verify(file, ALPHA_KEY.getPublic());
    assertThat(batched).isEqualTo(lineByLine(lines, tail));
  }

  private static Verification lineByLine(List<String> lines, String tail) {
    Entry previous = null;
    for (int i = 0; i < lines.size(); i++) {
      byte[] bytes = lines.get(i).getBytes(StandardCharsets.UTF_8);
      LedgerReader.Checked c = LedgerReader.check(bytes, i + 1, previous, ALPHA_KEY.getPublic());
      if (c.broken() != null) {
        return c.broken();
      }
      previous = c.entry();
    }
    if (!tail.isEmpty()) {
      return new Verification.Broken(lines.size() + 1, lines.size() + 1, Verification.Problem.TORN_TAIL, "");
    }
    return new Verification.Ok(lines.size(), previous.hash());
  }

  @Test
  void aSoundLedgerVerifies() throws IOException {
    assertSameAsLineByLine(lines(), "");
    assertThat(LedgerVerifier.verify(file, ALPHA_KEY.getPublic()))
        .isEqualTo(new Verification.Ok(ENTRIES, entries.get(ENTRIES - 1).hash()));
  }

  @Test
  void theFirstBadSignatureIsNamedAtBatchEdges() throws IOException {
    for (int seq : new int[] {1, 128, 129, 140}) {
      List<String> lines = lines();
      lines.set(seq - 1, forged(seq));
      assertSameAsLineByLine(lines, "");
      assertThat(LedgerVerifier.verify(file, ALPHA_KEY.getPublic()).message())
          .startsWith("line " + seq + " (seq " + seq + "): bad signature");
    }
  }

  @Test
  void aBadSignatureBeforeAnEditWinsAndAnEditBeforeABadSignatureWins() throws IOException {
    List<String> lines = lines();
    lines.set(99, forged(100));
    lines.set(134, lines.get(134).replace("\"seq\":135", "\"seq\":136"));
    assertSameAsLineByLine(lines, "");

    lines = lines();
    lines.set(134, forged(135));
    lines.set(99, lines.get(99).replace("\"seq\":100", "\"seq\":101"));
    assertSameAsLineByLine(lines, "");
    assertThat(((Verification.Broken) LedgerVerifier.verify(file, ALPHA_KEY.getPublic())).problem())
        .isEqualTo(Verification.Problem.HASH_MISMATCH);
  }

  @Test
  void aLineWithBothABadSignatureAndAGapIsABadSignature() throws IOException {
    List<String> lines = lines();
    lines.remove(119); // seq 121 now on line 120...
    lines.set(119, forged(121)); // ...and its signature forged: the signature is checked before the seq
    assertSameAsLineByLine(lines, "");
    assertThat(((Verification.Broken) LedgerVerifier.verify(file, ALPHA_KEY.getPublic())).problem())
        .isEqualTo(Verification.Problem.BAD_SIGNATURE);
  }

  @Test
  void aBadSignatureBeforeATornTailIsNamedFirst() throws IOException {
    List<String> lines = lines();
    lines.set(138, forged(139));
    assertSameAsLineByLine(lines, "{\"clause_id\":\"c");
  }
}
