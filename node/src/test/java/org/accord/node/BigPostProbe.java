package org.accord.node;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rough probe of what one large POST does to everyone else (issue 8, finding 6; not a JMH benchmark, not run by the
 * build). Workload: one in-process node over SQLite holding 1,000 indicators; user {@code bob} GETs {@code
 * objects/?limit=10} in a loop, one request at a time, first alone (baseline) and then while {@code alice} POSTs one
 * envelope of {@code n} indicators ({@code concurrentPosts} such POSTs at once). Prints GET latency (p50, p95, max),
 * the POST's time, the status resource's size, and the heap used after the POST.
 *
 * <p>Run: as {@link LoadProbe}, with main class {@code org.accord.node.BigPostProbe [n] [concurrentPosts]}
 * (default 100000 1).
 */
public final class BigPostProbe {
  private BigPostProbe() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int posts = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    SpecClient alice = new SpecClient("alice", TestNode.PASSWORD);
    SpecClient bob = new SpecClient("bob", TestNode.PASSWORD);
    try (TestNode node = TestNode.start(200L << 20)) {
      String url = node.baseUrl() + "/accord/collections/" + TestNode.INTEL + "/";
      alice.post(url, envelope(1000, "seed"));
      System.gc();
      long heapBefore = usedHeap();
      String get = url + "objects/?limit=10";
      long[] baseline = gets(bob, get, 300, null);
      List<String> bodies = new ArrayList<>();
      for (int p = 0; p < posts; p++) {
        bodies.add(envelope(n, "post" + p));
      }
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong peakHeap = new AtomicLong();
      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (String body : bodies) {
        inFlight.add(CompletableFuture.supplyAsync(() -> alice.post(url, body)));
      }
      CompletableFuture<Void> all = CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0]));
      all.whenComplete((r, e) -> running.set(false));
      long[] during = gets(bob, get, Integer.MAX_VALUE, () -> {
        peakHeap.accumulateAndGet(usedHeap(), Math::max);
        return running.get();
      });
      all.join();
      double postSeconds = (System.nanoTime() - start) / 1e9;
      for (CompletableFuture<HttpResponse<String>> f : inFlight) {
        HttpResponse<String> r = f.join();
        System.out.printf("POST %d objects: %d, status resource %d bytes%n", n, r.statusCode(), r.body().length());
      }
      System.out.printf("POST time %.1f s; heap used before %d MB, peak during %d MB%n", postSeconds,
          heapBefore >> 20, peakHeap.get() >> 20);
      report("GET alone      ", baseline);
      report("GET during POST", during);
    }
  }

  interface Condition {
    boolean holds();
  }

  private static long[] gets(SpecClient c, String url, int count, Condition whileTrue) {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < count && (whileTrue == null || whileTrue.holds()); i++) {
      long t = System.nanoTime();
      c.getOk(url);
      micros.add((System.nanoTime() - t) / 1000);
    }
    return micros.stream().mapToLong(Long::longValue).toArray();
  }

  private static void report(String what, long[] micros) {
    Arrays.sort(micros);
    System.out.printf("%s n=%d p50=%.1f ms p95=%.1f ms max=%.1f ms%n", what, micros.length,
        micros[micros.length / 2] / 1000.0, micros[(int) (micros.length * 0.95)] / 1000.0,
        micros[micros.length - 1] / 1000.0);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  private static String envelope(int n, String tag) {
    StringBuilder b = new StringBuilder(n * 330).append("{\"objects\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--").append(UUID.randomUUID())
          .append("\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",")
          .append("\"name\":\"probe ").append(tag).append(' ').append(i)
          .append("\",\"pattern\":\"[ipv4-addr:value = '198.51.100.").append(i % 256)
          .append("']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00.000Z\"}");
    }
    return b.append("]}").toString();
  }
}
