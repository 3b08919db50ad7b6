package org.accord.stix;

/**
 * Syntax of STIX identifiers {@code type--UUID} (STIX 2.1 §2.7) and type names (§3.1, §11.2), without regular
 * expressions: this runs for every id and every reference of every object.
 */
final class Identifiers {
  private static final int UUID_LENGTH = 36;

  private Identifiers() {}

  /** A type name: 3..250 characters of a–z, 0–9 and '-', not starting or ending with '-', no "--" (§11.2). */
  static boolean isTypeName(String s, int from, int to) {
    int len = to - from;
    if (len < 3 || len > 250 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok || (c == '-' && s.charAt(i - 1) == '-')) {
        return false;
      }
    }
    return true;
  }

  static boolean isTypeName(String s) {
    return isTypeName(s, 0, s.length());
  }

  /** Index of the "--" separating type and UUID, or -1 when {@code id} does not end in {@code --} + 36 chars. */
  static int separator(String id) {
    int sep = id.length() - UUID_LENGTH - 2;
    return sep > 0 && id.charAt(sep) == '-' && id.charAt(sep + 1) == '-' ? sep : -1;
  }

  /** Whether {@code id} is {@code type--UUID} with an RFC 4122 UUID (any case) and a valid type name. */
  static boolean isIdentifier(String id) {
    int sep = separator(id);
    return sep > 0 && isTypeName(id, 0, sep) && uuidVersion(id, sep + 2) > 0;
  }

  /** The type part of a well-formed identifier. */
  static String typeOf(String id) {
    return id.substring(0, separator(id));
  }

  /**
   * The version of the RFC 4122 UUID starting at {@code from} (1..8), or -1 when the text there is not a UUID of the
   * RFC 4122 variant (8-4-4-4-12 hex digits, variant bits 10).
   */
  static int uuidVersion(String s, int from) {
    if (s.length() - from != UUID_LENGTH) {
      return -1;
    }
    for (int i = 0; i < UUID_LENGTH; i++) {
      char c = s.charAt(from + i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return -1;
        }
      } else if (Character.digit(c, 16) < 0) {
        return -1;
      }
    }
    int version = Character.digit(s.charAt(from + 14), 16);
    int variant = Character.digit(s.charAt(from + 19), 16);
    return version >= 1 && version <= 8 && variant >= 8 && variant <= 11 ? version : -1;
  }

  /** Whether the UUID part has uppercase hex digits (allowed on input by RFC 4122 §3, but not canonical). */
  static boolean hasUppercase(String id) {
    for (int i = separator(id) + 2; i < id.length(); i++) {
      if (id.charAt(i) >= 'A' && id.charAt(i) <= 'F') {
        return true;
      }
    }
    return false;
  }
}
