package org.accord.stix.pattern;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A constant on the right-hand side of a comparison (STIX 2.1 §9.2 constants). Binary, hex and timestamp literals
 * keep their source text, which is also their canonical form, so that records stay value-comparable; the decoded
 * value is one method call away for an evaluator. Equality is therefore textual: {@code t'2020-01-01T00:00:00Z'} and
 * {@code t'2020-01-01T00:00:00.000Z'}, or {@code h'FF'} and {@code h'ff'}, are different literals; an evaluator
 * compares {@code instant()} or {@code bytes()}.
 */
public sealed interface Literal {

  /** True for literals that the ordering operators ({@code < <= > >=}) accept: all but booleans and sets. */
  default boolean isOrderable() {
    return !(this instanceof BooleanLiteral) && !(this instanceof SetLiteral);
  }

  /** A string constant {@code '...'}; {@code value} is the text after escapes ({@code \'}, {@code \\}) are resolved. */
  record StringLiteral(String value) implements Literal {
    public StringLiteral {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return PatternPrinter.quote(value);
    }
  }

  /** An integer constant; the grammar's IntPosLiteral / IntNegLiteral, held in 64 bits. */
  record IntegerLiteral(long value) implements Literal {
    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A float constant such as {@code 7.0}; kept as a decimal so that it prints back exactly as it was written. */
  record FloatLiteral(BigDecimal value) implements Literal {
    public FloatLiteral {
      Objects.requireNonNull(value, "value");
      if (value.scale() <= 0) {
        throw new IllegalArgumentException("a float literal has digits after the point: " + value);
      }
    }

    @Override
    public String toString() {
      return value.toPlainString();
    }
  }

  /** {@code true} or {@code false} (lower case only). */
  record BooleanLiteral(boolean value) implements Literal {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** {@code b'...'}: base64 text of a byte string. */
  record BinaryLiteral(String base64) implements Literal {
    public BinaryLiteral {
      Objects.requireNonNull(base64, "base64");
      String reason = Checks.base64(base64);
      if (reason != null) {
        throw new IllegalArgumentException(reason);
      }
    }

    public byte[] bytes() {
      return Checks.decodeBase64(base64);
    }

    @Override
    public String toString() {
      return "b'" + base64 + "'";
    }
  }

  /** {@code h'...'}: an even number of hex digits. */
  record HexLiteral(String hex) implements Literal {
    public HexLiteral {
      Objects.requireNonNull(hex, "hex");
      String reason = Checks.hex(hex);
      if (reason != null) {
        throw new IllegalArgumentException(reason);
      }
    }

    public byte[] bytes() {
      byte[] out = new byte[hex.length() / 2];
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
      }
      return out;
    }

    @Override
    public String toString() {
      return "h'" + hex + "'";
    }
  }

  /** {@code t'...'}: an RFC 3339 timestamp in UTC ({@code Z}), e.g. {@code t'2016-06-01T00:00:00.123Z'}. */
  record TimestampLiteral(String text) implements Literal {
    public TimestampLiteral {
      Objects.requireNonNull(text, "text");
      String reason = Checks.timestamp(text);
      if (reason != null) {
        throw new IllegalArgumentException(reason);
      }
    }

    /** The instant; a leap second maps to the last nanosecond of its minute. */
    public Instant instant() {
      return Checks.parseTimestamp(text);
    }

    @Override
    public String toString() {
      return "t'" + text + "'";
    }
  }

  /** {@code (a, b, c)}: the right-hand side of IN. Elements are primitive literals, never sets. */
  record SetLiteral(List<Literal> elements) implements Literal {
    public SetLiteral {
      elements = List.copyOf(elements);
      for (Literal e : elements) {
        if (e instanceof SetLiteral) {
          throw new IllegalArgumentException("a set literal cannot contain a set");
        }
      }
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("(");
      for (int i = 0; i < elements.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(elements.get(i));
      }
      return sb.append(')').toString();
    }
  }
}
