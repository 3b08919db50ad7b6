package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.UUID;

/**
 * Accord's STIX 2.1 property extension (§7.3): the one place that names it, for the sensor that writes it and the
 * rulebook that reads it.
 *
 * <p>Design note. STIX 2.1 wants data beyond the specification in an extension defined by an {@code
 * extension-definition} object, not in custom {@code x_} properties (§11.1 keeps those for compatibility; strict
 * validators warn on them). Accord's sensor data so lives in {@code extensions["extension-definition--<id>"]} with
 * {@code extension_type: "property-extension"} and three properties:
 *
 * <ul>
 *   <li>{@value #ATTACK} (on an incident): the attack's measured figures (kind, target, start, end, ongoing, peaks,
 *       sources, share from abroad, and per vector its signature, peaks, packets, bytes and sources);
 *   <li>{@value #EVIDENCE} (on an indicator): what made it, per vector (vector, packets, bytes, share of the vector's
 *       packets);
 *   <li>{@value #SECTORS} (on any object): the critical-infrastructure sectors concerned, which the rulebook's {@code
 *       sectors} selections read.
 * </ul>
 *
 * <p>Ids. The definition has one fixed id, the same on every node: a UUIDv5 of {@code "extension-definition|accord"}
 * in Accord's own namespace {@value #NAMESPACE} (never the OASIS namespace of SCO ids, which §2.9 reserves), and so
 * does its creator, the Accord project's identity ({@code "identity|accord"}). Both objects have fixed content and a
 * fixed {@code created}/{@code modified}, so every node that publishes them publishes the same version. Like the
 * OASIS TLP 2.0 definitions, every Accord party knows them: the egress gate never withholds an object for naming
 * them, and never sends them to a peer (the peer holds its own copy). An object names the definition only as a key
 * of {@code extensions}, which is not a reference in STIX terms (§7.3); the gate's reference check reads only {@code
 * *_ref(s)} values.
 *
 * <p>Compatibility. Nodes before this extension wrote the same data as the custom properties {@value #LEGACY_ATTACK},
 * {@value #LEGACY_EVIDENCE} and {@value #LEGACY_SECTORS}; objects stored or sent that way are still read ({@link
 * #sectors}).
 *
 * <p>The normative definition of the properties is the JSON schema {@value #SCHEMA_RESOURCE} on this module's class
 * path (JSON Schema 2020-12), which the definition's {@code schema} property names.
 */
public final class AccordExtension {
  /** Accord's UUIDv5 namespace for the ids of its own fixed objects (a random UUIDv4, chosen once). */
  public static final String NAMESPACE = "a8ba0028-c439-4be2-831e-667dd9366f83";

  /** The extension definition: UUIDv5(NAMESPACE, "extension-definition|accord"). */
  public static final String ID = "extension-definition--09378d50-2607-5d58-9317-a298d714f942";

  /** The Accord project's identity, the definition's creator: UUIDv5(NAMESPACE, "identity|accord"). */
  public static final String IDENTITY_ID = "identity--74bf4328-dde5-59a0-a3cb-8becc13ed60b";

  /**
   * The second definition, for Accord's own objects (new SDOs, §7.3): mutual-assistance requests and their
   * transitions, exchanged between the two parties of a request. UUIDv5(NAMESPACE,
   * "extension-definition|accord-cases").
   * A definition of its own rather than a second {@code extension_types} entry on {@link #ID} (which §7.3 allows):
   * the sensor definition keeps its fixed content and version, and a tool that knows one need not know the other.
   */
  public static final String CASES_ID = "extension-definition--11a9853c-d767-560c-8edc-138a81849751";

  /** The new SDO type of a mutual-assistance request. */
  public static final String REQUEST_TYPE = "x-accord-assistance-request";
  /** The new SDO type of one signed transition of a request. */
  public static final String TRANSITION_TYPE = "x-accord-case-transition";

  /**
   * The third definition, for shared perceptual-hash banks (issue 11; new SDOs, §7.3): a bank and its entries, shared
   * between parties under the rulebook like any other object. UUIDv5(NAMESPACE, "extension-definition|accord-hashes").
   */
  public static final String HASHES_ID = "extension-definition--b557a3ba-2c6b-50fd-ba80-605e6ee48474";

