package org.accord.store;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
        store.add(probe, batch);
        nanos += System.nanoTime() - t;
        cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
        if ((b + 1) % 50 == 0) {
          System.out.printf("%,d objects: %,.0f objects/s wall, %,.0f objects per CPU-second%n",
              n, n / (nanos / 1e9), n / (cpuNanos / 1e9));
        }
      }
      System.out.printf("add: %,d objects in %.2f s = %,.0f objects/s (batches of %d; JSON already built)%n",
          n, nanos / 1e9, n / (nanos / 1e9), size);
      timePages(store, probe);
    }
  }

  private static void timePages(ObjectStore store, String probe) {
    ObjectQuery first = ObjectQuery.all(100);
    // The cursor just before the last 100 entries.
    List<ManifestEntry> tail =
        store.manifest(
                probe,
                new ObjectQuery(Optional.empty(), 1, Optional.empty(), Set.of(), Set.of(), VersionMatch.ALL, Set.of()))
            .items();
    for (int round = 0; round < 3; round++) {
      long t = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        store.objects(probe, first);
      }
      long startNanos = (System.nanoTime() - t) / 100;
      t = System.nanoTime();
      Page<ManifestEntry> m = null;
      for (int i = 0; i < 100; i++) {
        m = store.manifest(probe, ObjectQuery.all(100));
      }
      long manifestNanos = (System.nanoTime() - t) / 100;
      System.out.printf("GET objects limit=100: %.2f ms; manifest limit=100: %.2f ms (%d items, more=%s)%n",
          startNanos / 1e6, manifestNanos / 1e6, m.items().size(), m.more());
    }
    System.out.println("first entry " + tail.get(0).dateAdded());
  }
}
