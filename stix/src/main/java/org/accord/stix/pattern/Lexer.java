package org.accord.stix.pattern;

/**
 * Splits pattern text into tokens on demand, so that the first error in reading order is the one reported. It
 * follows the lexer rules of the STIX 2.1 patterning grammar (STIX 2.1 §9 and its normative ANTLR grammar):
 * whitespace and {@code /* *}{@code /} and {@code //} comments are skipped; string literals allow only the escapes
 * {@code \'} and {@code \\}; typed literals {@code b'..'}, {@code h'..'}, {@code t'..'} are checked here, where their
 * position is known.
 */
final class Lexer {

  enum Kind {
    LBRACKET, RBRACKET, LPAREN, RPAREN, COLON, DOT, COMMA, STAR,
    EQ, NEQ, LT, LE, GT, GE,
    WORD, STRING, INT, FLOAT, BINARY, HEX, TIMESTAMP, EOF
  }

  /**
   * A token: its kind, source text, start offset, and for literals the value (the unescaped string, or the text
   * between the quotes of a typed literal).
   */
  record Token(Kind kind, String text, int start, String value) {
    boolean isWord(String word) {
      return kind == Kind.WORD && text.equals(word);
    }

    /** For messages: "end of pattern" or the token text in quotes (shortened when long). */
    String describe() {
      if (kind == Kind.EOF) {
        return "end of pattern";
      }
      String t = text.length() > 40 ? text.substring(0, 37) + "..." : text;
      return "'" + t + "'";
    }
  }

  private final String src;
  private int pos;

  Lexer(String src) {
    this.src = src;
  }

  Token next() throws PatternException {
    skipSpaceAndComments();
    int start = pos;
    if (pos >= src.length()) {
      return new Token(Kind.EOF, "", start, null);
    }
    char c = src.charAt(pos);
    switch (c) {
      case '[':
        return single(Kind.LBRACKET);
      case ']':
        return single(Kind.RBRACKET);
      case '(':
        return single(Kind.LPAREN);
      case ')':
        return single(Kind.RPAREN);
      case ':':
        return single(Kind.COLON);
      case ',':
        return single(Kind.COMMA);
      case '*':
        return single(Kind.STAR);
      case '=':
        return op(src.startsWith("==", pos) ? 2 : 1, Kind.EQ); // the grammar admits '==' for '='
      case '!':
        if (src.startsWith("!=", pos)) {
          return op(2, Kind.NEQ);
        }
        throw new PatternException(start, "unexpected '!': did you mean '!='?");
      case '<':
        if (src.startsWith("<=", pos)) {
          return op(2, Kind.LE);
        }
        return src.startsWith("<>", pos) ? op(2, Kind.NEQ) : op(1, Kind.LT); // the grammar admits '<>' for '!='
      case '>':
        return src.startsWith(">=", pos) ? op(2, Kind.GE) : op(1, Kind.GT);
      case '\'':
        return string();
      default:
        break;
    }
    if (isDigit(c) || c == '.' && isDigitAt(pos + 1) || (c == '+' || c == '-') && startsNumber(pos + 1)) {
      return number();
    }
    if (c == '.') {
      return single(Kind.DOT);
    }
    if (isIdentStart(c)) {
      return word();
    }
    throw new PatternException(start, "unexpected character " + printable(c));
  }

  private void skipSpaceAndComments() throws PatternException {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        pos++;
      } else if (src.startsWith("/*", pos)) {
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
          throw new PatternException(pos, "unterminated comment: '/*' without '*/'");
        }
        pos = end + 2;
      } else if (src.startsWith("//", pos)) {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private Token single(Kind kind) {
    return op(1, kind);
  }

  private Token op(int length, Kind kind) {
    int start = pos;
    pos += length;
    return new Token(kind, src.substring(start, pos), start, null);
  }

  private Token string() throws PatternException {
    int start = pos;
    StringBuilder value = new StringBuilder();
    pos++; // opening quote
    while (true) {
      if (pos >= src.length()) {
        throw new PatternException(start, "unterminated string literal");
      }
      char c = src.charAt(pos);
      if (c == '\'') {
        pos++;
        return new Token(Kind.STRING, src.substring(start, pos), start, value.toString());
      }
      if (c == '\\') {
        char e = pos + 1 < src.length() ? src.charAt(pos + 1) : 0;
        if (e != '\'' && e != '\\') {
          String shown = pos + 1 < src.length() ? "'\\" + e + "'" : "'\\' at the end";
          throw new PatternException(
              pos,
              "invalid escape " + shown + " in string literal: only \\' and \\\\ are allowed (STIX 2.1 §9.2)");
        }
        value.append(e);
        pos += 2;
      } else {
        value.append(c);
        pos++;
      }
    }
  }

  private Token number() throws PatternException {
    int start = pos;
    if (src.charAt(pos) == '+' || src.charAt(pos) == '-') {
      pos++;
    }
    int intStart = pos;
    while (isDigitAt(pos)) {
      pos++;
    }
    int intDigits = pos - intStart;
    boolean isFloat = false;
    if (pos < src.length() && src.charAt(pos) == '.') {
      isFloat = true;
      pos++;
      int fracStart = pos;
      while (isDigitAt(pos)) {
        pos++;
      }
      if (pos == fracStart) {
        throw new PatternException(start, "float literal '" + src.substring(start, pos) + "' needs digits after '.'");
      }
    }
    String text = src.substring(start, pos);
    if (!isFloat && intDigits > 1 && src.charAt(intStart) == '0') {
      throw new PatternException(start, "integer literal '" + text + "' must not have a leading zero");
    }
    return new Token(isFloat ? Kind.FLOAT : Kind.INT, text, start, null);
  }

  private Token word() throws PatternException {
    int start = pos;
    pos++;
    while (pos < src.length() && (isIdentPart(src.charAt(pos)))) {
      pos++;
    }
    String text = src.substring(start, pos);
    if (pos < src.length() && src.charAt(pos) == '\'' && text.length() == 1) {
      switch (text) {
        case "b":
          return typed(start, Kind.BINARY);
        case "h":
          return typed(start, Kind.HEX);
        case "t":
          return typed(start, Kind.TIMESTAMP);
        default:
          break;
      }
    }
    return new Token(Kind.WORD, text, start, null);
  }

  /** b'..', h'..' or t'..': no escapes inside, the content is checked against its own rule. */
  private Token typed(int start, Kind kind) throws PatternException {
    int close = src.indexOf('\'', start + 2);
    String what = kind == Kind.BINARY ? "binary" : kind == Kind.HEX ? "hex" : "timestamp";
    if (close < 0) {
      throw new PatternException(start, "unterminated " + what + " literal");
    }
    String content = src.substring(start + 2, close);
    String reason =
        kind == Kind.BINARY
            ? Checks.base64(content)
            : kind == Kind.HEX ? Checks.hex(content) : Checks.timestamp(content);
    if (reason != null) {
      throw new PatternException(start, reason);
    }
    pos = close + 1;
    return new Token(kind, src.substring(start, pos), start, content);
  }

  private boolean startsNumber(int i) {
    return isDigitAt(i) || i < src.length() && src.charAt(i) == '.' && isDigitAt(i + 1);
  }

  private boolean isDigitAt(int i) {
    return i < src.length() && isDigit(src.charAt(i));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c) || c == '-';
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
