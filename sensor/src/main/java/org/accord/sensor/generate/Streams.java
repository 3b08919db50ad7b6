package org.accord.sensor.generate;

import java.util.SplittableRandom;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.generate.TrafficGenerator.Stream;

/** The flow streams the scenarios are made of (see {@link TrafficGenerator}). */
final class Streams {
  private Streams() {}

  /** Bots of the DDoS: foreign ones first, then home ones (about 90% foreign). */
  static final int FOREIGN_BOTS = 4000;
  static final int HOME_BOTS = 400;

  static void tcp(FlowRecord r, long src, long dst, int sport, int dport, int flags, long packets, long t,
      long durationMillis, int bytesPerPacket) {
    fill(r, src, dst, sport, dport, FlowRecord.TCP, packets, packets * bytesPerPacket, t - durationMillis, t);
    r.tcpFlags = flags;
  }

  static void fill(FlowRecord r, long src, long dst, int sport, int dport, int proto, long packets, long bytes,
      long start, long end) {
    r.srcLo = src;
    r.dstLo = dst;
    r.srcPort = sport;
    r.dstPort = dport;
    r.protocol = proto;
    r.packets = packets;
    r.bytes = bytes;
    r.startMillis = start;
    r.endMillis = end;
  }

  static int ephemeral(SplittableRandom rnd) {
    return 32768 + rnd.nextInt(28232);
  }

  /** Ordinary traffic: web out and in, DNS out, home to home. */
  static final class Background extends Stream {
    Background(Plan plan, SplittableRandom rnd, long from, long until, double period) {
      super(plan, rnd, from, until, period);
    }

    @Override
    void fill(FlowRecord r, long t) {
      int kind = rnd.nextInt(100);
      long duration = 10 + rnd.nextInt(20_000);
      long packets = 2 + rnd.nextInt(60);
      if (kind < 50) { // home client to a foreign web server
        tcp(r, plan.home(rnd), plan.foreignServer(rnd), ephemeral(rnd), rnd.nextInt(4) == 0 ? 80 : 443, 0x1b,
            packets, t, duration, 80 + rnd.nextInt(1300));
      } else if (kind < 72) { // a foreign client to a home server; the bank's web server among them
        long dst = rnd.nextInt(20) == 0 ? plan.target : plan.home(rnd);
        tcp(r, plan.foreignClient(rnd), dst, ephemeral(rnd), 443, 0x1b, packets, t, duration, 80 + rnd.nextInt(1300));
      } else if (kind < 85) { // DNS to one of the home networks' resolvers
        Streams.fill(r, plan.home(rnd), plan.resolver(rnd), ephemeral(rnd), 53, FlowRecord.UDP, 1,
            60 + rnd.nextInt(40), t, t);
      } else { // home to home
        tcp(r, plan.home(rnd), plan.home(rnd), ephemeral(rnd), rnd.nextBoolean() ? 445 : 22, 0x1b, packets, t, duration,
            80 + rnd.nextInt(1300));
      }
    }
  }

  /** A bot of the DDoS: foreign mostly. */
  static long bot(Plan plan, SplittableRandom rnd) {
    int i = rnd.nextInt(FOREIGN_BOTS + HOME_BOTS);
    return i < FOREIGN_BOTS
        ? Plan.nth(plan.foreignClients, i * 7919L)
        : Plan.nth(plan.home[0], i - FOREIGN_BOTS);
  }

  static String target(Plan plan) {
    return Addresses.formatV4(plan.target);
  }

  static final class UdpFlood extends Stream {
    UdpFlood(Plan plan, SplittableRandom rnd, long from, long until, double period) {
      super(plan, rnd, from, until, period);
      truth = new GroundTruth(Attack.Kind.VOLUMETRIC_DDOS, target(plan), from, lastMillis(), FOREIGN_BOTS + HOME_BOTS,
          "UDP flood, 1000-byte packets to random ports");
    }

