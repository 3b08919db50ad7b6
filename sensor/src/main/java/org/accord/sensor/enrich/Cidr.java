package org.accord.sensor.enrich;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.accord.sensor.flow.Addresses;

/**
 * An address range in CIDR notation (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6), as the sensor's primitive
 * address forms: IPv4 in {@code lo} as an unsigned 32-bit value with {@code hi == 0}; IPv6 as its high and low 64
 * bits. Strict: the host bits must be zero ({@code 10.1.2.3/8} is refused, since it usually hides a typo), and text
 * is never resolved through DNS.
 *
 * @param ipv6 whether this is an IPv6 range
 * @param hi the high 64 bits of the first address (0 for IPv4)
 * @param lo the low 64 bits of the first address
 * @param length the prefix length: 0..32 for IPv4, 0..128 for IPv6
 */
record Cidr(boolean ipv6, long hi, long lo, int length) {

  Cidr {
    int max = ipv6 ? 128 : 32;
    if (length < 0 || length > max) {
      throw new IllegalArgumentException("prefix length must be 0 to " + max + ", was " + length);
    }
  }

  /** Parses {@code a.b.c.d/n} or {@code x:y::z/n}; a bare address is a host route (/32, /128). */
  static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    boolean v6 = address.indexOf(':') >= 0;
    int length = v6 ? 128 : 32;
    if (slash >= 0) {
      String bits = t.substring(slash + 1);
      if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
      length = Integer.parseInt(bits);
      if (length > (v6 ? 128 : 32)) {
        throw new IllegalArgumentException(
            "prefix length " + length + " is too long for an " + (v6 ? "IPv6" : "IPv4") + " range in '" + text + "'");
      }
    }
    long[] a = parseAddress(address, text);
    Cidr cidr = new Cidr(v6, a[0], a[1], length);
    if (cidr.hi != cidr.firstHi() || cidr.lo != cidr.firstLo()) {
      throw new IllegalArgumentException(
          "host bits set in '" + text + "' (the range starts at " + cidr.withFirst() + ")");
    }
    return cidr;
  }

  /**
   * Parses a literal address: {@code {0, v4}} for IPv4 (no ':' in the text), {@code {hi, lo}} for IPv6. Throws,
   * quoting {@code context}, when it is not a literal address. Build-time only: it allocates.
   */
  static long[] parseAddress(String address, String context) {
    if (address.indexOf(':') < 0) {
      long v4 = Addresses.parseV4(address);
      if (v4 < 0) {
        throw new IllegalArgumentException("not an IPv4 or IPv6 address: '" + context + "'");
      }
      return new long[] {0, v4};
    }
    if (address.indexOf('%') >= 0 || address.startsWith("[")) {
      throw new IllegalArgumentException("not a plain IPv6 address: '" + context + "'");
    }
    try {
      // A text with ':' is parsed as an IPv6 literal only; InetAddress never resolves it through DNS.
      InetAddress parsed = InetAddress.getByName(address);
      byte[] b = parsed.getAddress();
      if (!(parsed instanceof Inet6Address) || b.length != 16) {
        // "::ffff:1.2.3.4" comes back as an Inet4Address; keep it in the IPv6 space where it was written.
        long v4 = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        return new long[] {0, 0xffff_0000_0000L | v4};
      }
      return new long[] {bytesToLong(b, 0), bytesToLong(b, 8)};
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 address: '" + context + "'");
    }
  }

  private static long bytesToLong(byte[] b, int from) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[from + i] & 0xffL);
    }
    return v;
  }

  /** The high 64 bits of the first address of the range (this one's bits under the mask). */
  long firstHi() {
    return ipv6 ? hi & maskHi() : 0;
  }

  long firstLo() {
    return ipv6 ? lo & maskLo() : lo & maskV4();
  }

  long lastHi() {
    return ipv6 ? hi | ~maskHi() : 0;
  }

  long lastLo() {
    return ipv6 ? lo | ~maskLo() : (lo & maskV4()) | (~maskV4() & 0xffff_ffffL);
  }

  private long maskHi() {
    return length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
  }

  private long maskLo() {
    return length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
  }

  private long maskV4() {
    return length == 0 ? 0 : (0xffff_ffffL << (32 - length)) & 0xffff_ffffL;
  }

  private String withFirst() {
    return Addresses.format(ipv6, firstHi(), firstLo()) + "/" + length;
  }

  @Override
  public String toString() {
    return Addresses.format(ipv6, hi, lo) + "/" + length;
  }
}
