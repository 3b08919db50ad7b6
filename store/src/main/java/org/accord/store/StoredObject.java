package org.accord.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
  private final Origin origin;
  private final String clause;
  private volatile byte[] utf8;
  private volatile StixObject object;

  /** A version whose object is already parsed (e.g. a transformed copy), with its origin. */
  public StoredObject(StixObject object, ManifestEntry entry, Origin origin) {
    this(entry, null, object, origin, null);
  }

  private StoredObject(ManifestEntry entry, byte[] utf8, StixObject object, Origin origin, String clause) {
    this.entry = Objects.requireNonNull(entry, "entry");
    if (utf8 == null && object == null) {
      throw new NullPointerException("a stored object needs its JSON or its parsed object");
    }
    this.utf8 = utf8;
    this.object = object;
    this.origin = Objects.requireNonNull(origin, "origin");
    this.clause = clause;
  }

  /**
   * A version as read from the database: its JSON text as UTF-8 bytes (not copied: the caller hands them over),
   * parsed only when {@link #object()} is called.
   */
  public static StoredObject fromJson(ManifestEntry entry, byte[] utf8, Origin origin) {
    return new StoredObject(entry, utf8, null, origin, null);
  }

  public ManifestEntry entry() {
    return entry;
  }

  /** Where this version came from: this node's own, or a party under an agreement. */
  public Origin origin() {
    return origin;
  }

  /**
   * The rulebook clause that released this version on its way out, set by the egress gate ({@link #releasedUnder});
   * empty for a version read from the store. The ledger records it with the transfer.
   */
  public java.util.Optional<String> clause() {
    return java.util.Optional.ofNullable(clause);
  }

  /** The same version, stated to leave under {@code clauseId} (as stored, or as already transformed). */
  public StoredObject releasedUnder(String clauseId) {
    return new StoredObject(entry, utf8, object, origin, Objects.requireNonNull(clauseId, "clauseId"));
  }

  /** The object's compact JSON text. */
  public String json() {
    return new String(jsonUtf8(), StandardCharsets.UTF_8);
  }

  /** The object's compact JSON text as UTF-8 bytes. Shared, not copied: never modify the array. */
  public byte[] jsonUtf8() {
    byte[] b = utf8;
    if (b == null) {
      b = object.toJson().getBytes(StandardCharsets.UTF_8);
      utf8 = b;
    }
    return b;
  }

  /** The parsed object. */
  public StixObject object() {
    StixObject o = object;
    if (o == null) {
      try {
        JsonNode node = StixJson.mapper().readTree(utf8);
        o = StixObject.adopt((ObjectNode) node);
      } catch (IOException | ClassCastException e) {
        throw new StoreException("stored JSON of " + entry.id() + " does not parse as an object", e);
      }
      object = o;
    }
    return o;
  }

  /** The same version with another object in its place (a transformed copy on its way out). */
  public StoredObject withObject(StixObject replacement) {
    return new StoredObject(entry, null, replacement, origin, clause);
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
