package org.accord.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rough throughput probe of authenticated TAXII GETs (not a JMH benchmark, not run by the build).
 *
 * <p>Workload: one in-process node over SQLite holding 1,000 indicators; {@code concurrency} requests in flight from
 * one {@link HttpClient} in the same JVM, for {@code seconds}, against (a) {@code GET /taxii2/} (authentication,
 * content negotiation and JSON only) and (b) {@code GET .../objects/?limit=10} (plus the store and the outbound seam).
 * Every request carries HTTP Basic credentials, so after the first the authentication cache is what is measured.
 *
 * <p>Run: {@code ./mvnw -B -q -pl node -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * -Dmdep.includeScope=test && java -cp node/target/test-classes:node/target/classes:taxii/target/classes:
 * stix/target/classes:store/target/classes:$(cat /tmp/cp.txt) org.accord.node.LoadProbe [seconds] [concurrency]}, or
 * with {@code serve <seconds>} to keep a loaded node up for {@code wrk -t2 -c32 -d10s -H 'Accept: ...' -H
 * 'Authorization: ...' <url>} (it prints both).
 */
public final class LoadProbe {
  private LoadProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]));
      return;
    }
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    try (TestNode node = TestNode.start()) {
      load(node);
      String intel = node.baseUrl() + "/accord/collections/intel/";
      run("GET /taxii2/", node.baseUrl() + "/taxii2/", seconds, concurrency);
      run("GET objects?limit=10", intel + "objects/?limit=10", seconds, concurrency);
    }
  }

  /** Starts a loaded node and keeps it up for an external load generator such as wrk. */
  private static void serve(int seconds) throws Exception {
    try (TestNode node = TestNode.start()) {
      load(node);
      System.out.println("READY " + node.baseUrl() + " Authorization: Basic "
          + Base64.getEncoder().encodeToString(("alice:" + TestNode.PASSWORD).getBytes()));
      Thread.sleep(seconds * 1000L);
    }
  }

  private static void load(TestNode node) {
    SpecClient alice = new SpecClient("alice", TestNode.PASSWORD);
    List<String> objects = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      objects.add(NodeBadInputsTest.indicator(UUID.randomUUID(), "2016-01-01T00:00:00.000Z"));
    }
    alice.post(node.baseUrl() + "/accord/collections/intel/", "{\"objects\":[" + String.join(",", objects) + "]}");
  }

  private static void run(String name, String url, int seconds, int concurrency) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Accept", SpecClient.TAXII)
            .header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("alice:" + TestNode.PASSWORD).getBytes()))
            .build();
    for (int i = 0; i < 500; i++) { // warm-up
      http.send(request, HttpResponse.BodyHandlers.discarding());
    }
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      CompletableFuture<HttpResponse<Void>> f = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
      f.whenComplete(
          (r, e) -> {
            if (e == null && r.statusCode() == 200) {
              ok.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
            inFlight.release();
          });
    }
    inFlight.acquire(concurrency);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf("%-22s %8.0f req/s  (%d ok, %d failed, %d in flight, %.1f s)%n",
        name, ok.get() / elapsed, ok.get(), failed.get(), concurrency, elapsed);
  }
}
