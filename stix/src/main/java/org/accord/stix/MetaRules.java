package org.accord.stix;

import static org.accord.stix.Checks.IDENTIFIER;
import static org.accord.stix.Checks.LANGUAGE_TAG;
import static org.accord.stix.Checks.STRING;
import static org.accord.stix.Checks.TIMESTAMP;
import static org.accord.stix.Checks.TIMESTAMP_MILLIS;
import static org.accord.stix.Checks.list;
import static org.accord.stix.Checks.object;
import static org.accord.stix.Checks.ref;
import static org.accord.stix.Checks.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.accord.stix.pattern.PatternException;
import org.accord.stix.pattern.PatternParser;

/**
 * The STIX Meta Objects (§7: language-content, marking-definition, extension-definition) and the rules that need
 * more than one property's value: TLP marking definitions with fixed ids, statement definitions, indicator patterns.
 */
final class MetaRules {
  private MetaRules() {}

  /** created of the four TLP 1.0 marking definitions (§7.2.1.4). */
  private static final Instant TLP1_CREATED = Instant.parse("2017-01-20T00:00:00Z");

  private static final Vocabularies.Vocab DEFINITION_TYPE =
      new Vocabularies.Vocab("marking-definition type", Set.of("statement", "tlp"), true);

  /** Values of the deprecated observed-data {@code objects} dictionary: embedded SCOs, at least typed. */
  static final Check EMBEDDED_OBSERVABLE =
      (v, p, f) -> {
        if (!v.isObject()) {
          Checks.typeError(v, p, f, "an embedded cyber-observable object");
        } else if (!v.path("type").isTextual()) {
          f.error(p + ".type", "required-property", "an embedded observable needs a 'type'");
        }
      };

  static void addTo(Consumer<Spec.Builder> table) {
    table.accept(TypeTable.sdo("language-content")
        .req("object_ref", IDENTIFIER).opt("object_modified", TIMESTAMP).req("contents", CONTENTS));
    table.accept(Spec.named("marking-definition")
        .req("type", Check.ANY).req("spec_version", TypeTable.SPEC_VERSION).req("id", Check.ANY)
        .req("created", TIMESTAMP_MILLIS).opt("created_by_ref", ref("identity"))
        .opt("external_references", list(object(TypeTable.EXTERNAL_REFERENCE)))
        .opt("object_marking_refs", list(ref("marking-definition")))
        .opt("granular_markings", list(object(TypeTable.GRANULAR_MARKING)))
        .opt("extensions", Check.ANY).opt("name", STRING)
        .opt("definition_type", vocab(DEFINITION_TYPE)).opt("definition", Checks.DICTIONARY)
        .forbid("modified", "revoked", "labels", "confidence", "lang", "defanged")
        .rule(Rules.requires("definition_type", "definition")).rule(Rules.requires("definition", "definition_type"))
        .rule(Rules.atLeastOne("definition", "extensions"))
        .rule(MetaRules::markingDefinition).rule(MetaRules::granularSelectors));
    table.accept(TypeTable.sdo("extension-definition")
        .req("created_by_ref", ref("identity")).req("name", STRING).opt("description", STRING)
        .req("schema", STRING).req("version", STRING)
        .req("extension_types", list(vocab(Vocabularies.EXTENSION_TYPE)))
        .opt("extension_properties", list(STRING))
        .forbid("confidence", "lang", "extensions")
        .rule(MetaRules::toplevelProperties));
  }

