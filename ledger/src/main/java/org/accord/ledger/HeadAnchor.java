package org.accord.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where a ledger's head is kept apart from the ledger file: the head (seq and hash) as a {@link Checkpoint} signed
 * with the ledger's own key, written after each durable append. A ledger cut at a line boundary, emptied or deleted
 * verifies on its own (every remaining line is sound); held against its anchor it is shorter than the anchored seq,
 * or has another hash there, and {@link Ledger#open} refuses it ({@link LedgerAnchorException}).
 *
 * <p>The anchor only ever moves after the entries it names are on disk, so it is never ahead of the file: a crash
 * mid-append leaves a torn line past the anchor, which {@link Ledger#repairTornTail} may cut. An anchor kept in the
 * same directory as the ledger stops an accidental or careless cut; against an intruder who can write the whole
 * data directory, keep a second anchor elsewhere (the node's database) and rely on the checkpoints the peers hold.
 */
public interface HeadAnchor {
  /** Keeps nothing: a ledger opened with it is checked on its own, as before anchors existed. */
  HeadAnchor NONE =
      new HeadAnchor() {
        @Override
        public Optional<Checkpoint> read() {
          return Optional.empty();
        }

        @Override
        public void write(Checkpoint head) {}

        @Override
        public String describe() {
          return "no anchor";
        }
      };

  /**
   * The last head written, empty when none was ever written.
   *
   * @throws IOException when the anchor exists but cannot be read (damaged: not a checkpoint)
   */
  Optional<Checkpoint> read() throws IOException;

  /**
   * Replaces the anchored head: durable when it returns, or (an anchor that says so, such as one in a database the
   * appending thread may be inside a transaction of) shortly after. Either way an anchor may lag the file, never
   * lead it: the ledger hands a head over only once it is durable. An anchor holding resources is {@link
   * java.io.Closeable}, and the ledger closes it after handing over its last head.
   */
  void write(Checkpoint head) throws IOException;

  /** Where the anchor is, for messages. */
  String describe();

  /** The file beside the ledger, {@code <ledger>.head}. */
  static Path besideFile(Path ledger) {
    return ledger.resolveSibling(ledger.getFileName() + ".head");
  }

  /** A file holding the signed head in its canonical JSON form, replaced atomically (write, force, rename). */
  static HeadAnchor file(Path path) {
    return new HeadAnchor() {
      @Override
      public Optional<Checkpoint> read() throws IOException {
        String text;
        try {
          text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
          return Optional.empty();
        }
        try {
          return Optional.of(Checkpoint.parse(text.strip()));
        } catch (IllegalArgumentException e) {
          throw new IOException("the head anchor " + path + " is damaged: " + e.getMessage(), e);
        }
      }

      @Override
      public void write(Checkpoint head) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        byte[] bytes = (head.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch =
            FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
          ByteBuffer buf = ByteBuffer.wrap(bytes);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true); // the rename must never expose an empty or partial anchor after a crash
        }
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }

      @Override
      public String describe() {
        return "the head anchor " + path;
      }
    };
  }
}
