package org.accord.cases.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content-addressed store: by hash, streamed, limited, all or nothing, idempotent, safe against a kill. */
class EvidenceStoreTest {
  static final long LIMIT = 1 << 20;
  static final byte[] LOGS = "203.0.113.7 -> 198.51.100.2:443 1,204 bytes\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  EvidenceStore store() {
    return EvidenceStore.open(dir.resolve("evidence"), LIMIT);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Every regular file under the store's blob directory, temporary ones included. */
  long filesUnder(EvidenceStore s) throws IOException {
    try (Stream<Path> walk = Files.walk(s.root().resolve("sha256"))) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void aFileIsStoredUnderItsHashOwnerOnly() throws Exception {
    EvidenceStore s = store();
    StoredFile f = s.put(new ByteArrayInputStream(LOGS));
    String hash = sha256(LOGS);
    assertThat(f).isEqualTo(new StoredFile(hash, LOGS.length));
    Path p = s.root().resolve("sha256").resolve(hash.substring(0, 2)).resolve(hash.substring(2));
    assertThat(p).hasBinaryContent(LOGS);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.getParent()))).isEqualTo("rwx------");
    try (InputStream in = s.open(hash)) {
      assertThat(in.readAllBytes()).isEqualTo(LOGS);
    }
  }

  @Test
  void theSameContentStoredTwiceIsOneFile() throws Exception {
    EvidenceStore s = store();
    StoredFile a = s.put(new ByteArrayInputStream(LOGS));
    StoredFile b = s.put(new ByteArrayInputStream(LOGS), OptionalLong.of(LOGS.length), Optional.of(sha256(LOGS)));
    assertThat(b).isEqualTo(a);
    assertThat(filesUnder(s)).isEqualTo(1);
  }

  @Test
  void anUploadOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
    EvidenceStore s = store();
    byte[] big = new byte[(int) LIMIT + 1];
    assertThatThrownBy(() -> s.put(new ByteArrayInputStream(big)))
        .isInstanceOf(EvidenceException.class)
        .hasMessage("refused: the file is over the limit of 1048576 bytes");
    assertThatThrownBy(() -> s.put(new ByteArrayInputStream(big), OptionalLong.of(big.length), Optional.empty()))
        .hasMessage("refused: the file's declared length 1048577 bytes is over the limit of 1048576 bytes");
    // A sender that declares less than it sends is stopped at the limit, never past it.
    assertThatThrownBy(() -> s.put(new ByteArrayInputStream(big), OptionalLong.of(10), Optional.empty()))
        .hasMessage("refused: the file is longer than its declared length of 10 bytes");
    assertThat(filesUnder(s)).isZero();
    // Exactly the limit is accepted.
    assertThat(s.put(new ByteArrayInputStream(new byte[(int) LIMIT])).size()).isEqualTo(LIMIT);
  }

  @Test
  void aTruncatedUploadIsRefusedAndLeavesNothing() throws Exception {
    EvidenceStore s = store();
    assertThatThrownBy(
            () -> s.put(new ByteArrayInputStream(LOGS), OptionalLong.of(LOGS.length + 100), Optional.empty()))
        .isInstanceOf(EvidenceException.class)
        .hasMessage("refused: truncated upload, " + LOGS.length + " of the declared " + (LOGS.length + 100)
            + " bytes");
    // The connection drops half-way: the read fails.
    InputStream dropped =
        new InputStream() {
          int left = 200_000;

          @Override
          public int read() throws IOException {
            if (left <= 0) {
              throw new IOException("connection reset");
            }
            left--;
            return 7;
          }
        };
    assertThatThrownBy(() -> s.put(dropped, OptionalLong.of(400_000), Optional.empty()))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
    assertThat(filesUnder(s)).isZero();
  }

  @Test
  void aHashMismatchIsRefusedWithBothHashesAndLeavesNothing() throws Exception {
    EvidenceStore s = store();
    String declared = sha256("other bytes".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () -> s.put(new ByteArrayInputStream(LOGS), OptionalLong.of(LOGS.length), Optional.of(declared)))
        .isInstanceOf(EvidenceException.class)
        .hasMessage("refused: hash mismatch, declared sha256 " + declared + ", received " + sha256(LOGS) + " ("
            + LOGS.length + " bytes)");
    assertThat(filesUnder(s)).isZero();
    assertThat(s.contains(sha256(LOGS))).isFalse();
  }

  /**
   * A process killed between writing the temporary file and renaming it leaves a {@code .tmp-} file: no lookup sees
   * it, and the next open deletes it. (The kill is simulated by leaving the file as the killed upload would.)
   */
  @Test
  void aKillBeforeTheRenameLeavesNoVisibleFileAndOpenClearsIt() throws Exception {
    EvidenceStore s = store();
    Path leftover = s.root().resolve("sha256").resolve(EvidenceStore.TEMP_PREFIX + "killed");
    Files.write(leftover, LOGS);
    assertThat(s.contains(sha256(LOGS))).isFalse();
    assertThat(s.find(sha256(LOGS))).isEmpty();
    assertThatThrownBy(() -> s.open(sha256(LOGS))).hasMessage("no evidence file with sha256 " + sha256(LOGS));

    EvidenceStore reopened = store();
    assertThat(leftover).doesNotExist();
    assertThat(reopened.temporaryFiles()).isZero();
    assertThat(reopened.put(new ByteArrayInputStream(LOGS)).sha256()).isEqualTo(sha256(LOGS));
  }

  /**
   * Streaming, proven cheaply and honestly: 64 MiB go through the store while the bytes this thread allocates are
   * counted (HotSpot's per-thread allocation counter). A store that held the upload in memory would allocate at
   * least 64 MiB; this one allocates its one 64 KiB buffer and small change. The generator allocates nothing. A
   * forked JVM with a small -Xmx would prove the same more slowly, and only for one heap size.
   */
  @Test
  void sixtyFourMebibytesAreStreamedWithoutBeingHeldInMemory() throws Exception {
    var threads = ManagementFactory.getThreadMXBean();
    assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
    var counter = (com.sun.management.ThreadMXBean) threads;
    assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled());
    long size = 64L << 20;
    EvidenceStore s = EvidenceStore.open(dir.resolve("big"), size);
    String expected = sha256Of(new Generated(size));
    long tid = Thread.currentThread().getId();
    long before = counter.getThreadAllocatedBytes(tid);
    StoredFile f = s.put(new Generated(size), OptionalLong.of(size), Optional.of(expected));
    long allocated = counter.getThreadAllocatedBytes(tid) - before;
    assertThat(f).isEqualTo(new StoredFile(expected, size));
    assertThat(Files.size(s.path(expected))).isEqualTo(size);
    assertThat(allocated).as("bytes allocated while storing 64 MiB").isLessThan(4L << 20);
  }

  static String sha256Of(InputStream in) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) != -1) {
      d.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** {@code size} bytes of a fixed pattern, produced without allocating. */
  static final class Generated extends InputStream {
    private final long size;
    private long pos;

    Generated(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return pos < size ? (int) (pos++ * 31 % 251) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) (pos++ * 31 % 251);
      }
      return n;
    }
  }
}
