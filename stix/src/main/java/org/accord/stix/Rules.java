package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Cross-property rules used by the type table: orderings of timestamps, "at least one of", exclusions. */
final class Rules {
  private Rules() {}

  /** {@code later} MUST NOT be before {@code earlier} (e.g. modified ≥ created, STIX 2.1 §3.2). */
  static Spec.Rule notBefore(String earlier, String later, String rule) {
    return order(earlier, later, rule, false);
  }

  /** {@code later} MUST be strictly after {@code earlier} (e.g. indicator valid_until > valid_from, §4.7). */
  static Spec.Rule after(String earlier, String later, String rule) {
    return order(earlier, later, rule, true);
  }

  private static Spec.Rule order(String earlier, String later, String rule, boolean strict) {
    return (o, p, f) -> {
      Instant a = instant(o.get(earlier));
      Instant b = instant(o.get(later));
      if (a != null && b != null && (strict ? !b.isAfter(a) : b.isBefore(a))) {
        f.error(p + "." + later, rule,
            "'" + later + "' (" + o.get(later).textValue() + ") must be " + (strict ? "later than" : "at or after")
                + " '" + earlier + "' (" + o.get(earlier).textValue() + ")");
      }
    };
  }

  /** At least one of {@code names} MUST be present. */
  static Spec.Rule atLeastOne(String... names) {
    return (o, p, f) -> {
      for (String n : names) {
        if (o.has(n)) {
          return;
        }
      }
      f.error(p, "at-least-one-property", "at least one of " + String.join(", ", names) + " must be present");
    };
  }

  /** {@code a} and {@code b} MUST NOT both be present. */
  static Spec.Rule exclusive(String a, String b) {
    return (o, p, f) -> {
      if (o.has(a) && o.has(b)) {
        f.error(p + "." + b, "mutually-exclusive-properties", "'" + a + "' and '" + b + "' must not both be present");
      }
    };
  }

  /** When {@code present} is there, {@code needed} MUST be there too. */
  static Spec.Rule requires(String present, String needed) {
    return (o, p, f) -> {
      if (o.has(present) && !o.has(needed)) {
        f.error(p + "." + needed, "required-property",
            "'" + needed + "' is required when '" + present + "' is present");
      }
    };
  }

  /** At least one property besides {@code type}, {@code id}, {@code spec_version} (e.g. process, §6.11). */
  static Spec.Rule someContent() {
    return (o, p, f) -> {
      for (String n : (Iterable<String>) o::fieldNames) {
        if (!n.equals("type") && !n.equals("id") && !n.equals("spec_version")) {
          return;
        }
      }
      f.error(p, "at-least-one-property", "at least one property besides type, id and spec_version is required");
    };
  }

  static Instant instant(JsonNode v) {
    if (v == null || !v.isTextual()) {
      return null;
    }
    try {
      return Timestamps.parse(v.textValue()).instant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static boolean isTrue(ObjectNode o, String name) {
    JsonNode v = o.get(name);
    return v != null && v.isBoolean() && v.booleanValue();
  }
}
