package org.accord.hash.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.accord.hash.Dihedral;
import org.accord.hash.PdqHash;
import org.accord.hash.PdqHasher;

/**
 * Video hashing in the style of vPDQ (ThreatExchange {@code vpdq}): frames sampled at a fixed rate, each PDQ-hashed
 * with its time, and runs of near-duplicate frames collapsed into their first frame.
 *
 * <p>Design note. A video is a sequence of {@link FrameHash}es, not one hash: a clip cut out of a longer video, or
 * a longer video that contains a known clip, still shares most of its frames with it, which {@link VideoMatcher}
 * measures in both directions. Sampling at a fixed rate in time (not every n-th frame) makes a re-encode at another
 * frame rate sample the same instants. Collapsing keeps a frame only when it is more than {@code collapseDistance}
 * from the last frame kept (not from its immediate predecessor, so a slow fade cannot creep along unseen); a still
 * scene of ten minutes becomes one frame that knows how long it lasted. Frames come from {@code ffmpeg} for a video
 * file and from the images of a directory otherwise ({@link FrameSource}).
 *
 * <p>Not thread-safe (one {@link PdqHasher} reused across frames); use one per thread.
 */
public final class VideoHasher {
  private final VideoSettings settings;
  private final PdqHasher hasher = new PdqHasher();

  public VideoHasher(VideoSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public VideoSettings settings() {
    return settings;
  }

  /** A video file through {@code ffmpeg}, or a directory of frame images. */
  public VideoHash hash(Path videoOrDirectory) {
    FrameSource source = Files.isDirectory(videoOrDirectory)
        ? new DirectoryFrames(videoOrDirectory, settings.framesPerSecond(), settings.maxFrames())
        : new FfmpegFrames(videoOrDirectory, settings);
    return hash(source);
  }

  public VideoHash hash(FrameSource source) {
    List<FrameHash> kept = new ArrayList<>();
    int[] sampled = {0};
    source.read(hasher, settings.dihedral(), (index, seconds, hashes) -> {
      sampled[0]++;
      PdqHash hash = hashes.get(Dihedral.ORIGINAL);
      int last = kept.size() - 1;
      if (last >= 0 && kept.get(last).hash().distance(hash) <= settings.collapseDistance()) {
        kept.set(last, kept.get(last).until(seconds));
      } else {
        List<PdqHash> variants = settings.dihedral() ? hashes.hashes().subList(1, 8) : List.of();
        kept.add(new FrameHash(index, seconds, seconds, hash, hashes.quality(), variants));
      }
      return true;
    });
    return new VideoHash(kept, sampled[0]);
  }
}
