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
 * Frames already extracted as image files in one directory (PNG, JPEG, BMP, GIF), taken in the order of their
 * names and assumed sampled at {@code framesPerSecond}: frame i is at i / framesPerSecond seconds. This is how a node
 * without {@code ffmpeg} hashes video (e.g. frames exported by another tool at one per second).
 */
public record DirectoryFrames(Path directory, double framesPerSecond, int maxFrames) implements FrameSource {
  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  @Override
  public void read(PdqHasher hasher, boolean dihedral, Sink sink) {
    if (!Files.isDirectory(directory)) {
      throw new HashException(directory.getFileName() + ": not a directory of frame images");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(Files::isRegularFile)
          .filter(p -> EXTENSIONS.stream().anyMatch(p.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith))
          .sorted()
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
