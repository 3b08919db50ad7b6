package org.accord.sensor.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;

/**
 * A small synthetic flow generator with known truth, for the detector tests: background traffic to many destinations
 * (Poisson flow counts around a per-destination rate that drifts slowly and now and then bursts), optional large
 * steady and slowly ramping destinations, and injected attacks with a known kind, target, onset and end.
 *
 * <p>Addresses: destinations are 192.0.2.0/24-style numbering inside 100.64.0.0/10 (our "home" network, local
 * country); background clients come from a pool of a million addresses in 20.0.0.0/8; attackers from 45.0.0.0/8
 * (foreign) or 100.127.x.x (home), as each injection says.
 */
final class SyntheticTraffic {
  static final long HOME_NET = Addresses.parseV4("100.64.0.0");
  static final long CLIENT_NET = Addresses.parseV4("20.0.0.0");
  static final long FOREIGN_NET = Addresses.parseV4("45.0.0.0");
  static final long HOME_ATTACKERS = Addresses.parseV4("100.127.0.0");

  /** One injected attack: the truth the detectors must find. Onset and end in ms relative to the trace start. */
  record Injection(Attack.Kind kind, long target, int port, long onsetMs, long endMs, double rate, int sources,
      double foreignShare) {
    String targetText() {
      return kind == Attack.Kind.HORIZONTAL_SCAN ? "*:" + port : Addresses.formatV4(target);
    }
  }

  private final SplittableRandom rnd;
  private final long t0;
  private final int destinations;
  private final double[] rate;
  private final double[] phase;
  private final int[] burstLeft;
  private final List<Injection> injections = new ArrayList<>();
  private double steadyFlows;
  private long steadyDst;
  private double rampFrom;
  private double rampTo;
  private int rampSeconds;
  private long rampDst;
  private long seed;

  SyntheticTraffic(long seed, long t0Millis, int destinations) {
    this.seed = seed;
    this.rnd = new SplittableRandom(seed);
    this.t0 = t0Millis;
    this.destinations = destinations;
    rate = new double[destinations];
    phase = new double[destinations];
    burstLeft = new int[destinations];
    for (int d = 0; d < destinations; d++) {
      // Heavy-tailed popularity: most destinations see a flow now and then, a few see hundreds per second.
      rate[d] = Math.min(400, 0.2 * Math.exp(rnd.nextDouble() * 6.5));
      phase[d] = rnd.nextDouble() * 2 * Math.PI;
    }
  }

  static long destination(int d) {
    return HOME_NET + 256 + d;
  }

  long t0() {
    return t0;
  }

  List<Injection> injections() {
    return injections;
  }

  /** A destination with a large steady load: {@code flowsPerSecond} flows of ~100 packets each. */
  SyntheticTraffic steady(long dst, double flowsPerSecond) {
    steadyDst = dst;
    steadyFlows = flowsPerSecond;
    return this;
  }

  /** A destination whose load grows linearly from {@code from} to {@code to} flows/s (~100 packets each). */
  SyntheticTraffic ramp(long dst, double from, double to, int seconds) {
    rampDst = dst;
    rampFrom = from;
    rampTo = to;
    rampSeconds = seconds;
    return this;
  }

  SyntheticTraffic inject(Injection i) {
    injections.add(i);
    return this;
  }

