package org.accord.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;

/**
 * An object version as stored: its manifest entry and the object.
 *
 * <p>Design note. The store keeps each version as the JSON text it was given, and this class hands that text on
 * untouched ({@link #json()}) so that a reader that only forwards objects — a TAXII page of a hundred objects, an
 * export of millions — writes stored bytes without parsing and re-serialising every object. The parsed {@link
 * StixObject} is built on first use of {@link #object()} (once; later calls return the same instance), for readers
 * that need to look inside, such as the egress gate.
 */
public final class StoredObject {
  private final ManifestEntry entry;
  private volatile String json;
  private volatile StixObject object;

  /** A version whose object is already parsed (e.g. a transformed copy). */
  public StoredObject(StixObject object, ManifestEntry entry) {
    this.object = Objects.requireNonNull(object, "object");
    this.entry = Objects.requireNonNull(entry, "entry");
  }

  private StoredObject(ManifestEntry entry, String json) {
    this.entry = Objects.requireNonNull(entry, "entry");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** A version as read from the database: its JSON text, parsed only when {@link #object()} is called. */
  public static StoredObject fromJson(ManifestEntry entry, String json) {
    return new StoredObject(entry, json);
  }

  public ManifestEntry entry() {
    return entry;
  }

  /** The object's compact JSON text. */
  public String json() {
    String j = json;
    if (j == null) {
      j = object.toJson();
      json = j;
    }
    return j;
  }

  /** The parsed object. */
  public StixObject object() {
    StixObject o = object;
    if (o == null) {
      try {
        JsonNode node = StixJson.mapper().readTree(json);
        o = StixObject.adopt((ObjectNode) node);
      } catch (JsonProcessingException | ClassCastException e) {
        throw new StoreException("stored JSON of " + entry.id() + " does not parse as an object", e);
      }
      object = o;
    }
    return o;
  }

  /** The same version with another object in its place (a transformed copy on its way out). */
  public StoredObject withObject(StixObject replacement) {
    return new StoredObject(replacement, entry);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredObject other && entry.equals(other.entry) && object().equals(other.object());
  }

  @Override
  public int hashCode() {
    return entry.hashCode();
  }

  @Override
  public String toString() {
    return "StoredObject[" + entry + "]";
  }
}
