package org.accord.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.accord.node.NodeSensor;
import org.accord.node.RunningNode;
import org.accord.sensor.decode.FlowFiles;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.Sector;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.generate.AddressPlan;
import org.accord.sensor.generate.GroundTruth;
import org.accord.sensor.generate.NetflowV5Writer;
import org.accord.sensor.generate.TrafficGenerator;
import org.accord.store.Stores;

/**
 * The demo's telemetry (the product scenario's steps 2 and 4): CN's sensor sees a DDoS on a registered bank in
 * NetFlow v5 and records an incident with indicators; US's sensor, after pulling them, sees its own hosts talk to the
 * botnet's servers and records sightings of CN's indicators.
 */
final class DemoTelemetry {
  /** The bank, a registered critical-infrastructure asset of CN (the generator's default plan aims at it). */
  static final Asset BANK =
      new Asset("bank-web", "Online banking", "Example Commercial Bank", Sector.FINANCE, 5, "finance-web",
          List.of("198.51.100.0/26"), List.of("bank.example"));

  /** US's own networks in the demo (192.88.99.0/24 is US in the demo's geo table). */
  static final AddressPlan US_PLAN =
      new AddressPlan(List.of("192.88.99.0/24"), "192.88.99.0/26", "192.88.99.10", "192.88.99.22", "100.64.0.0/10",
          "203.0.113.0/24");

  /** The botnet's command server in the data set CN loads (indicator "Botnet C2 server 198.51.100.23"). */
  static final String C2 = "198.51.100.23";

  private DemoTelemetry() {}

  /** CN registers the bank, reads NetFlow v5 with a DDoS on it, and stores what its sensor found. */
  static boolean cnDetects(RunningNode cn, Path dir, PrintWriter out) throws IOException {
    Stores.assets(cn.store()).put(NodeSensor.stored(BANK));
    long start = (System.currentTimeMillis() - 120_000) / 1000 * 1000;
    TrafficGenerator generator =
        new TrafficGenerator(
            new TrafficGenerator.Config(TrafficGenerator.Scenario.DDOS_FINANCE, 3_000, Duration.ofSeconds(90), 2026,
                start, AddressPlan.DEFAULT, 4_000, Duration.ofSeconds(45), Duration.ofSeconds(20)));
    Path file = dir.resolve("cn-telemetry.nf5");
    long flows;
    try (OutputStream o = Files.newOutputStream(file)) {
      java.nio.channels.WritableByteChannel ch = java.nio.channels.Channels.newChannel(o);
      NetflowV5Writer w = new NetflowV5Writer(start, b -> write(ch, b));
      flows = generator.flows(w::write);
      w.flush();
    }
    NodeSensor sensor = NodeSensor.open(cn.config(), cn.store(), Clock.systemUTC());
    FlowFiles.read(file, sensor.sensor(), FlowFiles.Progress.NONE);
    sensor.sensor().finish();
    List<Attack> found = sensor.sensor().attacks();
    out.println();
    out.printf(Locale.ROOT, "CN-CERT's sensor read %d NetFlow v5 flows (%s, %d MB); bank %s is registered critical"
        + " infrastructure (finance, criticality 5)%n", flows, file.getFileName(), Files.size(file) >> 20,
        BANK.cidrs().get(0));
    // The scenario is one multi-vector DDoS (UDP flood, SYN flood, NTP and DNS reflection) on one target: the
    // detectors report one attack per target with each of its vectors named, and only the vectors' sources.
    boolean ok = true;
    java.util.Map<String, List<GroundTruth>> byTarget = new java.util.TreeMap<>();
    generator.truth().forEach(t -> byTarget.computeIfAbsent(t.target(), k -> new java.util.ArrayList<>()).add(t));
    for (var e : byTarget.entrySet()) {
      long onset = e.getValue().stream().mapToLong(GroundTruth::startMillis).min().orElseThrow();
      String vectors = String.join(", ", e.getValue().stream().map(t -> t.detail().isEmpty() ? name(t.kind())
          : t.detail()).toList());
      Attack a = found.stream().filter(x -> x.target().equals(e.getKey())).findFirst().orElse(null);
      if (a == null) {
        ok = false;
        out.printf(Locale.ROOT, "  MISSED the attack on %s (%s)%n", e.getKey(), vectors);
        continue;
      }
      String what = a.vectors().size() > 1 ? "multi-vector DDoS" : name(a.kind());
      out.printf(Locale.ROOT, "  detected a %s on %s within %.0f s of its onset (injected: %s): peak %.0f pps,"
              + " %.0f Mbit/s, %d sources, %.0f%% of the traffic from abroad%n", what, a.target(),
          Math.max(0, Math.ceil((a.startMillis() - onset) / 1000.0)), vectors, a.peakPps(), a.peakBps() / 1e6,
          a.sources(), a.foreignShare() * 100);
      for (Attack.Vector v : a.vectors()) {
        out.printf(Locale.ROOT, "    vector %s (%s): peak %.0f pps, %.0f Mbit/s; top sources %s%n", v.name(),
            v.signature(), v.peakPps(), v.peakBps() / 1e6, String.join(", ", v.sources().stream().limit(3)
                .map(src -> src.address() + String.format(Locale.ROOT, " %.1f%%", v.share(src) * 100)).toList()));
      }
    }
    long[] stored = sensor.stored();
    out.printf(Locale.ROOT, "  recorded %d STIX objects (incident, indicators of the sources, observed data, the"
        + " victim's identity), TLP:AMBER, in collection shared%n", stored[0]);
    return ok && stored[0] > 0;
  }

