package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Traffic Light Protocol levels and their STIX marking-definition identifiers in both encodings:
 *
 * <ul>
 *   <li>TLP 1.0, the four fixed marking-definition objects of STIX 2.1 §7.2.1.4 ({@code definition_type: "tlp"}). It
 *       has no AMBER+STRICT and calls CLEAR "white".
 *   <li>TLP 2.0, the five marking-definition objects published by OASIS with the extension definition {@value
 *       #TLP2_EXTENSION_ID} (cti-stix-common-objects, extension-definition-specifications/tlp-2.0).
 * </ul>
 *
 * <p>Constants are declared from least to most restrictive, so {@link #compareTo} orders by restriction.
 */
public enum Tlp {
  CLEAR(
      "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
      "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
      "white",
      "clear"),
  GREEN(
      "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
      "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
      "green",
      "green"),
  AMBER(
      "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
      "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
      "amber",
      "amber"),
  AMBER_STRICT(null, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", null, "amber+strict"),
  RED(
      "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
      "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
      "red",
      "red");

  /** The extension definition that TLP 2.0 marking definitions use (property {@code tlp_2_0}). */
  public static final String TLP2_EXTENSION_ID =
      "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

  private static final Map<String, Tlp> BY_MARKING_ID = new HashMap<>();

  static {
    for (Tlp t : values()) {
      if (t.v1Id != null) {
        BY_MARKING_ID.put(t.v1Id, t);
      }
      BY_MARKING_ID.put(t.v2Id, t);
    }
  }

  private final String v1Id;
  private final String v2Id;
  private final String v1Name;
  private final String v2Name;

  Tlp(String v1Id, String v2Id, String v1Name, String v2Name) {
    this.v1Id = v1Id;
    this.v2Id = v2Id;
    this.v1Name = v1Name;
    this.v2Name = v2Name;
  }

  /** The TLP 1.0 marking-definition id (STIX 2.1 §7.2.1.4); empty for AMBER_STRICT, which TLP 1.0 lacks. */
  public Optional<String> v1MarkingId() {
    return Optional.ofNullable(v1Id);
  }

  /** The TLP 2.0 marking-definition id. */
  public String v2MarkingId() {
    return v2Id;
  }

  /** The value of {@code definition.tlp} in the TLP 1.0 object ("white" for CLEAR); empty for AMBER_STRICT. */
  public Optional<String> v1Name() {
    return Optional.ofNullable(v1Name);
  }

  /** The value of the {@code tlp_2_0} extension property ("clear", "amber+strict", ...). */
  public String v2Name() {
    return v2Name;
  }

  /** The level named {@code name} in TLP 2.0 ("clear", "amber+strict", ...; case-insensitive), or "white". */
  public static Optional<Tlp> fromName(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    for (Tlp t : values()) {
      if (t.v2Name.equals(n) || n.equals(t.v1Name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The level a marking-definition id stands for, in either encoding. */
  public static Optional<Tlp> ofMarkingId(String markingDefinitionId) {
    return Optional.ofNullable(BY_MARKING_ID.get(markingDefinitionId));
  }

  /**
   * The TLP level of a STIX object, read from its {@code object_marking_refs} in either encoding. When several TLP
   * markings are present (an inconsistent object), the most restrictive wins: erring towards less sharing is the
   * safe side. Empty when the object carries no TLP marking.
   */
  public static Optional<Tlp> of(JsonNode object) {
    JsonNode refs = object == null ? null : object.get("object_marking_refs");
    if (refs == null || !refs.isArray()) {
      return Optional.empty();
    }
    Tlp found = null;
    for (JsonNode ref : refs) {
      Tlp t = ref.isTextual() ? BY_MARKING_ID.get(ref.asText()) : null;
      if (t != null && (found == null || t.compareTo(found) > 0)) {
        found = t;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Whether {@code id} is one of the nine predefined TLP marking-definition ids. */
  public static boolean isTlpMarkingId(String id) {
    return BY_MARKING_ID.containsKey(id);
  }
}
