package org.accord.sensor.generate;

import java.util.List;
import java.util.Objects;
import org.accord.sensor.flow.Addresses;

/**
 * The address plan of generated traffic: which ranges are "home" (the node's own country), which is the bank under
 * attack, which are abroad. All are documentation or shared ranges (RFC 5737, RFC 6598), never routed on the Internet.
 *
 * <p>{@link #DEFAULT}:
 *
 * <ul>
 *   <li>home: {@code 192.0.2.0/24} (clients and servers) and {@code 198.51.100.0/24} (servers);
 *   <li>bank (finance, a subset of home): {@code 198.51.100.0/26}; the attacked address {@code 198.51.100.10}, its SSH
 *       gateway {@code 198.51.100.22};
 *   <li>foreign: {@code 100.64.0.0/10} (clients and the botnet, RFC 6598 shared space) and {@code 203.0.113.0/24}
 *       (servers abroad, and the open DNS/NTP reflectors).
 * </ul>
 *
 * Enrichment must be told the same: the demo's geo table maps 100.64.0.0/10 and 203.0.113.0/24 to a foreign country.
 *
 * @param home CIDRs of the home networks
 * @param bank CIDR of the bank's network
 * @param target the bank address the DDoS and the brute force aim at
 * @param sshGateway the bank's SSH host (brute-force target)
 * @param foreignClients CIDR of foreign clients and bots
 * @param foreignServers CIDR of foreign servers and reflectors
 */
public record AddressPlan(
    List<String> home, String bank, String target, String sshGateway, String foreignClients, String foreignServers) {
  public static final AddressPlan DEFAULT = new AddressPlan(List.of("192.0.2.0/24", "198.51.100.0/24"),
      "198.51.100.0/26", "198.51.100.10", "198.51.100.22", "100.64.0.0/10", "203.0.113.0/24");

  public AddressPlan {
    home = List.copyOf(home);
    if (home.isEmpty()) {
      throw new IllegalArgumentException("no home network");
    }
    home.forEach(AddressPlan::cidr);
    cidr(Objects.requireNonNull(bank, "bank"));
    cidr(Objects.requireNonNull(foreignClients, "foreignClients"));
    cidr(Objects.requireNonNull(foreignServers, "foreignServers"));
    if (Addresses.parseV4(target) < 0 || Addresses.parseV4(sshGateway) < 0) {
      throw new IllegalArgumentException("target and SSH gateway must be IPv4 literals");
    }
  }

  /** A CIDR as {base, size}; throws for anything but an IPv4 CIDR. */
  static long[] cidr(String cidr) {
    int slash = cidr.indexOf('/');
    long base = slash < 0 ? -1 : Addresses.parseV4(cidr.substring(0, slash));
    int bits;
    try {
      bits = Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      bits = -1;
    }
    if (base < 0 || bits < 0 || bits > 32) {
      throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
    }
    long size = 1L << (32 - bits);
    return new long[] {base & ~(size - 1) & 0xffffffffL, size};
  }
}
