package org.accord.sensor.detect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.accord.sensor.enrich.Geo;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.flow.Addresses;

/**
 * The detectors' one form of an address: two longs, IPv6 as is and IPv4 as its IPv4-mapped IPv6 form
 * ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2), so one key type covers both families and {@code (0, 0)} (the
 * unspecified address) is free to mark empty cells.
 */
final class Ip {
  static final long V4_MAPPED = 0xFFFF_0000_0000L;

  private Ip() {}

  static long hiOf(boolean ipv6, long hi) {
    return ipv6 ? hi : 0;
  }

  static long loOf(boolean ipv6, long lo) {
    return ipv6 ? lo : V4_MAPPED | (lo & 0xFFFF_FFFFL);
  }

  static boolean isV4(long hi, long lo) {
    return hi == 0 && (lo >>> 32) == 0xFFFFL;
  }

  /** A well-mixed hash (Stafford's variant 13 of the MurmurHash3 finaliser) of the two halves. */
  static int hash(long hi, long lo) {
    long z = hi * 0x9E3779B97F4A7C15L ^ lo;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) (z ^ (z >>> 31));
  }

  static long hash64(long hi, long lo) {
    long z = hi * 0x9E3779B97F4A7C15L ^ lo;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static String format(long hi, long lo) {
    return isV4(hi, lo) ? Addresses.formatV4(lo & 0xFFFF_FFFFL) : Addresses.format(true, hi, lo);
  }

  static Geo geo(GeoLookup geo, long hi, long lo) {
    Geo g = isV4(hi, lo) ? geo.lookupV4(lo & 0xFFFF_FFFFL) : geo.lookupV6(hi, lo);
    return g == null ? Geo.UNKNOWN : g;
  }

  /** The {@link Ip} form of a literal address from a log; (0, 0) when it is not one (never a DNS lookup). */
  static long[] parse(String text) {
    long v4 = Addresses.parseV4(text);
    if (v4 >= 0) {
      return new long[] {0, loOf(false, v4)};
    }
    if (text.indexOf(':') >= 0 && text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == ':' || ch == '.')) {
      try {
        byte[] b = InetAddress.getByName(text).getAddress(); // a literal: InetAddress parses it, no lookup
        if (b.length == 16) {
          long hi = 0;
          long lo = 0;
          for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (b[i] & 0xff);
            lo = lo << 8 | (b[8 + i] & 0xff);
          }
          return new long[] {hi, lo};
        }
        if (b.length == 4) {
          return new long[] {0, loOf(false, ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8)
              | (b[3] & 0xffL))};
        }
      } catch (UnknownHostException e) {
        // not a literal address; fall through
      }
    }
    return new long[] {0, 0};
  }
}
