package org.accord.sensor.decode;

import java.net.InetAddress;
import java.util.List;
import org.accord.stix.AddressRange;

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

  private final List<AddressRange> ranges;
  private final List<String> texts;

  private ExporterAllowList(List<String> texts) {
    this.texts = List.copyOf(texts);
    this.ranges = AddressRange.parseAll(this.texts);
  }

  /** The allow-list of {@code texts}; IllegalArgumentException naming an entry that is not an address or block. */
  public static ExporterAllowList of(List<String> texts) {
    return new ExporterAllowList(texts);
  }

  /** Whether a datagram from {@code source} may be decoded. */
  public boolean permits(InetAddress source) {
    return AddressRange.anyContains(ranges, source.getAddress());
  }

  @Override
  public String toString() {
    return String.join(", ", texts);
  }
}
