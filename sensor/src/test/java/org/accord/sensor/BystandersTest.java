package org.accord.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.detect.DetectorConfig;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetRegistry;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.enrich.Sector;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.generate.AddressPlan;
import org.accord.sensor.generate.GroundTruth;
import org.accord.sensor.generate.TrafficGenerator;
import org.accord.sensor.generate.TrafficGenerator.Config;
import org.accord.sensor.generate.TrafficGenerator.Scenario;
import org.accord.sensor.output.OutputSettings;
import org.accord.stix.AccordExtension;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, finding 8: what the sensor shares names attackers, not bystanders. The demo's multi-vector DDoS on the
 * bank (UDP flood, SYN flood, NTP and DNS reflection) runs with background traffic in which foreign clients keep
 * completing ordinary HTTPS sessions with the bank. Ground truth comes from the generator itself: the same seed
 * without the attack gives exactly the background (its legitimate clients), and without background exactly the
 * attack (its sources). The whole pipeline runs (detectors, incident builder, STIX objects).
 */
class BystandersTest {
  private static final Asset BANK =
      new Asset("bank-web", "Online banking", "Example Commercial Bank", Sector.FINANCE, 5, "finance-web",
          List.of("198.51.100.0/26"), List.of("bank.example"));
  private static final Pattern ADDRESS = Pattern.compile("value (=|ISSUBSET) '([^']+)'");

  /** The demo's scenario (cli DemoTelemetry): 3,000 flows/s of background, 4,000 attack flows/s for 20 s. */
  private static Config demo(double backgroundRate, double attackRate) {
    return new Config(Scenario.DDOS_FINANCE, backgroundRate, Duration.ofSeconds(90), 2026, Config.DEFAULT_START,
        AddressPlan.DEFAULT, attackRate, Duration.ofSeconds(45), Duration.ofSeconds(20));
  }

  /** The sources of every flow to {@code target} a config generates. */
  private static Set<String> sourcesTo(Config c, String target) {
    long t = Addresses.parseV4(target);
    Set<String> out = new HashSet<>();
    new TrafficGenerator(c).flows(r -> {
      if (r.dstLo == t) {
        out.add(Addresses.formatV4(r.srcLo));
      }
    });
    return out;
  }

