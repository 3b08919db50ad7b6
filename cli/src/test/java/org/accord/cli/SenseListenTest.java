package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live collection finds what replay finds (issue 9, finding 11). The generator's {@code ddos-finance} scenario sent
 * over UDP to {@code accord sense listen}, run as its own process and stopped as a user stops it (SIGTERM, as Ctrl-C
 * or a service manager would), reports the same attacks as {@code accord sense replay} of the same scenario written
 * to a file. The listener used to report nothing: the JVM halted as soon as its shutdown hook returned, before the
 * pipeline was finished, the findings stored and the report printed.
 */
class SenseListenTest {
  private static final Pattern PORT = Pattern.compile("NetFlow on UDP port (\\d+)");
  private static final Pattern ATTACK = Pattern.compile("(?m)^attack (\\S+) on (\\S+)");

  @TempDir Path dir;

  @Test
  void aScenarioSentOverUdpIsReportedLikeItsReplayAfterSigterm() throws Exception {
    Path live = config("live");
    Path replayed = config("replayed");
    String[] scenario = {"--scenario", "ddos-finance", "--rate", "2000", "--seconds", "90", "--seed", "7"};

    Path err = dir.resolve("listen.err");
    Path out = dir.resolve("listen.out");
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process listen =
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
            Main.class.getName(), "sense", "listen", "--config", live.toString(), "--netflow", "0")
            .redirectError(err.toFile())
            .redirectOutput(out.toFile())
            .start();
    try {
      Matcher port = PORT.matcher("");
      for (int i = 0; i < 600 && !port.reset(Files.readString(err, StandardCharsets.UTF_8)).find(); i++) {
        assertThat(listen.isAlive()).as(Files.readString(err, StandardCharsets.UTF_8)).isTrue();
        Thread.sleep(100);
      }
      // Paced well below what the collector drains even on a loaded 2-core machine: the kernel's socket buffer holds
      // only a few hundred datagrams, and a datagram it drops is a flow neither side can see.
      CliTest.Run sent = CliTest.run(concat(scenario, "--udp", "127.0.0.1:" + port.group(1), "--pace", "2000"));
      assertThat(sent.exit()).as(sent.err()).isZero();
      Thread.sleep(3000); // the collector drains its socket

      listen.destroy(); // SIGTERM
      assertThat(listen.waitFor(90, TimeUnit.SECONDS)).isTrue();
    } finally {
      listen.destroyForcibly();
    }

    Path file = dir.resolve("ddos.nf5");
    assertThat(CliTest.run(concat(scenario, "--out", file.toString())).exit()).isZero();
    CliTest.Run replay = CliTest.run("sense", "replay", "--config", replayed.toString(), file.toString());
    assertThat(replay.exit()).as(replay.err()).isZero();

    String liveReport = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(attacks(replay.out())).isNotEmpty();
    assertThat(attacks(liveReport)).as(liveReport + Files.readString(err, StandardCharsets.UTF_8))
        .isEqualTo(attacks(replay.out()));
    assertThat(liveReport).containsPattern("stored [1-9]\\d* STIX objects");
  }

  private static Set<String> attacks(String report) {
    Set<String> found = new TreeSet<>();
    Matcher m = ATTACK.matcher(report);
    while (m.find()) {
      found.add(m.group(1) + " on " + m.group(2));
    }
    return found;
  }

  /** A node configuration with the bank registered as critical infrastructure. */
  private Path config(String name) throws Exception {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, "name: cn-cert\nparty: cn\ndata_dir: " + dir.resolve(name) + "\n"
        + "sensor: { identity: identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792, home_country: CN }\n");
    CliTest.Run added = CliTest.run("sense", "assets", "add", "--config", config.toString(), "--id", "bank-web",
        "--name", "Online banking", "--operator", "Example Commercial Bank", "--sector", "finance",
        "--criticality", "5", "--cidr", "198.51.100.0/26");
    assertThat(added.exit()).as(added.err()).isZero();
    return config;
  }

  private static String[] concat(String[] scenario, String... more) {
    String[] all = new String[scenario.length + more.length + 2];
    all[0] = "sense";
    all[1] = "generate";
    System.arraycopy(scenario, 0, all, 2, scenario.length);
    System.arraycopy(more, 0, all, 2 + scenario.length, more.length);
    return all;
  }
}
