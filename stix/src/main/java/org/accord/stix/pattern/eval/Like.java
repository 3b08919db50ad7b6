package org.accord.stix.pattern.eval;

import java.util.regex.Pattern;

/** SQL LIKE (STIX 2.1 §9.5): {@code %} is any run of characters, {@code _} exactly one; the whole value must match. */
final class Like {
  private Like() {}

  static Pattern toRegex(String like) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < like.length(); ) {
      int c = like.codePointAt(i);
      i += Character.charCount(c);
      if (c == '%' || c == '_') {
        regex.append(Pattern.quote(literal.toString()));
        literal.setLength(0);
        regex.append(c == '%' ? ".*" : ".");
      } else {
        literal.appendCodePoint(c);
      }
    }
    regex.append(Pattern.quote(literal.toString()));
    // DOTALL: a wildcard also matches line breaks, as in SQL. '.' is one code point, so '_' is one character.
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
