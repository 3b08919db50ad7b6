package org.accord.sensor.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.accord.sensor.detect.DetectorConfig.Thresholds;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetLookup;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.flow.FlowRecord;

/**
 * Volumetric DDoS, SYN flood and UDP reflection, per destination.
 *
 * <p>Design note. Every flow lands here, so per-destination state lives in primitive arrays indexed by a slot number
 * from {@link AddressMap}, with the counts a flow updates side by side (one {@code long[]}, four longs per slot, the
 * under-attack flag among them): a flow costs one probe of the map and one or two cache lines of counts, no
 * allocation (a new destination costs one asset lookup; an attacked destination also feeds its {@link
 * ActiveAttack}). The baselines, read once per window, sit apart. Once per window {@link #close}
 * walks the slots: it turns counts into rates (count / window length, so rates do not depend on when ticks arrive),
 * compares each rate with its group's absolute minimum AND {@code baselineFactor} × the destination's baseline, and
 * then either advances the attack state or, for a quiet destination, learns: the baseline is an EWMA of the rate
 * whose weight is {@code max(alpha, 1/n)} over the destination's first n windows (the plain mean while young, so a
 * large steady destination is learned in a few windows rather than 1/alpha). A window over threshold never feeds the
 * baseline, so an attack cannot teach the detector that it is normal; a slow ramp moves the baseline along with it.
 * Requiring the absolute minimum too keeps tiny destinations (a 10 pps host tripling to 30 pps) quiet.
 *
 * <p>One attack per destination at a time; its kind is the most specific signature over threshold in the window where
 * it starts (SYN flood, then UDP reflection, else volumetric), and it lasts while any of the three stays over
 * threshold, ending after {@code quietWindows} windows below all of them. An idle destination is forgotten (see
 * {@link #evictIfIdle}), which bounds memory to the active set.
 *
 * <p>Attribution. Detection looks at all the traffic to a destination, but once it is under attack a flow counts
 * toward the attack's sources only by its signature ({@link Vectors#of}: SYN without ACK, a reflection service's
 * source port, other UDP, ICMP), per vector; a completed TCP session never does. So the clients that keep using the
 * target during a flood are not reported as its sources, and a multi-vector attack is reported vector by vector.
 * UDP has no handshake to tell a client from a bot, and a QUIC client's packets can have the flood's size; but the
 * target answers its clients: a peer the attacked target itself sent UDP to (its reply to a QUIC client, its name
 * server's answer to a resolver) is never named as a UDP-flood source. A bot the target happens to answer is then
 * not named either: when the two cannot be told apart, the sensor errs toward naming no bystander.
 */
final class VolumeDetector {

  private final DetectorConfig cfg;
  private final AssetLookup assets;
  private final GeoLookup geo;
  private final String home;
  private final double seconds;
  private final AddressMap map;
  private final boolean[] used;
  private final short[] group;
  /**
   * The open window's counts, four longs per slot side by side so a flow touches one or two cache lines: packets,
   * bytes, flows (low 40 bits) with the reflection ports seen (bits 40..55) and the under-attack flag (bit 62), and
   * SYN-without-ACK packets (low 32 bits) with reflected packets (high 32 bits; 4 billion packets per window and
   * destination is beyond any link).
   */
  private final long[] counts;
  private final double[] basePps;
  private final double[] baseBps;
  private final double[] baseFps;
  private final double[] baseSyn;
  private final double[] baseRefl;
  private final int[] learned;
  private final int[] idle;
  private final ActiveAttack[] attack;
  private static final long LOW32 = 0xFFFF_FFFFL;
  /** Packets and bytes per window and destination: 48 bits (2.8e14); above them, a time offset in milliseconds. */
  private static final long LOW48 = (1L << 48) - 1;
  private static final int OFFSET_SHIFT = 48;
  /** The largest offset: the window's end plus the lateness (a flow beyond it is a clock-jump candidate). */
  private final long offsetMax;
  private static final long FLOWS_MASK = (1L << 40) - 1;
  private static final int PORTS_SHIFT = 40;
  private static final long ATTACKED = 1L << 62;

