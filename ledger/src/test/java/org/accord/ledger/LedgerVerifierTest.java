package org.accord.ledger;

import static org.accord.ledger.Fixtures.ALPHA;
import static org.accord.ledger.Fixtures.ALPHA_KEY;
import static org.accord.ledger.Fixtures.BRAVO;
import static org.accord.ledger.Fixtures.BRAVO_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.accord.ledger.Verification.Broken;
import org.accord.ledger.Verification.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attacks of issue 3, item 6, each with the precise report it must produce. */
class LedgerVerifierTest {
  @TempDir Path dir;
  private Path file;
  private byte[] sound;
  private List<String> lines;

  @BeforeEach
  void fourEntries() throws IOException {
    file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = Ledger.open(file, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      ledger.append(Entry.Draft.rulebookActivated(new ObjectRef("rulebook--alpha-bravo", "1"), Fixtures.payload("rb")));
      ledger.append(Fixtures.sent(BRAVO, 1));
      ledger.append(Fixtures.received(BRAVO, 2));
      ledger.append(Fixtures.sent(BRAVO, 3));
    }
    sound = Files.readAllBytes(file);
    lines = Files.readAllLines(file);
  }

  private Verification verify() throws IOException {
    return LedgerVerifier.verify(file, ALPHA_KEY.getPublic());
  }

  private Broken broken() throws IOException {
    Verification v = verify();
    assertThat(v).isInstanceOf(Broken.class);
    return (Broken) v;
  }

  private static void assertBroken(Broken b, long line, long seq, Problem problem) {
    assertThat(b).as(b.message()).extracting(Broken::line, Broken::seq, Broken::problem)
        .containsExactly(line, seq, problem);
  }

  private void writeLines(List<String> newLines) throws IOException {
    Files.writeString(file, String.join("\n", newLines) + "\n");
  }

  @Test
  void aSoundLedgerVerifiesWithCountAndHead() throws IOException {
    assertThat(verify()).isEqualTo(new Verification.Ok(4, Entry.parse(lines.get(3)).hash()));
    assertThat(verify().message()).startsWith("4 entries verified, head hash ");
  }

  @Test
  void anEmptyLedgerVerifies() throws IOException {
    Files.write(file, new byte[0]);
    assertThat(verify()).isEqualTo(new Verification.Ok(0, "0".repeat(64)));
  }

