package org.accord.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.accord.node.StoreHoldings;
import org.accord.rules.Egress;
import org.accord.rules.Holdings;
import org.accord.rules.Provenance;
import org.accord.rules.RulebookParser;
import org.accord.rules.Transforms;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the gate's reference checks (issue 8, finding 5) on the objects they concern most: one TAXII page of
 * 100 relationships, each naming a malware and an indicator held in an embedded SQLite store (two collections, as a
 * node has), decided for one recipient under the example rulebook. {@code baselineWithoutReferences} is the gate as it
 * was before the checks (the clause decision alone); {@code withReferences} adds the checks: one store query per
 * collection for each relationship's two ends, then the gate's decision on each end (memoised per decision).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ReferencesBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReferencesBenchmark {
  static final int PAGE = 100;
  private static final String US_IDENTITY = "identity--2f0c7e51-6b1d-4e8a-a0c4-77d1b0c9e6f2";

  private Path dir;
  private ObjectStore store;
  private Holdings holdings;
  private Egress egress;
  private final List<StixObject> relationships = new ArrayList<>();
  private final Provenance own = Provenance.own();

  @Setup
  public void setUp() throws IOException {
    String yaml;
    try (InputStream in = ReferencesBenchmark.class.getResourceAsStream("/rulebooks/example.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    egress = new Egress(RulebookParser.parse(yaml, "example.yaml"),
        new Egress.Settings("us", Tlp.AMBER, Clock.systemUTC()), new Transforms(new byte[32]));
    dir = Files.createTempDirectory("accord-references-bench");
    store = Stores.open(StoreSettings.embedded(dir));
    store.ensureCollection(new CollectionInfo("shared", "bench", null, null, null));
    store.ensureCollection(new CollectionInfo("inbox", "bench", null, null, null));
    holdings = new StoreHoldings(store);
    List<StixObject> objects = new ArrayList<>();
    for (int i = 0; i < PAGE; i++) {
      ObjectNode malware = sdo("malware");
      malware.put("name", "agent " + i);
      malware.put("is_family", true);
      ObjectNode indicator = sdo("indicator");
      indicator.put("pattern", "[ipv4-addr:value = '198.51.100." + (i % 250) + "']");
      indicator.put("pattern_type", "stix");
      indicator.put("valid_from", indicator.get("created").asText());
      ObjectNode r = sdo("relationship");
      r.put("relationship_type", "indicates");
      r.put("source_ref", indicator.get("id").asText());
      r.put("target_ref", malware.get("id").asText());
      objects.add(StixObject.adopt(malware));
      objects.add(StixObject.adopt(indicator));
      relationships.add(StixObject.adopt(r));
    }
    objects.addAll(relationships);
    store.add("shared", objects);
    int released = withReferences();
    if (released != PAGE || baselineWithoutReferences() != PAGE) {
      throw new IllegalStateException("every relationship of the workload must be released, " + released);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    store.close();
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static ObjectNode sdo(String type) {
    String now = Timestamps.format(Instant.now(), 3);
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put("id", type + "--" + UUID.randomUUID());
    o.put("created", now);
    o.put("modified", now);
    o.put("created_by_ref", US_IDENTITY);
    o.putArray("object_marking_refs").add(Tlp.AMBER.v2MarkingId());
    AccordExtension.properties(o).putArray(AccordExtension.SECTORS).add("energy"); // as the sensor writes it
    return o;
  }

  @Benchmark
  @OperationsPerInvocation(PAGE)
  public int withReferences() {
    int released = 0;
    for (StixObject r : relationships) {
      released += egress.decide(r, own, "cn", holdings).released().isPresent() ? 1 : 0;
    }
    return released;
  }

  @Benchmark
  @OperationsPerInvocation(PAGE)
  public int baselineWithoutReferences() {
    int released = 0;
    for (StixObject r : relationships) {
      released += egress.decide(r, own, "cn").released().isPresent() ? 1 : 0;
    }
    return released;
  }
}
