package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A STIX 2.1 object: its JSON tree, kept whole so that it serialises back exactly as received, plus typed access to
 * the common properties that every layer needs. Creating one does not validate it beyond the presence of {@code
 * type} and {@code id}: run {@link Validator} first where input comes from outside.
 *
 * <p>The tree is copied on the way in and on the way out, so a {@code StixObject} is immutable.
 */
public final class StixObject {
  private final ObjectNode json;
  private final String id;
  private final String type;
  // Parsed on first use and kept: the tree never changes. A benign race computes the same value twice at worst.
  private Optional<Instant> created;
  private Optional<Instant> modified;

  private StixObject(ObjectNode json) {
    this.json = json;
    JsonNode idNode = json.get("id");
    JsonNode typeNode = json.get("type");
    if (idNode == null || !idNode.isTextual() || typeNode == null || !typeNode.isTextual()) {
      throw new IllegalArgumentException("a STIX object needs string 'type' and 'id' properties");
    }
    this.id = idNode.asText();
    this.type = typeNode.asText();
  }

  /** Wraps a copy of {@code json}. */
  public static StixObject of(ObjectNode json) {
    return new StixObject(Objects.requireNonNull(json, "json").deepCopy());
  }

  /** Wraps {@code json} without copying: the caller hands over ownership and must not change it afterwards. */
  public static StixObject adopt(ObjectNode json) {
    return new StixObject(Objects.requireNonNull(json, "json"));
  }

  public String id() {
    return id;
  }

  public String type() {
    return type;
  }

  /** {@code spec_version}; "2.1" when absent (SCOs may omit it, STIX 2.1 §3.2). */
  public String specVersion() {
    JsonNode v = json.get("spec_version");
    return v != null && v.isTextual() ? v.asText() : "2.1";
  }

  public Optional<Instant> created() {
    Optional<Instant> c = created;
    if (c == null) {
      c = timestamp("created");
      created = c;
    }
    return c;
  }

  public Optional<Instant> modified() {
    Optional<Instant> m = modified;
    if (m == null) {
      m = timestamp("modified");
      modified = m;
    }
    return m;
  }

  /** The version timestamp: {@code modified}, else {@code created}, else empty (unversioned objects such as SCOs). */
  public Optional<Instant> version() {
    Optional<Instant> m = modified();
    return m.isPresent() ? m : created();
  }

  /** A text property, if present and a string. */
  public Optional<String> text(String property) {
    JsonNode v = json.get(property);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  /** A copy of the JSON tree. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** The JSON tree itself, for read-only use on hot paths. Never modify it. */
  public ObjectNode jsonView() {
    return json;
  }

  /** The compact JSON text. */
  public String toJson() {
    try {
      return StixJson.mapper().writeValueAsString(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + id, e);
    }
  }

  private Optional<Instant> timestamp(String property) {
    JsonNode v = json.get(property);
    if (v == null || !v.isTextual()) {
      return Optional.empty();
    }
    try {
      // STIX-strict (RFC 3339, UTC, 'Z'), unlike Instant.parse, which also takes offsets.
      return Optional.of(Timestamps.parse(v.asText()).instant());
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StixObject other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return type + " " + id;
  }
}
