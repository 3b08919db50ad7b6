package org.accord.sensor.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.accord.stix.ScoIds;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;

/**
 * Helpers for the objects the sensor makes. Ids are name-based (UUIDv5 in the node's namespace) so that processing
 * the same telemetry twice yields the same objects, which the store then recognises as duplicates instead of storing
 * invented twins; SCO ids are the STIX 2.1 §2.9 deterministic ones.
 */
final class StixIds {
  private StixIds() {}

  static String id(OutputSettings s, String type, String name) {
    return type + "--" + ScoIds.uuid5(s.namespace(), type + "|" + name);
  }

  static String time(long millis) {
    return Timestamps.format(Instant.ofEpochMilli(millis), 3);
  }

  /** A new SDO/SRO with the common properties: type, spec_version, id, created/modified, producer, marking. */
  static ObjectNode sdo(OutputSettings s, String type, String id, long createdMillis, long modifiedMillis) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put("id", id);
    o.put("created", time(createdMillis));
    o.put("modified", time(Math.max(createdMillis, modifiedMillis)));
    o.put("created_by_ref", s.identityId());
    o.putArray("object_marking_refs").add(s.tlp().v2MarkingId());
    return o;
  }

  /** An ipv4-addr or ipv6-addr SCO with its deterministic id. */
  /**
   * The observable that names a target: an {@code ipv4-addr}/{@code ipv6-addr} for an address literal, else a {@code
   * domain-name} (a host name from a log line, such as syslog's {@code LabSZ}), never an address made of a name (issue
   * 9, finding 7: it was refused as a malformed {@code ipv4-addr}).
   */
  static ObjectNode target(String target) {
    if (org.accord.stix.AddressRange.literal(target) != null) {
      return address(target);
    }
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "domain-name");
    o.put("spec_version", "2.1");
    o.put("value", target);
    o.put("id", ScoIds.deterministicId(o).orElseThrow());
    return o;
  }

  static ObjectNode address(String address) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", address.indexOf(':') >= 0 ? "ipv6-addr" : "ipv4-addr");
    o.put("spec_version", "2.1");
    o.put("value", address);
    o.put("id", ScoIds.deterministicId(o).orElseThrow());
    return o;
  }
}
