package org.accord.store;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.accord.stix.StixObject;

/**
 * A quick timing, not a benchmark (the JMH one belongs in {@code bench}): adds {@code batches} batches of {@code
 * size} typical indicators to a fresh embedded store and prints objects per second, then times a default
 * {@code limit=100} page at the start and at the end of the collection.
 *
 * <p>Run: {@code java -cp <store test classpath> org.accord.store.AddThroughputProbe [batches] [size] [jdbc-url]};
 * with a PostgreSQL URL, the user and password come from {@code ACCORD_TEST_PG_USER} and {@code
 * ACCORD_TEST_PG_PASSWORD}, and the collection is named after the time so that runs do not collide.
 */
public final class AddThroughputProbe {
  private AddThroughputProbe() {}

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    StoreSettings settings =
        args.length > 2
            ? new StoreSettings(
                args[2], System.getenv("ACCORD_TEST_PG_USER"), System.getenv("ACCORD_TEST_PG_PASSWORD"), 4)
            : StoreSettings.embedded(Files.createTempDirectory("accord-probe"));
    String probe = "probe-" + System.nanoTime();
    try (ObjectStore store = Stores.open(settings)) {
      store.createCollection(new CollectionInfo(probe, "Probe", null, null, null));
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      Instant nearTheEnd = null;
      long n = 0;
      long nanos = 0;
      long cpuNanos = 0;
      for (int b = 0; b < batches; b++) {
        List<StixObject> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          batch.add(StixFixtures.typicalIndicator(n++));
        }
        long t = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime(); // SQLite runs on the calling thread (JNI)
        AddResult result = store.add(probe, batch);
        nanos += System.nanoTime() - t;
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        nearTheEnd = result.outcomes().get(Math.max(0, size - 150)).dateAdded();
        if ((b + 1) % 50 == 0) {
          System.out.printf("%,d objects: %,.0f objects/s wall, %,.0f objects per CPU-second%n",
              n, n / (nanos / 1e9), n / (cpuNanos / 1e9));
        }
      }
      System.out.printf("add: %,d objects in %.2f s = %,.0f objects/s (batches of %d; JSON already built)%n",
          n, nanos / 1e9, n / (nanos / 1e9), size);
      timePages(store, probe, nearTheEnd);
    }
  }

  /** Times a limit=100 page at the start of the collection and one just before its end. */
  private static void timePages(ObjectStore store, String probe, Instant nearTheEnd) {
    ObjectQuery first = ObjectQuery.all(100);
    ObjectQuery deep = first.withAfter(new Page.Cursor(Micros.of(nearTheEnd)));
    for (int round = 0; round < 3; round++) {
      System.out.printf(
          "GET objects limit=100: start %.2f ms, end %.2f ms; manifest limit=100: start %.2f ms, end %.2f ms%n",
          millis(() -> store.objects(probe, first)),
          millis(() -> store.objects(probe, deep)),
          millis(() -> store.manifest(probe, first)),
          millis(() -> store.manifest(probe, deep)));
    }
  }

  /** Mean milliseconds of 100 runs of a page query that must return a full page. */
  private static double millis(Supplier<Page<?>> query) {
    long t = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      if (query.get().items().size() != 100) {
        throw new IllegalStateException("not a full page");
      }
    }
    return (System.nanoTime() - t) / 100 / 1e6;
  }
}
