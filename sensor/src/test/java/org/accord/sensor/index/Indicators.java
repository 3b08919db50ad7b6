package org.accord.sensor.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;

/** Builds indicator objects for the tests. */
final class Indicators {
  private Indicators() {}

  static String id(long serial) {
    long hi = 0x1234_5678_0000_4000L | (serial << 16 & 0xffff_0000L);
    return "indicator--" + new UUID(hi, 0x8000_0000_0000_0000L | serial);
  }

  static ObjectNode node(String id, String pattern, String modified) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "indicator");
    o.put("spec_version", "2.1");
    o.put("id", id);
    o.put("created", "2026-01-01T00:00:00.000Z");
    o.put("modified", modified);
    o.put("pattern", pattern);
    o.put("pattern_type", "stix");
    o.put("valid_from", "2026-01-01T00:00:00Z");
    return o;
  }

  static StixObject indicator(String id, String pattern) {
    return StixObject.adopt(node(id, pattern, "2026-01-01T00:00:00.000Z"));
  }

  static StixObject indicator(String id, String pattern, String modified) {
    return StixObject.adopt(node(id, pattern, modified));
  }
}
