package org.accord.hash.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Test clips made by ffmpeg itself; a test that needs ffmpeg fails in CI without it, and is skipped elsewhere. */
final class Ffmpeg {
  private Ffmpeg() {}

  static void require() {
    if (FfmpegFrames.available("ffmpeg")) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("ffmpeg is required in CI (.ci/run installs Debian's package): apt-get install -y ffmpeg");
    }
    Assumptions.abort("ffmpeg is not installed (apt-get install -y ffmpeg); video tests through ffmpeg skipped");
  }

  /** Runs {@code ffmpeg -v error -y ARGS...} and checks it succeeded. */
  static void run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
  }
}