    @Override
    void fill(FlowRecord r, long t) {
      long packets = 50 + rnd.nextInt(200);
      Streams.fill(r, bot(plan, rnd), plan.target, ephemeral(rnd), 1 + rnd.nextInt(65535), FlowRecord.UDP, packets,
          packets * 1000, t - 1000, t);
    }
  }

  static final class SynFlood extends Stream {
    SynFlood(Plan plan, SplittableRandom rnd, long from, long until, double period) {
      super(plan, rnd, from, until, period);
      truth = new GroundTruth(Attack.Kind.SYN_FLOOD, target(plan), from, lastMillis(), FOREIGN_BOTS + HOME_BOTS,
          "TCP SYN without ACK to port 443");
    }

    @Override
    void fill(FlowRecord r, long t) {
      long packets = 1 + rnd.nextInt(3);
      tcp(r, bot(plan, rnd), plan.target, ephemeral(rnd), 443, FlowRecord.SYN, packets, t, 0, 60);
    }
  }

  /** Amplified responses from open reflectors abroad (port 123 NTP monlist, port 53 DNS ANY). */
  static final class Reflection extends Stream {
    private final int port;
    private final int bytesPerPacket;

    Reflection(Plan plan, SplittableRandom rnd, long from, long until, double period, int port, int bytesPerPacket) {
      super(plan, rnd, from, until, period);
      this.port = port;
      this.bytesPerPacket = bytesPerPacket;
      truth = new GroundTruth(Attack.Kind.UDP_REFLECTION, target(plan), from, lastMillis(),
          Math.min(plan.foreignServers[1], 256), "UDP from source port " + port + (port == 123 ? " (NTP)" : " (DNS)"));
    }

    @Override
    void fill(FlowRecord r, long t) {
      long packets = 10 + rnd.nextInt(100);
      Streams.fill(r, plan.foreignServer(rnd), plan.target, port, ephemeral(rnd), FlowRecord.UDP, packets,
          packets * bytesPerPacket, t - 1000, t);
    }
  }

  /** One foreign host probes port 22 on every home address. */
  static final class HorizontalScan extends Stream {
    private final long source;
    private long i;

    HorizontalScan(Plan plan, SplittableRandom rnd, long from, long until) {
      super(plan, rnd, from, until, Math.max(1e-3, (until - from) / (double) homeSize(plan)));
      source = plan.foreignClient(rnd);
      truth = new GroundTruth(Attack.Kind.HORIZONTAL_SCAN, "*:22", from, lastMillis(), 1,
          "SYN to port 22 on " + homeSize(plan) + " addresses from " + Addresses.formatV4(source));
    }

    static long homeSize(Plan plan) {
      long n = 0;
      for (long[] c : plan.home) {
        n += c[1];
      }
      return n;
    }

    @Override
    void fill(FlowRecord r, long t) {
      long k = i++;
      long dst = 0;
      for (long[] c : plan.home) {
        if (k < c[1]) {
          dst = c[0] + k;
          break;
        }
        k -= c[1];
      }
      tcp(r, source, dst, ephemeral(rnd), 22, FlowRecord.SYN, 1, t, 0, 60);
    }
  }

  /** Another foreign host probes ports 1..1024 on one home server. */
  static final class VerticalScan extends Stream {
    static final int PORTS = 1024;
    private final long source;
    private final long target;
    private int port;

    VerticalScan(Plan plan, SplittableRandom rnd, long from, long until) {
      super(plan, rnd, from, until, Math.max(1e-3, (until - from) / (double) PORTS));
      source = plan.foreignClient(rnd);
      target = Plan.nth(plan.home[0], 24);
      truth = new GroundTruth(Attack.Kind.VERTICAL_SCAN, Addresses.formatV4(target), from, lastMillis(), 1,
          "SYN to ports 1-" + PORTS + " from " + Addresses.formatV4(source));
    }

    @Override
    void fill(FlowRecord r, long t) {
      port = port % PORTS + 1;
      tcp(r, source, target, ephemeral(rnd), port, FlowRecord.SYN, 1, t, 0, 60);
    }
  }
}
