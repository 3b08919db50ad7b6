package org.accord.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/**
 * The TLP level the gate applies to an object: the most restrictive TLP marking among {@code object_marking_refs}
 * and {@code granular_markings[].marking_ref} (STIX 2.1 §7.2), in either encoding (TLP 1.0 ids of §7.2.1.4, TLP 2.0
 * extension ids); the unmarked default when there is none. Granular markings count for the whole object because
 * the gate releases whole objects: a RED part makes the object RED.
 */
final class Markings {
  private Markings() {}

  static Tlp tlp(StixObject object, Tlp unmarked) {
    Tlp found = Tlp.of(object.jsonView()).orElse(null);
    JsonNode granular = object.jsonView().get("granular_markings");
    if (granular != null && granular.isArray()) {
      for (JsonNode g : granular) {
        JsonNode ref = g.get("marking_ref");
        Optional<Tlp> t = ref != null && ref.isTextual() ? Tlp.ofMarkingId(ref.asText()) : Optional.empty();
        if (t.isPresent() && (found == null || t.get().compareTo(found) > 0)) {
          found = t.get();
        }
      }
    }
    return found == null ? unmarked : found;
  }

  static boolean isMarked(StixObject object) {
    return tlp(object, null) != null;
  }
}
