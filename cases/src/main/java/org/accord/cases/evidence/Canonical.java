package org.accord.cases.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.accord.ledger.CanonicalJson;

/**
 * The canonical JSON of evidence manifests and custody entries, written by the ledger's one writer
 * ({@link org.accord.ledger.CanonicalJson}; for these values RFC 8785): one value has one byte form, so a hash over the
 * bytes is a hash over the value, and a file that is not in this form has been touched by something other than
 * Accord. Parsed and checked by the ledger's rules too ({@code CanonicalJson}), with the evidence package's own errors.
 */
final class Canonical {
  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Canonical() {}

  static byte[] bytes(Map<String, ?> value) {
    return CanonicalJson.bytes(value);
  }

  /** Parses strictly: valid UTF-8, one JSON object, no duplicate members, nothing after it. */
  static JsonNode parse(byte[] bytes, String what) {
    try {
      return CanonicalJson.parseObject(bytes);
    } catch (IllegalArgumentException e) {
      throw new EvidenceException(what + " is " + e.getMessage());
    }
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String requireHash(String s, String what) {
    if (s == null || !SHA256.matcher(s).matches()) {
      throw new EvidenceException(what + " must be 64 lower-case hex digits (SHA-256), got " + s);
    }
    return s;
  }

  static String requireText(String s, String what) {
    try {
      return CanonicalJson.requireText(s, what);
    } catch (IllegalArgumentException e) {
      throw new EvidenceException(e.getMessage());
    }
  }

  static String time(Instant t) {
    return MILLIS.format(t);
  }

  static Instant requireMillis(Instant t, String what) {
    if (t == null || t.getNano() % 1_000_000 != 0) {
      throw new EvidenceException(what + " must be given with millisecond precision, got " + t);
    }
    return t;
  }

  static String text(JsonNode node, String name, String what) {
    JsonNode v = node.get(name);
    if (v == null || !v.isTextual()) {
      throw new EvidenceException(what + ": member '" + name + "' must be a string");
    }
    return v.textValue();
  }

  static String optionalText(JsonNode node, String name, String what) {
    return node.has(name) ? text(node, name, what) : null;
  }

  static long number(JsonNode node, String name, String what) {
    JsonNode v = node.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new EvidenceException(what + ": member '" + name + "' must be an integer");
    }
    return v.longValue();
  }

  static Instant time(JsonNode node, String name, String what) {
    String s = text(node, name, what);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new EvidenceException(what + ": member '" + name + "' is not an RFC 3339 UTC time: " + s);
    }
  }
}
