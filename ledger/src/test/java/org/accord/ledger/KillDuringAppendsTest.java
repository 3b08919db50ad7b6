package org.accord.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault test: a child JVM appends as fast as it can and is killed with SIGKILL mid-stream. Every entry whose append
 * had returned must be in the file, and the file must open (after the explicit torn-tail repair, when the kill tore
 * the last line). A process kill keeps the page cache, so this checks the write path, not a power cut.
 */
class KillDuringAppendsTest {
  @TempDir Path dir;

  @Test
  void everyAcknowledgedEntrySurvivesAKillAndTheLedgerReopens() throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    Path keyFile = dir.resolve("key");
    // The child runs in another JVM, with other Fixtures keys: hand it this one.
    Files.write(
        keyFile,
        List.of(
            Ed25519.encodePublic(Fixtures.ALPHA_KEY.getPublic()),
            Ed25519.encodePrivate(Fixtures.ALPHA_KEY.getPrivate())));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), Appender.class.getName(), file.toString(),
                keyFile.toString())
            .redirectErrorStream(true)
            .start();
    long acknowledged = 0;
    try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged < 40 && (line = out.readLine()) != null) {
        if (line.strip().matches("[0-9]+")) { // anything else is the child JVM talking (warnings)
          acknowledged = Long.parseLong(line.strip());
        }
      }
      child.destroyForcibly(); // SIGKILL on POSIX
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).isEqualTo(40);

    Ledger.TailRepair repair = Ledger.repairTornTail(file, Fixtures.ALPHA_KEY.getPublic());
    Verification v = LedgerVerifier.verify(file, Fixtures.ALPHA_KEY.getPublic());
    assertThat(v.ok()).as("after %s: %s", repair, v.message()).isTrue();
    long entries = ((Verification.Ok) v).entries();
    assertThat(entries).isGreaterThanOrEqualTo(acknowledged);
    try (Ledger reopened = Ledger.open(file, Fixtures.ALPHA_KEY, Fixtures.ALPHA, Clock.systemUTC())) {
      assertThat(reopened.append(Fixtures.sent(Fixtures.BRAVO, 0)).seq()).isEqualTo(entries + 1);
    }
  }

  /** The child: appends forever, printing each seq once its append has returned. */
  static final class Appender {
    public static void main(String[] args) throws IOException {
      List<String> key = Files.readAllLines(Path.of(args[1]));
      var pair = new KeyPair(Ed25519.decodePublic(key.get(0)), Ed25519.decodePrivate(key.get(1)));
      try (Ledger ledger = Ledger.open(Path.of(args[0]), pair, Fixtures.ALPHA, Clock.systemUTC())) {
        for (int i = 0; ; i++) {
          Entry e = ledger.append(Entry.Draft.sent(Fixtures.BRAVO, List.of(Fixtures.indicator(i)), "c", h(i)));
          System.out.println(e.seq());
          System.out.flush();
        }
      }
    }

    private static String h(int i) {
      return Fixtures.payload("bundle " + i);
    }
  }
}
