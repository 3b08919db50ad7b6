package org.accord.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.accord.stix.StixJson;
import org.accord.stix.Validator;
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
 * STIX parse + validate, objects per second, on one thread.
 *
 * <p>Workload: 1,000 synthetic indicators ({@link SyntheticData}, ~700 bytes each, all valid) as JSON bytes.
 * {@code accordParseAndValidate} parses each with the shared mapper and runs the full {@link Validator} (common
 * properties, per-type rules, the pattern parser). The baseline in the same run, {@code baselineParseOnly}, only
 * parses: the floor that any validator pays, so the ratio of the two is the cost of validation itself.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ParseValidateBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseValidateBenchmark {
  static final int OBJECTS = 1000;

  private byte[][] objects;
  private final Validator validator = new Validator();
  private final ObjectMapper mapper = StixJson.mapper();

  @Setup
  public void setUp() throws IOException {
    List<com.fasterxml.jackson.databind.node.ObjectNode> nodes = SyntheticData.indicators(OBJECTS, 7);
    objects = new byte[OBJECTS][];
    for (int i = 0; i < OBJECTS; i++) {
      objects[i] = mapper.writeValueAsBytes(nodes.get(i));
      if (!validator.validate(nodes.get(i)).isValid()) {
        throw new IllegalStateException("synthetic object is invalid: " + validator.validate(nodes.get(i)));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public int accordParseAndValidate() throws IOException {
    int valid = 0;
    for (byte[] bytes : objects) {
      JsonNode tree = mapper.readTree(bytes);
      if (validator.validate(tree).isValid()) {
        valid++;
      }
    }
    return valid;
  }

  @Benchmark
  @OperationsPerInvocation(OBJECTS)
  public int baselineParseOnly() throws IOException {
    int n = 0;
    for (byte[] bytes : objects) {
      n += mapper.readTree(bytes).size();
    }
    return n;
  }
}
