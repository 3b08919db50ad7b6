package org.accord.ledger;

import static org.accord.ledger.Fixtures.ALPHA;
import static org.accord.ledger.Fixtures.ALPHA_KEY;
import static org.accord.ledger.Fixtures.BRAVO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, finding 6: one POST wrote a 17 MB ledger line, longer than the reader's 16 MiB limit, and the node could
 * no longer open its own ledger. The writer's limits and the reader's come from one constant; these tests hold them
 * against each other.
 */
class LedgerLimitsTest {
  @TempDir Path dir;

  @Test
  void theReaderAcceptsExactlyTheLinesTheWriterMayWrite() {
    assertThat(LedgerReader.MAX_LINE).isEqualTo(Entry.MAX_BYTES);
    assertThat(Entry.MAX_OBJECTS).isGreaterThan(1_000);
  }

  @Test
  void theLongestEntryTheWriterAcceptsFitsInALineAndReadsBack() throws IOException {
    // Every object at its longest, in characters of three UTF-8 bytes: the worst a caller can hand over.
    String idTail = "€".repeat(Entry.MAX_OBJECT_ID - "indicator--".length() - 6);
    String version = "€".repeat(Entry.MAX_OBJECT_VERSION);
    List<ObjectRef> refs = new ArrayList<>(Entry.MAX_OBJECTS);
    for (int i = 0; i < Entry.MAX_OBJECTS; i++) {
      refs.add(new ObjectRef(String.format("indicator--%06d", i) + idTail, version));
    }
    String longText = "\"".repeat(Entry.MAX_TEXT);
    Entry.Draft worst = Entry.Draft.sent(longText, refs, longText, Fixtures.payload("worst"));
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = Ledger.open(file, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      ledger.append(worst);
    }
    assertThat(Files.size(file)).isLessThanOrEqualTo(Entry.MAX_BYTES + 1L);
    assertThat(LedgerVerifier.verify(file, ALPHA_KEY.getPublic()).ok()).isTrue();
    try (Ledger reopened = Ledger.open(file, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      assertThat(reopened.seq()).isEqualTo(1);
    }
  }

  @Test
  void anEntryNamingMoreObjectsThanTheLimitIsRefusedBeforeAnythingIsWritten() throws IOException {
    List<ObjectRef> refs = new ArrayList<>();
    for (int i = 0; i <= Entry.MAX_OBJECTS; i++) {
      refs.add(Fixtures.indicator(i));
    }
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = Ledger.open(file, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      assertThatThrownBy(() -> ledger.append(Entry.Draft.sent(BRAVO, refs, null, Fixtures.payload("big"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most " + Entry.MAX_OBJECTS + " objects");
      String id = "indicator--" + "x".repeat(Entry.MAX_OBJECT_ID);
      assertThatThrownBy(
              () -> ledger.append(Entry.Draft.sent(BRAVO, List.of(new ObjectRef(id, null)), null,
                  Fixtures.payload("long id"))))
          .hasMessageContaining("object id longer than " + Entry.MAX_OBJECT_ID);
      assertThat(ledger.append(Fixtures.sent(BRAVO, 2)).seq()).as("the ledger goes on").isEqualTo(2);
    }
    assertThat(LedgerVerifier.verify(file, ALPHA_KEY.getPublic())).isEqualTo(
        new Verification.Ok(2, lastHash(file)));
  }

  @Test
  void aLineLongerThanTheLimitIsRefusedByTheReader() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    byte[] line = new byte[Entry.MAX_BYTES + 2];
    Arrays.fill(line, (byte) 'x');
    line[line.length - 1] = '\n';
    Files.write(file, line);
    Verification v = LedgerVerifier.verify(file, ALPHA_KEY.getPublic());
    assertThat(v.ok()).isFalse();
    assertThat(v.message()).contains("line longer than " + Entry.MAX_BYTES + " bytes");
  }

  @Test
  void appendAllWritesConsecutiveEntriesWithOneCall() throws IOException {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = Ledger.open(file, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      ledger.append(Fixtures.sent(BRAVO, 1));
      List<Entry> written = ledger.appendAll(List.of(Fixtures.sent(BRAVO, 2), Fixtures.sent(BRAVO, 3)));
      assertThat(written).extracting(Entry::seq).containsExactly(2L, 3L);
      assertThat(written.get(1).previousHash()).isEqualTo(written.get(0).hash());
      assertThat(ledger.seq()).isEqualTo(3);
    }
    assertThat(LedgerVerifier.verify(file, ALPHA_KEY.getPublic()).ok()).isTrue();
  }

  private static String lastHash(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return Entry.parse(lines.get(lines.size() - 1)).hash();
  }
}
