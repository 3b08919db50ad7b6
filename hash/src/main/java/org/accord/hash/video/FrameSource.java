package org.accord.hash.video;

import org.accord.hash.PdqHasher;
import org.accord.hash.PdqResult;

/**
 * Where sampled frames come from: {@link FfmpegFrames} (a video file decoded by {@code ffmpeg}) or {@link
 * DirectoryFrames} (frame images already extracted). Each source hands its pixels to the {@link PdqHasher} entry
 * point that fits them (packed RGB from a pipe, decoded images from files), so no frame is converted twice.
 */
public sealed interface FrameSource permits FfmpegFrames, DirectoryFrames {
  /** Receives the hashed frames in time order. */
  interface Sink {
    /** @return false to stop reading */
    boolean frame(int index, double seconds, PdqResult hash);
  }

  /** Hashes every sampled frame into the sink, or fails with a {@link org.accord.hash.HashException}. */
  void read(PdqHasher hasher, Sink sink);
}
