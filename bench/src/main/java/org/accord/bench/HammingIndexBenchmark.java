package org.accord.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.accord.hash.PdqHash;
import org.accord.hash.index.HammingIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PDQ hash search on one thread: every indexed hash within distance 31 of any of a query's 8 dihedral variants.
 *
 * <p>Workload: {@value #ENTRIES} hashes, uniformly random except for planted near matches, loaded through {@link
 * HammingIndex#addAll}. Queries: {@value #QUERIES} sets of 8 random variant hashes (the dihedral variants of a PDQ
 * hash are about as far from each other as random hashes); for every other query, 1 to 3 entries were planted at
 * distance 0..31 from one of its variants (a random one), so half the queries have answers. One operation is one
 * 8-variant query at {@code d = 31}. {@code index} asks {@link HammingIndex#search}; the baseline {@code
 * bruteForce} asks {@link HammingIndex#searchByScan}, the linear scan over the same arrays (each row read once,
 * compared with all 8 variants), in the same run. Setup checks that both answer every one of the first 50 queries
 * identically and that the index finds every planted entry of every query.
 *
 * <p>Memory: setup prints {@link HammingIndex#bytesPerEntry()} (the sizes of the arrays behind the index at their
 * allocated length) and the used heap after full GCs before and after the build, per entry. Teardown prints queries
 * per CPU-second of the benchmark thread for both, measured after the iterations: on a shared machine the
 * wall-clock throughput is the share of a core the benchmark got, the CPU-time rate what one core does.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HammingIndexBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx5g", "-Xms5g"})
@State(Scope.Benchmark)
public class HammingIndexBenchmark {
  static final int ENTRIES = 10_000_000;
  static final int QUERIES = 4_096;
  static final int D = HammingIndex.DEFAULT_MAX_DISTANCE;

  HammingIndex index;
  List<List<PdqHash>> queries;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(20261203);
    queries = new ArrayList<>(QUERIES);
    for (int q = 0; q < QUERIES; q++) {
      List<PdqHash> variants = new ArrayList<>(8);
      for (int v = 0; v < 8; v++) {
        variants.add(random(rnd));
      }
      queries.add(List.copyOf(variants));
    }
    long[] ids = new long[ENTRIES];
    long[] words = new long[4 * ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
      ids[i] = i;
      for (int k = 0; k < 4; k++) {
        words[4 * i + k] = rnd.nextLong();
      }
    }
    // Planted near matches, at random rows: 1..3 for every other query.
    int[] plantedPerQuery = new int[QUERIES];
    for (int q = 0; q < QUERIES; q += 2) {
      plantedPerQuery[q] = 1 + rnd.nextInt(3);
      for (int p = 0; p < plantedPerQuery[q]; p++) {
        PdqHash near = flip(queries.get(q).get(rnd.nextInt(8)), rnd.nextInt(D + 1), rnd);
        int row = rnd.nextInt(ENTRIES);
        for (int k = 0; k < 4; k++) {
          words[4 * row + k] = near.word(k);
        }
      }
    }
    long before = usedHeap();
    long start = System.nanoTime();
    index = new HammingIndex();
    index.addAll(ids, words, ENTRIES);
    double seconds = (System.nanoTime() - start) / 1e9;
    long after = usedHeap();
    // ids and words held through both measurements, so that the difference is the index alone.
    Reference.reachabilityFence(ids);
    Reference.reachabilityFence(words);
    System.err.printf(Locale.ROOT, "built %,d entries in %.1f s; footprintBytes %.1f bytes/entry, heap retained "
        + "%.1f bytes/entry%n", ENTRIES, seconds, index.bytesPerEntry(), (after - before) / (double) ENTRIES);
    long answers = 0;
    for (int q = 0; q < QUERIES; q++) {
      List<HammingIndex.Match> found = index.search(queries.get(q), D);
      answers += found.isEmpty() ? 0 : 1;
      if (q < 50 && !found.equals(index.searchByScan(queries.get(q), D))) {
        throw new IllegalStateException("index and scan disagree on query " + q);
      }
      // A planted row may have been overwritten by a later plant: at least one must be found.
      if (plantedPerQuery[q] > 0 && found.isEmpty()) {
        throw new IllegalStateException("query " + q + " misses its planted entries");
      }
    }
    System.err.printf(Locale.ROOT, "%d of %d queries have answers%n", answers, QUERIES);
  }

  @Benchmark
  public List<HammingIndex.Match> index() {
    return index.search(queries.get(next++ & (QUERIES - 1)), D);
  }

  @Benchmark
  public List<HammingIndex.Match> bruteForce() {
    return index.searchByScan(queries.get(next++ & (QUERIES - 1)), D);
  }

  /**
   * Queries per CPU-second of this thread, after the measured iterations (the code is compiled by then): the capacity
   * of one core, which the machine's load does not divide as it divides the throughput JMH measures in wall time.
   */
  @TearDown(Level.Trial)
  public void cpuTimePerQuery() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long found = 0;
    long t0 = threads.getCurrentThreadCpuTime();
    for (int q = 0; q < QUERIES; q++) {
      found += index.search(queries.get(q), D).size();
    }
    long t1 = threads.getCurrentThreadCpuTime();
    int scans = 5;
    for (int q = 0; q < scans; q++) {
      found += index.searchByScan(queries.get(q), D).size();
    }
    long t2 = threads.getCurrentThreadCpuTime();
    double indexRate = QUERIES / ((t1 - t0) / 1e9);
    double scanRate = scans / ((t2 - t1) / 1e9);
    System.err.printf(Locale.ROOT, "%nper CPU-second of one thread: index %.0f queries, bruteForce %.2f queries "
        + "(ratio %.0f; %d matches)%n", indexRate, scanRate, indexRate / scanRate, found);
  }

  static PdqHash random(SplittableRandom rnd) {
    return PdqHash.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
  }

  /** {@code h} with {@code k} distinct bits flipped. */
  static PdqHash flip(PdqHash h, int k, SplittableRandom rnd) {
    long[] w = {h.word(0), h.word(1), h.word(2), h.word(3)};
    long[] flipped = new long[4];
    int done = 0;
    while (done < k) {
      int bit = rnd.nextInt(PdqHash.BITS);
      long m = 1L << (bit & 63);
      if ((flipped[bit >>> 6] & m) == 0) {
        flipped[bit >>> 6] |= m;
        w[bit >>> 6] ^= m;
        done++;
      }
    }
    return PdqHash.ofWords(w[0], w[1], w[2], w[3]);
  }

  static long usedHeap() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
