package org.accord.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;

/**
 * Small STIX 2.1 objects for store tests, shaped like the specification's examples (STIX 2.1 §4.7 Indicator, §6.4
 * IPv4 Address).
 */
public final class StixFixtures {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private StixFixtures() {}

  public static String newId(String type) {
    return type + "--" + UUID.randomUUID();
  }

  /** An indicator version: created at {@link #T0}, modified at {@code modified}. */
  public static StixObject indicator(String id, Instant modified) {
    return indicator(id, modified, "2.1");
  }

  public static StixObject indicator(String id, Instant modified, String specVersion) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", id.substring(0, id.indexOf("--")));
    o.put("spec_version", specVersion);
    o.put("id", id);
    o.put("created", T0.toString());
    o.put("modified", modified.toString());
    o.put("name", "Malicious site " + id.substring(id.length() - 6));
    o.put("pattern", "[domain-name:value = 'example.org']");
    o.put("pattern_type", "stix");
    o.put("valid_from", T0.toString());
    o.put("created_by_ref", "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff");
    o.putArray("object_marking_refs").add("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da");
    return StixObject.adopt(o);
  }

  /** An SCO without created or modified: unversioned (STIX 2.1 §6.4). */
  public static StixObject ipv4(String id, String value) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "ipv4-addr");
    o.put("spec_version", "2.1");
    o.put("id", id);
    o.put("value", value);
    return StixObject.adopt(o);
  }

  /** A typical-sized indicator with a description, for throughput runs. */
  public static StixObject typicalIndicator(long n) {
    ObjectNode o = indicator(newId("indicator"), T0.plusSeconds(n)).json();
    o.put("description", "Indicator " + n + " seen in phishing campaign infrastructure; block at the perimeter.");
    o.putArray("labels").add("malicious-activity").add("phishing");
    o.putArray("kill_chain_phases").addObject().put("kill_chain_name", "lockheed-martin-cyber-kill-chain")
        .put("phase_name", "delivery");
    return StixObject.adopt(o);
  }
}
