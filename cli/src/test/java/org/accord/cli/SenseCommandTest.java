package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accord sense} end to end: generated NetFlow and SSH logs, the CI registry, findings in the store. */
class SenseCommandTest {
  @TempDir Path dir;

  private Path config() throws Exception {
    Path config = dir.resolve("accord.yaml");
    Files.writeString(config, "name: cn-cert\nparty: cn\ndata_dir: " + dir.resolve("data") + "\n"
        + "sensor: { identity: identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792, home_country: CN }\n");
    return config;
  }

  @Test
  void aGeneratedDdosOnARegisteredBankIsDetectedAndStoredAsAnIncident() throws Exception {
    String c = config().toString();
    Path flows = dir.resolve("ddos.nf5");

    CliTest.Run generated = CliTest.run("sense", "generate", "--scenario", "ddos-finance", "--rate", "2000",
        "--seconds", "90", "--out", flows.toString());
    CliTest.Run added = CliTest.run("sense", "assets", "add", "--config", c, "--id", "bank-web", "--name", "Online banking",
        "--operator", "Example Commercial Bank", "--sector", "finance", "--criticality", "5", "--cidr", "198.51.100.0/26");
    CliTest.Run listed = CliTest.run("sense", "assets", "list", "--config", c);
    CliTest.Run replayed = CliTest.run("sense", "replay", "--config", c, flows.toString());
    CliTest.Run again = CliTest.run("sense", "replay", "--config", c, flows.toString());
    CliTest.Run exported = CliTest.run("export", "--config", c, "--type", "incident");

    assertThat(generated.exit()).as(generated.err()).isZero();
    assertThat(generated.out()).contains("truth volumetric_ddos on 198.51.100.10");
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(listed.out()).contains("bank-web\tfinance\tcriticality 5");
    assertThat(replayed.exit()).as(replayed.err()).isZero();
    assertThat(replayed.out()).containsPattern("attack [a-z_]+ on 198\\.51\\.100\\.10 \\(group default\\)");
    assertThat(replayed.out()).containsPattern("stored [1-9]\\d* STIX objects");
    assertThat(again.out()).as("the same telemetry twice stores nothing new").contains("stored 0 STIX objects");
    assertThat(exported.out()).contains("Example Commercial Bank").contains("\"x_accord_sectors\":[\"finance\"]");
  }

  @Test
  void aBruteForceInAnSshLogIsDetected() throws Exception {
    String c = config().toString();
    Path log = dir.resolve("auth.log");
    Path flows = dir.resolve("bf.nf5");
    assertThat(CliTest.run("sense", "generate", "--scenario", "bruteforce", "--rate", "500", "--seconds", "120",
        "--out", flows.toString(), "--auth-log", log.toString()).exit()).isZero();

    CliTest.Run replayed = CliTest.run("sense", "replay", "--config", c, "--log", "ssh", "--year", "2026", log.toString());

    assertThat(replayed.exit()).as(replayed.err()).isZero();
    assertThat(replayed.out()).contains("attack brute_force");
  }

  @Test
  void badInputIsAUsageErrorWithTheReason() throws Exception {
    String c = config().toString();
    CliTest.Run sector = CliTest.run("sense", "assets", "add", "--config", c, "--id", "x", "--name", "x", "--operator", "x",
        "--sector", "retail", "--cidr", "10.0.0.0/8");
    CliTest.Run cidr = CliTest.run("sense", "assets", "add", "--config", c, "--id", "x", "--name", "x", "--operator", "x",
        "--sector", "energy", "--cidr", "10.0.0.1/8");
    CliTest.Run scenario = CliTest.run("sense", "generate", "--scenario", "tsunami", "--out", dir.resolve("x").toString());

    assertThat(sector.exit()).isEqualTo(Main.USAGE);
    assertThat(sector.err()).contains("unknown sector 'retail'");
    assertThat(cidr.exit()).isEqualTo(Main.USAGE);
    assertThat(cidr.err()).contains("10.0.0.1/8");
    assertThat(scenario.exit()).isEqualTo(Main.USAGE);
    assertThat(scenario.err()).contains("unknown scenario: tsunami");
  }
}
