package org.accord.hash.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.accord.hash.HashException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Video from a directory of frame images (a node without ffmpeg), and what happens when ffmpeg is missing. */
class VideoWithoutFfmpegTest {
  @TempDir Path dir;

  /** Frame t of a synthetic scene: discs moving across a gradient; {@code seed} changes the scene entirely. */
  static BufferedImage frame(int t, int seed, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.scale(width / 320.0, height / 240.0);
    java.util.Random r = new java.util.Random(seed);
    for (int y = 0; y < 240; y += 8) {
      g.setColor(new Color((y * 3 + seed * 40) % 256, (y + seed * 90) % 256, 255 - y));
      g.fillRect(0, y, 320, 8);
    }
    for (int k = 0; k < 6; k++) {
      int x0 = r.nextInt(320);
      int y0 = r.nextInt(240);
      int dx = r.nextInt(41) - 20;
      int dy = r.nextInt(41) - 20;
      g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
      g.fillOval(Math.floorMod(x0 + dx * t, 320) - 30, Math.floorMod(y0 + dy * t, 240) - 30, 60 + k * 10, 60);
    }
    g.dispose();
    return img;
  }

  private Path frames(String name, int seed, int count, int width, int height, String format) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    for (int t = 0; t < count; t++) {
      ImageIO.write(frame(t, seed, width, height), format,
          d.resolve(String.format(Locale.ROOT, "frame-%04d.%s", t, format)).toFile());
    }
    return d;
  }

  @Test
  void aDirectoryOfFramesIsHashedAtTheGivenRateAndMatchesItsResizedCopy() throws IOException {
    VideoHasher hasher = new VideoHasher(VideoSettings.DEFAULTS.withCollapseDistance(0));
    VideoHash original = hasher.hash(frames("original", 1, 12, 320, 240, "png"));
    VideoHash resized = hasher.hash(frames("resized", 1, 12, 160, 120, "jpg"));
    VideoHash other = hasher.hash(frames("other", 7, 12, 320, 240, "png"));
    assertThat(original.sampledFrames()).isEqualTo(12);
    assertThat(original.frames().get(5).seconds()).isEqualTo(5.0);
    VideoMatcher.Match same = VideoMatcher.match(resized, original, VideoMatcher.Thresholds.DEFAULTS);
    assertThat(same.queryShare()).isGreaterThanOrEqualTo(0.9);
    assertThat(same.indexedShare()).isGreaterThanOrEqualTo(0.9);
    assertThat(same.matches()).isTrue();
    VideoMatcher.Match unrelated = VideoMatcher.match(other, original, VideoMatcher.Thresholds.DEFAULTS);
    assertThat(unrelated.matches()).isFalse();
    assertThat(unrelated.queryShare()).isLessThanOrEqualTo(0.1);
  }

  @Test
  void nearDuplicateFramesCollapseIntoTheFirst() throws IOException {
    Path d = Files.createDirectories(dir.resolve("still"));
    for (int t = 0; t < 6; t++) {
      // The same scene six times, then another: two runs.
      ImageIO.write(frame(0, t < 4 ? 1 : 7, 320, 240), "png", d.resolve("f" + t + ".png").toFile());
    }
    VideoHash v = new VideoHasher(VideoSettings.DEFAULTS).hash(d);
    assertThat(v.sampledFrames()).isEqualTo(6);
    assertThat(v.frames()).hasSize(2);
    assertThat(v.frames().get(0).untilSeconds()).isEqualTo(3.0);
    assertThat(v.frames().get(1).frame()).isEqualTo(4);
  }

  @Test
  void framesAreTakenInTheNaturalOrderOfTheirNames() {
    java.util.List<String> names =
        new java.util.ArrayList<>(java.util.List.of("f10.png", "f2.png", "f1.png", "f02.png"));
    names.sort(DirectoryFrames::natural);
    assertThat(names).containsExactly("f1.png", "f02.png", "f2.png", "f10.png");
  }

  @Test
  void missingFfmpegFailsWithAnInstructionNotAStackTrace() throws IOException {
    Path video = Files.writeString(dir.resolve("clip.mp4"), "x");
    VideoHasher hasher = new VideoHasher(VideoSettings.DEFAULTS.withFfmpeg(dir.resolve("no-ffmpeg").toString()));
    assertThatThrownBy(() -> hasher.hash(video))
        .isInstanceOf(HashException.class)
        .hasMessageContaining("clip.mp4: cannot run")
        .hasMessageContaining("install Debian's ffmpeg package, or hash a directory of frame images instead");
  }

  @Test
  void anEmptyDirectoryFailsClearly() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> new VideoHasher(VideoSettings.DEFAULTS).hash(empty))
        .isInstanceOf(HashException.class)
        .hasMessageContaining("no frame images");
  }
}
