package org.accord.rules;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.accord.ledger.Ed25519;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/** The example rulebook, its test keys, and small STIX objects to decide on. */
final class Fixtures {
  static final String CN_IDENTITY = "identity--8c5e9f38-1a0b-4c51-9b1e-3d6f2f2b7a10";
  static final String US_IDENTITY = "identity--2f0c7e51-6b1d-4e8a-a0c4-77d1b0c9e6f2";
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final byte[] SECRET = "a node secret of at least 32 bytes....".getBytes(StandardCharsets.UTF_8);

  private Fixtures() {}

  static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/rulebooks/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String exampleYaml() {
    return resource("example.yaml");
  }

  static Rulebook example() {
    return RulebookParser.parse(exampleYaml(), "example.yaml");
  }

  static Map<String, PrivateKey> privateKeys() {
    Map<String, PrivateKey> keys = new HashMap<>();
    for (String line : resource("test-keys.txt").lines().toList()) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String[] f = line.split(" ");
        keys.put(f[0], Ed25519.decodePrivate(f[2]));
      }
    }
    return keys;
  }

  static SignedRulebook signedByAll(Rulebook r) {
    SignedRulebook s = SignedRulebook.unsigned(r);
    Map<String, PrivateKey> keys = privateKeys();
    for (String p : r.parties().keySet()) {
      s = RulebookSigner.sign(s, p, keys.get(p));
    }
    return s;
  }

  /** The example with a textual edit applied, parsed. */
  static Rulebook exampleWith(String find, String replace) {
    String yaml = exampleYaml();
    if (!yaml.contains(find)) {
      throw new IllegalArgumentException("example has no " + find);
    }
    return RulebookParser.parse(yaml.replace(find, replace), "edited.yaml");
  }

  static Egress gate(Rulebook r, String self) {
    return new Egress(r, new Egress.Settings(self, Tlp.AMBER, CLOCK), new Transforms(SECRET));
  }

  /** An indicator created yesterday by {@code producer} (an identity id, or null), in the energy sector. */
  static ObjectNode indicator(String producer) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "indicator");
    o.put("spec_version", "2.1");
    o.put("id", "indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2");
    o.put("created", "2026-05-31T12:00:00.000Z");
    o.put("modified", "2026-05-31T12:00:00.000Z");
    o.put("pattern", "[ipv4-addr:value = '198.51.100.1']");
    o.put("pattern_type", "stix");
    o.put("valid_from", "2026-05-31T12:00:00Z");
    if (producer != null) {
      o.put("created_by_ref", producer);
    }
    o.putArray("x_accord_sectors").add("energy");
    return o;
  }

  static StixObject marked(ObjectNode o, String... markingIds) {
    ArrayNode refs = o.putArray("object_marking_refs");
    for (String m : markingIds) {
      refs.add(m);
    }
    return StixObject.of(o);
  }

  static StixObject marked(ObjectNode o, Tlp tlp) {
    return marked(o, tlp.v2MarkingId());
  }
}
