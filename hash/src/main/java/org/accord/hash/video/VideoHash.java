package org.accord.hash.video;

import java.util.List;

/**
 * The hashes of a video's sampled frames, in time order, near-duplicates collapsed ({@link VideoHasher}), with the
 * number of frames sampled before collapsing.
 */
public record VideoHash(List<FrameHash> frames, int sampledFrames) {
  public VideoHash {
    frames = List.copyOf(frames);
    if (sampledFrames < frames.size()) {
      throw new IllegalArgumentException(sampledFrames + " frames sampled, " + frames.size() + " kept");
    }
  }
}
