package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accord demo --serve-seconds} stopped with SIGTERM (issue 9, finding 6): it printed "error: Shutdown in
 * progress" (the main thread removed its shutdown hook while the JVM was already shutting down) and skipped closing
 * the nodes. Run as its own process, as a user runs it, and stopped the way a service manager stops it.
 */
class DemoShutdownTest {
  @TempDir Path dir;

  @Test
  void sigtermWhileServingClosesBothNodesWithoutAnError() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path err = dir.resolve("demo.err");
    Path data = dir.resolve("demo");
    Process demo =
        new ProcessBuilder(java.toString(), "-cp", classPath, Main.class.getName(), "demo", "--port", "0",
            "--data-dir", data.toString(), "--serve-seconds", "300")
            .redirectError(err.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      for (int i = 0; i < 1200 && !Files.readString(err, StandardCharsets.UTF_8).contains("serving both nodes"); i++) {
        assertThat(demo.isAlive()).as(Files.readString(err, StandardCharsets.UTF_8)).isTrue();
        Thread.sleep(100);
      }
      assertThat(Files.readString(err, StandardCharsets.UTF_8)).contains("serving both nodes");

      demo.destroy(); // SIGTERM
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("the demo stops after SIGTERM").isTrue();
    } finally {
      demo.destroyForcibly();
    }

    String messages = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(messages).doesNotContain("Shutdown in progress").doesNotContain("error:");
    for (String side : new String[] {"cn", "us"}) {
      CliTest.Run verify = CliTest.run("ledger", "verify", "--config", data.resolve(side + "/accord.yaml").toString());
      assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }
  }
}
