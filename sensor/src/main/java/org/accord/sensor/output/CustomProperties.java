package org.accord.sensor.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The custom properties the sensor's objects carry, in one place: the attack's figures on an incident, the evidence
 * on an indicator, the sectors on every object. STIX 2.1 §11.1 allows custom properties named {@code x_...}; if they
 * move into an extension definition (§7.3), this class is the one to change.
 */
final class CustomProperties {
  /** On an incident: the measured figures of the attack (kind, peaks, sources, vectors). */
  static final String ATTACK = "x_accord_attack";
  /** On an indicator: what made it, per vector (vector, packets, bytes, share of the vector's packets). */
  static final String EVIDENCE = "x_accord_evidence";
  /** On every object: the sectors concerned, for the rulebook. */
  static final String SECTORS = "x_accord_sectors";

  private CustomProperties() {}

  static ObjectNode attack(ObjectNode incident) {
    return incident.putObject(ATTACK);
  }

  static ArrayNode evidence(ObjectNode indicator) {
    return indicator.putArray(EVIDENCE);
  }

  static ArrayNode sectors(ObjectNode o) {
    return o.putArray(SECTORS);
  }

  static void copySectors(ObjectNode from, ObjectNode to) {
    if (from.has(SECTORS)) {
      to.set(SECTORS, from.get(SECTORS).deepCopy());
    }
  }
}
