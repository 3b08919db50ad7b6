package org.accord.sensor.index;

import java.net.IDN;
import java.nio.charset.StandardCharsets;

/**
 * Normal forms of the text keys, shared by indexing and lookup so that both sides agree: domains lower case, without
 * a trailing dot, internationalised names in their ASCII (punycode) form (RFC 5890); URLs with scheme and host lower
 * case and the rest exact; e-mail addresses lower case as a whole (mail systems treat the local part so in
 * practice, although RFC 5321 §2.4 lets a host tell case apart); hashes lower-case hex of the algorithm's length.
 * Keys are Latin-1 in {@link TextTable}; a character above U+00FF is percent-encoded as UTF-8, on both sides.
 */
final class Text {
  static final int DOMAIN = 0;
  static final int URL = 1;
  static final int EMAIL = 2;
  static final int MD5 = 3;
  static final int SHA1 = 4;
  static final int SHA256 = 5;
  static final int SHA512 = 6;
  static final int FAMILIES = 7;
  private static final int[] HEX_LENGTH = {0, 0, 0, 32, 40, 64, 128};
  static final String[] NAMES = {"domain", "url", "email", "MD5", "SHA-1", "SHA-256", "SHA-512"};

  private Text() {}

  /** The family of a hash algorithm name (STIX 2.1 §10.7 hashing-algorithm-ov, with or without the dash); -1. */
  static int hashFamily(String algorithm) {
    if (algorithm.equalsIgnoreCase("SHA-256") || algorithm.equalsIgnoreCase("SHA256")) {
      return SHA256;
    } else if (algorithm.equalsIgnoreCase("MD5")) {
      return MD5;
    } else if (algorithm.equalsIgnoreCase("SHA-1") || algorithm.equalsIgnoreCase("SHA1")) {
      return SHA1;
    } else if (algorithm.equalsIgnoreCase("SHA-512") || algorithm.equalsIgnoreCase("SHA512")) {
      return SHA512;
    }
    return -1;
  }

  /** The normal form of a domain name, or null when it has none (empty, or invalid as an IDN). */
  static String domainKey(String s) {
    String d = s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    if (d.isEmpty()) {
      return null;
    }
    if (!isAscii(d)) {
      try {
        d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return asciiLower(d, d.length());
  }

  static String urlKey(String s) {
    String u = escape(s);
    int fold = urlFoldEnd(u);
    return asciiLower(u, fold);
  }

  static String emailKey(String s) {
    String e = escape(s);
    return asciiLower(e, e.length());
  }

  /** Lower-case hex of the family's length, or null. */
  static String hashKey(int family, String hex) {
    if (hex.length() != HEX_LENGTH[family]) {
      return null;
    }
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        return null;
      }
    }
    return asciiLower(hex, hex.length());
  }

  /** Where the case-insensitive part of a URL (scheme and authority, RFC 3986 §6.2.2.1) ends. */
  static int urlFoldEnd(CharSequence u) {
    int n = u.length();
    int i = 0;
    for (int k = 0; k + 2 < n; k++) {
      char c = u.charAt(k);
      if (c == ':' && u.charAt(k + 1) == '/' && u.charAt(k + 2) == '/') {
        i = k + 3;
        break;
      }
      if (c == '/' || c == '?' || c == '#') {
        break;
      }
    }
    while (i < n) {
      char c = u.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return i;
      }
      i++;
    }
    return n;
  }

  /** {@code s} with ASCII upper case folded below {@code end}: exactly what {@link TextTable} folds on lookup. */
  static String asciiLower(String s, int end) {
    char[] c = s.toCharArray();
    for (int i = 0; i < end; i++) {
      if (c[i] >= 'A' && c[i] <= 'Z') {
        c[i] += 'a' - 'A';
      }
    }
    return new String(c);
  }

  static boolean isAscii(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  static boolean needsEscape(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xff) {
        return true;
      }
    }
    return false;
  }

  /** {@code s} with every code point above U+00FF percent-encoded as UTF-8. */
  static String escape(String s) {
    if (!needsEscape(s)) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    s.codePoints()
        .forEach(
            cp -> {
              if (cp <= 0xff) {
                sb.append((char) cp);
              } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                  sb.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                }
              }
            });
    return sb.toString();
  }
}
