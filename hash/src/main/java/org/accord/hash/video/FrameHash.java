package org.accord.hash.video;

import java.util.List;
import java.util.Objects;
import org.accord.hash.PdqHash;

/**
 * One sampled frame of a video, hashed: its index among the sampled frames, its time from the start of the video,
 * its PDQ hash and quality, and the other seven dihedral variants of the hash when they were asked for ({@link
 * VideoSettings#dihedral()}; empty otherwise). After collapsing, a frame stands for the run of near-duplicates that
 * follow it, up to {@code untilSeconds}.
 */
public record FrameHash(
    int frame, double seconds, double untilSeconds, PdqHash hash, int quality, List<PdqHash> variants) {
  public FrameHash {
    Objects.requireNonNull(hash, "hash");
    variants = List.copyOf(variants);
    if (frame < 0 || seconds < 0 || untilSeconds < seconds) {
      throw new IllegalArgumentException("frame " + frame + " at " + seconds + " s until " + untilSeconds + " s");
    }
    if (!variants.isEmpty() && variants.size() != 7) {
      throw new IllegalArgumentException("7 dihedral variants besides the original, got " + variants.size());
    }
  }

  FrameHash until(double seconds) {
    return new FrameHash(frame, this.seconds, seconds, hash, quality, variants);
  }
}
