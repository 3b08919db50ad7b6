package org.accord.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.accord.stix.StixObject;
import org.accord.store.CollectionInfo;
import org.accord.store.FederationState;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
import org.accord.taxii.TransferListener;
import org.accord.taxii.client.Credentials;
import org.accord.taxii.client.Federation;
import org.accord.taxii.client.InboundCheck;
import org.accord.taxii.client.Peer;
import org.accord.taxii.client.PushFilter;
import org.accord.taxii.client.Puller;
import org.accord.taxii.client.Pusher;
import org.accord.taxii.client.RetryPolicy;
import org.accord.taxii.client.Sleeper;
import org.accord.taxii.client.TaxiiClient;

/**
 * Federation cost of one node against its number of peers (issue 12, part 3): requests per idle round, requests in
 * a round where one peer has news, the wall time of a round, requests per peer and interval under the per-peer
 * schedule, and the threads federation adds.
 *
 * <p>Workload. One node: a real embedded SQLite store, one local collection per peer that the peer's collection is
 * pulled into, and one {@code outbox} pushed to every peer (the shape of a node in a multilateral arrangement). The
 * peers are stub TAXII servers (the JDK's HTTP server, one per peer, each on its own loopback port): Get Objects
 * answers what was added after the cursor, API root information, Add Objects a complete status. Each request at a
 * peer is counted there. The first round pushes one seeded outbox object to every peer; then:
 *
 * <ul>
 *   <li>{@code idle}: {@link Federation#runOnce()} with nothing new anywhere, 5 rounds, requests counted at the peers
 *       (median) and the round's wall time (median);
 *   <li>{@code news}: one peer adds one object, one round: the requests of that round;
 *   <li>{@code scheduled}: {@link Federation#start} with a 2 s interval for 10 s: requests per peer and interval,
 *       and the live threads of the federation (workers, timer) and of the HTTP client(s) mid-way.
 * </ul>
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.accord.bench.FederationCost [PEERS...]} (default 1 10 50
 * 190).
 */
public final class FederationCost {
  private static final String OUTBOX = "00000000-0000-4000-8000-00000000ffff";
  private static final int IDLE_ROUNDS = 5;
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration SCHEDULED_FOR = Duration.ofSeconds(10);