  @Test
  void legitimateClientsInTheAttackWindowNeverBecomeIndicatorsAndEveryVectorIsReported() {
    TrafficGenerator generator = new TrafficGenerator(demo(3_000, 4_000));
    String target = AddressPlan.DEFAULT.target();
    Set<String> attackers = sourcesTo(demo(0, 4_000), target);
    Set<String> legitimate = sourcesTo(demo(3_000, 0), target);
    legitimate.removeAll(attackers); // an address drawn both as a client and as a bot is an attacker
    assertThat(legitimate).as("legitimate clients of the bank in the ground truth").hasSizeGreaterThan(1000);

    Detectors detectors = new Detectors(DetectorConfig.builder()
        .group("finance-web", new DetectorConfig.Thresholds(20_000, 80e6, 2_000, 5_000, 5_000)).build(),
        AssetRegistry.of(List.of(BANK)), GeoLookup.NONE, "CN");
    List<ObjectNode> objects = new ArrayList<>();
    Sensor sensor = new Sensor(Sensor.Matcher.NONE, AssetRegistry.of(List.of(BANK)), Sensor.Detection.of(detectors),
        new OutputSettings("identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792", Tlp.AMBER, 60_000, "CN"),
        objects::addAll);
    generator.flows(sensor);
    sensor.finish();

    List<ObjectNode> indicators = objects.stream().filter(o -> o.get("type").asText().equals("indicator")).toList();
    assertThat(indicators).as("the attack's sources are shared").isNotEmpty();
    Set<String> named = new HashSet<>();
    for (ObjectNode i : indicators) {
      Matcher m = ADDRESS.matcher(i.get("pattern").asText());
      assertThat(m.find()).as("pattern %s", i.get("pattern")).isTrue();
      String value = m.group(2);
      named.add(value);
      for (String client : legitimate) {
        assertThat(covers(value, client)).as("legitimate client %s named by indicator %s", client, value).isFalse();
      }
      JsonNode evidence = AccordExtension.evidence(i);
      assertThat(evidence).as("evidence of %s", value).isNotEmpty();
      for (JsonNode e : evidence) {
        assertThat(e.get("vector").asText()).isNotEmpty();
        assertThat(e.get("packets").asLong()).isPositive();
        assertThat(e.get("share").asDouble()).isBetween(0.0, 1.0);
        assertThat(i.get("description").asText()).contains(e.get("vector").asText());
      }
    }
    assertThat(named).as("indicators name attack sources").allMatch(v -> v.contains("/") || attackers.contains(v));

    Attack attack = sensor.attacks().stream().filter(a -> a.target().equals(target)).findFirst().orElseThrow();
    assertThat(attack.topSources()).extracting(Attack.Source::address).doesNotContainAnyElementsOf(legitimate);
    List<String> injected = generator.truth().stream().map(BystandersTest::vectorOf).toList();
    assertThat(injected).containsExactlyInAnyOrder("udp-flood", "syn-flood", "ntp-reflection", "dns-reflection");
    assertThat(attack.vectors()).extracting(Attack.Vector::name).containsExactlyInAnyOrderElementsOf(injected);
    for (Attack.Vector v : attack.vectors()) {
      assertThat(v.peakPps()).as("peak of %s", v.name()).isPositive();
      assertThat(v.sources()).as("sources of %s", v.name()).isNotEmpty();
      assertThat(v.sources()).extracting(Attack.Source::address).allMatch(attackers::contains);
    }
    ObjectNode incident = objects.stream().filter(o -> o.get("type").asText().equals("incident"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(incident.get("name").asText()).contains("Multi-vector DDoS").contains(injected);
    assertThat(AccordExtension.attack(incident).get("vectors")).hasSize(4);
  }

  @Test
  void aClientThatOnlyCompletedSessionsIsNoSourceEvenWhenItIsTheHeaviest() {
    Detectors detectors = floodDetectors();
    long t0 = Config.DEFAULT_START;
    List<Attack> reports = new ArrayList<>();
    FlowRecord r = new FlowRecord();
    for (int w = 0; w < 10; w++) {
      for (int i = 0; i < 100; i++) {
        long t = t0 + w * 1000L + i * 10L;
        fill(r, "203.0.113." + (i % 50), FlowRecord.UDP, 40_000 + i, 0, 20, t); // the flood: 2,000 packets/s
        detectors.flow(r);
        // a client with ten times the flood's packets per flow, over completed sessions (SYN, ACK, FIN)
        fill(r, "192.0.2.77", FlowRecord.TCP, 51_000, FlowRecord.SYN | FlowRecord.ACK | 0x01, 200, t);
        detectors.flow(r);
      }
      detectors.tick(t0 + w * 1000L + 999).forEach(e -> reports.add(e.attack()));
    }
    detectors.tick(t0 + 3_600_000).forEach(e -> reports.add(e.attack()));

    assertThat(reports).as("the flood is found").isNotEmpty();
    Attack a = reports.get(reports.size() - 1);
    assertThat(a.vectors()).extracting(Attack.Vector::name).containsExactly("udp-flood");
    assertThat(a.topSources()).extracting(Attack.Source::address).isNotEmpty().doesNotContain("192.0.2.77");
  }

  @Test
  void aUdpClientOfTheTargetWhosePacketsDoNotFitTheFloodsProfileIsNoSource() {
    Detectors detectors = floodDetectors();
    long t0 = Config.DEFAULT_START;
    List<Attack> reports = new ArrayList<>();
    FlowRecord r = new FlowRecord();
    for (int w = 0; w < 10; w++) {
      for (int i = 0; i < 100; i++) {
        long t = t0 + w * 1000L + i * 10L;
        fill(r, "203.0.113." + (i % 50), FlowRecord.UDP, 40_000 + i, 0, 20, t); // 1,000-byte packets
        detectors.flow(r);
        fill(r, "192.0.2.78", FlowRecord.UDP, 52_000, 0, 10, t); // a QUIC client: 80-byte packets, heavier than
        // any bot (1,000 packets/s against 40), lighter than the flood (2,000 packets/s)
        r.bytes = r.packets * 80;
        detectors.flow(r);
      }
      detectors.tick(t0 + w * 1000L + 999).forEach(e -> reports.add(e.attack()));
    }
    detectors.tick(t0 + 3_600_000).forEach(e -> reports.add(e.attack()));

    Attack a = reports.get(reports.size() - 1);
    assertThat(a.vectors()).extracting(Attack.Vector::name).containsExactly("udp-flood");
    assertThat(a.topSources()).extracting(Attack.Source::address).isNotEmpty().doesNotContain("192.0.2.78");
  }

  /**
   * Ordinary UDP clients of the target during a UDP flood of 1,000-byte packets: QUIC clients on 443 whose packets
   * (1,250 bytes: QUIC pads its Initial packets to at least 1,200, RFC 9000 §14.1) fit the flood's size profile and
   * that send more than any bot, and resolvers asking the target's name server (small queries to port 53). The
   * target answers both (its replies are flows from it to them); it answers no bot. None of them is a flood source.
   */
  @Test
  void quicClientsAndResolversTheTargetAnswersAreNoUdpFloodSourcesEvenWithTheFloodsPacketSize() {
    Detectors detectors = floodDetectors();
    long t0 = Config.DEFAULT_START;
    List<Attack> reports = new ArrayList<>();
    Set<String> clients = new HashSet<>();
    FlowRecord r = new FlowRecord();
    for (int w = 0; w < 10; w++) {
      for (int i = 0; i < 100; i++) {
        long t = t0 + w * 1000L + i * 10L;
        fill(r, "203.0.113." + (i % 50), FlowRecord.UDP, 40_000 + i, 0, 20, t); // the flood: 2,000 packets/s
        r.dstPort = 1 + (i * 7919) % 65535; // random ports
        detectors.flow(r);
        String quic = "198.51.100." + (i % 20); // 20 QUIC clients, 150 packets/s each (a bot sends 40)
        fill(r, quic, FlowRecord.UDP, 50_000 + i % 20, 0, 30, t);
        r.bytes = 30 * 1_250;
        detectors.flow(r);
        reply(r, quic, 443, 50_000 + i % 20, 40, 1_300, t);
        detectors.flow(r);
        clients.add(quic);
        if (i % 5 == 0) { // 10 resolvers asking the target's name server
          String resolver = "100.64.0." + (i / 5 % 10);
          fill(r, resolver, FlowRecord.UDP, 33_000 + i, 0, 2, t);
          r.dstPort = 53;
          r.bytes = 2 * 75;
          detectors.flow(r);
          reply(r, resolver, 53, 33_000 + i, 2, 180, t);
          detectors.flow(r);
          clients.add(resolver);
        }
      }
      detectors.tick(t0 + w * 1000L + 999).forEach(e -> reports.add(e.attack()));
    }
    detectors.finish().forEach(e -> reports.add(e.attack()));

    Attack a = reports.get(reports.size() - 1);
    assertThat(a.ongoing()).isFalse();
    assertThat(a.vectors()).extracting(Attack.Vector::name).containsExactly("udp-flood");
    assertThat(a.topSources()).extracting(Attack.Source::address).isNotEmpty()
        .allMatch(s -> s.startsWith("203.0.113.")).doesNotContainAnyElementsOf(clients);
  }

  /** A flow from the target (192.0.2.10) back to a client. */
  private static void reply(FlowRecord r, String client, int srcPort, int dstPort, long packets, int size, long t) {
    fill(r, "192.0.2.10", FlowRecord.UDP, srcPort, 0, packets, t);
    r.dstLo = Addresses.parseV4(client);
    r.dstPort = dstPort;
    r.bytes = packets * size;
  }

  @Test
  void theFloodProfileFactorIsTheSettingThatKeepsSmallPacketClientsOut() {
    Detectors loose = new Detectors(DetectorConfig.builder().warmupWindows(0).baselineFactor(1).floodProfileFactor(20)
        .group("default", new DetectorConfig.Thresholds(1_000, 1e12, 1e9, 1e9, 1e9)).build(),
        AssetRegistry.empty(), GeoLookup.NONE, "CN");
    long t0 = Config.DEFAULT_START;
    List<Attack> reports = new ArrayList<>();
    FlowRecord r = new FlowRecord();
    for (int w = 0; w < 10; w++) {
      for (int i = 0; i < 100; i++) {
        long t = t0 + w * 1000L + i * 10L;
        fill(r, "203.0.113." + (i % 50), FlowRecord.UDP, 40_000 + i, 0, 20, t);
        loose.flow(r);
        fill(r, "192.0.2.78", FlowRecord.UDP, 52_000, 0, 10, t); // 80-byte packets: within a factor 20 of 1,000
        r.bytes = r.packets * 80;
        loose.flow(r);
      }
      loose.tick(t0 + w * 1000L + 999).forEach(e -> reports.add(e.attack()));
    }
    loose.finish().forEach(e -> reports.add(e.attack()));
    assertThat(reports.get(reports.size() - 1).topSources()).extracting(Attack.Source::address).contains("192.0.2.78");
  }

  private static void fill(FlowRecord r, String src, int protocol, int srcPort, int flags, long packets, long t) {
    r.clear();
    r.srcLo = Addresses.parseV4(src);
    r.dstLo = Addresses.parseV4("192.0.2.10");
    r.protocol = protocol;
    r.srcPort = srcPort;
    r.dstPort = 443;
    r.tcpFlags = flags;
    r.packets = packets;
    r.bytes = packets * 1000;
    r.startMillis = t - 100;
    r.endMillis = t;
  }

  /** Whether an indicator's value (an address or a CIDR) covers the address. */
  private static boolean covers(String value, String address) {
    int slash = value.indexOf('/');
    if (slash < 0) {
      return value.equals(address);
    }
    long net = Addresses.parseV4(value.substring(0, slash));
    int bits = Integer.parseInt(value.substring(slash + 1));
    long mask = bits == 0 ? 0 : (0xFFFF_FFFFL << (32 - bits)) & 0xFFFF_FFFFL;
    return (Addresses.parseV4(address) & mask) == net;
  }

  /** The vector name of an injected attack, from the generator's ground truth. */
  private static String vectorOf(GroundTruth t) {
    return switch (t.kind()) {
      case SYN_FLOOD -> "syn-flood";
      case VOLUMETRIC_DDOS -> t.detail().startsWith("UDP flood") ? "udp-flood" : "?";
      case UDP_REFLECTION -> t.detail().contains("port 123") ? "ntp-reflection"
          : t.detail().contains("port 53") ? "dns-reflection" : "?";
      default -> "?";
    };
  }

  /** Detectors that call 1,000 packets/s to one target a flood at once (no warm-up, no baseline). */
  private static Detectors floodDetectors() {
    return new Detectors(DetectorConfig.builder().warmupWindows(0).baselineFactor(1)
        .group("default", new DetectorConfig.Thresholds(1_000, 1e12, 1e9, 1e9, 1e9)).build(),
        AssetRegistry.empty(), GeoLookup.NONE, "CN");
  }
}