  /** The new SDO type of a hash bank: a named list of hashes with its provenance. */
  public static final String BANK_TYPE = "x-accord-hash-bank";
  /** The new SDO type of one entry of a bank: a PDQ hash, or a video's frame hashes (vPDQ). */
  public static final String ENTRY_TYPE = "x-accord-hash-entry";

  public static final String HASHES_NAME = "Accord hash banks";
  public static final String HASHES_VERSION = "1.0.0";

  public static final String CASES_NAME = "Accord mutual-assistance cases";
  public static final String CASES_VERSION = "1.0.0";

  public static final String NAME = "Accord sensor properties";
  public static final String VERSION = "1.0.0";
  public static final String SCHEMA_RESOURCE = "org/accord/stix/accord-extension-1.0.0.schema.json";

  /** On an incident: the measured figures of the attack. */
  public static final String ATTACK = "attack";
  /** On an indicator: the evidence that made it, per vector. */
  public static final String EVIDENCE = "evidence";
  /** On any object: the sectors concerned, for the rulebook. */
  public static final String SECTORS = "sectors";

  /** The custom properties of nodes before the extension, still read. */
  public static final String LEGACY_ATTACK = "x_accord_attack";

  public static final String LEGACY_EVIDENCE = "x_accord_evidence";
  public static final String LEGACY_SECTORS = "x_accord_sectors";

  /** created/modified of the fixed objects: one version everywhere. */
  private static final String FIXED_TIME = "2026-01-01T00:00:00.000Z";

  private static final Set<String> PREDEFINED = Set.of(ID, CASES_ID, HASHES_ID, IDENTITY_ID);

  private AccordExtension() {}

  /** Whether {@code id} is one of Accord's fixed objects (the definition or its creator), known to every party. */
  public static boolean isPredefined(String id) {
    return PREDEFINED.contains(id);
  }

  /** The extension's properties on {@code object}, created (with its {@code extension_type}) when absent. */
  public static ObjectNode properties(ObjectNode object) {
    JsonNode exts = object.get("extensions");
    ObjectNode extensions = exts instanceof ObjectNode o ? o : object.putObject("extensions");
    JsonNode mine = extensions.get(ID);
    if (mine instanceof ObjectNode m) {
      return m;
    }
    ObjectNode m = extensions.putObject(ID);
    m.put("extension_type", "property-extension");
    return m;
  }

  /** The extension's properties on {@code object}, or null when it has none. */
  public static JsonNode propertiesOf(JsonNode object) {
    JsonNode exts = object.get("extensions");
    return exts == null ? null : exts.get(ID);
  }

  /**
   * The sectors of {@code object}: the extension's {@value #SECTORS}, else the {@value #LEGACY_SECTORS} of objects
   * written before the extension (stored by earlier versions, or sent by partners still running them); null when it
   * has neither. Three hash look-ups: the egress gate calls it per object.
   */
  public static JsonNode sectors(JsonNode object) {
    JsonNode mine = propertiesOf(object);
    JsonNode s = mine == null ? null : mine.get(SECTORS);
    return s != null ? s : object.get(LEGACY_SECTORS);
  }

  /** The attack figures of an incident (extension, else legacy), or null. */
  public static JsonNode attack(JsonNode object) {
    JsonNode mine = propertiesOf(object);
    JsonNode a = mine == null ? null : mine.get(ATTACK);
    return a != null ? a : object.get(LEGACY_ATTACK);
  }

  /** The evidence of an indicator (extension, else legacy), or null. */
  public static JsonNode evidence(JsonNode object) {
    JsonNode mine = propertiesOf(object);
    JsonNode e = mine == null ? null : mine.get(EVIDENCE);
    return e != null ? e : object.get(LEGACY_EVIDENCE);
  }

