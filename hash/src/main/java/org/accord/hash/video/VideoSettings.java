package org.accord.hash.video;

import java.util.Objects;

/**
 * How a video is hashed.
 *
 * @param framesPerSecond frames sampled per second of video (vPDQ's default: 1)
 * @param collapseDistance a frame within this Hamming distance of the last kept frame is collapsed into it
 * @param frameSize {@code ffmpeg} scales every sampled frame to this square (pixels, area-averaging) before PDQ; the
 *     aspect ratio is not kept, which costs PDQ nothing (it decimates to 64×64 anyway) and makes a resized copy
 *     sample the same grid. The default, 64, is the reference's video path ("when we've already used ffmpeg to
 *     downsample for us", {@code pdqhashing.cpp}): PDQ then skips its own filter. It is also mirror-symmetric,
 *     which matters for the dihedral variants: at 256 the decimation grid's mirror image falls a quarter of a cell
 *     off the grid, and a mirrored Mandelbrot clip drifted some 30 bits (64, 128 and 512 match it; tested)
 * @param ffmpeg the {@code ffmpeg} command (Debian's package installs {@code /usr/bin/ffmpeg}; found on the PATH)
 * @param maxFrames sampled frames beyond this many are not hashed (an hour at 1 frame/s by default): bounds the work
 *     a hostile upload can cause
 * @param dihedral also keep each frame's seven other dihedral hashes, so that a query finds a mirrored or rotated
 *     copy ({@link VideoMatcher}); cheap (sign flips of the DCT and seven medians per frame). The original hash then
 *     comes from the reference's dihedral path, which runs its box filter even over a 64×64 frame (a window of one,
 *     exact but for float rounding): it can differ from the plain path by a bit where a coefficient ties the
 *     median; it did not on any frame of the test clips
 */
public record VideoSettings(
    double framesPerSecond, int collapseDistance, int frameSize, String ffmpeg, int maxFrames, boolean dihedral) {
  public static final VideoSettings DEFAULTS = new VideoSettings(1.0, 8, 64, "ffmpeg", 3600, false);

  public VideoSettings {
    Objects.requireNonNull(ffmpeg, "ffmpeg");
    if (!(framesPerSecond > 0 && framesPerSecond <= 60)) {
      throw new IllegalArgumentException("frames per second must be in (0, 60], got " + framesPerSecond);
    }
    if (collapseDistance < 0 || collapseDistance > 256) {
      throw new IllegalArgumentException("collapse distance must be 0..256, got " + collapseDistance);
    }
    if (frameSize < 64 || frameSize > 1024) {
      throw new IllegalArgumentException("frame size must be 64..1024 pixels, got " + frameSize);
    }
    if (maxFrames < 1) {
      throw new IllegalArgumentException("max frames must be at least 1, got " + maxFrames);
    }
  }

  public VideoSettings withFramesPerSecond(double fps) {
    return new VideoSettings(fps, collapseDistance, frameSize, ffmpeg, maxFrames, dihedral);
  }

  public VideoSettings withCollapseDistance(int distance) {
    return new VideoSettings(framesPerSecond, distance, frameSize, ffmpeg, maxFrames, dihedral);
  }

  public VideoSettings withFfmpeg(String command) {
    return new VideoSettings(framesPerSecond, collapseDistance, frameSize, command, maxFrames, dihedral);
  }

  public VideoSettings withDihedral(boolean variants) {
    return new VideoSettings(framesPerSecond, collapseDistance, frameSize, ffmpeg, maxFrames, variants);
  }
}
