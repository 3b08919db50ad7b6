package org.accord.sensor.decode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The exporters a {@link Collector} decodes datagrams from: addresses and CIDR blocks ({@code 192.0.2.10},
 * {@code 10.0.0.0/8}, {@code 2001:db8::/32}). NetFlow and IPFIX over UDP carry no authentication (RFC 7011 §11.4
 * leaves it to the transport), so anyone who can reach the port can forge flows into the sensor and, from there,
 * sightings a partner receives; the allow-list is the collector's only check of who sent a datagram. Text is read as
 * an address literal only, never resolved (an IPv6 literal is parsed by {@link InetAddress#getByName} in brackets, the
 * form it never looks up). An IPv4-mapped IPv6 source is matched as the IPv4 address it is.
 */
public final class ExporterAllowList {
  /** Loopback only: the collector's default. */
  public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1");

  private final List<byte[]> networks = new ArrayList<>();
  private final List<Integer> prefixes = new ArrayList<>();
  private final List<String> texts;

  private ExporterAllowList(List<String> texts) {
    this.texts = List.copyOf(texts);
    for (String text : texts) {
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
      networks.add(address);
      prefixes.add(prefix);
    }
  }

  /** The allow-list of {@code texts}; IllegalArgumentException naming an entry that is not an address or block. */
  public static ExporterAllowList of(List<String> texts) {
    return new ExporterAllowList(texts);
  }

  /** Whether a datagram from {@code source} may be decoded. */
  public boolean permits(InetAddress source) {
    byte[] a = source.getAddress();
    for (int i = 0; i < networks.size(); i++) {
      if (contains(networks.get(i), prefixes.get(i), a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(byte[] network, int prefix, byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    int mask = (0xff << (8 - rest)) & 0xff;
    return rest == 0 || (address[full] & mask) == (network[full] & mask);
  }

  private static byte[] literal(String text) {
    if (text.indexOf(':') >= 0) {
      if (text.startsWith("[")) {
        return null;
      }
      try {
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

  @Override
  public String toString() {
    return String.join(", ", texts);
  }
}
