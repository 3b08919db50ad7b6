package org.accord.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.index.IndicatorIndex;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
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

/**
 * Indicator matching on one thread: the lookup every flow and log event pays, against a million indicators.
 *
 * <p>Workload, IPv4: 1,000,000 indicators, 90% single addresses and 10% CIDR ranges from /16 to /30 (so nested
 * ranges occur), random addresses. Probes: 1,048,576 addresses, half the indicators' own addresses or addresses
 * inside their ranges, half uniformly random (mostly misses, as in real traffic). {@code accordIpv4} asks {@link
 * IndicatorIndex#matchIpv4(long)}; the baseline {@code baselineIpv4} is what one writes without an index: a {@code
 * HashSet<Long>} of the single addresses, then a {@code TreeMap} floor search over range starts, stepping down to
 * enclosing ranges. Domains: 1,000,000 indicators on random names of two or three labels; probes half subdomains or
 * the names themselves (upper case now and then, sometimes a trailing dot), half random misses. {@code
 * accordDomain} asks {@link IndicatorIndex#matchDomain}; {@code baselineDomain} lower-cases the name and looks it and
 * each parent up in a {@code HashSet<String>}. Setup checks that index and baseline agree on every probe (match
 * or no match; which indicator wins among nested ranges is checked by the unit properties, not here).
 *
 * <p>Memory: setup prints, per indicator, the heap retained by the index (used heap after full GCs, before and
 * after building it, with the STIX objects already released) and {@link IndicatorIndex#footprintBytes()} (the
 * sizes of its primitive arrays at allocated capacity).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar IndicatorIndexBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Xms6g"})
public class IndicatorIndexBenchmark {
  static final int INDICATORS = 1_000_000;
  static final int PROBES = 1 << 20;
  static final int BATCH = 1024;
  private static final String[] TLDS = {"com", "net", "org", "example", "cn", "ru", "io", "xyz", "top", "info"};

  /** The IPv4 workload. */
  @State(Scope.Benchmark)
  public static class Ipv4 {
    IndicatorIndex index;
    HashSet<Long> baselineExact;
    TreeMap<Long, int[]> baselineRanges; // start -> the prefix lengths of the ranges starting there
    long[] probes;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom r = new SplittableRandom(42);
      long[] addr = new long[INDICATORS];
      int[] len = new int[INDICATORS];
      for (int i = 0; i < INDICATORS; i++) {
        len[i] = r.nextInt(10) == 0 ? 16 + r.nextInt(15) : 32;
        long mask = (0xffffffffL << (32 - len[i])) & 0xffffffffL;
        addr[i] = r.nextLong(1L << 32) & mask;
      }
      long before = usedHeap();
      index = load(i -> "[ipv4-addr:value = '" + Addresses.formatV4(addr[i]) + (len[i] == 32 ? "" : "/" + len[i])
          + "']");
      long after = usedHeap();
      report("IPv4", before, after, index);
      baselineExact = new HashSet<>();
      baselineRanges = new TreeMap<>();
      for (int i = 0; i < INDICATORS; i++) {
        if (len[i] == 32) {
          baselineExact.add(addr[i]);
        } else {
          int[] held = baselineRanges.get(addr[i]);
          int[] lens = held == null ? new int[1] : Arrays.copyOf(held, held.length + 1);
          lens[lens.length - 1] = len[i];
          baselineRanges.put(addr[i], lens);
        }
      }
      probes = new long[PROBES];
      for (int i = 0; i < PROBES; i++) {
        int k = r.nextInt(INDICATORS);
        probes[i] = r.nextBoolean()
            ? addr[k] + (len[k] == 32 ? 0 : r.nextLong(1L << (32 - len[k])))
            : r.nextLong(1L << 32);
      }
      check();
    }

    private void check() {
      int hits = 0;
      for (long p : probes) {
        boolean found = index.matchIpv4(p) >= 0;
        hits += found ? 1 : 0;
        if (found != (baselineLength(p) >= 0)) {
          throw new IllegalStateException("index and baseline disagree on " + Addresses.formatV4(p));
        }
      }
      System.err.printf(Locale.ROOT, "IPv4 probes: %d of %d match%n", hits, PROBES);
    }

    /** The longest matching prefix length, or -1: the baseline. */
    int baselineLength(long a) {
      if (baselineExact.contains(a)) {
        return 32;
      }
      int best = -1;
      // ranges are at most /16, so an enclosing range starts no lower than 65,535 below the address
      for (Map.Entry<Long, int[]> e = baselineRanges.floorEntry(a);
          e != null && e.getKey() > a - 65536;
          e = baselineRanges.lowerEntry(e.getKey())) {
        for (int len : e.getValue()) {
          if ((e.getKey() | (0xffffffffL >>> len)) >= a) {
            best = Math.max(best, len);
          }
        }
        if (best >= 0) {
          return best; // the nearest containing start holds the innermost range
        }
      }
      return best;
    }
  }

  /** The domain workload. */
  @State(Scope.Benchmark)
  public static class Domains {
    IndicatorIndex index;
    HashSet<String> baseline;
    String[] probes;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom r = new SplittableRandom(7);
      String[] names = new String[INDICATORS];
      HashSet<String> distinct = new HashSet<>();
      for (int i = 0; i < INDICATORS; i++) {
        String name;
        do {
          name = label(r) + (r.nextInt(3) == 0 ? "." + label(r) : "") + "." + TLDS[r.nextInt(TLDS.length)];
        } while (!distinct.add(name));
        names[i] = name;
      }
      long before = usedHeap();
      index = load(i -> "[domain-name:value = '" + names[i] + "']");
      long after = usedHeap();
      report("Domain", before, after, index);
      baseline = distinct;
      probes = new String[PROBES];
      for (int i = 0; i < PROBES; i++) {
        String n = names[r.nextInt(INDICATORS)];
        String p = switch (r.nextInt(6)) {
          case 0 -> n;
          case 1 -> "www." + n;
          case 2 -> "a.b." + n.toUpperCase(Locale.ROOT) + ".";
          default -> label(r) + "." + label(r) + "." + TLDS[r.nextInt(TLDS.length)];
        };
        probes[i] = p;
      }
      int hits = 0;
      for (String p : probes) {
        boolean found = index.matchDomain(p) >= 0;
        if (found != baselineMatch(p)) {
          throw new IllegalStateException("index and baseline disagree on " + p);
        }
        hits += found ? 1 : 0;
      }
      System.err.printf(Locale.ROOT, "Domain probes: %d of %d match%n", hits, PROBES);
    }

    boolean baselineMatch(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.endsWith(".")) {
        n = n.substring(0, n.length() - 1);
      }
      while (true) {
        if (baseline.contains(n)) {
          return true;
        }
        int dot = n.indexOf('.');
        if (dot < 0) {
          return false;
        }
        n = n.substring(dot + 1);
      }
    }

    private static String label(SplittableRandom r) {
      char[] c = new char[4 + r.nextInt(8)];
      for (int i = 0; i < c.length; i++) {
        c[i] = (char) ('a' + r.nextInt(26));
      }
      return new String(c);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int accordIpv4(Ipv4 s) {
    int from = s.next;
    s.next = (from + BATCH) & (PROBES - 1);
    int sum = 0;
    for (int i = from; i < from + BATCH; i++) {
      sum += s.index.matchIpv4(s.probes[i]);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int baselineIpv4(Ipv4 s) {
    int from = s.next;
    s.next = (from + BATCH) & (PROBES - 1);
    int sum = 0;
    for (int i = from; i < from + BATCH; i++) {
      sum += s.baselineLength(s.probes[i]);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int accordDomain(Domains s) {
    int from = s.next;
    s.next = (from + BATCH) & (PROBES - 1);
    int sum = 0;
    for (int i = from; i < from + BATCH; i++) {
      sum += s.index.matchDomain(s.probes[i]);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int baselineDomain(Domains s) {
    int from = s.next;
    s.next = (from + BATCH) & (PROBES - 1);
    int sum = 0;
    for (int i = from; i < from + BATCH; i++) {
      sum += s.baselineMatch(s.probes[i]) ? 1 : 0;
    }
    return sum;
  }

  /** Builds an index of {@link #INDICATORS} indicators in batches, so the STIX objects never all live at once. */
  static IndicatorIndex load(java.util.function.IntFunction<String> pattern) {
    IndicatorIndex index = new IndicatorIndex(Clock.systemUTC());
    SplittableRandom ids = new SplittableRandom(99);
    List<StixObject> batch = new ArrayList<>(50_000);
    for (int i = 0; i < INDICATORS; i++) {
      ObjectNode o = StixJson.mapper().createObjectNode();
      o.put("type", "indicator");
      o.put("spec_version", "2.1");
      o.put("id", "indicator--" + new UUID(ids.nextLong() & 0xffffffffffff0fffL | 0x4000L,
          ids.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L));
      o.put("created", "2026-01-01T00:00:00.000Z");
      o.put("modified", "2026-01-01T00:00:00.000Z");
      o.put("pattern", pattern.apply(i));
      o.put("pattern_type", "stix");
      o.put("valid_from", "2026-01-01T00:00:00Z");
      batch.add(StixObject.adopt(o));
      if (batch.size() == 50_000 || i == INDICATORS - 1) {
        index.addAll(batch).forEach(result -> {
          if (!(result instanceof org.accord.sensor.index.AddResult.Indexed)) {
            throw new IllegalStateException("not indexed: " + result);
          }
        });
        batch.clear();
      }
    }
    if (index.size() != INDICATORS) {
      throw new IllegalStateException("indexed " + index.size());
    }
    return index;
  }

  static long usedHeap() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void report(String what, long before, long after, IndicatorIndex index) {
    System.err.printf(Locale.ROOT, "%s: heap retained %.1f bytes/indicator, footprintBytes %.1f bytes/indicator%n",
        what, (after - before) / (double) INDICATORS, index.footprintBytes() / (double) INDICATORS);
  }
}