  private final List<String> groupNames = new ArrayList<>();
  private final List<Thresholds> groupThresholds = new ArrayList<>();
  private final Map<String, Short> groupIndex = new HashMap<>();
  private int highWater;
  private long dropped;
  /** The lowest ephemeral port of common systems (Linux 32768-60999; IANA's range starts at 49152). */
  private static final int EPHEMERAL = 32_768;
  /** Destinations under attack now. */
  private int underAttack;

  VolumeDetector(DetectorConfig cfg, AssetLookup assets, GeoLookup geo, String home) {
    this.cfg = cfg;
    this.assets = assets;
    this.geo = geo;
    this.home = home;
    this.seconds = cfg.windowMillis() / 1000.0;
    this.offsetMax = Math.min(0xFFFF, cfg.windowMillis() + cfg.latenessMillis());
    int n = cfg.maxDestinations();
    map = new AddressMap(n);
    used = new boolean[n];
    group = new short[n];
    counts = new long[4 * n];
    basePps = new double[n];
    baseBps = new double[n];
    baseFps = new double[n];
    baseSyn = new double[n];
    baseRefl = new double[n];
    learned = new int[n];
    idle = new int[n];
    attack = new ActiveAttack[n];
    groupIndexOf(DetectorConfig.DEFAULT_GROUP);
  }

  /**
   * Counts one flow to destination (dh, dl) from source (sh, sl) (both in {@link Ip} form) in the open window, which
   * starts at {@code windowStart}.
   */
  void flow(FlowRecord r, long dh, long dl, long sh, long sl, long windowStart) {
    if (underAttack > 0 && r.protocol == FlowRecord.UDP && (r.srcPort & 0xFFFF) < EPHEMERAL) {
      // UDP from an attacked target's service port: its peer is a client it answers, not a flood source (see
      // ActiveAttack#answered). One more probe per such flow, and only while an attack is going on; a server answers
      // from its service port (443, 53), below the ephemeral range, so most other UDP skips the probe.
      int from = map.get(sh, sl);
      if (from >= 0 && attack[from] != null) {
        attack[from].answered(dh, dl);
      }
    }
    int s = map.get(dh, dl);
    if (s < 0) {
      s = newDestination(r, dh, dl);
      if (s < 0) {
        dropped++;
        return;
      }
    }
    long p = r.packets;
    int c = 4 * s;
    long w = counts[c + 2] + 1;
    // The window's first and last flow ends, as offsets from its start in the top 16 bits of the packet and byte
    // counts: the attack's real start and end at no extra cache line (a late flow counts from the window's start, a
    // flow far ahead up to its end plus the lateness).
    long off = Math.min(offsetMax, Math.max(0, r.endMillis - windowStart));
    long pk = counts[c];
    long by = counts[c + 1];
    boolean firstFlow = (w & FLOWS_MASK) == 1;
    counts[c] = (firstFlow ? off : Math.min(pk >>> OFFSET_SHIFT, off)) << OFFSET_SHIFT | ((pk + p) & LOW48);
    counts[c + 1] = (firstFlow ? off : Math.max(by >>> OFFSET_SHIFT, off)) << OFFSET_SHIFT
        | ((by + r.bytes) & LOW48);
    if (r.protocol == FlowRecord.TCP) {
      if ((r.tcpFlags & (FlowRecord.SYN | FlowRecord.ACK)) == FlowRecord.SYN) {
        long syn = counts[c + 3];
        counts[c + 3] = (syn & ~LOW32) | saturated32(syn & LOW32, p);
      }
    } else if (r.protocol == FlowRecord.UDP) {
      int k = Vectors.reflectionIndex(r.srcPort);
      if (k >= 0) {
        long both = counts[c + 3];
        counts[c + 3] = (both & LOW32) | (saturated32(both >>> 32, p) << 32);
        w |= 1L << (PORTS_SHIFT + k);
      }
    }
    counts[c + 2] = w;
    if ((w & ATTACKED) != 0) {
      int v = Vectors.of(r);
      if (v >= 0) { // else a completed TCP session or another protocol: its source is no attacker
        attack[s].vectorFlow(v, sh, sl, p, r.bytes, geo, home, cfg.geoSampleEvery());
        if (r.samplingRate > attack[s].samplingRate) {
          attack[s].samplingRate = r.samplingRate;
        }
      }
    }
  }

