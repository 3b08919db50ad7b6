package org.accord.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.accord.stix.StixObject;
import org.accord.stix.Validator;
import org.accord.store.Importer;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk import into the embedded SQLite store, objects per second: validate + store, through {@link Importer}, the
 * path {@code accord import} and TAXII "Add Objects" share.
 *
 * <p>Workload: 10,000 distinct synthetic indicators per invocation into a fresh store (created outside the timing).
 * {@code batchSize=1000} is Accord's default: one transaction per 1,000 objects. The baseline in the same run,
 * {@code batchSize=1}, commits every object on its own — what an API that stores one object per request does.
 *
 * <p>{@code storeOnly} isolates the store's share: the same objects handed to {@code ObjectStore.add} without
 * validation.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar BulkImportBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class BulkImportBenchmark {
  static final int OBJECTS = 10_000;

  @Param({"1000", "1"})
  int batchSize;

  private List<ObjectNode> objects;
  private Path dir;
  private ObjectStore store;
  private long seed;
  private final Validator validator = new Validator();

  @Setup(Level.Invocation)
  public void freshStore() throws IOException {
    objects = SyntheticData.indicators(OBJECTS, ++seed);
    dir = Files.createTempDirectory("accord-bench");
    store = Stores.open(StoreSettings.embedded(dir));
    store.ensureCollection(new org.accord.store.CollectionInfo("c", "bench", null, null, null));
  }

  @TearDown(Level.Invocation)
  public void dropStore() throws IOException {
    store.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The store's share: the same objects, already parsed and validated, added in batches of {@code batchSize}. */
  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public long storeOnly() {
    long added = 0;
    List<StixObject> batch = new ArrayList<>(batchSize);
    for (ObjectNode o : objects) {
      batch.add(StixObject.adopt(o));
      if (batch.size() == batchSize) {
        added += store.add("c", batch).added();
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      added += store.add("c", batch).added();
    }
    return added;
  }

  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public long importObjects() {
    Importer importer = new Importer(store, validator, "c", batchSize, false);
    for (int i = 0; i < objects.size(); i++) {
      importer.accept("$.objects[" + i + "]", objects.get(i));
    }
    Importer.Summary s = importer.finish();
    if (s.added() != OBJECTS) {
      throw new IllegalStateException("imported " + s.added() + " of " + OBJECTS + ": " + s.rejections());
    }
    return s.added();
  }
}
