package org.accord.sensor.index;

/**
 * Address and CIDR text of STIX {@code ipv4-addr:value} / {@code ipv6-addr:value} (STIX 2.1 §6.8, §6.9: an address
 * or a CIDR block) into primitive forms. Hand-written scanners: no regex, no {@code InetAddress} (which may resolve
 * names). Host bits below the prefix are cleared, so {@code 10.1.2.3/8} is the block {@code 10.0.0.0/8}.
 */
final class IpText {
  private IpText() {}

  /** An IPv4 block: {@code addr} unsigned 32 bits in an int, {@code len} 0..32. */
  record V4(int addr, int len) {}

  /** An IPv6 block as high and low 64 bits, {@code len} 0..128. */
  record V6(long hi, long lo, int len) {}

  /** The block, or null when {@code text} is not an IPv4 address or CIDR range. */
  static V4 parseV4(String text) {
    int slash = text.indexOf('/');
    int len = 32;
    if (slash >= 0) {
      len = prefix(text.substring(slash + 1), 32);
      if (len < 0) {
        return null;
      }
    }
    long v = dottedQuad(text, 0, slash < 0 ? text.length() : slash);
    if (v < 0) {
      return null;
    }
    long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
    return new V4((int) (v & mask), len);
  }

  /** The block, or null when {@code text} is not an IPv6 address or CIDR range. */
  static V6 parseV6(String text) {
    int slash = text.indexOf('/');
    int len = 128;
    if (slash >= 0) {
      len = prefix(text.substring(slash + 1), 128);
      if (len < 0) {
        return null;
      }
    }
    long[] words = ipv6(slash < 0 ? text : text.substring(0, slash));
    if (words == null) {
      return null;
    }
    long hi = words[0];
    long lo = words[1];
    if (len < 64) {
      hi &= len == 0 ? 0 : -1L << (64 - len);
      lo = 0;
    } else if (len < 128) {
      lo &= len == 64 ? 0 : -1L << (128 - len);
    }
    return new V6(hi, lo, len);
  }

  private static int prefix(String s, int max) {
    if (s.isEmpty() || s.length() > 3) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= max ? v : -1;
  }

  /** Unsigned value of a dotted quad in {@code s[from, to)}, or -1. */
  static long dottedQuad(String s, int from, int to) {
    long value = 0;
    int parts = 0;
    int i = from;
    while (parts < 4) {
      int start = i;
      int octet = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        octet = octet * 10 + (s.charAt(i++) - '0');
      }
      if (i == start || octet > 255) {
        return -1;
      }
      value = (value << 8) | octet;
      if (++parts < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
    }
    return i == to ? value : -1;
  }

  /** RFC 4291 §2.2 text (hex groups, one {@code ::}, an optional dotted quad at the end) into two words, or null. */
  private static long[] ipv6(String s) {
    int[] groups = new int[8];
    int n = 0;
    int gap = -1;
    int i = 0;
    int len = s.length();
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
    }
    while (i < len) {
      if (n == 8) {
        return null;
      }
      int start = i;
      int v = 0;
      while (i < len && i - start < 4 && Character.digit(s.charAt(i), 16) >= 0) {
        v = (v << 4) | Character.digit(s.charAt(i++), 16);
      }
      if (i < len && s.charAt(i) == '.') { // embedded IPv4 in the last 32 bits
        long v4 = dottedQuad(s, start, len);
        if (v4 < 0 || n > 6) {
          return null;
        }
        groups[n++] = (int) (v4 >>> 16);
        groups[n++] = (int) (v4 & 0xffff);
        i = len;
        break;
      }
      if (i == start) {
        return null;
      }
      groups[n++] = v;
      if (i == len) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < len && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = n;
        i++;
      } else if (i == len) {
        return null;
      }
    }
    if (gap < 0 ? n != 8 : n > 7) {
      return null;
    }
    int[] full = new int[8];
    if (gap < 0) {
      full = groups;
    } else {
      int tail = n - gap;
      System.arraycopy(groups, 0, full, 0, gap);
      System.arraycopy(groups, gap, full, 8 - tail, tail);
    }
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < 4; k++) {
      hi = (hi << 16) | full[k];
      lo = (lo << 16) | full[k + 4];
    }
    return new long[] {hi, lo};
  }
}
