package org.accord.hash.video;

import java.util.Objects;
import org.accord.hash.PdqHash;

/**
 * One sampled frame of a video, hashed: its index among the sampled frames, its time from the start of the video,
 * its PDQ hash and quality. After collapsing, a frame stands for the run of near-duplicates that follow it, up to
 * {@code untilSeconds}.
 */
public record FrameHash(int frame, double seconds, double untilSeconds, PdqHash hash, int quality) {
  public FrameHash {
    Objects.requireNonNull(hash, "hash");
    if (frame < 0 || seconds < 0 || untilSeconds < seconds) {
      throw new IllegalArgumentException("frame " + frame + " at " + seconds + " s until " + untilSeconds + " s");
    }
  }
}
