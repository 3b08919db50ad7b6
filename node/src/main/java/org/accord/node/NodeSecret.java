package org.accord.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The node's secret keys, such as the one for {@code next} tokens: 32 random bytes, generated on first start and kept in the data
 * directory with file mode 600, so tokens stay valid across restarts and no other local user can read the key.
 */
final class NodeSecret {
  static final String FILE_NAME = "next-token.key";
  private static final int BYTES = 32; // HMAC-SHA256 key of the hash's own length (RFC 2104 §3)

  private NodeSecret() {}

  static byte[] loadOrCreate(Path dataDir) {
    return loadOrCreate(dataDir, FILE_NAME);
  }

  /** A 32-byte secret of its own in {@code dataDir/fileName}, created on first use (one key, one purpose). */
  static byte[] loadOrCreate(Path dataDir, String fileName) {
    Path file = dataDir.resolve(fileName);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        create(file);
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length < BYTES) {
        throw new IllegalStateException(file + " is shorter than " + BYTES + " bytes; delete it to make a new one");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the node secret " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] key = new byte[BYTES];
    new SecureRandom().nextBytes(key);
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // Created with mode 600 from the start: never readable by others, not even for a moment.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.write(file, key, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      // another process created it first: use theirs
    }
  }
}
