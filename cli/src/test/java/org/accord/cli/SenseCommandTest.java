package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.accord.stix.AccordExtension;
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
    assertThat(exported.out()).contains("Example Commercial Bank").contains("\"" + AccordExtension.ID + "\":{")
        .contains("\"sectors\":[\"finance\"]").doesNotContain("x_accord");
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
  void replayReadsAPcapOfARealExporterAndPrintsTheDecodersCounters() throws Exception {
    String c = config().toString();
    // The sensor module's fixture (a capture of a real NetFlow v5 exporter; licence in its README).
    Path capture = Path.of("../sensor/src/test/resources/pcap/akvorado-nfv5.pcap");
    Path cut = Files.write(dir.resolve("cut.cap"), Arrays.copyOf(Files.readAllBytes(capture), 1000));

    CliTest.Run replayed = CliTest.run("sense", "replay", "--config", c, capture.toString());
    CliTest.Run truncated = CliTest.run("sense", "replay", "--config", c, cut.toString());

    assertThat(replayed.exit()).as(replayed.err()).isZero();
    assertThat(replayed.out()).contains("flows 29,");
    assertThat(replayed.err()).contains("PCAP, 1498 bytes")
        .contains("datagrams 1: records 29, malformed 0, truncated 0, unknown template 0, no address 0")
        .contains("packets 1: UDP 1 (not NetFlow/IPFIX 0), fragments 0 (reassembled into 0 datagrams, fragmented"
            + " (not reassembled) 0)");
    assertThat(truncated.exit()).as(truncated.err()).isZero();
    assertThat(truncated.err()).contains("stopped: truncated pcap record at offset 24 (960 of 1458 bytes)")
        .contains("records 0");
  }

  @Test
  void replayScalesASampledCaptureAndHonoursTheConfiguredOverrideAndTheTemplateExpiryOption() throws Exception {
    Path capture = Path.of("../sensor/src/test/resources/pcap/akvorado-samplingrate.pcap"); // 6 records at 1:2048
    String c = config().toString();
    Path overridden = dir.resolve("override.yaml");
    Files.writeString(overridden, "name: cn-cert\nparty: cn\ndata_dir: " + dir.resolve("data2") + "\n"
        + "sensor: { identity: identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792, home_country: CN,"
        + " sampling: { default_rate: 10, exporters: { 192.168.0.1: 100 } } }\n");

    CliTest.Run announced = CliTest.run("sense", "replay", "--config", c, capture.toString());
    // akvorado-nfv5.pcap's exporter announces no rate: the configured default applies (29 records)
    CliTest.Run silent = CliTest.run("sense", "replay", "--config", overridden.toString(),
        capture.resolveSibling("akvorado-nfv5.pcap").toString());
    CliTest.Run expiring = CliTest.run("sense", "replay", "--config", c, "--template-expiry", "5s",
        capture.toString());
    CliTest.Run bad = CliTest.run("sense", "replay", "--config", c, "--template-expiry", "soon", capture.toString());

    assertThat(announced.exit()).as(announced.err()).isZero();
    assertThat(announced.err()).contains("records 6,").contains("sampled 6");
    assertThat(silent.exit()).as(silent.err()).isZero();
    assertThat(silent.err()).contains("records 29,").contains("sampled 29");
    // the template came 16 s (export time) before its data: a 5 s expiry drops them, the replay default keeps them
    assertThat(expiring.err()).contains("records 0,").contains("unknown template 1");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("'soon' is not a duration");
  }

  @Test
  void badInputIsAUsageErrorWithTheReason() throws Exception {
    String c = config().toString();
    CliTest.Run sector = CliTest.run("sense", "assets", "add", "--config", c, "--id", "x", "--name", "x", "--operator", "x",
        "--sector", "retail", "--cidr", "10.0.0.0/8");
    CliTest.Run cidr = CliTest.run("sense", "assets", "add", "--config", c, "--id", "x", "--name", "x", "--operator", "x",
        "--sector", "energy", "--cidr", "10.0.0.1/8");
    CliTest.Run scenario = CliTest.run("sense", "generate", "--scenario", "tsunami", "--out", dir.resolve("x").toString());
    CliTest.Run noPort = CliTest.run("sense", "listen", "--config", c);
    CliTest.Run noFile = CliTest.run("sense", "replay", "--config", c, dir.resolve("missing.nf5").toString());

    assertThat(sector.exit()).isEqualTo(Main.USAGE);
    assertThat(sector.err()).contains("unknown sector 'retail'");
    assertThat(cidr.exit()).isEqualTo(Main.USAGE);
    assertThat(cidr.err()).contains("10.0.0.1/8");
    assertThat(scenario.exit()).isEqualTo(Main.USAGE);
    assertThat(scenario.err()).contains("unknown scenario: tsunami");
    assertThat(noPort.exit()).isEqualTo(Main.USAGE);
    assertThat(noPort.err()).contains("give --netflow PORT, --ipfix PORT or both");
    assertThat(noFile.exit()).isEqualTo(Main.FAILURE);
    assertThat(noFile.err()).contains("missing.nf5");
  }

  @Test
  void listenCollectsNetflowOverUdpFromTheGenerator() throws Exception {
    String c = config().toString();
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    int[] exit = {-1};
    Thread listener = new Thread(() -> exit[0] = cl.execute("sense", "listen", "--config", c, "--netflow", "0",
        "--seconds", "6"));
    listener.start();
    java.util.regex.Matcher port = null;
    for (int i = 0; i < 200 && (port == null || !port.find()); i++) {
      Thread.sleep(50);
      port = java.util.regex.Pattern.compile("NetFlow on UDP port (\\d+)").matcher(err.toString());
    }
    assertThat(port.find(0)).as(err.toString()).isTrue();
    // The configured host (127.0.0.1 by default), not every interface; loopback exporters only by default.
    assertThat(err.toString()).contains("port " + port.group(1) + " at 127.0.0.1, from exporters 127.0.0.0/8, ::1");

    CliTest.Run sent = CliTest.run("sense", "generate", "--scenario", "background", "--rate", "2000", "--seconds", "5",
        "--udp", "127.0.0.1:" + port.group(1));
    listener.join(30_000);

    assertThat(sent.exit()).as(sent.err()).isZero();
    assertThat(exit[0]).as(err.toString()).isZero();
    java.util.regex.Matcher flows = java.util.regex.Pattern.compile("flows (\\d+),").matcher(out.toString());
    assertThat(flows.find()).as(out.toString()).isTrue();
    assertThat(Long.parseLong(flows.group(1))).as("flows collected over UDP").isGreaterThan(1_000L);
  }

  /** The UUIDs of the two collections of {@link #twoCollections}. */
  static final String FIRST = "0b6d2c1e-4f3a-4e8b-9a1d-5c7e2f8b3a01";
  static final String FINDINGS = "0b6d2c1e-4f3a-4e8b-9a1d-5c7e2f8b3a02";

  @Test
  void replayWritesToTheSensorCollectionAndExportFindsItByThatName() throws Exception {
    // No accord.yaml: the findings go to the first collection (alias default), and "sensor" names it.
    String data = dir.resolve("plain").toString();
    Path flows = dir.resolve("ddos.nf5");
    assertThat(CliTest.run("sense", "generate", "--scenario", "ddos-finance", "--rate", "2000", "--seconds", "90",
        "--out", flows.toString()).exit()).isZero();

    CliTest.Run replayed = CliTest.run("sense", "replay", "--data-dir", data, flows.toString());
    CliTest.Run exported = CliTest.run("export", "--data-dir", data, "--collection", "sensor", "--type", "incident");

    assertThat(replayed.exit()).as(replayed.err()).isZero();
    assertThat(replayed.out()).containsPattern("stored [1-9]\\d* STIX objects in the sensor collection default \\(")
        .contains("accord export --collection sensor writes them out");
    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("\"type\":\"incident\"");
  }

  @Test
  void withSensorCollectionConfiguredReplayAndExportAgreeOnIt() throws Exception {
    Path config = dir.resolve("two.yaml");
    Files.writeString(config, "name: cn-cert\nparty: cn\ndata_dir: " + dir.resolve("two") + "\n"
        + "taxii:\n  api_roots:\n    - name: accord\n      collections:\n"
        + "        - { id: " + FIRST + ", alias: shared, title: Shared }\n"
        + "        - { id: " + FINDINGS + ", alias: findings, title: Sensor findings }\n"
        + "sensor: { collection: findings }\n");
    String c = config.toString();
    Path flows = dir.resolve("ddos.nf5");
    assertThat(CliTest.run("sense", "generate", "--scenario", "ddos-finance", "--rate", "2000", "--seconds", "90",
        "--out", flows.toString()).exit()).isZero();

    CliTest.Run replayed = CliTest.run("sense", "replay", "--config", c, flows.toString());
    CliTest.Run bySensor = CliTest.run("export", "--config", c, "--collection", "sensor", "--type", "incident");
    CliTest.Run byAlias = CliTest.run("export", "--config", c, "--collection", "findings", "--type", "incident");
    CliTest.Run first = CliTest.run("export", "--config", c, "--type", "incident");
    CliTest.Run unknown = CliTest.run("export", "--config", c, "--collection", "nope");

    assertThat(replayed.out()).contains("in the sensor collection findings (" + FINDINGS + ")");
    var mapper = org.accord.stix.StixJson.mapper();
    assertThat(mapper.readTree(bySensor.out()).get("objects")).isNotEmpty()
        .isEqualTo(mapper.readTree(byAlias.out()).get("objects"));
    assertThat(first.err()).startsWith("exported 0 object(s)");
    assertThat(unknown.exit()).isEqualTo(Main.USAGE);
    assertThat(unknown.err()).contains("known: sensor for the sensor's, shared (" + FIRST + ")");
  }

  @Test
  void aFileOfNoKnownFormatIsRefusedBeforeAnythingIsRead() throws Exception {
    Path good = Path.of("../sensor/src/test/resources/pcap/akvorado-v9-template+data.nf9");
    Path nfcapd = Files.write(dir.resolve("nfcapd.202612031500"), new byte[] {0x0c, (byte) 0xa5, 2, 0, 0, 0, 0, 0});
    String data = dir.resolve("refused").toString();

    CliTest.Run refused = CliTest.run("sense", "replay", "--data-dir", data, good.toString(), nfcapd.toString());
    CliTest.Run raw = CliTest.run("sense", "replay", "--data-dir", data, good.toString());

    assertThat(refused.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(refused.err()).contains("nfcapd.202612031500: not a flow file: an nfdump (nfcapd) file")
        .doesNotContain("datagrams");
    assertThat(refused.out()).isEmpty();
    assertThat(raw.exit()).as(raw.err()).isZero();
    assertThat(raw.err()).contains("NETFLOW_V9, 404 bytes")
        .contains("datagrams 2: records 4, malformed 0, truncated 0, unknown template 0, no address 0, clamped 0");
  }
}
