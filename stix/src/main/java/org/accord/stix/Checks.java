package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.accord.stix.Vocabularies.Vocab;

/**
 * The value checks of STIX 2.1 property types (§2: boolean, integer, float, string, timestamp, identifier, list,
 * dictionary, hashes, hex, binary, open vocabulary, enumeration) and a few value syntaxes (IP and MAC addresses,
 * language tags). Each factory returns a {@link Check} built once into the type table.
 */
final class Checks {
  private Checks() {}

  static final Check STRING =
      (v, p, f) -> {
        if (!v.isTextual()) {
          typeError(v, p, f, "a string");
        }
      };

  static final Check BOOLEAN =
      (v, p, f) -> {
        if (!v.isBoolean()) {
          typeError(v, p, f, "a boolean");
        }
      };

  static final Check INTEGER = integer(Long.MIN_VALUE, Long.MAX_VALUE, "value-range");

  static final Check NON_NEGATIVE = integer(0, Long.MAX_VALUE, "value-range");

  static final Check FLOAT =
      (v, p, f) -> {
        if (!v.isNumber()) {
          typeError(v, p, f, "a number");
        }
      };

  /** STIX timestamp (§3.2): RFC 3339, UTC, 'Z'. */
  static final Check TIMESTAMP =
      (v, p, f) -> {
        if (!v.isTextual()) {
          typeError(v, p, f, "a timestamp string");
          return;
        }
        try {
          Timestamps.parse(v.textValue());
        } catch (DateTimeParseException e) {
          f.error(p, "timestamp-format", e.getMessage() + ": '" + v.textValue() + "'");
        }
      };

  /** {@code created}/{@code modified} (§3.2): a timestamp with at least millisecond precision. */
  static final Check TIMESTAMP_MILLIS =
      (v, p, f) -> {
        if (!v.isTextual()) {
          typeError(v, p, f, "a timestamp string");
          return;
        }
        try {
          if (Timestamps.parse(v.textValue()).fractionDigits() < 3) {
            f.error(p, "timestamp-precision", "must have at least millisecond precision: '" + v.textValue() + "'");
          }
        } catch (DateTimeParseException e) {
          f.error(p, "timestamp-format", e.getMessage() + ": '" + v.textValue() + "'");
        }
      };

  /** binary (§2.2): base64 (RFC 4648 §4). */
  static final Check BINARY =
      (v, p, f) -> {
        if (!v.isTextual()) {
          typeError(v, p, f, "a base64 string");
          return;
        }
        try {
          Base64.getDecoder().decode(v.textValue());
        } catch (IllegalArgumentException e) {
          f.error(p, "binary-format", "not base64 (RFC 4648): " + e.getMessage());
        }
      };

  /** hex (§2.6): an even number of hexadecimal characters. */
  static final Check HEX =
      (v, p, f) -> {
        if (!v.isTextual()) {
          typeError(v, p, f, "a hex string");
          return;
        }
        String s = v.textValue();
        if (s.length() % 2 != 0 || !isHex(s)) {
          f.error(p, "hex-format", "must be an even number of hex characters: '" + s + "'");
        }
      };

  /** Any identifier, whatever the type it points to. */
  static final Check IDENTIFIER = ref();

  /** An RFC 5646 language tag, checked for shape only: alphanumeric subtags of 1..8, the first alphabetic. */
  static final Check LANGUAGE_TAG =
      (v, p, f) -> {
        if (!v.isTextual()) {
          typeError(v, p, f, "a language tag");
        } else if (!isLanguageTag(v.textValue())) {
          f.error(p, "language-tag", "not an RFC 5646 language tag: '" + v.textValue() + "'");
        }
      };

