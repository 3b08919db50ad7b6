package org.accord.taxii.server;

import io.javalin.Javalin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;

/**
 * Issue 8, finding 8: what password guessers do to a legitimate user's latency (a probe, not run by the build; no
 * timed assertions anywhere).
 *
 * <p>Workload: one in-process TAXII server, users hashed with the production cost (PBKDF2-HMAC-SHA256, 210,000
 * iterations). A legitimate client ({@code alice}, right password, so cached after its first request) sends {@code
 * GET /taxii2/} one after another for {@code seconds} from 127.0.0.1, first alone, then while {@code guessers}
 * threads send wrong passwords for another user ({@code bob}) as fast as they are answered, each request on a new
 * connection from 127.0.0.2 (another client address; both are local on Linux). Prints the legitimate client's
 * latency percentiles and the statuses both sides got.
 *
 * <p>Run: {@code ./mvnw -o -q -pl taxii -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * -Dmdep.includeScope=test && java -cp taxii/target/test-classes:taxii/target/classes:stix/target/classes:
 * store/target/classes:$(cat /tmp/cp.txt) org.accord.taxii.server.GuessingProbe [seconds] [guessers]}
 */
public final class GuessingProbe {
  private GuessingProbe() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int guessers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path dir = Files.createTempDirectory("accord-probe");
    ObjectStore store = Stores.open(StoreSettings.embedded(dir));
    org.accord.store.CollectionInfo c =
        new org.accord.store.CollectionInfo(java.util.UUID.randomUUID().toString(), "c", null, null, List.of());
    store.ensureCollection(c);
    TaxiiSettings settings = new TaxiiSettings("probe", null, null,
        List.of(new TaxiiSettings.ApiRoot("accord", "Accord", null, List.of(c))), 1 << 20, 100);
    List<User> users = List.of(
        new User("alice", PasswordHash.hash("right".toCharArray()), Map.of()),
        new User("bob", PasswordHash.hash("unknowable".toCharArray()), Map.of()));
    TaxiiServer server = new TaxiiServer(settings, store, new Authenticator(users, Clock.systemUTC()),
        o -> List.of(), TaxiiServer.Policies.open(), new NextTokens(new SecureRandom().generateSeed(32)),
        Clock.systemUTC());
    Javalin app = Javalin.create(server::install).start("127.0.0.1", 0);
    try {
      int port = app.port();
      System.out.println("alone:          " + legit(port, seconds));
      AtomicBoolean stop = new AtomicBoolean();
      Map<Integer, AtomicLong> guessStatuses = new ConcurrentHashMap<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < guessers; i++) {
        int n = i;
        Thread t = new Thread(() -> guess(port, n, stop, guessStatuses), "guesser-" + i);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      Thread.sleep(500);
      System.out.println(guessers + " guessers:     " + legit(port, seconds));
      stop.set(true);
      for (Thread t : threads) {
        t.join(10_000);
      }
      System.out.println("guessers' answers: " + new TreeMap<>(guessStatuses));
    } finally {
      app.stop();
      store.close();
    }
  }

  private static String legit(int port, int seconds) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/taxii2/"))
        .header("Accept", MediaTypes.TAXII_21).header("Authorization", basic("alice", "right")).GET().build();
    http.send(request, HttpResponse.BodyHandlers.discarding()); // warm the cache
    List<Long> micros = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      micros.add((System.nanoTime() - t0) / 1_000);
      statuses.merge(status, 1, Integer::sum);
    }
    Collections.sort(micros);
    double mean = micros.stream().mapToLong(Long::longValue).average().orElse(0) / 1000.0;
    return String.format(Locale.ROOT, "%d requests, mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.1f ms, statuses %s",
        micros.size(), mean, pct(micros, 0.50), pct(micros, 0.99), micros.get(micros.size() - 1) / 1000.0, statuses);
  }

  private static double pct(List<Long> sorted, double p) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1000.0;
  }

  private static void guess(int port, int thread, AtomicBoolean stop, Map<Integer, AtomicLong> statuses) {
    byte[] buf = new byte[4096];
    for (long i = 0; !stop.get(); i++) {
      try (Socket s = new Socket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = s.getOutputStream();
        out.write(("GET /taxii2/ HTTP/1.1\r\nHost: x\r\nAccept: " + MediaTypes.TAXII_21 + "\r\nAuthorization: "
            + basic("bob", "guess-" + thread + "-" + i) + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        int n = in.read(buf);
        int status = n >= 12 ? Integer.parseInt(new String(buf, 9, 3, StandardCharsets.US_ASCII)) : -1;
        while (in.read(buf) > 0) {
          // drain to the close
        }
        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
      } catch (Exception e) {
        statuses.computeIfAbsent(-1, k -> new AtomicLong()).incrementAndGet();
      }
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
