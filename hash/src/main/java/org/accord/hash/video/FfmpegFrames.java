package org.accord.hash.video;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.accord.hash.HashException;
import org.accord.hash.PdqHasher;

/**
 * A video file decoded by the {@code ffmpeg} command (Debian's package), frames sampled and scaled by ffmpeg and
 * read as raw {@code rgb24} over a pipe: no temporary files, and the Java side never touches the container.
 *
 * <p>Design note. One subprocess per video: {@code -vf fps=R,scale=S:S} samples R frames per second (ffmpeg's
 * {@code fps} filter picks the frame nearest each instant i / R) and scales each to S×S, so every frame on the pipe
 * is exactly S·S·3 bytes and frame i is at i / R seconds. Standard error is drained on its own thread (an ffmpeg
 * that blocks on a full stderr pipe would hang us); its last lines become the error message if ffmpeg fails.
 *
 * <p>Security. An uploaded file is hostile input to a large C decoder. The input is named {@code file:PATH}, so a
 * name never selects a network protocol; {@code -protocol_whitelist file} keeps a playlist inside the file from
 * fetching URLs; {@code -format_whitelist} admits only the common video containers, so an HLS or concat "video"
 * cannot make ffmpeg read other local files into its frames. {@code -nostdin}, no audio, subtitles or data streams.
 * The process is killed if it outlives {@link #TIMEOUT_SECONDS}. It still runs with this process's rights: a node
 * that takes video from untrusted parties should run ffmpeg in a sandbox (outside this module's reach).
 */
public record FfmpegFrames(Path video, VideoSettings settings) implements FrameSource {
  /** A whole video must be decoded within this time. */
  static final long TIMEOUT_SECONDS = 600;

  /** The demuxers ffmpeg may use: common video containers only (names as {@code ffmpeg -demuxers} lists them). */
  static final String FORMATS = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,flv,mpegts,mpeg,ogg,asf,gif,h264,hevc,m4v";

  /** True if {@code command -version} runs and exits 0. */
  public static boolean available(String command) {
    try {
      Process p = new ProcessBuilder(command, "-version").redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  List<String> command() {
    int s = settings.frameSize();
    List<String> cmd = new ArrayList<>();
    cmd.add(settings.ffmpeg());
    cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error"));
    cmd.addAll(List.of("-protocol_whitelist", "file", "-format_whitelist", FORMATS));
    cmd.addAll(List.of("-i", "file:" + video.toAbsolutePath()));
    cmd.addAll(List.of("-an", "-sn", "-dn"));
    cmd.addAll(List.of("-frames:v", Integer.toString(settings.maxFrames())));
    cmd.addAll(List.of("-vf", String.format(Locale.ROOT, "fps=%s,scale=%d:%d:flags=area",
        rate(settings.framesPerSecond()), s, s)));
    cmd.addAll(List.of("-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"));
    return cmd;
  }

  /** The rate as ffmpeg reads it: a plain decimal, never an exponent. */
  private static String rate(double fps) {
    return new java.math.BigDecimal(Double.toString(fps)).toPlainString();
  }

  @Override
  public void read(PdqHasher hasher, boolean dihedral, Sink sink) {
    String name = String.valueOf(video.getFileName());
    if (!Files.isRegularFile(video)) {
      throw new HashException(name + ": no such file");
    }
    Process process;
    try {
      process = new ProcessBuilder(command()).start();
    } catch (IOException e) {
      throw new HashException(name + ": cannot run " + settings.ffmpeg() + " (" + e.getMessage()
          + "); install Debian's ffmpeg package, or hash a directory of frame images instead", e);
    }
    StderrTail stderr = new StderrTail(process.getErrorStream());
    Thread drain = new Thread(stderr, "ffmpeg-stderr");
    drain.setDaemon(true);
    drain.start();
    int size = settings.frameSize();
    byte[] frame = new byte[size * size * 3];
    int index = 0;
    boolean stopped = false;
    try (InputStream out = process.getInputStream()) {
      while (index < settings.maxFrames() && readFully(out, frame)) {
        var hashes = dihedral
            ? hasher.dihedralRgb(frame, size, size)
            : FrameSource.originalOnly(hasher.hashRgb(frame, size, size));
        if (!sink.frame(index, index / settings.framesPerSecond(), hashes)) {
          stopped = true;
          break;
        }
        index++;
      }
      if (!process.waitFor(stopped ? 0 : TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        if (!stopped) {
          throw new HashException(name + ": ffmpeg did not finish within " + TIMEOUT_SECONDS + " s");
        }
        return;
      }
      drain.join(5_000);
      if (process.exitValue() != 0 && !stopped) {
        // ffmpeg names the input by its absolute path: the message says only the file's name.
        String why = stderr.tail().replace("file:" + video.toAbsolutePath(), name)
            .replace(video.toAbsolutePath().toString(), name);
        throw new HashException(name + ": ffmpeg cannot decode it (" + why + ")");
      }
      if (index == 0 && !stopped) {
        throw new HashException(name + ": ffmpeg found no video frames in it");
      }
    } catch (IOException e) {
      throw new HashException(name + ": reading frames from ffmpeg failed (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HashException(name + ": interrupted while hashing", e);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  /** Fills {@code buf}; false at a clean end of stream (a partial last frame is dropped). */
  private static boolean readFully(InputStream in, byte[] buf) throws IOException {
    int n = 0;
    while (n < buf.length) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        return false;
      }
      n += r;
    }
    return true;
  }

  /** Keeps the last few kilobytes of ffmpeg's standard error, for the error message. */
  private static final class StderrTail implements Runnable {
    private static final int KEEP = 4096;
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    StderrTail(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[4096];
      try (in) {
        int r;
        while ((r = in.read(buf)) >= 0) {
          synchronized (kept) {
            kept.write(buf, 0, r);
            if (kept.size() > 4 * KEEP) {
              byte[] all = kept.toByteArray();
              kept.reset();
              kept.write(all, all.length - KEEP, KEEP);
            }
          }
        }
      } catch (IOException e) {
        // The process ended or was killed: what was kept is all there is.
      }
    }

    String tail() {
      String text;
      synchronized (kept) {
        text = kept.toString(StandardCharsets.UTF_8).strip();
      }
      if (text.isEmpty()) {
        return "no message";
      }
      String[] lines = text.split("\\R");
      String last = lines[lines.length - 1];
      return last.length() > 300 ? last.substring(0, 300) + "..." : last;
    }
  }
}
