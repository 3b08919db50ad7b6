package org.accord.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.accord.stix.StixJson;

/**
 * Writes {@code N} synthetic indicators as JSON lines to standard output, for the load test:
 * {@code java -cp bench/target/benchmarks.jar org.accord.bench.Generate 1000000 > objects.jsonl}.
 */
public final class Generate {
  private Generate() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: Generate N [SEED]");
      System.exit(2);
    }
    long n = Long.parseLong(args[0]);
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
    SplittableRandom random = new SplittableRandom(seed);
    try (BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
      for (long i = 0; i < n; i++) {
        out.write(StixJson.mapper().writeValueAsString(SyntheticData.indicator(random, i)));
        out.write('\n');
      }
    }
  }
}
