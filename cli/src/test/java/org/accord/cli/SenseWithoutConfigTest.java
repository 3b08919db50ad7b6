package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.accord.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accord sense replay} on a machine with no {@code accord.yaml} and no rulebook (issue 9, finding 6): it used
 * to stop with "the sensor needs an identity". It now runs, producing under an identity derived from the party, the
 * same one at every run, so a second replay of the same telemetry stores nothing new.
 */
class SenseWithoutConfigTest {
  @TempDir Path dir;

  @Test
  void replayWorksWithNoConfigurationUnderAStableDerivedIdentity() throws Exception {
    Path flows = dir.resolve("ddos.nf5");
    String data = dir.resolve("data").toString();
    assertThat(CliTest.run("sense", "generate", "--scenario", "ddos-finance", "--rate", "2000", "--seconds", "90",
        "--out", flows.toString()).exit()).isZero();

    assertThat(CliTest.run("sense", "assets", "add", "--data-dir", data, "--id", "bank-web", "--name", "Online banking",
        "--operator", "Example Commercial Bank", "--sector", "finance", "--criticality", "5",
        "--cidr", "198.51.100.0/26").exit()).isZero();

    CliTest.Run first = CliTest.run("sense", "replay", "--data-dir", data, flows.toString());
    CliTest.Run again = CliTest.run("sense", "replay", "--data-dir", data, flows.toString());
    CliTest.Run exported = CliTest.run("export", "--data-dir", data, "--type", "incident");

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).containsPattern("stored [1-9]\\d* STIX objects");
    assertThat(again.out()).as("the same producer id at every run").contains("stored 0 STIX objects");
    JsonNode bundle = StixJson.mapper().readTree(exported.out());
    assertThat(bundle.get("objects")).isNotEmpty().allSatisfy(o ->
        assertThat(o.get("created_by_ref").asText()).isEqualTo(org.accord.node.NodeSensor.derivedIdentity("accord")));
    assertThat(Files.exists(dir.resolve("accord.yaml"))).isFalse();
  }
}
