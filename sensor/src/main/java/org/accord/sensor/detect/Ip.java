package org.accord.sensor.detect;

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
}
