package org.accord.sensor.flow;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 and IPv6 addresses as the sensor's primitive forms (see {@link FlowRecord}), to and from text. */
public final class Addresses {
  private Addresses() {}

  /** Dotted quad of an unsigned 32-bit IPv4 address. */
  public static String formatV4(long v4) {
    return ((v4 >>> 24) & 0xff) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff);
  }

  /** The text form: dotted quad for IPv4, RFC 5952 for IPv6. */
  public static String format(boolean ipv6, long hi, long lo) {
    if (!ipv6) {
      return formatV4(lo);
    }
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    try {
      return InetAddress.getByAddress(b).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses a literal IPv4 address ("198.51.100.7") into an unsigned 32-bit value; -1 when it is not one. Never does a
   * DNS lookup.
   */
  public static long parseV4(String text) {
    long value = 0;
    int parts = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int start = i;
      int octet = 0;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        octet = octet * 10 + (text.charAt(i) - '0');
        if (octet > 255 || i - start > 2) {
          return -1;
        }
        i++;
      }
      if (i == start) {
        return -1;
      }
      value = (value << 8) | octet;
      parts++;
      if (i < n) {
        if (text.charAt(i) != '.' || parts == 4) {
          return -1;
        }
        i++;
        if (i == n) {
          return -1;
        }
      }
    }
    return parts == 4 ? value : -1;
  }
}