  /**
   * A 32-bit half of the packed SYN/reflection counter plus {@code p}, saturating: sampled flows are scaled (1:30000
   * of a large flood passes 2^32 packets in a window), and a carry must never spill into the other half.
   */
  private static long saturated32(long half, long p) {
    long sum = half + (p < 0 || p > LOW32 ? LOW32 : p);
    return sum > LOW32 ? LOW32 : sum;
  }

  private int newDestination(FlowRecord r, long dh, long dl) {
    int s = map.add(dh, dl);
    if (s < 0) {
      return -1;
    }
    Asset asset = r.ipv6 ? assets.assetOfV6(dh, dl) : assets.assetOfV4(dl & 0xFFFF_FFFFL);
    group[s] = groupIndexOf(asset == null ? DetectorConfig.DEFAULT_GROUP : asset.group());
    used[s] = true;
    counts[4 * s] = counts[4 * s + 1] = counts[4 * s + 2] = counts[4 * s + 3] = 0;
    basePps[s] = baseBps[s] = baseFps[s] = baseSyn[s] = baseRefl[s] = 0;
    learned[s] = 0;
    idle[s] = 0;
    attack[s] = null;
    highWater = Math.max(highWater, s + 1);
    return s;
  }

  private short groupIndexOf(String name) {
    Short i = groupIndex.get(name);
    if (i == null) {
      if (groupNames.size() == Short.MAX_VALUE) {
        return 0; // absurdly many groups: the rest share the default's thresholds
      }
      i = (short) groupNames.size();
      groupNames.add(name);
      groupThresholds.add(cfg.thresholdsOf(name));
      groupIndex.put(name, i);
    }
    return i;
  }

  /**
   * Closes the window starting at {@code windowStart}: detects, learns, resets the counts. During warm-up ({@code
   * learning}) it only learns.
   */
  void close(long windowStart, boolean learning, List<AttackEvent> out) {
    double k = cfg.baselineFactor();
    for (int s = 0; s < highWater; s++) {
      if (!used[s]) {
        continue;
      }
      int c = 4 * s;
      long flowCount = counts[c + 2] & FLOWS_MASK;
      double pps = (counts[c] & LOW48) / seconds;
      double bps = (counts[c + 1] & LOW48) * 8.0 / seconds;
      long first = windowStart + (counts[c] >>> OFFSET_SHIFT);
      long last = windowStart + (counts[c + 1] >>> OFFSET_SHIFT);
      double fps = flowCount / seconds;
      double syn = (counts[c + 3] & LOW32) / seconds;
      double refl = (counts[c + 3] >>> 32) / seconds;
      Thresholds t = groupThresholds.get(group[s]);
      boolean vol = over(pps, t.minPps(), k * basePps[s])
          || over(bps, t.minBps(), k * baseBps[s])
          || over(fps, t.minFps(), k * baseFps[s]);
      boolean isSyn = over(syn, t.synPps(), k * baseSyn[s]);
      boolean isRefl = over(refl, t.reflectionPps(), k * baseRefl[s]);
      if (attack[s] != null) {
        attack[s].closeWindow(seconds, t);
      }
      if (!learning && (vol || isSyn || isRefl)) {
        Attack.Kind kind =
            isSyn ? Attack.Kind.SYN_FLOOD : isRefl ? Attack.Kind.UDP_REFLECTION : Attack.Kind.VOLUMETRIC_DDOS;
        abnormal(s, kind, first, last, pps, bps, fps, syn, refl, out);
      } else if (attack[s] != null) {
        if (++attack[s].quiet >= cfg.quietWindows()) {
          out.add(new AttackEvent(AttackEvent.Type.ENDED, attack[s].snapshot(false, geo)));
          attack[s] = null;
          underAttack--;
        }
      } else {
        learn(s, pps, bps, fps, syn, refl);
      }
      idle[s] = flowCount == 0 ? idle[s] + 1 : 0;
      counts[c] = counts[c + 1] = counts[c + 3] = 0;
      counts[c + 2] = attack[s] != null ? ATTACKED : 0;
      evictIfIdle(s, t, k);
    }
  }

