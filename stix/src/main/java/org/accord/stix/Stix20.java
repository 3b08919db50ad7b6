package org.accord.stix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Set;

/**
 * Converts an object of a STIX 2.0 bundle to STIX 2.1 where the conversion loses nothing, and says why otherwise.
 *
 * <p>Design note. STIX 2.0 puts {@code spec_version} on the bundle ({@code "2.0"}); 2.1 moves it onto every object
 * and drops it from the bundle (STIX 2.1 §8, Appendix "Changes from STIX 2.0"). Most 2.0 objects are valid 2.1 once
 * they carry {@code spec_version: "2.1"}: the common properties keep their meaning, and the 2.0 properties that 2.1
 * made optional or renamed ({@code labels} on indicator, report, threat-actor, tool; {@code identity_class}) stay
 * valid as they are, since {@code labels} is a common property in 2.1 (§3.2). The converter adds only what 2.1
 * requires and 2.0 implied:
 *
 * <ul>
 *   <li>indicator: {@code pattern_type: "stix"} (2.0 had STIX patterning only; 2.1 §4.7 requires the property);
 *       {@code valid_from} is required in both.
 *   <li>observed-data: its embedded {@code objects} dictionary stays as it is (deprecated in 2.1 but valid, §4.14).
 * </ul>
 *
 * <p>Refused, because 2.1 requires a fact that 2.0 did not record and that cannot be inferred:
 *
 * <ul>
 *   <li>malware: {@code is_family} (2.1 §4.11) — a 2.0 malware object does not say whether it names a family or an
 *       instance.
 *   <li>an object that states a {@code spec_version} of its own: it is not a 2.0 object.
 *   <li>a cyber observable at the top level of a 2.0 bundle: 2.0 had none (observables lived inside observed-data
 *       only), and 2.1's top-level SCOs need deterministic ids that the object does not have.
 * </ul>
 *
 * <p>Only objects of a bundle that declares {@code "spec_version": "2.0"} are converted: the declaration is the
 * originator's word. An SDO without spec_version elsewhere is implicitly 2.0 too (STIX 2.1 §3.2), but without the
 * declaration it may as well be a broken 2.1 object; it is refused with a message that says so.
 *
 * <p>Whatever the converter returns is validated as 2.1 afterwards like any other input, so a 2.0 object that is
 * not valid 2.1 for another reason is still refused with the validator's precise findings.
 */
public final class Stix20 {
  /** 2.0 types that 2.1 keeps with the same required properties once spec_version is set. */
  private static final Set<String> UNCHANGED =
      Set.of(
          "attack-pattern", "campaign", "course-of-action", "identity", "intrusion-set", "marking-definition",
          "observed-data", "relationship", "report", "sighting", "threat-actor", "tool", "vulnerability");

  private Stix20() {}

  /** The outcome of converting one object. */
  public sealed interface Conversion {
    /** The object as STIX 2.1 (a new tree; the input is not changed). */
    record Converted(ObjectNode object) implements Conversion {
      public Converted {
        Objects.requireNonNull(object, "object");
      }
    }

    /** Not convertible without inventing a fact; {@code reason} says which. */
    record Refused(String reason) implements Conversion {
      public Refused {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }

  /** Converts {@code object}, an object of a STIX 2.0 bundle without a spec_version of its own. */
  public static Conversion toStix21(ObjectNode object) {
    String type = object.path("type").asText("");
    if (object.has("spec_version")) {
      return new Conversion.Refused(
          "a STIX 2.0 bundle's object states its own spec_version: it is not a 2.0 object, not converted");
    }
    ObjectNode o = object.deepCopy();
    switch (type) {
      case "malware" -> {
        if (!o.has("is_family")) {
          return new Conversion.Refused(
              "STIX 2.0 malware cannot be converted to 2.1 losslessly: 2.1 requires is_family (§4.11), and a 2.0"
                  + " malware object does not say whether it names a family or one instance");
        }
      }
      case "indicator" -> {
        if (!o.has("pattern_type")) {
          o.put("pattern_type", "stix"); // 2.0 indicators had STIX patterning only
        }
      }
      default -> {
        if (!UNCHANGED.contains(type) && !type.startsWith("x-")) {
          return new Conversion.Refused(
              "'" + type + "' is not a STIX 2.0 object type: a 2.0 bundle holds SDOs, SROs, marking definitions and"
                  + " custom x- objects (observables live inside observed-data), so it is not converted");
        }
      }
    }
    ObjectNode converted = StixJson.mapper().createObjectNode();
    converted.set("type", o.get("type"));
    converted.put("spec_version", "2.1");
    converted.setAll(o);
    return new Conversion.Converted(converted);
  }
}
