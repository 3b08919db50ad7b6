package org.accord.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Strict readers of one member of a parsed JSON object; each throws IllegalArgumentException naming the member. */
final class Json {
  private Json() {}

  static String text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("member '" + name + "' must be a string");
    }
    return v.textValue();
  }

  static String optionalText(JsonNode node, String name) {
    return node.has(name) ? text(node, name) : null;
  }

  static long number(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("member '" + name + "' must be an integer");
    }
    return v.longValue();
  }

  static Instant time(JsonNode node, String name) {
    String s = text(node, name);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("member '" + name + "' is not an RFC 3339 UTC time: " + s);
    }
  }

  static JsonNode array(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException("member '" + name + "' must be an array");
    }
    return v;
  }

  static JsonNode object(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v != null && !v.isObject()) {
      throw new IllegalArgumentException("member '" + name + "' must be an object");
    }
    return v;
  }
}
