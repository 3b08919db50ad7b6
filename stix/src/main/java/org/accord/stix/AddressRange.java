package org.accord.stix;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * An IPv4 or IPv6 address or CIDR block ({@code 10.0.0.0/8}, {@code ::1}), as configuration lists them (the TAXII
 * server's trusted proxies, the flow collector's exporter allow-list), matched against socket addresses. Text is read
 * as a literal only, never resolved: an IPv4 literal is scanned by hand and an IPv6 one is handed to {@link
 * InetAddress#getByName} in brackets, the form it parses without asking DNS.
 *
 * @param network the block's address bytes (4 or 16)
 * @param prefix the prefix length in bits
 */
public record AddressRange(byte[] network, int prefix) {
  /** The range of {@code text}; IllegalArgumentException naming it when it is not an address or CIDR block. */
  public static AddressRange parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    byte[] address = literal(slash < 0 ? t : t.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
      }
    }
    return new AddressRange(address, prefix);
  }

  public static List<AddressRange> parseAll(List<String> texts) {
    return texts.stream().map(AddressRange::parse).toList();
  }

  /** The address bytes of an IP literal (4 or 16), or null when {@code text} is not one. Never asks DNS. */
  public static byte[] literal(String text) {
    if (text.indexOf(':') >= 0) {
      if (text.startsWith("[")) {
        return null;
      }
      try {
        // Bracketed, getByName parses an IPv6 literal or fails; it does not fall back to a name lookup.
        return InetAddress.getByName("[" + text + "]").getAddress();
      } catch (UnknownHostException | SecurityException e) {
        return null;
      }
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      b[i] = (byte) v;
    }
    return b;
  }

  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  public static boolean anyContains(List<AddressRange> ranges, byte[] address) {
    for (AddressRange r : ranges) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
