package org.accord.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.accord.sensor.Sensor;
import org.accord.sensor.decode.DatagramDecoder;
import org.accord.sensor.decode.DecoderStats;
import org.accord.sensor.decode.IpfixDecoder;
import org.accord.sensor.decode.NetflowV5Decoder;
import org.accord.sensor.detect.DetectorConfig;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetRegistry;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.enrich.Sector;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;
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
import org.openjdk.jmh.annotations.Param;
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
 * one /22 of the scenario's foreign clients so that matches happen (rarely, as in real traffic). Baseline in the same
 * run: decoding alone into a sink that reads the record ({@code baselineDecodeOnly}); the ratio is the cost of
 * matching, enrichment and detection.
 *
 * <p>Two encodings of the same flows ({@code workload}): {@code v5}, NetFlow v5 datagrams of 30 records; {@code
 * ipfix-sampled-mixed}, what a 1:10 sampling router with one template for both address families sends (issue 9): an
 * options template and a selector report (selectorId 302, samplingPacketInterval/Space 305/306: 1 in 10), then a data
 * template carrying IPv4 and IPv6 address fields with ipVersion (IE 60) and the selectorId, every tenth flow IPv6
 * (its addresses mapped into 2001:db8::/32), the others IPv4 with zero IPv6 fields; packets and bytes divided by 10
 * (at least 1), so that the decoder's scaling gives back about the scenario's volumes and the detectors' work is
 * comparable; 16 records per message.
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
  /** The rate of the {@code ipfix-sampled-mixed} workload. */
  static final int SAMPLING = 10;

  @Param({"v5", "ipfix-sampled-mixed"})
  public String workload;

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
    long[] written = {0};
    if (workload.equals("v5")) {
      NetflowV5Writer w = new NetflowV5Writer(g.config().startMillis(), b -> datagrams.add(copy(b)));
      flows = g.flows(r -> {
        if (written[0] < FLOWS) {
          w.write(r);
          written[0]++;
        }
      });
      w.flush();
    } else {
      SampledMixedWriter w = new SampledMixedWriter(datagrams);
      flows = g.flows(r -> {
        if (written[0] < FLOWS) {
          w.write(r);
          written[0]++;
        }
      });
      w.flush();
    }
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
    // The workload decodes to what it should: every flow, scaled when sampled, both families.
    DecoderStats check = new DecoderStats();
    long[] six = {0};
    DatagramDecoder d = workload.equals("v5") ? new NetflowV5Decoder(check)
        : new IpfixDecoder(check, IpfixDecoder.DEFAULT_TEMPLATE_EXPIRY, false);
    datagrams.forEach(b -> d.decode(b, 0x0A000001L, 0, r -> six[0] += r.ipv6 ? 1 : 0));
    DecoderStats.Counts c = check.total();
    if (c.records() != FLOWS || c.errors() != 0 || (workload.equals("v5") ? c.sampled() != 0 || six[0] != 0
        : c.sampled() != FLOWS || six[0] != FLOWS / 10)) {
      throw new IllegalStateException("the " + workload + " workload decodes wrong: " + c + ", " + six[0] + " IPv6");
    }
    System.err.printf("SensorPipelineBenchmark: %s, %d datagrams, %d flows generated, %d indicators (%d bytes)%n",
        workload, datagrams.size(), flows, index.size(), index.footprintBytes());
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
    DatagramDecoder decoder = decoder();
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
    DatagramDecoder decoder = decoder();
    // One sink for the whole run: a capturing lambda written in the loop cost an allocation per datagram.
    FlowSink sink = r -> sum[0] += r.dstLo ^ r.packets;
    for (ByteBuffer d : datagrams) {
      decoder.decode(d, 0x0A000001L, 0, sink);
    }
    return sum[0];
  }

  private DatagramDecoder decoder() {
    return workload.equals("v5") ? new NetflowV5Decoder()
        : new IpfixDecoder(new DecoderStats(), IpfixDecoder.DEFAULT_TEMPLATE_EXPIRY, false);
  }

  /** IPFIX messages of a 1:10 sampling exporter with one template for both address families (see the class note). */
  static final class SampledMixedWriter {
    static final int RECORD = 4 + 4 + 16 + 16 + 1 + 2 + 2 + 1 + 2 + 8 + 8 + 4 + 8 + 8;
    static final int PER_MESSAGE = 16;
    private final List<ByteBuffer> out;
    private ByteBuffer m;
    private int records;
    private boolean first = true;
    private long n;
    private long lastEnd;

    SampledMixedWriter(List<ByteBuffer> out) {
      this.out = out;
    }

    void write(FlowRecord r) {
      if (m == null) {
        m = ByteBuffer.allocate(1500);
        m.putShort((short) 10).putShort((short) 0).putInt((int) (r.endMillis / 1000)).putInt((int) n).putInt(1);
        if (first) {
          first = false;
          // options template 300: scope selectorId, samplingPacketInterval, samplingPacketSpace; then its data
          m.putShort((short) 3).putShort((short) 22).putShort((short) 300).putShort((short) 3).putShort((short) 1)
              .putShort((short) 302).putShort((short) 4).putShort((short) 305).putShort((short) 4)
              .putShort((short) 306).putShort((short) 4);
          m.putShort((short) 300).putShort((short) 16).putInt(1).putInt(1).putInt(SAMPLING - 1);
          int[] f = {8, 4, 12, 4, 27, 16, 28, 16, 60, 1, 7, 2, 11, 2, 4, 1, 6, 2, 2, 8, 1, 8, 302, 4, 152, 8, 153, 8};
          m.putShort((short) 2).putShort((short) (8 + f.length * 2)).putShort((short) 256)
              .putShort((short) (f.length / 2));
          for (int x : f) {
            m.putShort((short) x);
          }
        }
        m.putShort((short) 256).putShort((short) (4 + PER_MESSAGE * RECORD));
      }
      lastEnd = Math.max(lastEnd, r.endMillis);
      boolean six = n++ % 10 == 9;
      m.putInt(six ? 0 : (int) r.srcLo).putInt(six ? 0 : (int) r.dstLo);
      m.putLong(six ? 0x20010db8_00000000L : 0).putLong(six ? r.srcLo : 0);
      m.putLong(six ? 0x20010db8_00000000L : 0).putLong(six ? r.dstLo : 0);
      m.put((byte) (six ? 6 : 4)).putShort((short) r.srcPort).putShort((short) r.dstPort).put((byte) r.protocol)
          .putShort((short) r.tcpFlags).putLong(Math.max(1, r.packets / SAMPLING))
          .putLong(Math.max(1, r.bytes / SAMPLING)).putInt(1).putLong(r.startMillis).putLong(r.endMillis);
      if (++records == PER_MESSAGE) {
        flush();
      }
    }

    /** Ends the message (a last data set with fewer records gets its true length). */
    void flush() {
      if (m == null) {
        return;
      }
      int setStart = m.position() - records * RECORD - 4;
      m.putShort(setStart + 2, (short) (4 + records * RECORD));
      m.putShort(2, (short) m.position());
      m.putInt(4, (int) (lastEnd / 1000) + 1); // exported after its last flow ended
      out.add(m.flip());
      m = null;
      records = 0;
    }
  }
}
