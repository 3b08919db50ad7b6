package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules for one kind of JSON object: a STIX type, a predefined extension, or an embedded type such as
 * external-reference. Data, not code: a property table ({@code name -> Check}), the required and forbidden names,
 * and the few cross-property rules. Built once at class initialisation by {@link TypeTable}.
 *
 * @param name type or embedded-type name, for messages
 * @param properties every property the spec defines for it, with its value check
 * @param required properties that MUST be present
 * @param forbidden properties that MUST NOT be present (e.g. common properties not applicable to SCOs)
 * @param rules cross-property rules (MUST be later than, at least one of, ...)
 * @param extensions predefined extensions allowed in {@code extensions} (SCOs, STIX 2.1 §6), by name
 * @param custom a custom object (§11.2): its undeclared properties are its own, so no "x_" advice for them
 */
record Spec(
    String name,
    Map<String, Check> properties,
    Set<String> required,
    Set<String> forbidden,
    List<Rule> rules,
    Map<String, Spec> extensions,
    boolean custom) {

  /** A rule across several properties of one object. */
  @FunctionalInterface
  interface Rule {
    void check(ObjectNode object, String path, Findings findings);
  }

  static Builder named(String name) {
    return new Builder(name);
  }

  /** Validates the members of {@code o} against this spec, one pass over its fields. */
  void checkMembers(ObjectNode o, String path, Findings f) {
    // §7.3: a toplevel-property-extension adds unprefixed properties; they are declared, not custom.
    boolean declared = custom || (o.has("extensions") && Extensions.declares(o, "toplevel-property-extension"));
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      String key = e.getKey();
      JsonNode v = e.getValue();
      String p = path + "." + key;
      if (v.isNull()) {
        f.error(p, "property-type", "null is not a STIX value; omit the property instead");
        continue;
      }
      Check c = properties.get(key);
      if (c != null) {
        c.check(v, p, f);
      } else if (forbidden.contains(key)) {
        f.error(p, "forbidden-property", "'" + key + "' must not be present in " + name);
      } else if (!declared) {
        Checks.customPropertyName(key, p, f);
      } else if (!Checks.isPropertyName(key)) {
        f.error(p, "custom-property-name", "'" + key + "' is not a valid property name (3..250 of a-z, 0-9, _)");
      }
    }
    for (String r : required) {
      if (!o.has(r)) {
        f.error(path + "." + r, "required-property", "'" + r + "' is required in " + name + why(r));
      }
    }
    for (Rule rule : rules) {
      rule.check(o, path, f);
    }
  }

  static final class Builder {
    private final String name;
    private final Map<String, Check> properties = new LinkedHashMap<>();
    private final Set<String> required = new LinkedHashSet<>();
    private final Set<String> forbidden = new LinkedHashSet<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, Spec> extensions = new LinkedHashMap<>();
    private boolean custom;

    private Builder(String name) {
      this.name = name;
    }

    /** A required property. */
    Builder req(String property, Check check) {
      properties.put(property, check);
      required.add(property);
      forbidden.remove(property);
      return this;
    }

    /** An optional property. */
    Builder opt(String property, Check check) {
      properties.put(property, check);
      required.remove(property);
      forbidden.remove(property);
      return this;
    }

    /** Properties that MUST NOT be present. */
    Builder forbid(String... names) {
      for (String n : names) {
        properties.remove(n);
        required.remove(n);
        forbidden.add(n);
      }
      return this;
    }

    Builder rule(Rule rule) {
      rules.add(rule);
      return this;
    }

    Builder extension(String extensionName, Spec spec) {
      extensions.put(extensionName, spec);
      return this;
    }

    Builder custom() {
      custom = true;
      return this;
    }

    Spec build() {
      return new Spec(
          name,
          Collections.unmodifiableMap(new LinkedHashMap<>(properties)),
          Collections.unmodifiableSet(new LinkedHashSet<>(required)),
          Set.copyOf(forbidden),
          List.copyOf(rules),
          Collections.unmodifiableMap(new LinkedHashMap<>(extensions)),
          custom);
    }
  }

  /** What a missing property most likely means, when that helps the user. */
  private static String why(String property) {
    return property.equals("spec_version")
        ? " (STIX 2.1 §3.2: an object without it is STIX 2.0; a 2.0 bundle, declaring \"spec_version\": \"2.0\""
            + " before its objects, is converted to 2.1 where that is lossless)"
        : "";
  }
}
