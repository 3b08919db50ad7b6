package org.accord.cases.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The file layout of a package, in the node's store and in an export: {@code manifest.json} (the canonical manifest,
 * no line end), {@code custody.jsonl} (one canonical custody entry a line, each ended by a line feed) and, in an
 * export, {@code files/<sha256>}.
 */
final class PackageFiles {
  static final String MANIFEST = "manifest.json";
  static final String CUSTODY = "custody.jsonl";
  static final String FILES = "files/";
  /** The largest manifest or custody file read: both are small documents; this bounds a hostile package. */
  static final int MAX_DOCUMENT = 16 << 20;

  private PackageFiles() {}

  static byte[] custodyBytes(List<CustodyEntry> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (CustodyEntry e : entries) {
      out.writeBytes(e.canonicalBytes());
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** Splits {@code custody.jsonl} into its lines (each without its line feed); refuses an unterminated last line. */
  static List<byte[]> lines(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        byte[] line = new byte[i - start];
        System.arraycopy(bytes, start, line, 0, line.length);
        lines.add(line);
        start = i + 1;
      }
    }
    if (start != bytes.length) {
      throw new EvidenceException(
          "custody.jsonl does not end with a line feed: its last line is cut or was edited");
    }
    return lines;
  }

  /** Reads at most {@link #MAX_DOCUMENT} bytes of {@code in}; refuses more. */
  static byte[] readDocument(InputStream in, String name) throws IOException {
    byte[] bytes = in.readNBytes(MAX_DOCUMENT + 1);
    if (bytes.length > MAX_DOCUMENT) {
      throw new EvidenceException(name + " is over " + MAX_DOCUMENT + " bytes");
    }
    return bytes;
  }

  /** Writes {@code bytes} to a new file (mode 600) and forces it to disk. */
  static void writeNew(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            OwnerOnly.fileAttributes(file.toAbsolutePath().getParent()))) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }
}
