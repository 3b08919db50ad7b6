package org.accord.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.accord.store.ObjectQuery;
import org.accord.taxii.TransferListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The federation's per-peer schedule against peers over real HTTP (stub servers on loopback, a socket that never
 * answers) and a real embedded store: a slow or dead peer delays no other, a run never overlaps itself, a dead peer
 * backs off, an idle peer costs one request per pulled collection and none per pushed one (issue 12, part 3).
 */
class FederationTest {
  private static final String REMOTE = "remote-c";

  private final LocalStore local = new LocalStore();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private Federation federation;

  @AfterEach
  void close() throws Exception {
    if (federation != null) {
      federation.close();
    }
    for (AutoCloseable c : closing) {
      c.close();
    }
    local.close();
  }

  @Test
  void deadAndSlowPeersDoNotDelayTheOthersDataBeyondOneInterval() throws Exception {
    StubPeer.Dead dead = closeLater(new StubPeer.Dead());
    StubPeer slow = closeLater(new StubPeer());
    slow.delay = Duration.ofMillis(2500); // within the 3 s request timeout: slow, not failing
    StubPeer live = closeLater(new StubPeer());
    // The bad peers first: run one after another, they would hold the live one up by seconds each time round.
    federation =
        federation(List.of(pulling("dead", dead.server()), pulling("slow", slow.server()),
            pulling("live", live.server())), 3, Duration.ofSeconds(3));
    Duration interval = Duration.ofMillis(100);
    federation.start(interval);
    awaitTrue(() -> live.objectRequests.get() >= 1, Duration.ofSeconds(20)); // the live peer's schedule is going

    live.objects.add(LocalStore.indicator(1));
    long start = System.nanoTime();
    awaitTrue(() -> localCount() >= 1, Duration.ofSeconds(20));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).as("new data at the live peer arrives within an interval and a little, not after the dead"
        + " and the slow peers' timeouts").isLessThan(Duration.ofSeconds(2));
    assertThat(dead.connections.get()).as("the dead peer was tried").isPositive();
    assertThat(slow.requests.get()).as("the slow peer was asked").isPositive();
  }

  @Test
  void aSlowPeersRunNeverOverlapsItselfWhileTheOthersGoOn() throws Exception {
    StubPeer slow = closeLater(new StubPeer());
    slow.delay = Duration.ofMillis(400);
    StubPeer fast = closeLater(new StubPeer());
    federation =
        federation(List.of(pulling("slow", slow.server()), pulling("fast", fast.server())), 2,
            Duration.ofSeconds(5));
    federation.start(Duration.ofMillis(10)); // far shorter than one slow request: a fixed rate would overlap
    Thread.sleep(500);
    federation.runOnce(); // a caller's run beside the schedule: it waits for the slow peer's run, never overlaps it
    Thread.sleep(1500);
    federation.close();

    assertThat(slow.maxInFlight.get()).as("the slow peer's requests, one at a time").isEqualTo(1);
    assertThat(slow.requests.get()).as("the slow peer ran again and again").isGreaterThanOrEqualTo(3);
    assertThat(fast.requests.get()).as("the fast peer ran meanwhile, each interval").isGreaterThanOrEqualTo(20);
  }

  @Test
  void aDeadPeersAttemptsBackOff() throws Exception {
    StubPeer.Dead dead = closeLater(new StubPeer.Dead());
    Duration interval = Duration.ofMillis(50);
    Duration timeout = Duration.ofMillis(100);
    federation =
        new Federation(
            List.of(pulling("dead", dead.server())), peer -> client(timeout), puller(), pusher(),
            new Federation.Schedule(1, Duration.ofMillis(800), Duration.ofSeconds(5)), Clock.systemUTC());
    federation.start(interval);
    Thread.sleep(4000);
    federation.close();

    // Without backoff: one attempt per timeout + interval, about 26 in 4 s. With it the skips double, 100, 200,
    // 400, 800, 800... ms: about 7.
    int attempts = dead.connections.get();
    assertThat(attempts).as("attempts on the dead peer in 4 s").isBetween(3, 11);
    assertThat(federation.failures("dead")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aPeerThatAnswersAgainIsBackOnItsInterval() {
    StubPeer peer = closeLater(new StubPeer());
    peer.failWith = 503;
    federation = federation(List.of(pulling("flaky", peer.server())), 1, Duration.ofSeconds(5));
    federation.runOnce();
    federation.runOnce();
    assertThat(federation.failures("flaky")).isEqualTo(2);
    assertThat(Federation.nextDelay(Duration.ofSeconds(30), 2, Duration.ofMinutes(15)))
        .isEqualTo(Duration.ofSeconds(120));
    assertThat(Federation.nextDelay(Duration.ofSeconds(30), 40, Duration.ofMinutes(15)))
        .isEqualTo(Duration.ofMinutes(15));

    peer.failWith = 0;
    federation.runOnce();

    assertThat(federation.failures("flaky")).isZero();
  }

  @Test
  void anIdlePeerCostsOneRequestPerPulledCollectionAndNoneForAPushedOne() {
    StubPeer peer = closeLater(new StubPeer());
    local.seed(1); // pushed once in the first run
    Peer both =
        new Peer("idle", peer.server(), null, new Credentials("me", "pw"),
            List.of(new Peer.CollectionLink(REMOTE, LocalStore.COLLECTION)),
            List.of(new Peer.CollectionLink(REMOTE, LocalStore.COLLECTION)));
    federation = federation(List.of(both), 1, Duration.ofSeconds(5));
    federation.runOnce(); // discovery, pull, and the push of the seeded object (API root, POST: the stub says 200)
    int afterFirst = peer.requests.get();
    assertThat(afterFirst).as("discovery, Get Objects, API root, POST").isEqualTo(4);

    for (int run = 0; run < 5; run++) {
      federation.runOnce();
    }

    assertThat(peer.requests.get() - afterFirst)
        .as("5 idle runs: one Get Objects each; discovery is kept, an idle push asks nothing")
        .isEqualTo(5);
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private <T extends AutoCloseable> T closeLater(T c) {
    closing.add(c);
    return c;
  }

  private Federation federation(List<Peer> peers, int threads, Duration requestTimeout) {
    return new Federation(
        peers, peer -> client(requestTimeout), puller(), pusher(),
        new Federation.Schedule(threads, Duration.ofSeconds(1), Duration.ofSeconds(30)), Clock.systemUTC());
  }

  private static Peer pulling(String party, URI server) {
    return new Peer(party, server, "api1", new Credentials("me", "pw"),
        List.of(new Peer.CollectionLink(REMOTE, LocalStore.COLLECTION)), List.of());
  }

  /** No retries, a short request timeout: what a dead peer costs is the timeout, once per run. */
  private static TaxiiClient client(Duration requestTimeout) {
    return new TaxiiClient(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(), new Credentials("me", "pw"),
        new TaxiiClient.Settings(
            Duration.ofSeconds(1), requestTimeout, RetryPolicy.NONE, Duration.ofMillis(50), Duration.ofSeconds(1),
            1 << 20),
        Sleeper.SYSTEM, Clock.systemUTC(), () -> 0.0);
  }

  private Puller puller() {
    return new Puller(local.store, local.state, InboundCheck.ACCEPT_ALL, TransferListener.NONE, 100);
  }

  private Pusher pusher() {
    return new Pusher(local.store, local.state, PushFilter.RELEASE_ALL, TransferListener.NONE, 100);
  }

  private int localCount() {
    return local.store.objects(LocalStore.COLLECTION, ObjectQuery.all(100)).items().size();
  }

  private static void awaitTrue(BooleanSupplier condition, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within);
      }
      Thread.sleep(5);
    }
  }
}