  @Test
  void everyByteEditedOnDiskIsPinnedToItsEntry() throws IOException {
    // At every position the lowest bit flipped (the subtlest edit: a digit, a letter's case-free neighbour, a base64
    // character's unused bit); at every third also the highest bit flipped (no longer UTF-8) and a line end written.
    // Each check verifies signatures (~1 ms each with the JDK's Ed25519), so three entries (all optional members
    // present and absent) rather than four; LedgerPropertiesTest flips random bits on top.
    writeLines(lines.subList(0, 3));
    sound = Files.readAllBytes(file);
    int checked = 0;
    for (int pos = 0; pos < sound.length; pos++) {
      for (int edit = 0; edit < (pos % 3 == 0 ? 3 : 1); edit++) {
        byte[] bytes = sound.clone();
        bytes[pos] = edit == 0 ? (byte) (bytes[pos] ^ 0x01) : edit == 1 ? (byte) (bytes[pos] ^ 0x80) : (byte) '\n';
        if (bytes[pos] == sound[pos]) {
          continue; // a line end written over a line end changes nothing
        }
        Files.write(file, bytes);
        Verification v = verify();
        assertThat(v).as("edit %d at byte %d", edit, pos).isInstanceOf(Broken.class);
        assertThat(((Broken) v).line()).as("edit %d at byte %d: %s", edit, pos, v.message()).isEqualTo(lineOf(pos));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(sound.length + 2 * (sound.length / 3) - 5);
  }

  /** The 1-based line a byte belongs to; a line end belongs to the line it ends. */
  private long lineOf(int pos) {
    long line = 1;
    for (int i = 0; i < pos; i++) {
      if (sound[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  @Test
  void anEditedPayloadHashIsReportedAsContentEdited() throws IOException {
    String edited = lines.get(1).replace(Fixtures.payload("bundle 1"), Fixtures.payload("bundle 9"));
    lines.set(1, edited);
    writeLines(lines);
    assertBroken(broken(), 2, 2, Problem.HASH_MISMATCH);
    assertThat(broken().message()).startsWith("line 2 (seq 2): content edited (hash mismatch)");
  }

  @Test
  void aRemovedEntryIsReportedWhereTheGapIs() throws IOException {
    lines.remove(1);
    writeLines(lines);
    assertBroken(broken(), 2, 3, Problem.SEQ_OUT_OF_ORDER);
    assertThat(broken().message()).contains("expected seq 2: entries 2..2 are missing");
  }

  @Test
  void swappedEntriesAreReportedAsReordered() throws IOException {
    String second = lines.get(1);
    lines.set(1, lines.get(2));
    lines.set(2, second);
    writeLines(lines);
    assertBroken(broken(), 2, 3, Problem.SEQ_OUT_OF_ORDER);
  }

  @Test
  void aDuplicatedEntryIsReported() throws IOException {
    lines.add(2, lines.get(1));
    writeLines(lines);
    Broken b = broken();
    assertBroken(b, 3, 2, Problem.SEQ_OUT_OF_ORDER);
    assertThat(b.message()).contains("comes again or too early");
  }

  @Test
  void aFileCutInsideAnEntryIsATornTail() throws IOException {
    Files.write(file, Arrays.copyOf(sound, sound.length - 40));
    assertBroken(broken(), 4, 4, Problem.TORN_TAIL);
  }

  @Test
  void aFileCutBetweenEntriesVerifiesAloneAndOnlyACheckpointShowsIt() throws IOException {
    Checkpoint handedOut;
    try (Ledger ledger = Ledger.open(file, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      handedOut = ledger.checkpoint();
    }
    writeLines(lines.subList(0, 2));
    assertThat(verify().ok()).isTrue();
    CheckpointCheck check = LedgerVerifier.verifyAgainst(file, ALPHA_KEY.getPublic(), handedOut);
    assertThat(check).isInstanceOf(CheckpointCheck.Contradicted.class);
    var c = (CheckpointCheck.Contradicted) check;
    assertThat(c.reason()).isEqualTo(CheckpointCheck.Reason.TRUNCATED);
    assertThat(c.message()).contains("ends at seq 2").contains("commits to seq 4").contains("entries 3..4 were cut");
  }

  @Test
  void anEntryRewrittenAndReHashedWithoutTheKeyHasABadSignature() throws IOException {
    // The attacker edits entry 2, recomputes its hash and signs with a key of their own.
    Entry original = Entry.parse(lines.get(1));
    Entry.Draft forged =
        Entry.Draft.sent("mallory.example", original.objects(), original.clauseId(), original.payloadHash());
    Entry fake = Entry.create(2, original.time(), ALPHA, forged, original.previousHash(), BRAVO_KEY.getPrivate());
    lines.set(1, fake.toJson());
    writeLines(lines);
    assertBroken(broken(), 2, 2, Problem.BAD_SIGNATURE);
  }

  @Test
  void aForgedSignatureOnAnUneditedEntryIsReported() throws IOException {
    Entry original = Entry.parse(lines.get(2));
    byte[] otherSig = Ed25519.sign(BRAVO_KEY.getPrivate(), new byte[] {1, 2, 3});
    lines.set(2, lines.get(2).replace(original.signature(), Ed25519.encodeSignature(otherSig)));
    writeLines(lines);
    assertBroken(broken(), 3, 3, Problem.BAD_SIGNATURE);
  }

  @Test
  void anEntryFromAnotherLedgerOfTheSameKeyBreaksTheChain() throws IOException {
    // Same key, same party, a different history: entry 2 there is validly signed but follows another entry 1.
    Path other = dir.resolve("other.jsonl");
    try (Ledger ledger = Ledger.open(other, ALPHA_KEY, ALPHA, new Fixtures.TickingClock())) {
      ledger.append(Fixtures.sent(BRAVO, 99));
      ledger.append(Fixtures.sent(BRAVO, 1));
    }
    lines.set(1, Files.readAllLines(other).get(1));
    writeLines(lines);
    assertThat(broken()).extracting(Broken::line, Broken::seq, Broken::problem)
        .containsExactly(2L, 2L, Problem.PREVIOUS_HASH_MISMATCH);
  }

  @Test
  void aLineWithASpaceAddedIsReportedAsNotCanonical() throws IOException {
    lines.set(0, lines.get(0).replace("\"kind\":", "\"kind\": "));
    writeLines(lines);
    assertThat(broken()).extracting(Broken::line, Broken::problem).containsExactly(1L, Problem.NOT_CANONICAL);
  }

  @Test
  void aSignatureReEncodedWithTheSameBytesIsStillAnEdit() throws IOException {
    // Base64 of 64 bytes ends "Xy==": 'y' carries 2 bits and 4 unused ones. Setting an unused bit decodes to the
    // same signature, so only the canonical-form check can see this edit.
    Entry e = Entry.parse(lines.get(2));
    String sig = e.signature();
    int at = sig.length() - 3;
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char twin = alphabet.charAt(alphabet.indexOf(sig.charAt(at)) ^ 0x01);
    String edited = sig.substring(0, at) + twin + sig.substring(at + 1);
    assertThat(Ed25519.decodeSignature(edited)).isEqualTo(Ed25519.decodeSignature(sig));
    lines.set(2, lines.get(2).replace(sig, edited));
    writeLines(lines);
    assertBroken(broken(), 3, 3, Problem.NOT_CANONICAL);
  }

  @Test
  void anEmptyLineIsReported() throws IOException {
    lines.add(2, "");
    writeLines(lines);
    assertBroken(broken(), 3, 3, Problem.BAD_JSON);
  }

  @Test
  void theExportOfAPeerIsCheckedLineByLine() throws IOException {
    String export = lines.get(1) + "\n" + lines.get(3) + "\n";
    List<Entry> read = LedgerVerifier.readExport(in(export), ALPHA_KEY.getPublic());
    assertThat(read).extracting(Entry::seq).containsExactly(2L, 4L);

    assertThatThrownBy(() -> LedgerVerifier.readExport(in(export), BRAVO_KEY.getPublic()))
        .hasMessage("export line 1 (seq 2): bad signature");
    String edited = export.replace(Fixtures.payload("bundle 3"), Fixtures.payload("bundle 4"));
    assertThatThrownBy(() -> LedgerVerifier.readExport(in(edited), ALPHA_KEY.getPublic()))
        .hasMessage("export line 2 (seq 4): content edited (hash mismatch)");
    String reordered = lines.get(3) + "\n" + lines.get(1) + "\n";
    assertThatThrownBy(() -> LedgerVerifier.readExport(in(reordered), ALPHA_KEY.getPublic()))
        .hasMessageContaining("export line 2 (seq 2): seq 2 after seq 4");
  }

  private static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theFirstOfSeveralBadEntriesIsNamed() throws IOException {
    List<String> edited = new ArrayList<>(lines);
    edited.set(3, edited.get(3).replace("alpha", "alphb"));
    edited.set(1, edited.get(1).replace("alpha", "alphb"));
    writeLines(edited);
    assertThat(broken().line()).isEqualTo(2);
  }
}
