package org.accord.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.accord.sensor.decode.IpfixDecoder;
import org.accord.sensor.decode.NetflowV5Decoder;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;
import org.accord.sensor.generate.IpfixWriter;
import org.accord.sensor.generate.NetflowV5Writer;
import org.accord.sensor.generate.TrafficGenerator;
import org.accord.sensor.generate.TrafficGenerator.Config;
import org.accord.sensor.generate.TrafficGenerator.Scenario;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flow decoding, flows per second on one core: NetFlow v5 and IPFIX into a sink that only sums the bytes field (so
 * the decoding cannot be optimised away), each beside a baseline in the same run that walks the same buffers and reads
 * the same fields by fixed offsets without any checks, counters or record holder — the floor of any decoder.
 *
 * <p>Workload: {@value #FLOWS} flows of the generator's {@code background} scenario (seed 1), written once in setup by
 * {@link NetflowV5Writer} (334 datagrams of up to 30 records) and {@link IpfixWriter} (1400-byte messages, 47-byte IPv4
 * records, templates every 20 messages), held in heap buffers. One invocation decodes all of them; the score is flows
 * per second ({@code @OperationsPerInvocation}).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar DecodeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {
  static final int FLOWS = 10_000;

  private ByteBuffer[] v5;
  private ByteBuffer[] ipfix;
  private NetflowV5Decoder v5Decoder;
  private IpfixDecoder ipfixDecoder;
  private final Sum sink = new Sum();

  /** The no-op sink: one addition per flow. */
  static final class Sum implements FlowSink {
    long bytes;

    @Override
    public void flow(FlowRecord r) {
      bytes += r.bytes;
    }
  }

  @Setup
  public void setup() {
    TrafficGenerator g = new TrafficGenerator(Config.of(Scenario.BACKGROUND, FLOWS, Duration.ofSeconds(1), 1));
    List<ByteBuffer> a = new ArrayList<>();
    List<ByteBuffer> b = new ArrayList<>();
    NetflowV5Writer w5 = new NetflowV5Writer(Config.DEFAULT_START - 3_600_000, x -> a.add(copy(x)));
    IpfixWriter wi = new IpfixWriter(x -> b.add(copy(x)));
    long n = g.flows(r -> {
      w5.write(r);
      wi.write(r);
    });
    w5.flush();
    wi.flush();
    v5 = a.toArray(new ByteBuffer[0]);
    ipfix = b.toArray(new ByteBuffer[0]);
    v5Decoder = new NetflowV5Decoder();
    ipfixDecoder = new IpfixDecoder();
    if (n != FLOWS || decodeV5() == 0 || decodeIpfix() == 0
        || v5Decoder.stats().total().records() != FLOWS || ipfixDecoder.stats().total().records() != FLOWS
        || baselineWalkV5() == 0 || baselineWalkIpfix() == 0) {
      throw new IllegalStateException("workload is not " + FLOWS + " decodable flows");
    }
  }

  @Benchmark
  @OperationsPerInvocation(FLOWS)
  public long decodeV5() {
    for (ByteBuffer d : v5) {
      v5Decoder.decode(d, 1, 0, sink);
    }
    return sink.bytes;
  }

  /** The floor: read each v5 record's fields by offset, nothing else. */
  @Benchmark
  @OperationsPerInvocation(FLOWS)
  public long baselineWalkV5() {
    long acc = 0;
    for (ByteBuffer d : v5) {
      int count = d.getShort(2);
      for (int i = 0, o = 24; i < count; i++, o += 48) {
        acc += d.getInt(o) ^ d.getInt(o + 4) ^ d.getInt(o + 16) ^ d.getInt(o + 20) ^ d.getInt(o + 24)
            ^ d.getInt(o + 28) ^ d.getShort(o + 32) ^ d.getShort(o + 34) ^ d.get(o + 37) ^ d.get(o + 38);
      }
    }
    return acc;
  }

  @Benchmark
  @OperationsPerInvocation(FLOWS)
  public long decodeIpfix() {
    for (ByteBuffer d : ipfix) {
      ipfixDecoder.decode(d, 1, 0, sink);
    }
    return sink.bytes;
  }

  /** The floor: walk the sets and read each fixed 47-byte IPv4 record's fields by offset. */
  @Benchmark
  @OperationsPerInvocation(FLOWS)
  public long baselineWalkIpfix() {
    long acc = 0;
    for (ByteBuffer d : ipfix) {
      int end = d.getShort(2) & 0xffff;
      for (int o = 16; o + 4 <= end; ) {
        int id = d.getShort(o) & 0xffff;
        int len = d.getShort(o + 2) & 0xffff;
        if (id == IpfixWriter.V4_TEMPLATE) {
          for (int r = o + 4; r + 47 <= o + len; r += 47) {
            acc += d.getInt(r) ^ d.getInt(r + 4) ^ d.getShort(r + 8) ^ d.getShort(r + 10) ^ d.get(r + 12)
                ^ d.getShort(r + 13) ^ d.getLong(r + 15) ^ d.getLong(r + 23) ^ d.getLong(r + 31) ^ d.getLong(r + 39);
          }
        }
        o += len;
      }
    }
    return acc;
  }

  private static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    c.put(b.duplicate()).flip();
    return c;
  }
}
