package org.accord.stix.pattern.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import org.accord.stix.Timestamps;
import org.accord.stix.pattern.Literal;

/**
 * A constant of a comparison, decoded once at compile time, that compares itself with a selected property value
 * ({@link JsonNode} or {@code byte[]}; see {@link PathSelector}).
 *
 * <p>Type rules (STIX 2.1 §9.5, §9.2; where the text is silent, as the OASIS reference matcher does):
 *
 * <ul>
 *   <li>integers and floats compare numerically with any JSON number ({@code 7 = 7.0});
 *   <li>strings compare by Unicode code point, case-sensitively;
 *   <li>a timestamp literal t'...' compares with a string property holding a STIX timestamp, as instants;
 *   <li>binary (b'...') and hex (h'...') literals compare bytewise, unsigned, with binary properties; a string and a
 *       binary value compare when every character of the string is below U+0100, each character being one byte,
 *       and are otherwise incomparable;
 *   <li>booleans compare only for equality, with JSON booleans;
 *   <li>anything else is incomparable: {@code =} and every ordering is false (so their NOT forms and {@code !=}
 *       are true).
 * </ul>
 */
sealed interface Operand {

  /** {@code value} compared with this constant: negative, zero or positive; null when they are incomparable. */
  Integer compareFrom(Object value);

  default boolean equalTo(Object value) {
    Integer c = compareFrom(value);
    return c != null && c == 0;
  }

  static Operand of(Literal literal) {
    if (literal instanceof Literal.StringLiteral s) {
      return new Text(s.value());
    } else if (literal instanceof Literal.IntegerLiteral i) {
      return new Number(BigDecimal.valueOf(i.value()));
    } else if (literal instanceof Literal.FloatLiteral f) {
      return new Number(f.value());
    } else if (literal instanceof Literal.BooleanLiteral b) {
      return new Bool(b.value());
    } else if (literal instanceof Literal.BinaryLiteral b) {
      return new Bytes(b.bytes());
    } else if (literal instanceof Literal.HexLiteral h) {
      return new Bytes(h.bytes());
    } else if (literal instanceof Literal.TimestampLiteral t) {
      return new Time(t.instant());
    }
    throw new IllegalArgumentException("a set is not a single operand: " + literal);
  }

  record Text(String text) implements Operand {
    @Override
    public Integer compareFrom(Object value) {
      if (value instanceof JsonNode n && n.isTextual()) {
        return Integer.signum(compareCodePoints(n.asText(), text));
      }
      if (value instanceof byte[] bytes) {
        byte[] mine = latin1(text);
        return mine == null ? null : Integer.signum(Arrays.compareUnsigned(bytes, mine));
      }
      return null;
    }
  }

  record Number(BigDecimal number) implements Operand {
    @Override
    public Integer compareFrom(Object value) {
      if (value instanceof JsonNode n && n.isNumber()) {
        // valueOf(double) reads 7.1 as the decimal 7.1, not as the binary fraction the double holds.
        BigDecimal v = n.isFloatingPointNumber() && !n.isBigDecimal()
            ? BigDecimal.valueOf(n.doubleValue())
            : n.decimalValue();
        return Integer.signum(v.compareTo(number));
      }
      return null;
    }
  }

  record Bool(boolean bool) implements Operand {
    @Override
    public Integer compareFrom(Object value) {
      return value instanceof JsonNode n && n.isBoolean() && n.booleanValue() == bool ? 0 : null;
    }
  }

  record Bytes(byte[] bytes) implements Operand {
    @Override
    public Integer compareFrom(Object value) {
      if (value instanceof byte[] other) {
        return Integer.signum(Arrays.compareUnsigned(other, bytes));
      }
      if (value instanceof JsonNode n && n.isTextual()) {
        byte[] other = latin1(n.asText());
        return other == null ? null : Integer.signum(Arrays.compareUnsigned(other, bytes));
      }
      return null;
    }
  }

  record Time(Instant instant) implements Operand {
    @Override
    public Integer compareFrom(Object value) {
      if (value instanceof JsonNode n && n.isTextual()) {
        try {
          return Integer.signum(Timestamps.parse(n.asText()).instant().compareTo(instant));
        } catch (DateTimeParseException notATimestamp) {
          return null;
        }
      }
      return null;
    }
  }

  /** Code point order, so that characters outside the BMP sort after U+FFFF as in UTF-8 and UTF-32. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** The string as bytes, one per character, or null if a character is U+0100 or above. */
  static byte[] latin1(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0xFF) {
        return null;
      }
      out[i] = (byte) c;
    }
    return out;
  }
}
