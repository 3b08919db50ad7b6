package org.accord.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseClock;
import org.accord.cases.CaseFile;
import org.accord.cases.Cases;
import org.accord.cases.LegalBasis;
import org.accord.cases.RequestKind;
import org.accord.cases.Step;
import org.accord.cases.Transition;
import org.accord.cases.Urgency;
import org.accord.ledger.Ed25519;
import org.accord.ledger.Entry;
import org.accord.ledger.Ledger;
import org.accord.ledger.ObjectRef;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookParser;
import org.accord.stix.Tlp;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A state transition of a mutual-assistance request end to end, on one core: validate, sign, store, ledger.
 *
 * <p>Workload: one thread, a node's {@link Cases} service on the embedded SQLite store ({@link Stores#open}, the
 * node's own settings) and a real {@link Ledger} (each append forced to disk), both in a temporary directory, under a
 * rulebook with one obligation clause (so a receipt sets two deadlines and an acknowledgement or answer meets them,
 * in the same store transaction). Each call makes the next transition of the current request along the common path
 * send → receive → acknowledge → start → answer-full → close (six transitions by both parties, as a node that holds
 * both sides would record them); a closed request is followed by a new one, whose creation (one more store write) is
 * counted in the call that makes it, i.e. amortised over its six transitions.
 *
 * <ul>
 *   <li>{@code transitionEndToEnd}: {@link Cases#apply} (the {@code Lifecycle}'s check of order, party and state; the
 *       clocks' changes; one store transaction; the request read back), then the transition's Ed25519 signature by
 *       the node and a ledger entry naming the request and step ({@code SENT} to the other party, payload hash of
 *       the signed bytes) forced to disk. {@code Cases} itself does not yet sign or record transitions (the exchange
 *       between nodes does, issue 10 §4); this composes the same parts in the same order, so the figure is what a
 *       transition will cost.
 *   <li>{@code transitionNoLedger}: the same without the ledger append (a no-op ledger): validate, sign, store.
 *   <li>{@code ledgerAppendOnly}: the ledger append alone, with the same kind of entry: the ledger's share.
 * </ul>
 *
 * <pre>java -jar bench/target/benchmarks.jar CaseTransitionBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CaseTransitionBenchmark {
  /** The path a request takes, with the party (by role) that makes each transition. */
  private static final List<Transition> PATH =
      List.of(Transition.SEND, Transition.RECEIVE, Transition.ACKNOWLEDGE, Transition.START, Transition.ANSWER_FULL,
          Transition.CLOSE);

  private static final String REQUESTER = "cn";
  private static final String REQUESTED = "us";

  private Path dir;
  private ObjectStore store;
  private Ledger ledger;
  private Cases cases;
  private KeyPair keys;
  private String current;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("accord-bench-cases-");
    Clock clock = Clock.systemUTC();
    store = Stores.open(StoreSettings.embedded(dir), clock);
    keys = Ed25519.generate();
    ledger = Ledger.open(dir.resolve("ledger.jsonl"), keys, REQUESTED, clock);
    Rulebook rulebook = RulebookParser.parse(rulebook(keys, Ed25519.generate()), "bench rulebook");
    var records = Stores.cases(store);
    CaseClock caseClock = new CaseClock(records, clock, Duration.ofHours(1), event -> { });
    cases = new Cases(records, () -> rulebook, caseClock);
    next = PATH.size(); // the first call creates the first request
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    ledger.close();
    store.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Benchmark
  public Entry transitionEndToEnd() throws IOException {
    Step step = transition();
    return ledger.append(draft(step, sign(step)));
  }

  @Benchmark
  public byte[] transitionNoLedger() {
    return sign(transition());
  }

  @Benchmark
  public Entry ledgerAppendOnly() throws IOException {
    Step step = new Step("assistance-request--" + UUID.randomUUID(), 1, Transition.SEND, REQUESTER, Instant.now(),
        List.of(), null);
    return ledger.append(draft(step, new byte[64]));
  }

  /** The next transition of the current request (a new request after the last one closed). */
  private Step transition() {
    if (next == PATH.size()) {
      AssistanceRequest r =
          new AssistanceRequest(
              AssistanceRequest.TYPE + "--" + UUID.randomUUID(), RequestKind.PRESERVATION, REQUESTER, REQUESTED,
              new LegalBasis("B1.O1", "Budapest Convention art. 29"), "unauthorised access to a power grid",
              "Command servers at 203.0.113.7 directed the intrusion.", List.of("connection logs of 203.0.113.7"),
              "Example Hosting Inc.", null, Urgency.NORMAL, "energy", List.of(), Tlp.AMBER, Instant.now());
      cases.create(r);
      current = r.id();
      next = 0;
    }
    Transition t = PATH.get(next++);
    String party = t.by() == org.accord.cases.Role.REQUESTER ? REQUESTER : REQUESTED;
    CaseFile after = cases.apply(current, t, party);
    return after.steps().get(after.steps().size() - 1);
  }

  /** The node's signature over the step (request, seq, transition, party, time). */
  private byte[] sign(Step s) {
    String text = s.requestId() + "\n" + s.seq() + "\n" + s.transition().wire() + "\n" + s.party() + "\n" + s.at();
    return Ed25519.sign(keys.getPrivate(), text.getBytes(StandardCharsets.UTF_8));
  }

  private static Entry.Draft draft(Step s, byte[] signature) {
    String other = s.party().equals(REQUESTER) ? REQUESTED : REQUESTER;
    return Entry.Draft.sent(
        other, List.of(new ObjectRef(s.requestId(), Integer.toString(s.seq()))), "B1.O1",
        Entry.Draft.payloadHash(signature));
  }

  private static String rulebook(KeyPair us, KeyPair cn) {
    return String.join(
        "\n",
        "rulebook: bench-cases",
        "version: 1",
        "supersedes: 0",
        "parties:",
        "  cn:",
        "    name: CN CERT (bench)",
        "    identity: identity--0b1c8d3e-2f4a-4b5c-8d6e-7f8091a2b3c4",
        "    key: " + Ed25519.encodePublic(cn.getPublic()),
        "  us:",
        "    name: US CERT (bench)",
        "    identity: identity--9e8d7c6b-5a49-4382-a1b0-c9d8e7f60514",
        "    key: " + Ed25519.encodePublic(us.getPublic()),
        "agreements:",
        "  - id: B1",
        "    title: Bench cooperation",
        "    parties: [cn, us]",
        "    clauses:",
        "      - id: B1.O1",
        "        kind: obligation",
        "        on: assistance-request",
        "        acknowledge_within: 24h",
        "        answer_within: { emergency: 8h, normal: 10d }",
        "        preserve_for: 60d",
        "        extension: 30d",
        "        on_breach: [ledger]",
        "");
  }
}