  /** The {@code extension-definition} object (§7.3), a new copy: the same content on every node. */
  public static ObjectNode definition() {
    ObjectNode o = fixed("extension-definition", ID);
    o.put("name", NAME);
    o.put("description", "Accord's sensor data on the objects it produces: 'attack' on an incident (the attack's"
        + " kind, target, start, end, whether it is ongoing, peak packets/bits/flows per second, number of sources,"
        + " share of traffic from abroad, and per vector its name, signature, peaks, packets, bytes and sources),"
        + " 'evidence' on an indicator (per vector: vector, packets, bytes and share of the vector's packets that the"
        + " indicated source sent) and 'sectors' on any object (the critical-infrastructure sectors concerned, which"
        + " Accord rulebooks select on). Replaces the custom properties x_accord_attack, x_accord_evidence and"
        + " x_accord_sectors.");
    o.put("schema", "JSON Schema (2020-12) " + SCHEMA_RESOURCE + " in Accord's stix module; in short: attack is an"
        + " object, evidence a list of {vector, packets, bytes, share}, sectors a list of sector names.");
    o.put("version", VERSION);
    o.putArray("extension_types").add("property-extension");
    return o;
  }

  /** Whether {@code type} is one of the case objects ({@link #REQUEST_TYPE}, {@link #TRANSITION_TYPE}). */
  public static boolean isCaseType(String type) {
    return REQUEST_TYPE.equals(type) || TRANSITION_TYPE.equals(type);
  }

  /** The cases {@code extension-definition} object (§7.3), a new copy: the same content on every node. */
  public static ObjectNode casesDefinition() {
    ObjectNode o = fixed("extension-definition", CASES_ID);
    o.put("name", CASES_NAME);
    o.put("description", "Accord's mutual-assistance objects, exchanged only between the two parties of a request: "
        + REQUEST_TYPE + " (kind, requester, requested, legal_basis, offence, facts, data_sought, custodian,"
        + " location, urgency, sector, object_ids; its marking is the requester's TLP) and " + TRANSITION_TYPE
        + " (request_id, seq, transition, party, grounds, note, and signature: the acting node's Ed25519 signature"
        + " over the RFC 8785 form of {request_id, seq, transition, party, at, grounds, note}).");
    o.put("schema", "Accord's cases module, org.accord.cases.CaseStix (the mapping) and Lifecycle (the transitions).");
    o.put("version", CASES_VERSION);
    o.putArray("extension_types").add("new-sdo");
    return o;
  }

  /** The hash banks {@code extension-definition} object (§7.3), a new copy: the same content on every node. */
  public static ObjectNode hashesDefinition() {
    ObjectNode o = fixed("extension-definition", HASHES_ID);
    o.put("name", HASHES_NAME);
    o.put("description", "Accord's shared perceptual-hash banks: " + BANK_TYPE + " (name, category, source,"
        + " description; its owner is created_by_ref, its marking the TLP of object_marking_refs) and " + ENTRY_TYPE
        + " (bank_ref, algorithm pdq or vpdq, hash: 64 hex digits of a PDQ hash, or frames: [{timestamp, hash,"
        + " quality}] of a video, label, disabled; disabling or re-enabling an entry is a new version).");
    o.put("schema", "Accord's hash module, org.accord.hash.bank.BankStix (the mapping).");
    o.put("version", HASHES_VERSION);
    o.putArray("extension_types").add("new-sdo");
    return o;
  }

  /** Whether {@code type} is one of the hash bank objects ({@link #BANK_TYPE}, {@link #ENTRY_TYPE}). */
  public static boolean isHashType(String type) {
    return BANK_TYPE.equals(type) || ENTRY_TYPE.equals(type);
  }

  /** The Accord project's {@code identity} (§4.5), creator of the definition, a new copy. */
  public static ObjectNode identity() {
    ObjectNode o = fixed("identity", IDENTITY_ID);
    o.put("name", "Accord");
    o.put("description", "The Accord project, author of the Accord sensor properties extension definition; not a"
        + " party of any rulebook.");
    o.put("identity_class", "organization");
    return o;
  }

  private static ObjectNode fixed(String type, String id) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put("id", id);
    o.put("created", FIXED_TIME);
    o.put("modified", FIXED_TIME);
    if (!id.equals(IDENTITY_ID)) {
      o.put("created_by_ref", IDENTITY_ID);
    }
    o.putArray("object_marking_refs").add(Tlp.CLEAR.v2MarkingId());
    return o;
  }
}
