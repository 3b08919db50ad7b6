package org.accord.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The ledger's canonical JSON: members sorted by key (UTF-16 order), no whitespace, members whose value is null left
 * out, integers in plain decimal, strings in UTF-8 with only {@code "} and {@code \} escaped (every string member
 * refuses control characters, so no other escape can occur). For the values the ledger writes this coincides with
 * RFC 8785 (JSON Canonicalization Scheme), so a peer can recompute hashes with any JCS library. One value has exactly
 * one byte form: a hash over these bytes is a hash over the value, and a line that is not in this form has been
 * touched by something other than the ledger.
 */
final class Canonical {
  static final String ZERO_HASH = "0".repeat(64);
  private static final Pattern HEX_256 = Pattern.compile("[0-9a-f]{64}");
  // RFC 3339 with exactly three fraction digits, as STIX 2.1 timestamps with millisecond precision.
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  // Stated, not left to defaults: Jackson 3 escapes '/' by default, which would change every hash.
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
          .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .build();
  private static final ObjectMapper READER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Canonical() {}

  /** The canonical bytes of a tree of maps, lists, strings, longs and integers. */
  static byte[] bytes(Map<String, ?> value) {
    var out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (var e : new TreeMap<>(map).entrySet()) {
        if (e.getValue() != null) {
          g.writeFieldName((String) e.getKey());
          write(g, e.getValue());
        }
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long || value instanceof Integer) {
      g.writeNumber(((Number) value).longValue());
    } else {
      throw new IllegalArgumentException("no canonical form for " + value.getClass());
    }
  }

  /**
   * Parses one line strictly: valid UTF-8, one JSON object, no duplicate members, nothing after it.
   *
   * @throws Malformed naming what is wrong
   */
  static JsonNode parse(byte[] line) throws Malformed {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(line))
              .toString();
    } catch (CharacterCodingException e) {
      throw new Malformed("not valid UTF-8");
    }
    try (JsonParser p = READER.createParser(text)) {
      JsonNode node = READER.readTree(p);
      if (node == null || !node.isObject()) {
        throw new Malformed("not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new Malformed("not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256(bytes));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static boolean isHash(String s) {
    return s != null && HEX_256.matcher(s).matches();
  }

  static String requireHash(String s, String what) {
    if (!isHash(s)) {
      throw new IllegalArgumentException(what + " must be 64 lower-case hex digits (SHA-256), got " + s);
    }
    return s;
  }

  static String requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw new IllegalArgumentException(what + " must not contain control characters");
      }
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
      throw new IllegalArgumentException(what + " is not valid Unicode (a lone surrogate)");
    }
    return s;
  }

  static String time(Instant t) {
    return MILLIS.format(t);
  }

  static Instant millis(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }

  /** A line or member that is not what the ledger writes; the message says what. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
