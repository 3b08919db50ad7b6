package org.accord.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's files are its owner's alone: the data directory and every directory in it mode 700, every file 600. The
 * data directory holds the store (every party's objects, withheld ones included), the ledger, the rulebook history,
 * the node's private key and secrets; a configuration file may hold a peer's password. Mode 700 on the directory is
 * the real fence (no other local user can even reach a file in it, whatever the file's own mode, including the files
 * SQLite and the ledger create later); 600 on each file keeps them closed when copied or moved out.
 *
 * <p>On a file system without POSIX permissions (Windows, some mounts) nothing is changed and one line says so: the
 * operator must protect the directory by the platform's own means. Symbolic links are neither followed nor changed.
 */
public final class PrivateFiles {
  private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private PrivateFiles() {}

  /**
   * Creates {@code dir} if needed and makes it, and everything under it, owner-only: tightens existing installations
   * at every start.
   */
  public static void restrictTree(Path dir) {
    try {
      Files.createDirectories(dir);
      if (!posix(dir)) {
        return;
      }
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          set(d, DIRECTORY);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          if (attrs.isRegularFile()) {
            set(f, FILE);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          // A file that went away meanwhile (SQLite's -shm, say) has nothing left to protect.
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + dir + " private to its owner: " + e.getMessage(), e);
    }
  }

  /** Creates {@code dir} (and missing parents) and makes {@code dir} itself mode 700. */
  public static void createDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (posix(dir)) {
      set(dir, DIRECTORY);
    }
  }

  /**
   * Writes {@code text} to {@code file} readable by its owner only: a new file is created with mode 600 (never
   * readable by others, not even for a moment); an existing one is tightened before it is overwritten.
   */
  public static void writeString(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    boolean posix = posix(parent);
    if (posix && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    } else if (posix) {
      set(file, FILE);
    }
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
  }

  private static void set(Path p, Set<PosixFilePermission> mode) throws IOException {
    if (Files.isSymbolicLink(p)) {
      return;
    }
    if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
      Files.setPosixFilePermissions(p, mode);
    }
  }

  private static boolean posix(Path p) {
    boolean posix = p.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!posix && WARNED.compareAndSet(false, true)) {
      LOG.warn("{} is on a file system without POSIX permissions: its files are not restricted to their owner; "
          + "protect the data directory by the platform's own means", p);
    }
    return posix;
  }
}
