package org.accord.cases.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of evidence, held by content: a file's name is its SHA-256, under {@code <root>/sha256/ab/cdef...} (the
 * first two hex digits a directory, so no directory holds more than 1/256 of the files).
 *
 * <p>Design note. An upload is streamed, never held whole in memory: bytes go through a {@link MessageDigest} and a
 * fixed {@link #BUFFER}-sized buffer into a temporary file in {@code <root>/sha256/} (the same file system as the
 * final place, so the rename is atomic), counted as they go. Only when the stream has ended within the size limit,
 * with exactly the declared length and the declared hash, is the file forced to disk ({@code fsync}) and renamed into
 * place atomically, then the directory forced; any failure deletes the temporary file. So a reader sees a file whole
 * or not at all, and a file's name always is its hash: what is under a name was checked at the moment it got it.
 *
 * <ul>
 *   <li>Over the limit: refused before a byte is read when the declared length is over it, else at the first byte
 *       past it (a client that lies about the length cannot make the store write more than the limit).
 *   <li>Truncated (the stream ends before the declared length, or fails): refused, nothing left.
 *   <li>Another hash than declared: refused with both hashes, nothing left.
 *   <li>Idempotent: the same content stored twice is one file (the second temporary file is dropped).
 *   <li>Kill-safety: a process killed between temporary file and rename leaves only a {@code .tmp-} file, which no
 *       lookup sees and {@link #open} deletes.
 * </ul>
 *
 * <p>Files are mode 600 and directories 700 (the node's rule for its data directory). The store never changes or
 * deletes a stored file: evidence is kept as received, and its retention is a decision for the node's operator.
 * Thread-safe: concurrent uploads write distinct temporary files, and two renames of one content land the same bytes.
 */
public final class EvidenceStore {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceStore.class);
  /** Bytes copied at a time: the only buffer an upload uses, whatever its size. */
  static final int BUFFER = 64 * 1024;
  static final String TEMP_PREFIX = ".tmp-";

  private final Path root;
  private final Path blobs;
  private final long maxBytes;

  private EvidenceStore(Path root, long maxBytes) {
    this.root = root;
    this.blobs = root.resolve("sha256");
    this.maxBytes = maxBytes;
  }

  /**
   * Opens (creating it if needed) the store under {@code root} ({@code <data_dir>/evidence}) and deletes the
   * temporary files a killed upload left.
   *
   * @param maxBytes the largest file accepted, in bytes
   */
  public static EvidenceStore open(Path root, long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("the size limit must be >= 0, got " + maxBytes);
    }
    EvidenceStore store = new EvidenceStore(root, maxBytes);
    try {
      OwnerOnly.directory(root);
      OwnerOnly.directory(store.blobs);
      try (DirectoryStream<Path> temps = Files.newDirectoryStream(store.blobs, TEMP_PREFIX + "*")) {
        for (Path t : temps) {
          Files.deleteIfExists(t);
          LOG.warn("deleted {}: an upload that did not finish (the process stopped before it was stored)", t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the evidence store at " + root + ": " + e.getMessage(), e);
    }
    return store;
  }

  public Path root() {
    return root;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Stores {@code in} with nothing declared but the size limit. */
  public StoredFile put(InputStream in) throws IOException {
    return put(in, OptionalLong.empty(), Optional.empty());
  }

  /**
   * Stores the bytes of {@code in} (read to its end; not closed).
   *
   * @param declaredLength the length the sender announced (e.g. {@code Content-Length}), checked exactly
   * @param declaredSha256 the SHA-256 the sender announced, checked exactly
   * @throws EvidenceException when refused (over the limit, shorter or longer than declared, another hash): nothing
   *     is left
   * @throws IOException when reading or writing fails: nothing is left
   */
  public StoredFile put(InputStream in, OptionalLong declaredLength, Optional<String> declaredSha256)
      throws IOException {
    declaredSha256.ifPresent(h -> Canonical.requireHash(h, "declared sha256"));
    if (declaredLength.isPresent() && declaredLength.getAsLong() > maxBytes) {
      throw new EvidenceException(
          "refused: the file's declared length " + declaredLength.getAsLong() + " bytes is over the limit of "
              + maxBytes + " bytes");
    }
    Path temp = blobs.resolve(TEMP_PREFIX + UUID.randomUUID());
    try {
      MessageDigest digest = Canonical.digest();
      long size = 0;
      try (FileChannel out =
          FileChannel.open(
              temp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              OwnerOnly.fileAttributes(blobs))) {
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        int n;
        while ((n = in.read(buffer)) != -1) {
          size += n;
          if (size > maxBytes) {
            throw new EvidenceException("refused: the file is over the limit of " + maxBytes + " bytes");
          }
          if (declaredLength.isPresent() && size > declaredLength.getAsLong()) {
            throw new EvidenceException(
                "refused: the file is longer than its declared length of " + declaredLength.getAsLong() + " bytes");
          }
          digest.update(buffer, 0, n);
          wrapped.clear().limit(n);
          while (wrapped.hasRemaining()) {
            out.write(wrapped);
          }
        }
        if (declaredLength.isPresent() && size != declaredLength.getAsLong()) {
          throw new EvidenceException(
              "refused: truncated upload, " + size + " of the declared " + declaredLength.getAsLong() + " bytes");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (declaredSha256.isPresent() && !declaredSha256.get().equals(actual)) {
          throw new EvidenceException(
              "refused: hash mismatch, declared sha256 " + declaredSha256.get() + ", received " + actual + " ("
                  + size + " bytes)");
        }
        out.force(true);
        Path target = path(actual);
        OwnerOnly.directory(target.getParent());
        if (!Files.exists(target)) {
          move(temp, target);
          forceDirectory(target.getParent());
        }
        return new StoredFile(actual, size);
      }
    } finally {
      Files.deleteIfExists(temp); // after a successful move it is gone already
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Another upload of the same content got there first: the same bytes, by their hash.
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the evidence directory does not support atomic renames: " + e.getMessage(), e);
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename is still atomic, only its durability is the OS's.
    }
  }

  /** True when the store holds the file with this hash. */
  public boolean contains(String sha256) {
    return Files.isRegularFile(path(Canonical.requireHash(sha256, "sha256")));
  }

  /** The stored file with this hash, if held. */
  public Optional<StoredFile> find(String sha256) throws IOException {
    Path p = path(Canonical.requireHash(sha256, "sha256"));
    try {
      return Optional.of(new StoredFile(sha256, Files.size(p)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Opens the stored file with this hash for reading.
   *
   * @throws EvidenceException when it is not held
   */
  public InputStream open(String sha256) throws IOException {
    Path p = path(Canonical.requireHash(sha256, "sha256"));
    try {
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      throw new EvidenceException("no evidence file with sha256 " + sha256);
    }
  }

  /** Where the file with this hash is (or would be): {@code <root>/sha256/ab/cdef...}. */
  Path path(String sha256) {
    return blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
  }

  /** The temporary files present now (for tests of kill-safety). */
  long temporaryFiles() throws IOException {
    try (var s = Files.list(blobs)) {
      return s.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).count();
    }
  }
}
