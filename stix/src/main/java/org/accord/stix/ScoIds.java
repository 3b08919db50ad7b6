package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Deterministic identifiers of STIX Cyber-observable Objects (STIX 2.1 §2.9): {@code type--UUIDv5(namespace,
 * JCS(contributing properties))} with the STIX namespace {@value #NAMESPACE}. Two producers that see the same
 * observable then mint the same id, which is what lets a node de-duplicate observables across peers.
 *
 * <p>The ID-contributing properties of each SCO type are those listed in the type's "ID Contributing Properties"
 * paragraph of STIX 2.1 §6. For {@code hashes} only one hash enters the id; the choice (MD5, SHA-1, SHA-256, SHA-512,
 * else the first) follows the OASIS reference implementation (cti-python-stix2), so ids agree with it.
 */
public final class ScoIds {
  /** The UUIDv5 namespace of STIX 2.1 §2.9. */
  public static final String NAMESPACE = "00abedb4-aa42-466c-9c01-fed23315a9b7";

  private static final byte[] NAMESPACE_BYTES = uuidBytes(UUID.fromString(NAMESPACE));
  private static final List<String> HASH_PREFERENCE = List.of("MD5", "SHA-1", "SHA-256", "SHA-512");

  /** STIX 2.1 §6, per SCO type. Types absent here (process) have none and use UUIDv4. */
  private static final Map<String, List<String>> CONTRIBUTING =
      Map.ofEntries(
          Map.entry("artifact", List.of("hashes", "payload_bin")),
          Map.entry("autonomous-system", List.of("number")),
          Map.entry("directory", List.of("path")),
          Map.entry("domain-name", List.of("value")),
          Map.entry("email-addr", List.of("value")),
          Map.entry("email-message", List.of("from_ref", "subject", "body")),
          Map.entry("file", List.of("hashes", "name", "extensions", "parent_directory_ref")),
          Map.entry("ipv4-addr", List.of("value")),
          Map.entry("ipv6-addr", List.of("value")),
          Map.entry("mac-addr", List.of("value")),
          Map.entry("mutex", List.of("name")),
          Map.entry(
              "network-traffic",
              List.of("start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions")),
          Map.entry("software", List.of("name", "cpe", "swid", "vendor", "version")),
          Map.entry("url", List.of("value")),
          Map.entry("user-account", List.of("account_type", "user_id", "account_login")),
          Map.entry("windows-registry-key", List.of("key", "values")),
          Map.entry("x509-certificate", List.of("hashes", "serial_number")));

  /** One digest per thread: getInstance is a provider lookup, too slow to repeat for every SCO validated. */
  private static final ThreadLocal<MessageDigest> SHA1 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JDK has SHA-1", e);
            }
          });

  private ScoIds() {}

  /** The ID-contributing property names of an SCO type; empty for types that have none or are not SCOs. */
  public static List<String> contributingProperties(String type) {
    return CONTRIBUTING.getOrDefault(type, List.of());
  }

  /**
   * The deterministic id of {@code sco}: empty when its type has no ID-contributing properties or none of them is
   * present (then STIX 2.1 §2.9 asks for a UUIDv4).
   */
  public static Optional<String> deterministicId(ObjectNode sco) {
    JsonNode type = sco.get("type");
    if (type == null || !type.isTextual()) {
      return Optional.empty();
    }
    List<String> names = CONTRIBUTING.get(type.textValue());
    if (names == null) {
      return Optional.empty();
    }
    ObjectNode contributing = JsonNodeFactory.instance.objectNode();
    for (String name : names) {
      JsonNode v = sco.get(name);
      if (v == null) {
        continue;
      }
      if (name.equals("hashes")) {
        v = oneHash(v);
        if (v == null) {
          continue;
        }
      }
      contributing.set(name, v);
    }
    if (contributing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(type.textValue() + "--" + uuid5(Jcs.canonicalize(contributing)));
  }

  /** RFC 4122 §4.3 name-based UUID, SHA-1, in the STIX namespace. */
  static UUID uuid5(String name) {
    return uuid5(NAMESPACE_BYTES, name);
  }

  /**
   * RFC 4122 §4.3 name-based UUID (version 5, SHA-1) of {@code name} in {@code namespace}: for producers that want
   * the same id for the same thing every time (a sensor re-reading a file must not invent new objects).
   */
  public static UUID uuid5(UUID namespace, String name) {
    return uuid5(uuidBytes(namespace), name);
  }

  private static UUID uuid5(byte[] namespace, String name) {
    MessageDigest sha1 = SHA1.get();
    sha1.reset();
    sha1.update(namespace);
    byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
    h[8] = (byte) ((h[8] & 0x3f) | 0x80); // RFC 4122 variant
    ByteBuffer bb = ByteBuffer.wrap(h, 0, 16);
    return new UUID(bb.getLong(), bb.getLong());
  }

  private static JsonNode oneHash(JsonNode hashes) {
    if (!hashes.isObject() || hashes.isEmpty()) {
      return null;
    }
    for (String algo : HASH_PREFERENCE) {
      JsonNode v = hashes.get(algo);
      if (v != null) {
        return JsonNodeFactory.instance.objectNode().set(algo, v);
      }
    }
    String first = hashes.fieldNames().next();
    return JsonNodeFactory.instance.objectNode().set(first, hashes.get(first));
  }

  private static byte[] uuidBytes(UUID u) {
    return ByteBuffer.allocate(16)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }
}
