package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * Validates STIX 2.1 objects and bundles against the MUST rules (violations) and SHOULD rules (warnings) of the
 * specification, naming for each finding the JSON path and a stable rule id.
 *
 * <p>Design note: the per-type rules are data ({@link TypeTable}: property → check, required, forbidden,
 * cross-property rules), built once when the class loads; validating an object is one pass over its members with
 * a hash lookup each, plus the identifier rules below, which need the object's type and kind. Nothing is compiled,
 * reflected or allocated per call beyond the findings and path strings. A validator is stateless and thread-safe.
 *
 * <p>What is checked where:
 *
 * <ul>
 *   <li>identifiers (§2.7, §2.9): {@code type--UUID} with the object's exact type and an RFC 4122 UUID; SDO/SRO/SMO
 *       ids SHOULD be UUIDv4; an SCO id that is a UUIDv5 MUST be the deterministic id of {@link ScoIds};
 *   <li>common properties (§3.2), the 19 SDOs (§4), 2 SROs (§5), 18 SCOs and their extensions (§6), the meta
 *       objects (§7) and bundles (§8): {@link TypeTable}, {@link ScoExtensions}, {@link MetaRules};
 *   <li>custom objects, properties and extensions (§11): unknown types with a valid name are custom objects; unknown
 *       properties need a valid custom name and SHOULD start with {@code x_}.
 * </ul>
 */
public final class Validator {
  private static final Spec CUSTOM_OBJECT =
      Spec.named("custom object").custom()
          .req("type", Check.ANY).req("id", Check.ANY).opt("spec_version", TypeTable.SPEC_VERSION)
          .opt("created", Checks.TIMESTAMP_MILLIS).opt("modified", Checks.TIMESTAMP_MILLIS)
          .opt("created_by_ref", Checks.ref("identity")).opt("revoked", Checks.BOOLEAN)
          .opt("labels", Checks.list(Checks.STRING)).opt("confidence", TypeTable.CONFIDENCE)
          .opt("lang", Checks.LANGUAGE_TAG)
          .opt("external_references", Checks.list(Checks.object(TypeTable.EXTERNAL_REFERENCE)))
          .opt("object_marking_refs", Checks.list(Checks.ref("marking-definition")))
          .opt("granular_markings", Checks.list(Checks.object(TypeTable.GRANULAR_MARKING)))
          .opt("defanged", Checks.BOOLEAN).opt("extensions", Extensions.check(Map.of()))
          .rule(Rules.notBefore("created", "modified", "modified-before-created"))
          .build();

  /** Creates a validator. It holds no state; one instance can serve all threads. */
  public Validator() {}

  /** Validates one STIX object (or, if {@code object} is a bundle, the bundle and everything in it). */
  public ValidationReport validate(JsonNode object) {
    return validate(object, "$");
  }

  /** Validates one STIX object whose location is {@code path} (e.g. {@code $.objects[7]} or {@code line 8}). */
  public ValidationReport validate(JsonNode object, String path) {
    Findings f = new Findings();
    if (object != null && "bundle".equals(object.path("type").asText(null))) {
      bundle(object, path, f);
    } else {
      object(object, path, f);
    }
    return f.report();
  }

  /** Validates a bundle (§8) and every object in it; object paths are {@code $.objects[i]}. */
  public ValidationReport validateBundle(JsonNode bundle) {
    Findings f = new Findings();
    bundle(bundle, "$", f);
    return f.report();
  }

  private void bundle(JsonNode bundle, String path, Findings f) {
    if (bundle == null || !bundle.isObject()) {
      f.error(path, "property-type", "a bundle must be a JSON object");
      return;
    }
    bundleEnvelope((ObjectNode) bundle, path, f);
    JsonNode objects = bundle.get("objects");
    if (objects == null) {
      return;
    }
    if (!objects.isArray()) {
      Checks.typeError(objects, path + ".objects", f, "a list of STIX objects");
      return;
    }
    for (int i = 0; i < objects.size(); i++) {
      object(objects.get(i), path + ".objects[" + i + "]", f);
    }
  }

