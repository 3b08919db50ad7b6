package org.accord.cases.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.accord.ledger.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes of one node (the node and a command-line export, say) recording custody of one package at the same
 * time keep one chain: each append re-reads the chain's end under an exclusive lock of {@code custody.jsonl}. A real
 * second JVM, because a file lock is between processes.
 */
class ConcurrentCustodyTest {
  static final int EACH = 150;

  @TempDir Path dir;

  @Test
  void twoProcessesAppendingCustodyAtOnceKeepOneChain() throws Exception {
    EvidenceFixtures f = new EvidenceFixtures(dir);
    EvidencePackage p = f.create();
    String file = f.files.get(0).sha256();
    Process other =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CustodyAppender.class.getName(),
                f.store.root().toString(), p.id(), file, Integer.toString(EACH),
                Ed25519.encodePublic(EvidenceFixtures.US.getPublic()),
                Ed25519.encodePrivate(EvidenceFixtures.US.getPrivate()), dir.resolve("ready").toString(),
                dir.resolve("go").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("other.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(dir.resolve("ready")) && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    Files.createFile(dir.resolve("go"));
    for (int i = 0; i < EACH; i++) {
      f.packages.download(p.id(), file, "first-process", null).close();
    }
    assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(other.exitValue()).as(Files.readString(dir.resolve("other.log"))).isZero();

    List<CustodyEntry> chain = f.packages.find(p.id()).orElseThrow().custody();
    assertThat(chain).hasSize(2 + 2 * EACH);
    assertThat(chain).extracting(CustodyEntry::actor).contains("first-process", "second-process");
    Path out = dir.resolve("out");
    f.packages.export(p.id(), out, "jones");
    VerifyReport r = PackageVerifier.verify(out, Map.of("us", EvidenceFixtures.US.getPublic()), true);
    assertThat(r.problems()).isEmpty();
  }
}
