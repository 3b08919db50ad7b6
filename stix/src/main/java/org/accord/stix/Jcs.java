package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON Canonicalization Scheme (RFC 8785), as STIX 2.1 §2.9 requires for deterministic SCO identifiers.
 *
 * <p>Members sorted by UTF-16 code units (§3.2.3, which is exactly {@link String#compareTo}), no whitespace, strings
 * escaped minimally (§3.2.2.2), numbers as IEEE-754 doubles printed the ECMAScript way (§3.2.2.3). Limitation: the
 * shortest round-trip digits come from {@link Double#toString}, which on Java 17 is not always the shortest for
 * some doubles (JDK-4511638, fixed in Java 19); STIX ID-contributing properties are nearly all strings and integers,
 * so this does not matter in practice.
 */
public final class Jcs {
  private Jcs() {}

  /** The RFC 8785 canonical text of {@code node}. */
  public static String canonicalize(JsonNode node) {
    StringBuilder sb = new StringBuilder(64);
    write(node, sb);
    return sb.toString();
  }

  static void write(JsonNode node, StringBuilder sb) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, sb);
      case ARRAY -> {
        sb.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(node.get(i), sb);
        }
        sb.append(']');
      }
      case STRING -> writeString(node.textValue(), sb);
      case NUMBER -> sb.append(number(node.doubleValue()));
      case BOOLEAN -> sb.append(node.booleanValue());
      case NULL -> sb.append("null");
      default -> throw new IllegalArgumentException("not JSON data: " + node.getNodeType());
    }
  }

  private static void writeObject(JsonNode node, StringBuilder sb) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      members.add(it.next());
    }
    members.sort(Map.Entry.comparingByKey());
    sb.append('{');
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      writeString(members.get(i).getKey(), sb);
      sb.append(':');
      write(members.get(i).getValue(), sb);
    }
    sb.append('}');
  }

  static void writeString(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** ECMAScript Number.prototype.toString for a finite double (RFC 8785 §3.2.2.3). */
  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("RFC 8785 has no representation for " + d);
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int k = digits.length();
    int n = k - bd.scale(); // decimal point position relative to the digits (ECMA-262 "n")
    StringBuilder sb = new StringBuilder(24);
    if (d < 0) {
      sb.append('-');
    }
    if (k <= n && n <= 21) {
      sb.append(digits);
      sb.append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int e = n - 1;
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return sb.toString();
  }
}
