package org.accord.cases.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Evidence is its holder's alone, as the node's other files (node's {@code PrivateFiles}): directories 700, files
 * 600, set at creation so that a file is never readable by others, not even for a moment. On a file system without
 * POSIX permissions nothing is set (the node's start says so once for the whole data directory).
 */
final class OwnerOnly {
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code dir} and missing parents; {@code dir} itself gets mode 700. */
  static Path directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix(dir) && !Files.getPosixFilePermissions(dir).equals(DIRECTORY)) {
      Files.setPosixFilePermissions(dir, DIRECTORY);
    }
    return dir;
  }

  /** The attributes of a new file: mode 600 where the file system has modes. */
  static FileAttribute<?>[] fileAttributes(Path dir) {
    return posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
  }
}