  static Check integer(long min, long max, String rangeRule) {
    return (v, p, f) -> {
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        typeError(v, p, f, "an integer");
      } else if (v.longValue() < min || v.longValue() > max) {
        f.error(p, rangeRule, "must be in " + min + ".." + max + ", was " + v.longValue());
      }
    };
  }

  static Check number(double min, double max) {
    return (v, p, f) -> {
      if (!v.isNumber()) {
        typeError(v, p, f, "a number");
      } else if (v.doubleValue() < min || v.doubleValue() > max) {
        f.error(p, "value-range", "must be in " + min + ".." + max + ", was " + v.asText());
      }
    };
  }

  /** A string that SHOULD be from an open vocabulary or MUST be from an enumeration. */
  static Check vocab(Vocab vocab) {
    return (v, p, f) -> {
      if (!v.isTextual()) {
        typeError(v, p, f, "a string from " + vocab.name());
      } else if (!vocab.values().contains(v.textValue())) {
        if (vocab.open()) {
          f.warn(p, "vocabulary", "'" + v.textValue() + "' is not in the open vocabulary " + vocab.name());
        } else {
          f.error(p, "enumeration", "'" + v.textValue() + "' is not a value of " + vocab.name());
        }
      }
    };
  }

  /** A non-empty list of values each passing {@code item} (§2.8: lists MUST NOT be empty). */
  static Check list(Check item) {
    return (v, p, f) -> {
      if (!v.isArray()) {
        typeError(v, p, f, "a list");
        return;
      }
      if (v.isEmpty()) {
        f.error(p, "empty-list", "a list must have at least one item");
      }
      for (int i = 0; i < v.size(); i++) {
        JsonNode item0 = v.get(i);
        String ip = p + "[" + i + "]";
        if (item0.isNull()) {
          f.error(ip, "property-type", "null is not a STIX value");
        } else {
          item.check(item0, ip, f);
        }
      }
    };
  }

  /** An embedded object checked against {@code spec}. */
  static Check object(Spec spec) {
    return (v, p, f) -> {
      if (!v.isObject()) {
        typeError(v, p, f, "an object (" + spec.name() + ")");
        return;
      }
      spec.checkMembers((ObjectNode) v, p, f);
    };
  }

  /** A dictionary (§2.5) whose values pass {@code value}. */
  static Check dictionary(Check value) {
    return (v, p, f) -> {
      if (!v.isObject()) {
        typeError(v, p, f, "a dictionary");
        return;
      }
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        String kp = p + "." + e.getKey();
        dictionaryKey(e.getKey(), kp, f);
        value.check(e.getValue(), kp, f);
      }
    };
  }

  static final Check DICTIONARY = dictionary(Check.ANY);

  /**
   * hashes (§2.5 and hashing-algorithm-ov §10.7): a non-empty dictionary of hash strings; keys SHOULD come from the
   * vocabulary; for the vocabulary's fixed-length algorithms the value MUST be hex of that length.
   */
  static final Check HASHES =
      (v, p, f) -> {
        if (!v.isObject()) {
          typeError(v, p, f, "a hashes dictionary");
          return;
        }
        if (v.isEmpty()) {
          f.error(p, "empty-dictionary", "hashes must have at least one entry");
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
          String algo = e.getKey();
          String kp = p + "." + algo;
          dictionaryKey(algo, kp, f);
          if (!e.getValue().isTextual()) {
            typeError(e.getValue(), kp, f, "a hash string");
            continue;
          }
          int hexLength = hashHexLength(algo);
          String h = e.getValue().textValue();
          if (hexLength > 0 && (h.length() != hexLength || !isHex(h))) {
            f.error(kp, "hash-value", algo + " must be " + hexLength + " hex characters, was '" + h + "'");
          } else if (hexLength == 0 && !Vocabularies.HASHING_ALGORITHM.values().contains(algo)) {
            f.warn(kp, "vocabulary", "'" + algo + "' is not in hashing-algorithm-ov");
          }
        }
      };

  /**
   * A reference (§2.7 identifier) to an object of one of {@code targets}: type names, or the kind tokens {@code
   * SDO}, {@code SRO}, {@code SCO}, which also admit custom types (their kind cannot be known). No targets: any
   * identifier.
   */
  static Check ref(String... targets) {
    Set<String> types = new HashSet<>();
    Set<Kind> kinds = new HashSet<>();
    for (String t : targets) {
      switch (t) {
        case "SDO" -> kinds.add(Kind.SDO);
        case "SRO" -> kinds.add(Kind.SRO);
        case "SCO" -> kinds.add(Kind.SCO);
        default -> types.add(t);
      }
    }
    String expected = targets.length == 0 ? "any" : String.join(" | ", Arrays.asList(targets));
    return (v, p, f) -> {
      if (!v.isTextual()) {
        typeError(v, p, f, "an identifier");
        return;
      }
      String id = v.textValue();
      if (!Identifiers.isIdentifier(id)) {
        f.error(p, "id-format", "not an identifier 'type--UUID' (RFC 4122): '" + id + "'");
        return;
      }
      if (targets.length == 0) {
        return;
      }
      String type = Identifiers.typeOf(id);
      Kind kind = Kind.of(type);
      boolean ok =
          types.contains(type) || (kind != null ? kinds.contains(kind) : !kinds.isEmpty());
      if (!ok) {
        f.error(p, "reference-type", "must refer to " + expected + ", refers to a " + type);
      }
    };
  }

  static final Check IPV4 =
      (v, p, f) -> {
        if (!v.isTextual()) {
          typeError(v, p, f, "an IPv4 address");
        } else if (!Addresses.isIpv4(v.textValue())) {
          f.error(p, "ipv4-format", "not an IPv4 address or CIDR block: '" + v.textValue() + "'");
        }
      };

  static final Check IPV6 =
      (v, p, f) -> {
        if (!v.isTextual()) {
          typeError(v, p, f, "an IPv6 address");
        } else if (!Addresses.isIpv6(v.textValue())) {
          f.error(p, "ipv6-format", "not an IPv6 address or CIDR block: '" + v.textValue() + "'");
        }
      };

  /** mac-addr value (§6.10): single colon-delimited, lowercase MAC-48. */
  static final Check MAC =
      (v, p, f) -> {
        if (!v.isTextual()) {
          typeError(v, p, f, "a MAC address");
        } else if (!Addresses.isMac48(v.textValue())) {
          f.error(p, "mac-format", "must be lowercase, colon-delimited MAC-48: '" + v.textValue() + "'");
        }
      };

  /**
   * Custom property names (STIX 2.1 §11.1): MUST be 3..250 characters of a–z, 0–9 and '_'; SHOULD start with
   * "x_" (a warning, not an error).
   */
  static void customPropertyName(String name, String path, Findings f) {
    if (!isPropertyName(name)) {
      f.error(path, "custom-property-name",
          "'" + name + "' is neither a property of this object nor a valid custom property name "
              + "(3..250 characters of a-z, 0-9, _)");
    } else if (!name.startsWith("x_")) {
      f.warn(path, "custom-property-name", "custom property '" + name + "' should start with 'x_'");
    }
  }

  static boolean isPropertyName(String name) {
    int len = name.length();
    if (len < 3 || len > 250) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Dictionary keys (§2.5): ASCII letters, digits, '_' and '-', at most 250 characters. */
  static void dictionaryKey(String key, String path, Findings f) {
    boolean ok = !key.isEmpty() && key.length() <= 250;
    for (int i = 0; ok && i < key.length(); i++) {
      char c = key.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
    if (!ok) {
      f.error(path, "dictionary-key", "dictionary keys must be 1..250 of a-z, A-Z, 0-9, '_', '-': '" + key + "'");
    }
  }

  static void typeError(JsonNode v, String p, Findings f, String expected) {
    f.error(p, "property-type", "must be " + expected + ", found " + v.getNodeType().name().toLowerCase());
  }

  static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static int hashHexLength(String algo) {
    return switch (algo) {
      case "MD5" -> 32;
      case "SHA-1" -> 40;
      case "SHA-256", "SHA3-256" -> 64;
      case "SHA-512", "SHA3-512" -> 128;
      default -> 0;
    };
  }

  private static boolean isLanguageTag(String s) {
    int start = 0;
    boolean first = true;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '-') {
        int len = i - start;
        if (len < 1 || len > 8) {
          return false;
        }
        start = i + 1;
        first = false;
        continue;
      }
      char c = s.charAt(i);
      boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!(alpha || (!first && c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
