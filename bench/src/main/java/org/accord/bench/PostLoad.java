package org.accord.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.accord.stix.StixJson;

/**
 * TAXII ingest load: posts envelopes of distinct synthetic indicators from several client threads and reports the
 * objects stored per second (from the status resources, so only what the server acknowledged counts).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.accord.bench.PostLoad URL USER PASSWORD [THREADS]
 * [ENVELOPES] [OBJECTS_PER_ENVELOPE]}. The bodies are generated before the clock starts.
 */
public final class PostLoad {
  private PostLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: PostLoad URL USER PASSWORD [THREADS] [ENVELOPES] [OBJECTS_PER_ENVELOPE]");
      System.exit(2);
    }
    String url = args[0];
    String auth =
        "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int envelopes = args.length > 4 ? Integer.parseInt(args[4]) : 200;
    int perEnvelope = args.length > 5 ? Integer.parseInt(args[5]) : 1000;

    System.err.printf("PostLoad: generating %d envelopes of %d objects...%n", envelopes, perEnvelope);
    SplittableRandom random = new SplittableRandom(System.nanoTime());
    List<byte[]> bodies = new ArrayList<>(envelopes);
    long serial = 0;
    for (int e = 0; e < envelopes; e++) {
      StringBuilder sb = new StringBuilder(perEnvelope * 800).append("{\"objects\":[");
      for (int i = 0; i < perEnvelope; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(StixJson.mapper().writeValueAsString(SyntheticData.indicator(random, serial++)));
      }
      bodies.add(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }
    HttpClient http = HttpClient.newHttpClient();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<long[]>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          pool.submit(
              () -> {
                long stored = 0;
                long failed = 0;
                for (int i; (i = next.getAndIncrement()) < bodies.size(); ) {
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create(url))
                          .header("Authorization", auth)
                          .header("Accept", "application/taxii+json;version=2.1")
                          .header("Content-Type", "application/taxii+json;version=2.1")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                          .build();
                  HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                  if (r.statusCode() != 202) {
                    throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                  }
                  JsonNode status = StixJson.mapper().readTree(r.body());
                  stored += status.path("success_count").asLong();
                  failed += status.path("failure_count").asLong();
                }
                return new long[] {stored, failed};
              }));
    }
    long stored = 0;
    long failed = 0;
    for (Future<long[]> f : results) {
      long[] r = f.get();
      stored += r[0];
      failed += r[1];
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    System.out.printf(
        "PostLoad: %d objects stored, %d failed, in %.2f s: %.0f objects/s (%d threads, %d objects per POST)%n",
        stored, failed, seconds, stored / seconds, threads, perEnvelope);
  }
}