  /** US's sensor reads its own traffic, in which two hosts talk to the botnet's C2 server; returns the sightings. */
  static long usMatches(RunningNode us, PrintWriter out) throws IOException {
    NodeSensor sensor = NodeSensor.open(us.config(), us.store(), Clock.systemUTC());
    long start = (System.currentTimeMillis() - 60_000) / 1000 * 1000;
    TrafficGenerator background =
        new TrafficGenerator(
            new TrafficGenerator.Config(TrafficGenerator.Scenario.BACKGROUND, 2_000, Duration.ofSeconds(50), 7,
                start, US_PLAN, 0, Duration.ZERO, Duration.ZERO));
    long c2 = Addresses.parseV4(C2);
    FlowRecord beacon = new FlowRecord();
    long[] next = {start};
    long flows =
        background.flows(
            r -> {
              sensor.sensor().flow(r);
              if (r.endMillis >= next[0]) { // every 5 s one of two infected hosts calls home
                next[0] += 5_000;
                beacon.clear();
                beacon.srcLo = Addresses.parseV4(next[0] % 10_000 == 0 ? "192.88.99.41" : "192.88.99.57");
                beacon.dstLo = c2;
                beacon.srcPort = 49_152 + (int) (next[0] / 1000 % 1000);
                beacon.dstPort = 443;
                beacon.protocol = FlowRecord.TCP;
                beacon.tcpFlags = 0x1b;
                beacon.packets = 12;
                beacon.bytes = 2_400;
                beacon.startMillis = r.endMillis - 800;
                beacon.endMillis = r.endMillis;
                sensor.sensor().flow(beacon);
              }
            });
    sensor.sensor().finish();
    NodeSensor.IndicatorReport ir = sensor.indicators();
    long sightings = sensor.sensor().stats().sightings();
    out.println();
    out.printf(Locale.ROOT, "US-CERT's sensor matched %d flows of its own traffic against %d indicators (its own and"
        + " CN's): %d matches, %d sightings of CN's indicators into its outbox%n", flows, ir.indexed(),
        sensor.sensor().stats().matches(), sightings);
    return sightings;
  }

  private static void write(java.nio.channels.WritableByteChannel ch, ByteBuffer b) {
    try {
      ch.write(b.duplicate());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String name(Attack.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
