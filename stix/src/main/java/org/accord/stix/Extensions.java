package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The {@code extensions} property (STIX 2.1 §3.2, §7.3, §11.3): a dictionary keyed either by the id of an
 * extension-definition (whose schema this validator cannot know, so only {@code extension_type} is checked) or by
 * the name of a predefined SCO extension ({@code archive-ext}, {@code tcp-ext}, ...), checked against its table.
 * Keys ending in {@code -ext} that are not predefined are STIX 2.0-style custom extensions: accepted with a warning,
 * since 2.1 deprecates them in favour of extension definitions.
 */
final class Extensions {
  static final String DEFINITION_PREFIX = "extension-definition--";

  private Extensions() {}

  static Check check(Map<String, Spec> predefined) {
    return (v, p, f) -> {
      if (!v.isObject()) {
        Checks.typeError(v, p, f, "a dictionary of extensions");
        return;
      }
      if (v.isEmpty()) {
        f.error(p, "empty-dictionary", "extensions must have at least one entry");
      }
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        String key = e.getKey();
        String kp = p + "." + key;
        JsonNode ext = e.getValue();
        if (!ext.isObject()) {
          Checks.typeError(ext, kp, f, "an extension object");
          continue;
        }
        Spec spec = predefined.get(key);
        if (spec != null) {
          spec.checkMembers((ObjectNode) ext, kp, f);
        } else if (key.startsWith(DEFINITION_PREFIX)) {
          definedExtension(key, (ObjectNode) ext, kp, f);
        } else if (key.endsWith("-ext") && Identifiers.isTypeName(key)) {
          f.warn(kp, "extension-name",
              "'" + key + "' is not a predefined extension here; custom -ext extensions are deprecated in STIX 2.1");
        } else {
          f.error(kp, "extension-name",
              "extension keys must be an extension-definition id or a predefined extension name: '" + key + "'");
        }
      }
    };
  }

  private static void definedExtension(String key, ObjectNode ext, String p, Findings f) {
    if (!Identifiers.isIdentifier(key)) {
      f.error(p, "id-format", "not an extension-definition identifier: '" + key + "'");
    }
    JsonNode type = ext.get("extension_type");
    if (type != null) {
      Checks.vocab(Vocabularies.EXTENSION_TYPE).check(type, p + ".extension_type", f);
    }
    if (key.equals(Tlp.TLP2_EXTENSION_ID)) {
      JsonNode level = ext.get("tlp_2_0");
      if (level == null) {
        f.error(p + ".tlp_2_0", "required-property", "the TLP 2.0 extension requires 'tlp_2_0'");
      } else {
        Checks.vocab(Vocabularies.TLP2_LEVEL).check(level, p + ".tlp_2_0", f);
      }
    }
  }

  /** The extension_type values declared in an object's extension-definition extensions. */
  static boolean declares(ObjectNode object, String extensionType) {
    JsonNode exts = object.get("extensions");
    if (exts == null || !exts.isObject()) {
      return false;
    }
    for (JsonNode ext : exts) {
      JsonNode t = ext.get("extension_type");
      if (t != null && extensionType.equals(t.asText())) {
        return true;
      }
    }
    return false;
  }
}
