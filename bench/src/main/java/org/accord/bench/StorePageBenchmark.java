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
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoreSettings;
import org.accord.store.StoredObject;
import org.accord.store.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One TAXII page from the embedded store: {@code objects(limit=100)} with the default filters (last version,
 * newest spec_version), at the start of a collection of {@code size} objects, and the same page read through to the
 * bytes a response carries. The cost must not grow with the collection: compare {@code size=1000} with
 * {@code size=200000} in the same run. The baseline {@code parseEveryObject} is what the read path did before it
 * forwarded stored bytes: parse each object to a tree and serialise it again.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar StorePageBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StorePageBenchmark {
  @Param({"1000", "200000"})
  int size;

  private Path dir;
  private ObjectStore store;
  private final ObjectQuery firstPage = ObjectQuery.all(100);

  @Setup
  public void fill() throws IOException {
    dir = Files.createTempDirectory("accord-page-bench");
    store = Stores.open(StoreSettings.embedded(dir));
    store.ensureCollection(new CollectionInfo("c", "bench", null, null, null));
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    List<StixObject> batch = new ArrayList<>(1000);
    for (int i = 0; i < size; i++) {
      ObjectNode o = SyntheticData.indicator(random, i);
      batch.add(StixObject.adopt(o));
      if (batch.size() == 1000) {
        store.add("c", batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      store.add("c", batch);
    }
  }

  @TearDown
  public void drop() throws IOException {
    store.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public Page<StoredObject> queryPage() {
    return store.objects("c", firstPage);
  }

  @Benchmark
  public long forwardStoredBytes() {
    long n = 0;
    for (StoredObject o : store.objects("c", firstPage).items()) {
      n += o.jsonUtf8().length;
    }
    return n;
  }

  @Benchmark
  public long parseEveryObject() {
    long n = 0;
    for (StoredObject o : store.objects("c", firstPage).items()) {
      n += o.object().toJson().length();
    }
    return n;
  }
}
