package org.accord.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.accord.ledger.Ed25519;
import org.accord.ledger.Entry;
import org.accord.ledger.Ledger;
import org.accord.ledger.LedgerVerifier;
import org.accord.ledger.ObjectRef;
import org.accord.ledger.Reconciliation;
import org.accord.ledger.Verification;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tamper-evident ledger, entries per second: appending, verifying a whole file, reconciling two parties' ledgers.
 * Every benchmark's baseline runs in the same invocation of JMH.
 *
 * <p>Workload: realistic {@code SENT} drafts (10 indicator refs with versions, a clause id, a payload hash), party
 * {@code us} sending to {@code eu}. Files live in temporary directories, removed at tear-down.
 *
 * <ul>
 *   <li><b>Append.</b> {@code appendOneThread} (the baseline) appends from one thread, so every entry waits for its own
 *       {@code FileChannel.force}; {@code appendEightThreads} appends from 8 threads, whose flushes the ledger shares
 *       (group commit). {@code hashAndSignOnly} is the CPU part of an append without I/O, through the public API: the
 *       entry's canonical bytes and SHA-256 ({@link Entry#hashValid()}) and the Ed25519 signature over the ledger's
 *       domain tag and the 32 hash bytes; {@code jdkSign32Bytes} is the JDK's Ed25519 signature of 32 bytes alone;
 *       {@code writeAndForceOnly} is the I/O part alone (one entry-sized line written to a plain file and forced).
 *   <li><b>Verify.</b> {@code verifyLedger} is {@link LedgerVerifier#verify} over a file of 10,000 entries (every
 *       signature); its baseline {@code baselineOpenChainOnly} is {@link Ledger#open} + close on the same file, which
 *       checks the whole chain but only the last signature. {@code verifyOneSignature} is one entry's signature check
 *       on one thread, the unit that dominates {@code verifyLedger}.
 *   <li><b>Reconcile.</b> {@code reconcile} is {@link Reconciliation#between} for two ledgers of 10,000 matching
 *       transfers each ({@code us} SENT, {@code eu} RECEIVED; built in memory, see {@link BothSides}); its baseline
 *       {@code baselineJoinOnPayloadHash} pairs the same entries by payload hash alone in a hash map, the floor of any
 *       pairing.
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar LedgerBenchmark} (3.5–4 min on 2 shared cores).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LedgerBenchmark {
  static final int ENTRIES = 10_000;
  static final String US = "us";
  static final String EU = "eu";
  private static final int DRAFTS = 1024;
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final byte[] DOMAIN = "accord-ledger-entry-v1\n".getBytes(StandardCharsets.US_ASCII);

  /** One open ledger that the appending threads share. */
  @State(Scope.Benchmark)
  public static class Appending {
    Path dir;
    Ledger ledger;
    final List<Entry.Draft> drafts = drafts(DRAFTS, 1);

    @Setup
    public void open() throws IOException {
      dir = Files.createTempDirectory("accord-ledger-bench");
      ledger = Ledger.open(dir.resolve("ledger.jsonl"), Ed25519.generate(), US, Clock.systemUTC());
    }

    @TearDown
    public void close() throws IOException {
      ledger.close();
      delete(dir);
    }
  }

  /** Each thread's own position in the shared drafts. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** One entry as the ledger wrote it, and its key. */
  @State(Scope.Benchmark)
  public static class OneEntry {
    KeyPair key;
    Entry entry;
    byte[] line;
    final byte[] message32 = new byte[32];
    Signature jdkSigner;

    @Setup
    public void prepare() throws IOException, GeneralSecurityException {
      key = Ed25519.generate();
      Path dir = Files.createTempDirectory("accord-ledger-bench");
      try (Ledger ledger = Ledger.open(dir.resolve("ledger.jsonl"), key, US, Clock.systemUTC())) {
        entry = ledger.append(sent(1));
        line = (entry.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
      } finally {
        delete(dir);
      }
      if (!entry.signatureValid(key.getPublic())) {
        throw new IllegalStateException("the ledger's own entry does not verify");
      }
      new SplittableRandom(5).nextBytes(message32);
      jdkSigner = Signature.getInstance("Ed25519");
      jdkSigner.initSign(key.getPrivate());
    }
  }

  /** A plain file that lines of an entry's length are appended to, each forced as the ledger forces its lines. */
  @State(Scope.Benchmark)
  public static class PlainFile {
    Path dir;
    FileChannel channel;

    @Setup
    public void open() throws IOException {
      dir = Files.createTempDirectory("accord-ledger-bench");
      channel =
          FileChannel.open(
              dir.resolve("plain.jsonl"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
    }

    @TearDown
    public void close() throws IOException {
      channel.close();
      delete(dir);
    }
  }

  /** A closed ledger of {@link #ENTRIES} SENT entries to verify. */
  @State(Scope.Benchmark)
  public static class Written {
    Path dir;
    Path file;
    KeyPair key;

    @Setup
    public void write() throws Exception {
      dir = Files.createTempDirectory("accord-ledger-bench");
      file = dir.resolve("us.jsonl");
      key = Ed25519.generate();
      fill(file, key, US, drafts(ENTRIES, 7));
    }

    @TearDown
    public void delete() throws IOException {
      LedgerBenchmark.delete(dir);
    }
  }

  /**
   * Both sides of 10,000 transfers from us to eu: us's SENT entries and eu's RECEIVED entries of the same objects (in
   * another order) and payloads. {@link Reconciliation} compares kinds, counterparties, objects, payload hashes and
   * seqs and checks no hash or signature (its callers verify first), so the entries are built with the public {@link
   * Entry} constructor with well-formed chain fields rather than signed by a ledger: writing 20,000 signed entries
   * would cost most of a minute of setup.
   */
  @State(Scope.Benchmark)
  public static class BothSides {
    List<Entry> mine;
    List<Entry> theirs;

    @Setup
    public void build() {
      List<Entry.Draft> sent = drafts(ENTRIES, 9);
      List<Entry.Draft> received = new ArrayList<>(ENTRIES);
      for (Entry.Draft s : sent) {
        List<ObjectRef> objects = new ArrayList<>(s.objects());
        Collections.reverse(objects); // the receiver lists them in its own order; reconciliation must not care
        received.add(Entry.Draft.received(US, objects, s.clauseId(), s.payloadHash()));
      }
      mine = unsignedChain(US, sent);
      theirs = unsignedChain(EU, received);
      Reconciliation r = Reconciliation.between(mine, theirs, US, EU);
      if (!r.agrees()) {
        throw new IllegalStateException("prepared ledgers disagree: " + r.differences().get(0).message());
      }
    }

    private static List<Entry> unsignedChain(String party, List<Entry.Draft> drafts) {
      SplittableRandom random = new SplittableRandom(party.hashCode());
      Instant time = Instant.parse("2026-11-29T05:00:00Z");
      String previous = "0".repeat(64);
      List<Entry> out = new ArrayList<>(drafts.size());
      for (int i = 0; i < drafts.size(); i++) {
        byte[] hash = new byte[32];
        byte[] signature = new byte[64];
        random.nextBytes(hash);
        random.nextBytes(signature);
        String h = HexFormat.of().formatHex(hash);
        out.add(
            new Entry(
                i + 1, time.plusMillis(3L * i), party, drafts.get(i), previous, h, Ed25519.encodeSignature(signature)));
        previous = h;
      }
      return out;
    }
  }

  @Benchmark
  @Threads(1)
  public Entry appendOneThread(Appending a, Cursor c) throws IOException {
    return a.ledger.append(a.drafts.get(c.next++ & (DRAFTS - 1)));
  }

  @Benchmark
  @Threads(8)
  public Entry appendEightThreads(Appending a, Cursor c) throws IOException {
    return a.ledger.append(a.drafts.get(c.next++ & (DRAFTS - 1)));
  }

  /** What {@code Entry.create} computes (package-private): canonical bytes, SHA-256, Ed25519 over tag + hash. */
  @Benchmark
  public byte[] hashAndSignOnly(OneEntry o) {
    if (!o.entry.hashValid()) {
      throw new IllegalStateException("entry does not hash to its hash");
    }
    byte[] digest = HexFormat.of().parseHex(o.entry.hash());
    byte[] message = Arrays.copyOf(DOMAIN, DOMAIN.length + digest.length);
    System.arraycopy(digest, 0, message, DOMAIN.length, digest.length);
    return Ed25519.sign(o.key.getPrivate(), message);
  }

  @Benchmark
  public byte[] jdkSign32Bytes(OneEntry o) throws GeneralSecurityException {
    o.jdkSigner.update(o.message32);
    return o.jdkSigner.sign();
  }

  /** The I/O of one append alone: one write of an entry's line and {@code force(true)}. */
  @Benchmark
  public long writeAndForceOnly(OneEntry o, PlainFile f) throws IOException {
    ByteBuffer line = ByteBuffer.wrap(o.line);
    while (line.hasRemaining()) {
      f.channel.write(line);
    }
    f.channel.force(true);
    return f.channel.position();
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  @Warmup(iterations = 1)
  public Verification verifyLedger(Written w) throws IOException {
    Verification v = LedgerVerifier.verify(w.file, w.key.getPublic());
    if (!(v instanceof Verification.Ok ok) || ok.entries() != ENTRIES) {
      throw new IllegalStateException("the prepared ledger does not verify: " + v.message());
    }
    return v;
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public long baselineOpenChainOnly(Written w) throws IOException {
    try (Ledger ledger = Ledger.open(w.file, w.key, US, Clock.systemUTC())) {
      if (ledger.seq() != ENTRIES) {
        throw new IllegalStateException("the prepared ledger holds " + ledger.seq() + " entries");
      }
      return ledger.seq();
    }
  }

  @Benchmark
  public boolean verifyOneSignature(OneEntry o) {
    return o.entry.signatureValid(o.key.getPublic());
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public Reconciliation reconcile(BothSides b) {
    return Reconciliation.between(b.mine, b.theirs, US, EU);
  }

  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public int baselineJoinOnPayloadHash(BothSides b) {
    Map<String, Entry> received = new HashMap<>(2 * ENTRIES);
    for (Entry e : b.theirs) {
      received.put(e.payloadHash(), e);
    }
    int matched = 0;
    for (Entry e : b.mine) {
      if (received.remove(e.payloadHash()) != null) {
        matched++;
      }
    }
    return matched;
  }

  /** A SENT of 10 indicator versions under a clause, with the hash of a payload unique to {@code n}. */
  static Entry.Draft sent(long n) {
    SplittableRandom random = new SplittableRandom(n);
    List<ObjectRef> objects = new ArrayList<>(10);
    for (int i = 0; i < 10; i++) {
      UUID uuid =
          new UUID(
              random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
              random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
      // STIX 2.1 §3.2: modified, here with millisecond precision (Instant prints .SSS unless the millis are 0).
      Instant modified = EPOCH.plusMillis(1 + random.nextLong(300L * 86_400_000));
      String version = modified.getNano() == 0 ? modified.toString().replace("Z", ".000Z") : modified.toString();
      objects.add(new ObjectRef("indicator--" + uuid, version));
    }
    byte[] payload = ("bundle " + n + " " + random.nextLong()).getBytes(StandardCharsets.UTF_8);
    return Entry.Draft.sent(EU, objects, "A3.S" + (1 + n % 3), Entry.Draft.payloadHash(payload));
  }

  /** {@code n} distinct drafts; another {@code seed} gives other objects and payloads. */
  private static List<Entry.Draft> drafts(int n, long seed) {
    List<Entry.Draft> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sent(seed * 1_000_000 + i));
    }
    return out;
  }

  /**
   * Appends {@code drafts} to a new ledger from 16 threads, so that they share flushes (setup takes ~15 s for 10,000
   * entries on 2 shared cores: one Ed25519 signature each, under the ledger's monitor).
   */
  private static void fill(Path file, KeyPair key, String party, List<Entry.Draft> drafts)
      throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Ledger ledger = Ledger.open(file, key, party, Clock.systemUTC())) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = first; i < drafts.size(); i += threads) {
                    ledger.append(drafts.get(i));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
