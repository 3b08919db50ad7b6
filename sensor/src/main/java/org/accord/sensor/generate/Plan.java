package org.accord.sensor.generate;

import java.util.SplittableRandom;
import org.accord.sensor.flow.Addresses;

/** An {@link AddressPlan} as numbers, with random draws from its ranges. */
final class Plan {
  final long[][] home;
  final long[] bank;
  final long target;
  final long sshGateway;
  final long[] foreignClients;
  final long[] foreignServers;

  Plan(AddressPlan p) {
    home = p.home().stream().map(AddressPlan::cidr).toArray(long[][]::new);
    bank = AddressPlan.cidr(p.bank());
    target = Addresses.parseV4(p.target());
    sshGateway = Addresses.parseV4(p.sshGateway());
    foreignClients = AddressPlan.cidr(p.foreignClients());
    foreignServers = AddressPlan.cidr(p.foreignServers());
  }

  long home(SplittableRandom rnd) {
    return pick(home[rnd.nextInt(home.length)], rnd);
  }

  long foreignClient(SplittableRandom rnd) {
    return pick(foreignClients, rnd);
  }

  long foreignServer(SplittableRandom rnd) {
    return pick(foreignServers, rnd);
  }

  /**
   * One of the four DNS resolvers the home networks use (the first addresses of the foreign servers' range): real
   * clients ask a handful of resolvers, not hundreds of servers, which would look like a scan of port 53.
   */
  long resolver(SplittableRandom rnd) {
    return nth(foreignServers, rnd.nextInt(4));
  }

  /** The i-th address of a range (wrapping), skipping the network and broadcast addresses of small ranges. */
  static long nth(long[] cidr, long i) {
    long size = cidr[1];
    if (size <= 2) {
      return cidr[0] + (i % size);
    }
    return cidr[0] + 1 + Math.floorMod(i, size - 2);
  }

  static long pick(long[] cidr, SplittableRandom rnd) {
    return nth(cidr, rnd.nextLong(Math.max(1, cidr[1])));
  }
}