  /** The flows whose end falls in second {@code s} of the trace, in delivery order (jittered by up to jitterMs). */
  List<FlowRecord> second(int s, long jitterMs) {
    List<FlowRecord> out = new ArrayList<>();
    background(s, out);
    if (steadyFlows > 0) {
      bulk(out, s, steadyDst, poisson(steadyFlows));
    }
    if (rampSeconds > 0) {
      double f = rampFrom + (rampTo - rampFrom) * Math.min(1.0, (double) s / rampSeconds);
      bulk(out, s, rampDst, poisson(f));
    }
    for (Injection i : injections) {
      attack(i, s, out);
    }
    // Delivery order: by end time plus a random delay, so flows arrive slightly out of order.
    long[] keys = new long[out.size()];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = (out.get(k).endMillis + (jitterMs == 0 ? 0 : rnd.nextLong(jitterMs + 1))) << 20 | k;
    }
    java.util.Arrays.sort(keys);
    List<FlowRecord> ordered = new ArrayList<>(keys.length);
    for (long key : keys) {
      ordered.add(out.get((int) (key & 0xFFFFF)));
    }
    return ordered;
  }

  private void background(int s, List<FlowRecord> out) {
    for (int d = 0; d < destinations; d++) {
      double drift = 1 + 0.3 * Math.sin(2 * Math.PI * s / 600.0 + phase[d]);
      if (burstLeft[d] > 0) {
        burstLeft[d]--;
        drift *= 3;
      } else if (rnd.nextDouble() < 0.0005) {
        burstLeft[d] = 3 + rnd.nextInt(5); // a flash crowd of a few seconds
      }
      int n = poisson(rate[d] * drift);
      long dst = destination(d);
      for (int k = 0; k < n; k++) {
        FlowRecord r = flow(s, CLIENT_NET + rnd.nextInt(1 << 20), dst);
        double u = rnd.nextDouble();
        if (u < 0.80) {
          tcp(r, d % 3 == 0 ? 80 : 443, 0x1B, 2 + geometric(12));
        } else if (u < 0.85) {
          tcp(r, 443, FlowRecord.SYN, 1 + rnd.nextInt(2)); // failed connection attempts
        } else if (u < 0.95) {
          udp(r, 1024 + rnd.nextInt(60000), 443, 1 + geometric(8)); // QUIC
        } else {
          udp(r, 53, 1024 + rnd.nextInt(60000), 1); // DNS answers to clients on our side
        }
        out.add(r);
      }
    }
  }

  private void bulk(List<FlowRecord> out, int s, long dst, int n) {
    for (int k = 0; k < n; k++) {
      FlowRecord r = flow(s, CLIENT_NET + rnd.nextInt(1 << 20), dst);
      tcp(r, 443, 0x1B, 50 + rnd.nextInt(101));
      out.add(r);
    }
  }

  private void attack(Injection i, int s, List<FlowRecord> out) {
    long from = Math.max(i.onsetMs(), s * 1000L);
    long to = Math.min(i.endMs(), s * 1000L + 1000);
    if (from >= to) {
      return;
    }
    double part = (to - from) / 1000.0;
    int n = poisson(i.rate() * part);
    for (int k = 0; k < n; k++) {
      long src = attacker(i);
      FlowRecord r = flow(s, src, i.target());
      r.endMillis = t0 + from + rnd.nextLong(to - from);
      r.startMillis = r.endMillis - rnd.nextInt(500);
      switch (i.kind()) {
        case VOLUMETRIC_DDOS -> udp(r, 1024 + rnd.nextInt(60000), 80, 300 + rnd.nextInt(401));
        case SYN_FLOOD -> tcp(r, 443, FlowRecord.SYN, 80 + rnd.nextInt(41));
        case UDP_REFLECTION -> udp(r, i.port(), 1024 + rnd.nextInt(60000), 80 + rnd.nextInt(41));
        case HORIZONTAL_SCAN -> {
          r.dstLo = HOME_NET + rnd.nextInt(1 << 16); // sweeps a /16 of ours
          tcp(r, i.port(), FlowRecord.SYN, 1);
        }
        case VERTICAL_SCAN -> tcp(r, 1 + rnd.nextInt(65535), FlowRecord.SYN, 1);
        case BRUTE_FORCE -> tcp(r, i.port(), 0x1B, 12 + rnd.nextInt(15));
      }
      out.add(r);
    }
  }

  private long attacker(Injection i) {
    // Scanners and brute forcers are one source; floods come from a pool, some at home.
    SplittableRandom pick = new SplittableRandom(seed * 31 + rnd.nextInt(i.sources()));
    boolean foreign = pick.nextDouble() < i.foreignShare();
    return (foreign ? FOREIGN_NET : HOME_ATTACKERS) + pick.nextInt(1 << 16);
  }

  private FlowRecord flow(int s, long src, long dst) {
    FlowRecord r = new FlowRecord();
    r.srcLo = src;
    r.dstLo = dst;
    r.endMillis = t0 + s * 1000L + rnd.nextInt(1000);
    r.startMillis = r.endMillis - rnd.nextInt(2000);
    return r;
  }

  private void tcp(FlowRecord r, int dstPort, int flags, long packets) {
    r.protocol = FlowRecord.TCP;
    r.srcPort = 1024 + rnd.nextInt(60000);
    r.dstPort = dstPort;
    r.tcpFlags = flags;
    r.packets = packets;
    r.bytes = packets * (flags == FlowRecord.SYN ? 60 : 40 + rnd.nextInt(1400));
  }

  private void udp(FlowRecord r, int srcPort, int dstPort, long packets) {
    r.protocol = FlowRecord.UDP;
    r.srcPort = srcPort;
    r.dstPort = dstPort;
    r.packets = packets;
    r.bytes = packets * (60 + rnd.nextInt(1200));
  }

  private int geometric(double mean) {
    return (int) Math.floor(Math.log(1 - rnd.nextDouble()) / Math.log(1 - 1 / mean));
  }

  private int poisson(double lambda) {
    if (lambda <= 0) {
      return 0;
    }
    if (lambda > 30) {
      return Math.max(0, (int) Math.round(lambda + Math.sqrt(lambda) * gaussian()));
    }
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }

  private double gaussian() {
    double u = 1 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
