package org.accord.stix;

/**
 * Syntax of the address values of ipv4-addr, ipv6-addr (STIX 2.1 §6.8, §6.9: an address or a CIDR block) and
 * mac-addr (§6.10). Hand-written scanners: no regex, no DNS, no {@code InetAddress} (which may resolve names).
 */
final class Addresses {
  private Addresses() {}

  static boolean isIpv4(String s) {
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    if (slash >= 0 && !isPrefix(s.substring(slash + 1), 32)) {
      return false;
    }
    return isDottedQuad(addr);
  }

  static boolean isIpv6(String s) {
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    if (slash >= 0 && !isPrefix(s.substring(slash + 1), 128)) {
      return false;
    }
    return isIpv6Address(addr);
  }

  /** Lowercase colon-delimited MAC-48, e.g. {@code d2:fb:49:24:37:18}. */
  static boolean isMac48(String s) {
    if (s.length() != 17) {
      return false;
    }
    for (int i = 0; i < 17; i++) {
      char c = s.charAt(i);
      boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPrefix(String s, int max) {
    if (s.isEmpty() || s.length() > 3 || (s.length() > 1 && s.charAt(0) == '0')) {
      return false;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      v = v * 10 + (c - '0');
    }
    return v <= max;
  }

  private static boolean isDottedQuad(String s) {
    int parts = 0;
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '.') {
        if (!isOctet(s, start, i)) {
          return false;
        }
        parts++;
        start = i + 1;
      }
    }
    return parts == 4;
  }

  private static boolean isOctet(String s, int from, int to) {
    int len = to - from;
    if (len < 1 || len > 3 || (len > 1 && s.charAt(from) == '0')) {
      return false;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 255;
  }

  /** RFC 4291 §2.2 text forms, including "::" compression and a trailing dotted quad. */
  private static boolean isIpv6Address(String s) {
    if (s.isEmpty()) {
      return false;
    }
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    int groups = 0;
    int i = 0;
    int n = s.length();
    if (s.startsWith("::")) {
      i = 2;
    } else if (s.charAt(0) == ':') {
      return false;
    }
    while (i < n) {
      int end = s.indexOf(':', i);
      if (end < 0) {
        end = n;
      }
      String group = s.substring(i, end);
      if (end == n && group.indexOf('.') >= 0) {
        if (!isDottedQuad(group)) {
          return false;
        }
        groups += 2;
      } else {
        if (group.isEmpty() || group.length() > 4 || !Checks.isHex(group)) {
          return false;
        }
        groups++;
      }
      if (end == n) {
        break;
      }
      if (end + 1 < n && s.charAt(end + 1) == ':') {
        i = end + 2;
        if (i == n) {
          break;
        }
      } else if (end + 1 == n) {
        return false; // trailing single ':'
      } else {
        i = end + 1;
      }
    }
    return doubleColon >= 0 ? groups < 8 : groups == 8;
  }
}
