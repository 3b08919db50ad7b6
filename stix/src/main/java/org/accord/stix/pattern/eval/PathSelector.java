package org.accord.stix.pattern.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.accord.stix.pattern.ObjectPath;
import org.accord.stix.pattern.ObjectPath.PathStep;

/**
 * A compiled object path (STIX 2.1 §9.3): selects the values a comparison looks at, starting from one root object.
 *
 * <p>Rules, as the specification and the OASIS reference matcher (cti-pattern-matcher) apply them:
 *
 * <ul>
 *   <li>A key step into a property ending in {@code _ref} replaces the reference by the object it names within the
 *       same observation; {@code _refs} replaces the list of references by the list of those objects. References
 *       that do not resolve are dropped, without error.
 *   <li>{@code [n]} selects one element of a list (out of range: nothing); {@code [*]} selects every element, each
 *       tested on its own, so a comparison holds if it holds for any element.
 *   <li>A list is not searched implicitly: {@code a.list.b} on a list selects nothing, the path needs {@code [*]}.
 *   <li>The value of a property ending in {@code _bin} (base64) or {@code _hex} is its bytes (STIX 2.1 §2.3, §2.6),
 *       so that it compares with b'...' and h'...' literals and MATCHES sees bytes. Text that does not decode is kept
 *       as text.
 * </ul>
 *
 * Selected values are {@link JsonNode}s or {@code byte[]}.
 */
final class PathSelector {
  private final String objectType;
  private final PathStep[] steps;

  PathSelector(ObjectPath path) {
    this.objectType = path.objectType();
    this.steps = path.steps().toArray(PathStep[]::new);
  }

  String objectType() {
    return objectType;
  }

  /** The values at the end of the path from {@code root}; empty when the root is of another type. */
  List<Object> select(ObjectNode root, Observation observation) {
    JsonNode type = root.get("type");
    if (type == null || !objectType.equals(type.asText())) {
      return List.of();
    }
    List<Object> current = List.of(root);
    for (PathStep step : steps) {
      List<Object> next = new ArrayList<>();
      for (Object value : current) {
        if (value instanceof JsonNode node) {
          step(node, step, observation, next);
        }
      }
      if (next.isEmpty()) {
        return List.of();
      }
      current = next;
    }
    return current;
  }

  private static void step(JsonNode node, PathStep step, Observation observation, List<Object> out) {
    if (step instanceof PathStep.Key key) {
      JsonNode child = node.isObject() ? node.get(key.name()) : null;
      if (child != null && !child.isNull()) {
        Object resolved = resolve(key.name(), child, observation);
        if (resolved != null) {
          out.add(resolved);
        }
      }
    } else if (step instanceof PathStep.Index index) {
      if (node.isArray() && index.index() >= 0 && index.index() < node.size()) {
        out.add(node.get((int) index.index()));
      }
    } else if (node.isArray()) {
      node.forEach(out::add);
    }
  }

  private static Object resolve(String name, JsonNode value, Observation observation) {
    if (name.endsWith("_ref")) {
      ObjectNode target = value.isTextual() ? observation.objects().get(value.asText()) : null;
      return target; // null: the reference does not resolve, so the path selects nothing here
    }
    if (name.endsWith("_refs") && value.isArray()) {
      ArrayNode list = JsonNodeFactory.instance.arrayNode();
      for (JsonNode ref : value) {
        ObjectNode target = ref.isTextual() ? observation.objects().get(ref.asText()) : null;
        if (target != null) {
          list.add(target);
        }
      }
      return list;
    }
    if (value.isTextual() && (name.endsWith("_bin") || name.endsWith("_hex"))) {
      try {
        return name.endsWith("_bin")
            ? Base64.getDecoder().decode(value.asText())
            : HexFormat.of().parseHex(value.asText());
      } catch (IllegalArgumentException notEncoded) {
        return value;
      }
    }
    return value;
  }
}
