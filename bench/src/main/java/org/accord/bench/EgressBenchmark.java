package org.accord.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.accord.rules.Egress;
import org.accord.rules.Provenance;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookParser;
import org.accord.rules.Transforms;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Egress decisions per second on one thread: the gate is asked once per object per response, so its cost adds to
 * every TAXII page and export.
 *
 * <p>Workload: 1,000 synthetic indicators ({@link SyntheticData}), alternately TLP:GREEN and TLP:AMBER, half the
 * node's own (party us) and half received from party cn under agreement A3, decided for recipient eu under the
 * example rulebook (three parties, three agreements; a copy of {@code rules/src/test/resources/rulebooks/example.yaml}):
 * a mix of releases by clause A3.S1 and refusals, checked at setup. The baseline in the same run,
 * {@code baselineReadTlp}, only reads each object's TLP marking — the first step of every decision — so the ratio is
 * the cost of the clause lookup and checks.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar EgressBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EgressBenchmark {
  static final int OBJECTS = 1000;
  private static final String TLP_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";

  private List<StixObject> objects;
  private Egress egress;
  private final Provenance own = Provenance.own();
  private final Provenance fromCn = Provenance.receivedFrom("cn", "A3");

  @Setup
  public void setUp() throws IOException {
    String yaml;
    try (InputStream in = EgressBenchmark.class.getResourceAsStream("/rulebooks/example.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Rulebook rulebook = RulebookParser.parse(yaml, "example.yaml");
    egress =
        new Egress(
            rulebook,
            new Egress.Settings("us", Tlp.AMBER, Clock.systemUTC()),
            new Transforms(new byte[32]));
    List<com.fasterxml.jackson.databind.node.ObjectNode> nodes = SyntheticData.indicators(OBJECTS, 11);
    for (int i = 0; i < OBJECTS; i += 2) { // every other object TLP:GREEN, the rest stay TLP:AMBER
      nodes.get(i).putArray("object_marking_refs").add(TLP_GREEN);
    }
    objects = nodes.stream().map(StixObject::adopt).toList();
    int released = accordDecide();
    System.err.printf("EgressBenchmark: %d of %d decisions release the object%n", released, OBJECTS);
    if (released == 0 || released == OBJECTS) {
      throw new IllegalStateException("the workload must exercise both allow and deny paths");
    }
  }

  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public int accordDecide() {
    int released = 0;
    for (int i = 0; i < OBJECTS; i++) {
      if (egress.decide(objects.get(i), (i % 4) < 2 ? own : fromCn, "eu").released().isPresent()) {
        released++;
      }
    }
    return released;
  }

  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public int baselineReadTlp() {
    int n = 0;
    for (int i = 0; i < OBJECTS; i++) {
      n += Tlp.of(objects.get(i).jsonView()).map(Enum::ordinal).orElse(0);
    }
    return n;
  }
}