  /**
   * The bundle's own members (§8): type "bundle", id {@code bundle--UUID}, no spec_version in 2.1 (a 2.0
   * leftover: warning), {@code objects} a list; other members follow the custom property rules. {@code objects}
   * items are not validated here.
   */
  static void bundleEnvelope(ObjectNode bundle, String path, Findings f) {
    for (Map.Entry<String, JsonNode> e : bundle.properties()) {
      String key = e.getKey();
      JsonNode v = e.getValue();
      String p = path + "." + key;
      switch (key) {
        case "type" -> {
          if (!"bundle".equals(v.asText(null))) {
            f.error(p, "property-type", "a bundle's type must be \"bundle\"");
          }
        }
        case "id" -> identifier(v, "bundle", Kind.BUNDLE, null, p, f);
        case "spec_version" -> f.warn(p, "deprecated-property",
            "a STIX 2.1 bundle has no spec_version (it was a STIX 2.0 property); each object carries its own");
        case "objects" -> {
          if (!v.isArray()) {
            Checks.typeError(v, p, f, "a list of STIX objects");
          } else if (v.isEmpty()) {
            f.error(p, "empty-list", "a list must have at least one item");
          }
        }
        default -> Checks.customPropertyName(key, p, f);
      }
    }
    for (String r : new String[] {"type", "id"}) {
      if (!bundle.has(r)) {
        f.error(path + "." + r, "required-property", "'" + r + "' is required in bundle");
      }
    }
  }

  private void object(JsonNode node, String path, Findings f) {
    if (node == null || !node.isObject()) {
      f.error(path, "property-type", "a STIX object must be a JSON object");
      return;
    }
    ObjectNode o = (ObjectNode) node;
    JsonNode typeNode = o.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      if (typeNode == null) {
        f.error(path + ".type", "required-property", "'type' is required");
      } else {
        Checks.typeError(typeNode, path + ".type", f, "a string");
      }
      return;
    }
    String type = typeNode.textValue();
    if (type.equals("bundle")) {
      f.error(path, "unknown-type", "a bundle cannot be nested as a STIX object (§8)");
      return;
    }
    Spec spec = TypeTable.get(type);
    Kind kind = Kind.of(type);
    if (spec == null) {
      spec = CUSTOM_OBJECT;
      customType(o, type, path, f);
    }
    spec.checkMembers(o, path, f);
    JsonNode id = o.get("id");
    if (id != null) {
      identifier(id, type, kind, o, path + ".id", f);
    }
  }

  /** §11.2: custom object type names; objects defined by an extension definition declare new-sdo/sco/sro. */
  private static void customType(ObjectNode o, String type, String path, Findings f) {
    if (!Identifiers.isTypeName(type)) {
      f.error(path + ".type", "unknown-type",
          "'" + type + "' is not a STIX 2.1 type nor a valid custom type name (3..250 of a-z, 0-9, '-')");
      return;
    }
    boolean sdoLike = Extensions.declares(o, "new-sdo") || Extensions.declares(o, "new-sro");
    if (!type.startsWith("x-") && !sdoLike && !Extensions.declares(o, "new-sco")) {
      f.warn(path + ".type", "unknown-type",
          "'" + type + "' is not a STIX 2.1 type; custom object types should start with 'x-' or be declared "
              + "by an extension definition");
    }
    if (sdoLike) {
      for (String r : new String[] {"spec_version", "created", "modified"}) {
        if (!o.has(r)) {
          f.error(path + "." + r, "required-property", "'" + r + "' is required in a new SDO/SRO (§7.3)");
        }
      }
    }
  }

  /** §2.7 identifier of an object of {@code type}; for SCOs also §2.9 (deterministic ids). */
  static void identifier(JsonNode idNode, String type, Kind kind, ObjectNode o, String p, Findings f) {
    if (!idNode.isTextual()) {
      Checks.typeError(idNode, p, f, "an identifier string");
      return;
    }
    String id = idNode.textValue();
    int sep = Identifiers.separator(id);
    if (sep < 0 || !id.regionMatches(0, type, 0, sep) || sep != type.length()) {
      f.error(p, "id-format", "must be '" + type + "--' followed by a UUID, was '" + id + "'");
      return;
    }
    int version = Identifiers.uuidVersion(id, sep + 2);
    if (version < 0) {
      f.error(p, "id-format", "not an RFC 4122 UUID (8-4-4-4-12 hex digits, variant 10xx): '" + id + "'");
      return;
    }
    if (Identifiers.hasUppercase(id)) {
      f.warn(p, "uuid-case", "UUIDs should be written in lowercase (RFC 4122 §3)");
    }
    if (kind == Kind.SCO) {
      scoIdentifier(id, version, o, p, f);
    } else if (version != 4) {
      f.warn(p, "uuid-version", "ids of SDOs, SROs, meta objects and bundles should use UUIDv4, was v" + version);
    }
  }

  private static void scoIdentifier(String id, int version, ObjectNode o, String p, Findings f) {
    Optional<String> expected = ScoIds.deterministicId(o);
    if (expected.isEmpty()) {
      return;
    }
    if (version == 5 && !expected.get().equalsIgnoreCase(id)) {
      f.error(p, "sco-id-not-deterministic",
          "a UUIDv5 SCO id must be derived from the ID contributing properties (§2.9): expected " + expected.get());
    } else if (version != 5) {
      f.warn(p, "uuid-version", "an SCO with ID contributing properties should use the UUIDv5 id " + expected.get());
    }
  }
}
