package org.accord.stix.pattern;

/**
 * Comparison operators that relate an object path to a constant (STIX 2.1 §9.5). EXISTS takes no constant and is
 * modelled as {@link ComparisonExpression.Exists} instead. Any of these may be preceded by NOT.
 */
public enum Operator {
  EQUAL("="),
  NOT_EQUAL("!="),
  LESS_THAN("<"),
  LESS_THAN_OR_EQUAL("<="),
  GREATER_THAN(">"),
  GREATER_THAN_OR_EQUAL(">="),
  IN("IN"),
  LIKE("LIKE"),
  MATCHES("MATCHES"),
  ISSUBSET("ISSUBSET"),
  ISSUPERSET("ISSUPERSET");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The canonical spelling in pattern text. */
  public String symbol() {
    return symbol;
  }

  boolean isOrdering() {
    return this == LESS_THAN
        || this == LESS_THAN_OR_EQUAL
        || this == GREATER_THAN
        || this == GREATER_THAN_OR_EQUAL;
  }

  /** LIKE, MATCHES, ISSUBSET and ISSUPERSET take a string constant only (STIX 2.1 §9.5). */
  boolean needsString() {
    return this == LIKE || this == MATCHES || this == ISSUBSET || this == ISSUPERSET;
  }

  /**
   * Why {@code value} cannot be the right-hand side of this operator, or null if it can. Shared by the parser (with a
   * position) and {@link ComparisonExpression.Comparison} (as an invariant).
   */
  String rejects(Literal value) {
    if (this == IN) {
      return value instanceof Literal.SetLiteral
          ? null
          : "IN needs a set literal such as ('a', 'b'), found " + kind(value);
    }
    if (value instanceof Literal.SetLiteral) {
      return "'" + symbol + "' compares with a single value, not a set (use IN for a set)";
    }
    if (isOrdering() && !value.isOrderable()) {
      return "'" + symbol + "' needs an orderable value (number, string, timestamp, binary or hex), found "
          + kind(value);
    }
    if (needsString()) {
      if (!(value instanceof Literal.StringLiteral s)) {
        return symbol + " needs a string literal, found " + kind(value);
      }
      if (this == MATCHES) {
        try {
          java.util.regex.Pattern.compile(s.value());
        } catch (java.util.regex.PatternSyntaxException e) {
          // STIX 2.1 §9.5 names PCRE; java.util.regex is close to it, and a pattern it cannot compile is rejected.
          return "MATCHES regular expression " + s + " does not compile: " + e.getDescription();
        }
      }
      if ((this == ISSUBSET || this == ISSUPERSET) && !Checks.isIpOrCidr(s.value())) {
        return symbol + " needs an IPv4 or IPv6 address or CIDR range such as '198.51.100.0/24', found " + s;
      }
    }
    return null;
  }

  static String kind(Literal value) {
    if (value instanceof Literal.StringLiteral) {
      return "a string";
    } else if (value instanceof Literal.IntegerLiteral) {
      return "an integer";
    } else if (value instanceof Literal.FloatLiteral) {
      return "a float";
    } else if (value instanceof Literal.BooleanLiteral) {
      return "a boolean";
    } else if (value instanceof Literal.BinaryLiteral) {
      return "a binary literal";
    } else if (value instanceof Literal.HexLiteral) {
      return "a hex literal";
    } else if (value instanceof Literal.TimestampLiteral) {
      return "a timestamp";
    }
    return "a set";
  }
}
