package org.accord.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.accord.sensor.Sensor;
import org.accord.sensor.decode.NetflowV5Decoder;
import org.accord.sensor.detect.DetectorConfig;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetRegistry;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.enrich.Sector;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.generate.NetflowV5Writer;
import org.accord.sensor.generate.TrafficGenerator;
import org.accord.sensor.index.IndicatorIndex;
import org.accord.sensor.output.OutputSettings;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * End to end on one core: NetFlow v5 datagrams decoded, every flow's source and destination matched against 100,000
 * indicators, enriched with the critical-infrastructure registry, and counted by every detector — the sensor's whole
 * hot path ({@link Sensor}), with the STIX output discarded. Target (issue 4): at least 2 million flows/s.
 *
 * <p>Workload: {@value #FLOWS} flows of the generator's {@code ddos-finance} scenario (background at 50,000 flows/s
 * with a DDoS in its middle third), prepared once as NetFlow v5 datagrams of 30 records. Indicators: 100,000, of
 * which 90,000 single addresses and 10,000 /24 ranges of documentation and CGN space the traffic never uses, plus
 * one /22 of the scenario's foreign clients so that matches happen (rarely, as in real traffic). Baseline in the same run: decoding alone into a sink that reads
 * the record ({@code baselineDecodeOnly}); the ratio is the cost of matching, enrichment and detection.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SensorPipelineBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SensorPipelineBenchmark {
  static final int FLOWS = 1_500_000;

  private final List<ByteBuffer> datagrams = new ArrayList<>();
  private IndicatorIndex index;
  private AssetRegistry assets;
  private OutputSettings settings;
  private long flows;

  @Setup(Level.Trial)
  public void prepare() {
    TrafficGenerator g =
        new TrafficGenerator(
            TrafficGenerator.Config.of(TrafficGenerator.Scenario.DDOS_FINANCE, 50_000, Duration.ofSeconds(30), 7));
    NetflowV5Writer w = new NetflowV5Writer(g.config().startMillis(), b -> datagrams.add(copy(b)));
    long[] written = {0};
    flows = g.flows(r -> {
      if (written[0] < FLOWS) {
        w.write(r);
        written[0]++;
      }
    });
    w.flush();
    if (written[0] < FLOWS) {
      throw new IllegalStateException("the scenario gave only " + written[0] + " flows, fewer than " + FLOWS);
    }
    index = new IndicatorIndex(Clock.systemUTC());
    List<StixObject> indicators = new ArrayList<>();
    for (int i = 0; i < 90_000; i++) {
      indicators.add(indicator(i, "[ipv4-addr:value = '" + Addresses.formatV4(0xC0000000L + i * 7L) + "']"));
    }
    for (int i = 0; i < 10_000; i++) {
      indicators.add(indicator(90_000 + i, "[ipv4-addr:value ISSUBSET '" + Addresses.formatV4(0x0A000000L + ((long) i << 8))
          + "/24']"));
    }
    // A few of the scenario's foreign clients are known bad: matches happen, rarely, as in real traffic.
    indicators.add(indicator(100_000, "[ipv4-addr:value ISSUBSET '100.64.0.0/22']"));
    index.addAll(indicators);
    assets = AssetRegistry.of(List.of(new Asset("bank", "Online banking", "Example Commercial Bank",
        Sector.FINANCE, 5, "finance", List.of("198.51.100.0/26"), List.of())));
    settings = new OutputSettings("identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792", Tlp.AMBER, 60_000, "CN");
    System.err.printf("SensorPipelineBenchmark: %d datagrams, %d flows generated, %d indicators (%d bytes)%n",
        datagrams.size(), flows, index.size(), index.footprintBytes());
  }

  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    c.put(b.duplicate()).flip();
    return c;
  }

  private static StixObject indicator(int i, String pattern) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "indicator");
    o.put("spec_version", "2.1");
    o.put("id", "indicator--" + new java.util.UUID(0x1234L, i));
    o.put("created", "2026-01-01T00:00:00.000Z");
    o.put("modified", "2026-01-01T00:00:00.000Z");
    o.put("pattern", pattern);
    o.put("pattern_type", "stix");
    o.put("valid_from", "2026-01-01T00:00:00Z");
    return StixObject.of(o);
  }

  /** Decode + match + enrich + detect: a fresh pipeline per invocation, over every datagram. */
  @Benchmark
  @OperationsPerInvocation(FLOWS)
  public long pipeline(Blackhole bh) {
    Detectors detectors = new Detectors(DetectorConfig.defaults(), assets, GeoLookup.NONE, "CN");
    long[] objects = {0};
    Sensor sensor =
        new Sensor(Sensor.Matcher.of(index), assets, Sensor.Detection.of(detectors), settings,
            o -> objects[0] += o.size());
    NetflowV5Decoder decoder = new NetflowV5Decoder();
    for (ByteBuffer d : datagrams) {
      decoder.decode(d, 0x0A000001L, 0, sensor);
    }
    sensor.finish();
    bh.consume(objects[0]);
    return sensor.stats().matches();
  }

  /** Baseline: decoding alone, into a sink that reads two fields of every record. */
  @Benchmark
  @OperationsPerInvocation(FLOWS)
  public long baselineDecodeOnly() {
    long[] sum = {0};
    NetflowV5Decoder decoder = new NetflowV5Decoder();
    for (ByteBuffer d : datagrams) {
      decoder.decode(d, 0x0A000001L, 0, r -> sum[0] += r.dstLo ^ r.packets);
    }
    return sum[0];
  }
}
