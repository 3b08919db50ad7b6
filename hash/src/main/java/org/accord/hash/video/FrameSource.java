package org.accord.hash.video;

import org.accord.hash.DihedralHashes;
import org.accord.hash.PdqHasher;

/**
 * Where sampled frames come from: {@link FfmpegFrames} (a video file decoded by {@code ffmpeg}) or {@link
 * DirectoryFrames} (frame images already extracted). Each source hands its pixels to the {@link PdqHasher} entry
 * point that fits them (packed RGB from a pipe, decoded images from files), so no frame is converted twice.
 */
public sealed interface FrameSource permits FfmpegFrames, DirectoryFrames {
  /** Receives the hashed frames in time order. */
  interface Sink {
    /**
     * One frame: its original hash and quality, and, if asked for, the other seven dihedral variants.
     *
     * @return false to stop reading
     */
    boolean frame(int index, double seconds, DihedralHashes hashes);
  }

  /**
   * Hashes every sampled frame into the sink, or fails with a {@link org.accord.hash.HashException}. Without {@code
   * dihedral} only the original hash is computed; the sink gets it in every slot of {@link DihedralHashes}.
   */
  void read(PdqHasher hasher, boolean dihedral, Sink sink);

  /** The original hash in all eight slots: a frame hashed without its variants. */
  static DihedralHashes originalOnly(org.accord.hash.PdqResult r) {
    return new DihedralHashes(java.util.Collections.nCopies(8, r.hash()), r.quality());
  }
}
