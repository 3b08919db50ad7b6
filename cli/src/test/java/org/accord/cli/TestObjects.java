package org.accord.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.accord.stix.StixJson;
import org.accord.stix.Tlp;

/** STIX objects for the two-node tests, made now by the demo's parties. */
final class TestObjects {
  static final String CN_IDENTITY = "identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792";
  static final String US_IDENTITY = "identity--2f0c7e51-6b1d-4e8a-a0c4-77d1b0c9e6f2";

  private TestObjects() {}

  /** A new object of {@code type} with a random id, created now by {@code producer}, marked {@code tlp}. */
  static ObjectNode base(String type, String producer, Tlp tlp) {
    String now = org.accord.stix.Timestamps.format(Instant.now(), 3);
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put("id", type + "--" + UUID.randomUUID());
    o.put("created", now);
    o.put("modified", now);
    o.put("created_by_ref", producer);
    o.putArray("object_marking_refs").add(tlp.v2MarkingId());
    return o;
  }

  /** An indicator of one IPv4 address with the given confidence. */
  static ObjectNode indicator(String producer, Tlp tlp, int confidence, String address) {
    ObjectNode o = base("indicator", producer, tlp);
    o.put("pattern", "[ipv4-addr:value = '" + address + "']");
    o.put("pattern_type", "stix");
    o.put("valid_from", o.get("created").asText());
    o.put("confidence", confidence);
    return o;
  }
}
