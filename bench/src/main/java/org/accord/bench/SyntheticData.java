package org.accord.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.accord.stix.StixJson;

/**
 * Deterministic synthetic STIX 2.1 content for benchmarks and load tests: the shape of a real threat feed, mostly
 * indicators (IPv4, domain, URL, file hash patterns) with the markings, confidence, kill-chain phases and external
 * references that real feeds carry, about 700 bytes per object — and every object valid, so benchmarks measure the
 * accepted path.
 */
public final class SyntheticData {
  private static final String PRODUCER = "identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
  private static final String TLP_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private SyntheticData() {}

  /** {@code n} distinct indicators; the same {@code seed} gives the same objects. */
  public static List<ObjectNode> indicators(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(indicator(random, i));
    }
    return out;
  }

  /** One indicator; {@code serial} makes the pattern distinct. */
  public static ObjectNode indicator(SplittableRandom random, long serial) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    Instant created = EPOCH.plus(random.nextLong(300L * 24 * 3600 * 1000), ChronoUnit.MILLIS);
    String ts = created.toString();
    if (!ts.contains(".")) {
      ts = ts.replace("Z", ".000Z");
    }
    o.put("type", "indicator");
    o.put("spec_version", "2.1");
    o.put("id", "indicator--" + new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x0000000000004000L,
        random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L));
    o.put("created_by_ref", PRODUCER);
    o.put("created", ts);
    o.put("modified", ts);
    String name;
    String pattern;
    switch ((int) (serial % 4)) {
      case 0 -> {
        String ip = (random.nextInt(223) + 1) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
        name = "Botnet node " + ip;
        pattern = "[ipv4-addr:value = '" + ip + "']";
      }
      case 1 -> {
        String domain = "c2-" + Long.toHexString(serial) + "-" + Integer.toHexString(random.nextInt()) + ".example";
        name = "C2 domain " + domain;
        pattern = "[domain-name:value = '" + domain + "']";
      }
      case 2 -> {
        String url = "http://dl-" + Long.toHexString(serial) + ".example/payload/" + Integer.toHexString(random.nextInt()) + ".bin";
        name = "Malware download URL";
        pattern = "[url:value = '" + url + "']";
      }
      default -> {
        StringBuilder hash = new StringBuilder(64);
        for (int k = 0; k < 4; k++) {
          hash.append(String.format("%016x", random.nextLong()));
        }
        name = "Dropper sample " + hash.substring(0, 12);
        pattern = "[file:hashes.'SHA-256' = '" + hash + "']";
      }
    }
    o.put("name", name);
    o.put("description", "Observed during the serial " + serial + " sweep; shared under the bilateral agreement.");
    o.putArray("indicator_types").add("malicious-activity");
    o.put("pattern", pattern);
    o.put("pattern_type", "stix");
    o.put("valid_from", ts);
    o.put("confidence", 50 + random.nextInt(50));
    ObjectNode phase = o.putArray("kill_chain_phases").addObject();
    phase.put("kill_chain_name", "lockheed-martin-cyber-kill-chain");
    phase.put("phase_name", "command-and-control");
    ObjectNode ref = o.putArray("external_references").addObject();
    ref.put("source_name", "cn-cert");
    ref.put("external_id", "CN-CERT-" + serial);
    o.putArray("object_marking_refs").add(TLP_AMBER);
    return o;
  }
}
