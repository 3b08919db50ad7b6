package org.accord.stix.pattern.eval;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address range in CIDR notation, for ISSUBSET and ISSUPERSET (STIX 2.1 §9.5). A bare address is the
 * range of one address ({@code /32} or {@code /128}). Host bits below the prefix are cleared, so {@code
 * 10.0.0.7/24} is the range {@code 10.0.0.0/24} (STIX 2.1 §6.4/§6.5 allow CIDR values, and the host bits carry no
 * meaning for containment). The two families never contain each other: an IPv4-mapped IPv6 address such as {@code
 * ::ffff:192.0.2.1} is an IPv6 address here, as it is a different SCO type ({@code ipv6-addr}) in STIX.
 *
 * <p>Hand-written parser rather than {@link java.net.InetAddress#getByName}, which would resolve a host name taken
 * from untrusted observed data through DNS.
 */
record Cidr(byte[] address, int prefix) {

  /** Parses {@code text}, or returns null when it is not an IPv4/IPv6 address or CIDR range. */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    byte[] address = host.indexOf(':') >= 0 ? ipv6(host) : ipv4(host);
    if (address == null) {
      return null;
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      prefix = Integer.parseInt(p);
      if (prefix > bits) {
        return null;
      }
    }
    return new Cidr(mask(address, prefix), prefix);
  }

  /** True when every address of this range is in {@code other} (same family). */
  boolean isSubsetOf(Cidr other) {
    if (address.length != other.address.length || prefix < other.prefix) {
      return false;
    }
    return Arrays.equals(mask(address, other.prefix), other.address);
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      out[i] = (byte) (out[i] & (0xFF00 >>> keep));
    }
    return out;
  }

  private static byte[] ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      // Decimal octets only, without leading zeros: "010" is octal to some parsers and decimal to others.
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < p.length(); k++) {
        char c = p.charAt(k);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /** RFC 4291 §2.2 text forms: eight groups, one {@code ::}, an optional trailing dotted quad. */
  private static byte[] ipv6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    if (gap >= 0 && s.substring(0, gap).indexOf('.') >= 0) {
      return null; // a dotted quad can only end the address
    }
    int[] head = gap < 0 ? groups(s) : groups(s.substring(0, gap));
    int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2));
    if (head == null || tail == null) {
      return null;
    }
    int count = head.length + tail.length;
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    int[] all = new int[8];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >>> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  /** Colon-separated 16-bit groups; a final dotted quad counts as two groups. Null when malformed. */
  private static int[] groups(String run) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    int last = parts.length - 1;
    boolean quad = parts[last].indexOf('.') >= 0;
    int[] out = new int[parts.length + (quad ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == last && quad) {
        byte[] v4 = ipv4(p);
        if (v4 == null) {
          return null;
        }
        out[i] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
        out[i + 1] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
      } else {
        if (p.isEmpty() || p.length() > 4) {
          return null;
        }
        int v = 0;
        for (int k = 0; k < p.length(); k++) {
          int d = Character.digit(p.charAt(k), 16);
          if (d < 0) {
            return null;
          }
          v = (v << 4) | d;
        }
        out[i] = v;
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && prefix == c.prefix && Arrays.equals(address, c.address);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(address) + prefix;
  }

  @Override
  public String toString() {
    return Arrays.toString(address) + "/" + prefix;
  }
}
