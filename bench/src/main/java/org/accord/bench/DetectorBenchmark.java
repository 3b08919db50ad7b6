package org.accord.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.accord.sensor.detect.DetectorConfig;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.AssetLookup;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.flow.FlowRecord;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Flows per second through {@link Detectors#flow} on one thread: every flow of the sensor pipeline passes here.
 *
 * <p>Workload: 1,048,576 pre-generated IPv4 flows, replayed as one second of event time per pass (so the detector
 * closes one window, walking every tracked destination, per million flows: the line rate of the target), the
 * clock advancing one second per pass. 100,000 destinations with heavy-tailed popularity (a few hot, most cold),
 * sources from a pool of a million; 80 % TCP with ACK, 5 % single-SYN probes, 12 % UDP, 2 % short flows to SSH and
 * RDP; plus one ongoing flood (2 % of flows, 10,000 sources, ~200k pps) so the attacked path (heavy hitters,
 * distinct count, sampled geo lookup) is exercised. Default {@link DetectorConfig} except a warm-up of 2 windows.
 * The baseline in the same run, {@code baselineReadFields}, fills the same reused {@link FlowRecord} from the arrays
 * and reads its fields — the cost any consumer of the flow stream pays — so the difference is the detectors' own.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar DetectorBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class DetectorBenchmark {
  static final int FLOWS = 1 << 20;
  static final int DESTINATIONS = 100_000;
  static final long T0 = 1_767_225_600_000L;

  private final int[] src = new int[FLOWS];
  private int[] dst = new int[FLOWS];
  private final char[] srcPort = new char[FLOWS];
  private final char[] dstPort = new char[FLOWS];
  private final byte[] proto = new byte[FLOWS];
  private final byte[] flags = new byte[FLOWS];
  private final int[] packets = new int[FLOWS];
  private final int[] bytes = new int[FLOWS];
  private final int[] offsetMillis = new int[FLOWS];
  private final FlowRecord r = new FlowRecord();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private Detectors detectors;
  private long pass;
  private long cpuStart;
  private long passStart;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(42);
    int home = 0x6440_0000; // 100.64.0.0
    int victim = home + 7;
    for (int i = 0; i < FLOWS; i++) {
      // Heavy-tailed popularity: destination index = N^u, so low indices are hot.
      int d = (int) Math.min(DESTINATIONS - 1, Math.floor(Math.pow(DESTINATIONS, rnd.nextDouble())) - 1);
      dst[i] = home + 256 + d;
      src[i] = 0x1400_0000 + rnd.nextInt(1 << 20); // 20.0.0.0/12
      srcPort[i] = (char) (1024 + rnd.nextInt(60000));
      offsetMillis[i] = (int) ((long) i * 1000 / FLOWS); // in order: one second per pass
      double u = rnd.nextDouble();
      if (u < 0.80) {
        tcp(i, rnd.nextBoolean() ? 443 : 80, 0x1b, 2 + rnd.nextInt(30), rnd);
      } else if (u < 0.85) {
        tcp(i, 443, 0x02, 1, rnd);
      } else if (u < 0.97) {
        proto[i] = 17;
        dstPort[i] = 443;
        packets[i] = 1 + rnd.nextInt(20);
        bytes[i] = packets[i] * 900;
      } else if (u < 0.99) {
        tcp(i, rnd.nextBoolean() ? 22 : 3389, 0x1b, 12 + rnd.nextInt(15), rnd);
      } else {
        dst[i] = victim; // the flood: ~2 % of flows, 100 packets each, from 10,000 sources
        src[i] = 0x2d00_0000 + rnd.nextInt(10_000); // 45.0.0.0/8
        proto[i] = 17;
        dstPort[i] = 80;
        packets[i] = 100;
        bytes[i] = 100 * 1200;
      }
    }
    detectors = new Detectors(DetectorConfig.builder().warmupWindows(2).build(), AssetLookup.NONE, GeoLookup.NONE,
        "CN");
    // Learn the background first (the flood's flows go to an ordinary destination meanwhile), then let the flood
    // start and be detected: a flood present from the first window would be learned as the victim's normal.
    int[] withFlood = dst;
    dst = withFlood.clone();
    for (int i = 0; i < FLOWS; i++) {
      if (dst[i] == victim) {
        dst[i] = home + 256 + DESTINATIONS / 2;
      }
    }
    for (int p = 0; p < 4; p++) {
      accordDetect();
    }
    dst = withFlood;
    int reports = 0;
    for (int p = 0; p < 4; p++) {
      reports += accordDetect();
    }
    System.err.printf("DetectorBenchmark: %d destinations tracked, %d flows dropped, %d attack reports%n",
        detectors.destinations(), detectors.droppedFlows(), reports);
    if (reports == 0) {
      throw new IllegalStateException("the workload must exercise the attacked path: the flood was not detected");
    }
  }

  /**
   * The machine is shared, so wall-clock throughput understates; each iteration also prints flows per CPU-second of
   * the benchmark thread (both benchmarks process whole passes of {@code FLOWS}).
   */
  @Setup(Level.Iteration)
  public void startCpuClock() {
    cpuStart = THREADS.getCurrentThreadCpuTime();
    passStart = pass;
  }

  @TearDown(Level.Iteration)
  public void printCpuRate() {
    double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.err.printf(" [%.2f M flows per CPU-second]", (pass - passStart) * (double) FLOWS / cpuSeconds / 1e6);
  }

  private void tcp(int i, int port, int f, int p, SplittableRandom rnd) {
    proto[i] = 6;
    dstPort[i] = (char) port;
    flags[i] = (byte) f;
    packets[i] = p;
    bytes[i] = p * (60 + rnd.nextInt(1400));
  }

  private void fill(int i, long base) {
    r.srcLo = src[i] & 0xFFFF_FFFFL;
    r.dstLo = dst[i] & 0xFFFF_FFFFL;
    r.srcPort = srcPort[i];
    r.dstPort = dstPort[i];
    r.protocol = proto[i];
    r.tcpFlags = flags[i] & 0xff;
    r.packets = packets[i];
    r.bytes = bytes[i];
    r.endMillis = base + offsetMillis[i];
    r.startMillis = r.endMillis - 100;
  }

  @Benchmark
  @OperationsPerInvocation(FLOWS)
  public int accordDetect() {
    long base = T0 + 1000 * pass++;
    for (int i = 0; i < FLOWS; i++) {
      fill(i, base);
      detectors.flow(r);
    }
    return detectors.tick(base + 1000).size();
  }

  @Benchmark
  @OperationsPerInvocation(FLOWS)
  public void baselineReadFields(Blackhole bh) {
    long base = T0 + 1000 * pass++;
    long sum = 0;
    for (int i = 0; i < FLOWS; i++) {
      fill(i, base);
      sum += r.srcLo ^ r.dstLo ^ r.srcPort ^ r.dstPort ^ r.protocol ^ r.tcpFlags ^ r.packets ^ r.bytes ^ r.endMillis;
    }
    bh.consume(sum);
  }
}
