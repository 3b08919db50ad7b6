package org.accord.hash.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.accord.hash.HashException;
import org.accord.hash.PdqHasher;

/**
 * Frames already extracted as image files in one directory (PNG, JPEG, BMP, GIF), taken in the natural order of
 * their names (digits compared as numbers: {@code frame-2} before {@code frame-10}) and assumed sampled at {@code
 * framesPerSecond}: frame i is at i / framesPerSecond seconds. This is how a node
 * without {@code ffmpeg} hashes video (e.g. frames exported by another tool at one per second).
 */
public record DirectoryFrames(Path directory, double framesPerSecond, int maxFrames) implements FrameSource {
  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  public DirectoryFrames {
    java.util.Objects.requireNonNull(directory, "directory");
    if (!(framesPerSecond > 0) || maxFrames < 1) {
      throw new IllegalArgumentException("frames per second > 0 and max frames >= 1, got " + framesPerSecond
          + ", " + maxFrames);
    }
  }

  /** Names compared with their runs of digits as numbers, the rest as text. */
  static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        java.math.BigInteger n = new java.math.BigInteger(a.substring(si, i));
        int c = n.compareTo(new java.math.BigInteger(b.substring(sj, j)));
        if (c != 0) {
          return c;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }

  @Override
  public void read(PdqHasher hasher, boolean dihedral, Sink sink) {
    if (!Files.isDirectory(directory)) {
      throw new HashException(directory.getFileName() + ": not a directory of frame images");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(Files::isRegularFile)
          .filter(p -> EXTENSIONS.stream().anyMatch(p.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith))
          .sorted((p, q) -> natural(p.getFileName().toString(), q.getFileName().toString()))
          .limit(maxFrames)
          .toList();
    } catch (IOException e) {
      throw new HashException(directory.getFileName() + ": cannot list the frames (" + e.getMessage() + ")", e);
    }
    if (files.isEmpty()) {
      throw new HashException(directory.getFileName() + ": no frame images (.png, .jpg, .bmp, .gif) in it");
    }
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      var hashes = dihedral ? hasher.dihedral(file) : FrameSource.originalOnly(hasher.hash(file));
      if (!sink.frame(i, i / framesPerSecond, hashes)) {
        return;
      }
    }
  }
}
