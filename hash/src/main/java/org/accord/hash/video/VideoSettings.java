package org.accord.hash.video;

import java.util.Objects;

/**
 * How a video is hashed.
 *
 * @param framesPerSecond frames sampled per second of video (vPDQ's default: 1)
 * @param collapseDistance a frame within this Hamming distance of the last kept frame is collapsed into it
 * @param frameSize {@code ffmpeg} scales every sampled frame to this square (pixels) before PDQ; the aspect ratio is
 *     not kept, which costs PDQ nothing (it decimates to 64×64 anyway) and makes a resized copy sample the same grid
 * @param ffmpeg the {@code ffmpeg} command (Debian's package installs {@code /usr/bin/ffmpeg}; found on the PATH)
 * @param maxFrames sampled frames beyond this many are not hashed (an hour at 1 frame/s by default): bounds the work
 *     a hostile upload can cause
 */
public record VideoSettings(
    double framesPerSecond, int collapseDistance, int frameSize, String ffmpeg, int maxFrames) {
  public static final VideoSettings DEFAULTS = new VideoSettings(1.0, 8, 256, "ffmpeg", 3600);

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
    return new VideoSettings(fps, collapseDistance, frameSize, ffmpeg, maxFrames);
  }

  public VideoSettings withCollapseDistance(int distance) {
    return new VideoSettings(framesPerSecond, distance, frameSize, ffmpeg, maxFrames);
  }

  public VideoSettings withFfmpeg(String command) {
    return new VideoSettings(framesPerSecond, collapseDistance, frameSize, command, maxFrames);
  }
}