  /** language-content contents (§7.1): language tag → (property name → translation). */
  private static final Check CONTENTS =
      (v, p, f) -> {
        if (!v.isObject()) {
          Checks.typeError(v, p, f, "a dictionary of language tags");
          return;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
          String kp = p + "." + e.getKey();
          LANGUAGE_TAG.check(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()), kp, f);
          if (!e.getValue().isObject()) {
            Checks.typeError(e.getValue(), kp, f, "a dictionary of translated properties");
          }
        }
      };

  /** §7.2.1.3 statement and §7.2.1.4 TLP definitions, and the fixed TLP objects of both TLP encodings. */
  static void markingDefinition(ObjectNode o, String p, Findings f) {
    String id = o.path("id").asText();
    String type = o.path("definition_type").asText(null);
    JsonNode definition = o.get("definition");
    if ("statement".equals(type) && definition != null && !definition.path("statement").isTextual()) {
      f.error(p + ".definition.statement", "required-property", "a statement definition needs a 'statement' string");
    }
    Optional<Tlp> tlp = Tlp.ofMarkingId(id);
    if ("tlp".equals(type)) {
      String color = definition == null ? null : definition.path("tlp").asText(null);
      Optional<Tlp> expected = tlp.filter(t -> t.v1MarkingId().filter(id::equals).isPresent());
      if (expected.isEmpty()) {
        f.error(p + ".id", "tlp-marking",
            "a TLP 1.0 marking definition must use one of the four fixed ids of §7.2.1.4, not " + id);
      } else if (!expected.get().v1Name().orElseThrow().equals(color)) {
        f.error(p + ".definition.tlp", "tlp-marking",
            id + " is TLP:" + expected.get().v1Name().orElseThrow().toUpperCase() + ", not '" + color + "'");
      } else if (!TLP1_CREATED.equals(Rules.instant(o.get("created")))) {
        f.error(p + ".created", "tlp-marking", "the TLP 1.0 marking definitions were created 2017-01-20T00:00:00.000Z");
      }
    } else if (tlp.isPresent() && tlp.get().v1MarkingId().filter(id::equals).isPresent()) {
      f.error(p + ".definition_type", "tlp-marking", id + " is a TLP 1.0 marking and must have definition_type 'tlp'");
    } else if (tlp.isPresent()) {
      JsonNode level = o.path("extensions").path(Tlp.TLP2_EXTENSION_ID).path("tlp_2_0");
      if (!tlp.get().v2Name().equals(level.asText(null))) {
        f.error(p + ".extensions", "tlp-marking",
            id + " is TLP 2.0 " + tlp.get().v2Name() + " and must carry the TLP 2.0 extension with tlp_2_0 '"
                + tlp.get().v2Name() + "'");
      }
    }
  }

  /**
   * §7.2.3.1: each granular-marking selector MUST refer to a property or list item populated on the marked object.
   * Selector syntax: property names and {@code [n]} list indexes joined by '.', e.g. {@code
   * external_references.[0].source_name}.
   */
  static void granularSelectors(ObjectNode o, String p, Findings f) {
    JsonNode markings = o.get("granular_markings");
    if (markings == null || !markings.isArray()) {
      return;
    }
    for (int i = 0; i < markings.size(); i++) {
      JsonNode selectors = markings.get(i).path("selectors");
      for (int j = 0; j < selectors.size(); j++) {
        JsonNode s = selectors.get(j);
        if (s.isTextual() && !resolves(o, s.textValue())) {
          f.error(p + ".granular_markings[" + i + "].selectors[" + j + "]", "marking-selector",
              "selector '" + s.textValue() + "' does not refer to a populated property or list item");
        }
      }
    }
  }

  private static boolean resolves(JsonNode node, String selector) {
    JsonNode at = node;
    for (String segment : selector.split("\\.", -1)) {
      if (segment.length() > 2 && segment.charAt(0) == '[' && segment.charAt(segment.length() - 1) == ']') {
        int index;
        try {
          index = Integer.parseInt(segment.substring(1, segment.length() - 1));
        } catch (NumberFormatException e) {
          return false;
        }
        at = at.isArray() && index >= 0 ? at.get(index) : null;
      } else {
        at = at.isObject() ? at.get(segment) : null;
      }
      if (at == null) {
        return false;
      }
    }
    return true;
  }

  /** §7.3: a toplevel-property-extension SHOULD list its properties. */
  private static void toplevelProperties(ObjectNode o, String p, Findings f) {
    JsonNode types = o.get("extension_types");
    if (types != null && types.toString().contains("\"toplevel-property-extension\"")
        && !o.has("extension_properties")) {
      f.warn(p + ".extension_properties", "required-property",
          "a toplevel-property-extension should list its extension_properties");
    }
  }

  /** Indicator pattern (§4.7, §9): when pattern_type is "stix", the pattern MUST parse. */
  static void pattern(ObjectNode o, String p, Findings f) {
    JsonNode pattern = o.get("pattern");
    if (pattern == null || !pattern.isTextual() || !"stix".equals(o.path("pattern_type").asText())) {
      return;
    }
    try {
      PatternParser.parse(pattern.textValue());
    } catch (PatternException e) {
      f.error(p + ".pattern", "pattern-syntax",
          "invalid STIX pattern at position " + e.position() + ": " + e.reason());
    }
  }
}