  /** A window over threshold: starts the destination's attack, or extends it and reports a grown peak. */
  private void abnormal(int s, Attack.Kind kind, long first, long last, double pps, double bps, double fps, double syn,
      double refl, List<AttackEvent> out) {
    ActiveAttack a = attack[s];
    boolean started = a == null;
    if (started) {
      // The first flow of the window that crossed the threshold: within one window of the attack's first packet.
      a = new ActiveAttack(kind, Ip.format(map.hi(s), map.lo(s)), groupNames.get(group[s]), first, cfg);
      a.detail = detail(kind, s, syn, refl);
      attack[s] = a;
      underAttack++;
    }
    a.quiet = 0;
    a.endMillis = Math.max(a.endMillis, last); // the last flow of the last window over a threshold
    if (a.peak(pps, bps, fps, cfg.peakGrowth()) || started) {
      out.add(new AttackEvent(started ? AttackEvent.Type.STARTED : AttackEvent.Type.UPDATED, a.snapshot(true, geo)));
    }
  }

  /** Ends every open attack (the end of the input), each at the last flow of its last window over a threshold. */
  void endAll(List<AttackEvent> out) {
    for (int s = 0; s < highWater; s++) {
      if (used[s] && attack[s] != null) {
        out.add(new AttackEvent(AttackEvent.Type.ENDED, attack[s].snapshot(false, geo)));
        attack[s] = null;
        counts[4 * s + 2] &= ~ATTACKED;
      }
    }
    underAttack = 0;
  }

  /**
   * Forgets an idle destination that is not under attack: after {@code idleEvictWindows}, or already after {@code
   * quietWindows} when its baseline carries no information (k × baseline under every absolute minimum, so a fresh
   * slot would judge it the same). The second rule keeps a scan of a /16, which touches every address once, from
   * filling the table for ten minutes.
   */
  private void evictIfIdle(int s, Thresholds t, double k) {
    if (attack[s] != null || idle[s] < cfg.quietWindows()) {
      return;
    }
    boolean informative = k * basePps[s] >= t.minPps()
        || k * baseBps[s] >= t.minBps()
        || k * baseFps[s] >= t.minFps()
        || k * baseSyn[s] >= t.synPps()
        || k * baseRefl[s] >= t.reflectionPps();
    if (!informative || idle[s] >= cfg.idleEvictWindows()) {
      map.remove(map.hi(s), map.lo(s));
      used[s] = false;
    }
  }

  /** Abnormal: at least the absolute minimum and at least k × baseline. */
  private static boolean over(double rate, double minimum, double scaledBaseline) {
    return rate >= minimum && rate >= scaledBaseline;
  }

  private void learn(int s, double pps, double bps, double fps, double syn, double refl) {
    double w = Math.max(cfg.baselineAlpha(), 1.0 / (learned[s] + 1));
    if (learned[s] < Integer.MAX_VALUE) {
      learned[s]++;
    }
    basePps[s] += w * (pps - basePps[s]);
    baseBps[s] += w * (bps - baseBps[s]);
    baseFps[s] += w * (fps - baseFps[s]);
    baseSyn[s] += w * (syn - baseSyn[s]);
    baseRefl[s] += w * (refl - baseRefl[s]);
  }

  private String detail(Attack.Kind kind, int s, double syn, double refl) {
    switch (kind) {
      case SYN_FLOOD:
        return "TCP SYN without ACK: " + Math.round(syn) + " packets/s";
      case UDP_REFLECTION:
        StringBuilder b = new StringBuilder("UDP from source port");
        String sep = " ";
        for (int k = 0; k < Vectors.REFLECTION_PORTS.length; k++) {
          if ((counts[4 * s + 2] & (1L << (PORTS_SHIFT + k))) != 0) {
            b.append(sep).append(Vectors.REFLECTION_PORTS[k]).append(" (").append(Vectors.REFLECTION_SERVICES[k])
                .append(')');
            sep = ", ";
          }
        }
        return b.append(": ").append(Math.round(refl)).append(" packets/s").toString();
      default:
        return "rate over the thresholds of group " + groupNames.get(group[s]) + " and " + cfg.baselineFactor()
            + "x baseline";
    }
  }

  /** Flows dropped because {@code maxDestinations} destinations were already tracked. */
  long dropped() {
    return dropped;
  }

  int destinations() {
    return map.size();
  }
}
