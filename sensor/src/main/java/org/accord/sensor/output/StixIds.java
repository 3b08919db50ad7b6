package org.accord.sensor.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.accord.stix.ScoIds;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;

/**
 * Helpers for the objects the sensor makes.
 *
 * <p>Design note: name-based ids, deliberately. STIX 2.1 §2.9 says SDOs and SROs SHOULD use UUIDv4; the sensor uses
 * UUIDv5 (RFC 4122 §4.3, SHA-1) instead, so that processing the same telemetry twice (a replay, a restarted
 * collector, the demo run again) yields the same ids, which the store recognises as the same objects instead of
 * storing invented twins, and a re-reported attack adds versions of the same incident. The name is {@code
 * type|what} (an incident's attack kind, target and start; a sighting's indicator and window start; a relationship's
 * type and ends). The namespace is the node's own: the UUID of its STIX identity ({@link OutputSettings#namespace}),
 * so two nodes never mint the same id for their own reports, and never the OASIS namespace {@value
 * ScoIds#NAMESPACE}, which §2.9 forbids for anything but SCO ids ({@link OutputSettings} refuses an identity with that
 * UUID). SCO ids ({@code ipv4-addr}, {@code ipv6-addr}, {@code domain-name}) are the §2.9 deterministic ones: UUIDv5
 * in the OASIS namespace of the JCS form of their id-contributing properties ({@code value}), as every STIX
 * producer computes them. Accord's own fixed objects (its extension definition and identity) use Accord's namespace
 * ({@link org.accord.stix.AccordExtension#NAMESPACE}).
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