  private FederationCost() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {1, 10, 50, 190} : Arrays.stream(args).mapToInt(Integer::parseInt)
        .toArray();
    System.out.println("peers | idle requests/round | per peer | idle round ms | news round requests"
        + " | scheduled requests/peer/interval | federation threads | HTTP client threads");
    for (int peers : sizes) {
      measure(peers);
    }
  }

  private static void measure(int n) throws Exception {
    Path dir = Files.createTempDirectory("accord-federation-cost");
    List<StubPeer> stubs = new ArrayList<>();
    ObjectStore store = Stores.open(StoreSettings.embedded(dir));
    try {
      store.ensureCollection(new CollectionInfo(OUTBOX, "Outbox", null, null, List.of()));
      store.add(OUTBOX, List.of(StixObject.adopt(SyntheticData.indicator(new java.util.SplittableRandom(1), 0))));
      List<Peer> peers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        StubPeer stub = new StubPeer();
        stubs.add(stub);
        String local = String.format("00000000-0000-4000-8000-%012d", i);
        store.ensureCollection(new CollectionInfo(local, "From peer " + i, null, null, List.of()));
        peers.add(
            new Peer("p" + i, stub.server(), "api1", new Credentials("me", "pw"),
                List.of(new Peer.CollectionLink("remote", local)),
                List.of(new Peer.CollectionLink("inbox", OUTBOX))));
      }
      FederationState state = Stores.federationState(store);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      TaxiiClient.Settings settings = TaxiiClient.Settings.DEFAULT.withRetry(RetryPolicy.NONE);
      Federation federation =
          new Federation(
              peers,
              p -> new TaxiiClient(http, p.credentials(), settings, Sleeper.SYSTEM, Clock.systemUTC(), () -> 0.5),
              new Puller(store, state, InboundCheck.ACCEPT_ALL, TransferListener.NONE, 500),
              new Pusher(store, state, PushFilter.RELEASE_ALL, TransferListener.NONE, 500),
              Federation.Schedule.forPeers(n), Clock.systemUTC());
      requireNoFailure(federation.runOnce()); // the seeded outbox object goes to every peer

      long[] idle = new long[IDLE_ROUNDS];
      long[] millis = new long[IDLE_ROUNDS];
      for (int r = 0; r < IDLE_ROUNDS; r++) {
        long before = total(stubs);
        long start = System.nanoTime();
        requireNoFailure(federation.runOnce());
        millis[r] = (System.nanoTime() - start) / 1_000_000;
        idle[r] = total(stubs) - before;
      }

      stubs.get(n / 2).news = true;
      long beforeNews = total(stubs);
      requireNoFailure(federation.runOnce());
      long news = total(stubs) - beforeNews;

      long beforeScheduled = total(stubs);
      federation.start(INTERVAL);
      Thread.sleep(SCHEDULED_FOR.toMillis() / 2);
      long federationThreads = liveThreads("accord-federation");
      long httpThreads = liveThreads("HttpClient-");
      Thread.sleep(SCHEDULED_FOR.toMillis() / 2);
      federation.close();
      double intervals = (double) SCHEDULED_FOR.toMillis() / INTERVAL.toMillis();
      double perPeerInterval = (total(stubs) - beforeScheduled) / (double) n / intervals;

      long idleMedian = median(idle);
      System.out.printf("%d | %d | %.2f | %d | %d | %.2f | %d | %d%n", n, idleMedian, idleMedian / (double) n,
          median(millis), news, perPeerInterval, federationThreads, httpThreads);
    } finally {
      stubs.forEach(StubPeer::close);
      store.close();
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Live threads whose name starts with {@code prefix} (the federation's, or the JDK HTTP client's). */
  private static long liveThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
  }

  private static void requireNoFailure(List<Federation.Outcome> outcomes) {
    outcomes.stream().filter(o -> o instanceof Federation.Failed).findFirst().ifPresent(f -> {
      throw new IllegalStateException("a link failed: " + f);
    });
  }

  private static long total(List<StubPeer> stubs) {
    return stubs.stream().mapToLong(s -> s.requests.get()).sum();
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** A TAXII peer on loopback that counts requests: one new object once {@link #news} is set, else nothing. */
  private static final class StubPeer implements AutoCloseable {
    private static final String EMPTY = "{\"more\":false,\"objects\":[]}";
    final AtomicLong requests = new AtomicLong();
    volatile boolean news;
    private volatile boolean delivered;
    private final HttpServer server;

    StubPeer() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
      server.createContext("/", this::answer);
      server.start();
    }

    URI server() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
      requests.incrementAndGet();
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        exchange.getResponseHeaders().add("Content-Type", TaxiiClient.TAXII_21);
        if (path.endsWith("/objects/") && exchange.getRequestMethod().equals("POST")) {
          send(exchange, 202, "{\"id\":\"s\",\"status\":\"complete\",\"total_count\":1,\"success_count\":1}");
        } else if (path.endsWith("/objects/")) {
          boolean first = news && !delivered && exchange.getRequestURI().getRawQuery() != null;
          if (first) {
            delivered = true;
            String added = "2026-03-01T12:00:00.000000Z";
            exchange.getResponseHeaders().add("X-TAXII-Date-Added-First", added);
            exchange.getResponseHeaders().add("X-TAXII-Date-Added-Last", added);
            send(exchange, 200, "{\"more\":false,\"objects\":["
                + org.accord.stix.StixJson.mapper().writeValueAsString(
                    SyntheticData.indicator(new java.util.SplittableRandom(2), 1)) + "]}");
          } else {
            send(exchange, 200, EMPTY);
          }
        } else {
          send(exchange, 200, "{\"title\":\"R\",\"versions\":[],\"max_content_length\":10485760}");
        }
      }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
