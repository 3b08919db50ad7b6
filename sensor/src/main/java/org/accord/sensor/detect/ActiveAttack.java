package org.accord.sensor.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.accord.sensor.enrich.Geo;
import org.accord.sensor.enrich.GeoLookup;

/**
 * The mutable state of one ongoing attack: its peaks, heavy hitters, distinct sources and foreign share, and for a
 * volumetric attack the same per vector (see {@link Vectors}). Allocated when an attack starts (rare), updated per
 * flow to the target without allocation (a vector's heavy-hitter table is allocated at its first flow).
 *
 * <p>Only traffic of a vector feeds the sources, the distinct count and the foreign share of a volumetric attack, so
 * its figures describe the attackers; a vector is named in the report only when it is significant (see {@link
 * DetectorConfig#vectorMinShare}), and only the sources of named vectors are reported.
 */
final class ActiveAttack {
  final Attack.Kind kind;
  final String target;
  final String group;
  final long startMillis;
  String detail;
  long endMillis;
  int quiet;
  /** The largest sampling rate of the flows counted (1: unsampled), so that a report says its figures are estimates. */
  long samplingRate = 1;
  double peakPps;
  double peakBps;
  double peakFps;
  private double reportedPps;
  private double reportedBps;
  private double reportedFps;
  private boolean reportedSources;
  /** Scan detectors: the scan epoch the attack was last seen over its threshold, and flows already counted in it. */
  long seenEpoch;
  long countedInEpoch;
  private final TopSources top;
  private final DistinctCounter distinct = new DistinctCounter();
  private boolean anySource;
  private long foreign;
  private long located;
  private int sampleCountdown;
  private long total;
  private long totalFlows;
  private final int topK;
  /** Cells of the set of peers the target answered (8 bytes each, allocated at the first answer). */
  static final int PEER_SLOTS = 1 << 16;
  private long[] peers;
  private int peerCount;
  /** {@link DetectorConfig#vectorMinShare} and {@link DetectorConfig#floodProfileFactor}. */
  private final double minShare;
  private final double profileFactor;
  /** Per vector: this window's packets and bytes, totals since detection, peaks, whether it crossed its threshold. */
  private long[] winPackets;
  private long[] winBytes;
  private long[] packets;
  private long[] bytes;
  private long[] flows;
  private double[] vPeakPps;
  private double[] vPeakBps;
  private boolean[] strong;
  private TopSources[] vTop;

  ActiveAttack(Attack.Kind kind, String target, String group, long startMillis, DetectorConfig cfg) {
    this(kind, target, group, startMillis, cfg.topSources(), cfg.vectorMinShare(), cfg.floodProfileFactor());
  }

  private ActiveAttack(Attack.Kind kind, String target, String group, long startMillis, int topK, double minShare,
      double profileFactor) {
    this.minShare = minShare;
    this.profileFactor = profileFactor;
    this.kind = kind;
    this.target = target;
    this.group = group;
    this.startMillis = startMillis;
    this.endMillis = startMillis;
    this.top = new TopSources(topK);
    this.topK = topK;
  }

  /**
   * Counts one flow of vector {@code v} (see {@link Vectors#of}) from a source: in the vector's figures and heavy
   * hitters, and in the attack's (see {@link #source}).
   */
  void vectorFlow(int v, long hi, long lo, long p, long b, GeoLookup geo, String home, int sampleEvery) {
    if (vTop == null) {
      int n = Vectors.COUNT;
      winPackets = new long[n];
      winBytes = new long[n];
      packets = new long[n];
      bytes = new long[n];
      flows = new long[n];
      vPeakPps = new double[n];
      vPeakBps = new double[n];
      strong = new boolean[n];
      vTop = new TopSources[n];
    }
    winPackets[v] += p;
    winBytes[v] += b;
    flows[v]++;
    totalFlows++;
    TopSources t = vTop[v];
    if (t == null) {
      t = vTop[v] = new TopSources(topK);
    }
    t.add(hi, lo, p, b);
    source(hi, lo, p, geo, home, sampleEvery);
  }

  /**
   * Ends a window of the vectors: turns its counts into rates, raises each vector's peaks and marks those whose own
   * rate crossed their own threshold ({@code synPps} for the SYN flood, {@code reflectionPps} for each reflection,
   * {@code minPps} or {@code minBps} for the UDP and ICMP floods).
   */
  void closeWindow(double seconds, DetectorConfig.Thresholds t) {
    if (vTop == null) {
      return;
    }
    for (int v = 0; v < Vectors.COUNT; v++) {
      if (winPackets[v] == 0 && winBytes[v] == 0) {
        continue;
      }
      double pps = winPackets[v] / seconds;
      double bps = winBytes[v] * 8.0 / seconds;
      vPeakPps[v] = Math.max(vPeakPps[v], pps);
      vPeakBps[v] = Math.max(vPeakBps[v], bps);
      double own = v == Vectors.SYN_FLOOD ? t.synPps() : v >= Vectors.REFLECTION ? t.reflectionPps() : t.minPps();
      strong[v] |= pps >= own || (v == Vectors.UDP_FLOOD || v == Vectors.ICMP_FLOOD) && bps >= t.minBps();
      packets[v] += winPackets[v];
      bytes[v] += winBytes[v];
      winPackets[v] = winBytes[v] = 0;
    }
  }

  /** Whether vector {@code v} is significant enough to be named (see {@link DetectorConfig#vectorMinShare}). */
  private boolean named(int v, long allPackets) {
    long p = packets[v] + winPackets[v];
    if (p == 0 && flows[v] == 0) {
      return false;
    }
    return strong[v]
        || p >= minShare * allPackets
        || flows[v] >= minShare * totalFlows;
  }

  /**
   * Counts traffic from one source. Every {@code sampleEvery}-th call also locates the source, for the foreign share
   * (a geo lookup per flow would cost more than the rest of the detector).
   */
  void source(long hi, long lo, long weight, GeoLookup geo, String home, int sampleEvery) {
    top.add(hi, lo, weight);
    anySource = true;
    total += weight;
    distinct.add(Ip.hash64(hi, lo));
    if (--sampleCountdown <= 0) {
      sampleCountdown = sampleEvery;
      Geo g = Ip.geo(geo, hi, lo);
      if (!g.country().isEmpty()) {
        located += weight;
        if (!g.country().equalsIgnoreCase(home)) {
          foreign += weight;
        }
      }
    }
  }

  /**
   * Counts a client among the attack's distinct sources without naming it (a web path flood's clients: attackers and
   * ordinary users of the path alike, see {@code LogRuns}).
   */
  void seen(long hi, long lo) {
    seenHash(Ip.hash64(hi, lo));
  }

  /** {@link #seen} by the address's {@link Ip#hash64}. */
  void seenHash(long hash) {
    distinct.add(hash);
    anySource = true;
  }

  /**
   * Remembers a peer the target itself sent UDP to during the attack (its reply to a QUIC client, its name server's
   * answer to a resolver): a peer in a conversation, never a UDP-flood source (see {@link #snapshot}). Bounded: at
   * most 3/4 of {@value #PEER_SLOTS} peers, later ones are not remembered.
   */
  void answered(long hi, long lo) {
    long h = Ip.hash64(hi, lo) | 1; // never 0, the empty cell
    if (peers == null) {
      peers = new long[PEER_SLOTS];
    }
    int i = (int) h & (PEER_SLOTS - 1);
    while (peers[i] != 0) {
      if (peers[i] == h) {
        return;
      }
      i = (i + 1) & (PEER_SLOTS - 1);
    }
    if (peerCount < PEER_SLOTS / 4 * 3) {
      peers[i] = h;
      peerCount++;
    }
  }

  private boolean isPeer(long hi, long lo) {
    if (peers == null) {
      return false;
    }
    long h = Ip.hash64(hi, lo) | 1;
    for (int i = (int) h & (PEER_SLOTS - 1); peers[i] != 0; i = (i + 1) & (PEER_SLOTS - 1)) {
      if (peers[i] == h) {
        return true;
      }
    }
    return false;
  }

  /** Raises the peaks; true when one grew by at least {@code growth} since the last report. */
  boolean peak(double pps, double bps, double fps, double growth) {
    peakPps = Math.max(peakPps, pps);
    peakBps = Math.max(peakBps, bps);
    peakFps = Math.max(peakFps, fps);
    return peakPps > reportedPps * growth
        || peakBps > reportedBps * growth
        || peakFps > reportedFps * growth
        || (!reportedSources && top.size() > 0);
  }

  Attack snapshot(boolean ongoing, GeoLookup geo) {
    reportedPps = peakPps;
    reportedBps = peakBps;
    reportedFps = peakFps;
    reportedSources = top.size() > 0;
    List<Attack.Vector> vectors = new ArrayList<>();
    List<Attack.Source> sources;
    String what = detail;
    if (vTop == null) { // a scan, a brute force, or a volumetric attack before its first attributed flow
      sources = sources(top, geo, false);
      if (kind != Attack.Kind.VOLUMETRIC_DDOS && kind != Attack.Kind.SYN_FLOOD
          && kind != Attack.Kind.UDP_REFLECTION) {
        vectors.add(new Attack.Vector(kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), detail, 0, 0, total, 0,
            sources));
      }
    } else {
      long allPackets = 0;
      for (int v = 0; v < Vectors.COUNT; v++) {
        allPackets += packets[v] + winPackets[v];
      }
      Map<String, Attack.Source> union = new LinkedHashMap<>();
      List<String> signatures = new ArrayList<>();
      for (int v = 0; v < Vectors.COUNT; v++) {
        if (!named(v, allPackets)) {
          continue;
        }
        List<Attack.Source> vs = sources(vTop[v], geo, v == Vectors.UDP_FLOOD);
        if (v == Vectors.UDP_FLOOD || v == Vectors.ICMP_FLOOD) {
          vs = profiled(vs, packets[v] + winPackets[v], bytes[v] + winBytes[v], profileFactor);
        }
        vectors.add(new Attack.Vector(Vectors.name(v), Vectors.signature(v), vPeakPps[v], vPeakBps[v],
            packets[v] + winPackets[v], bytes[v] + winBytes[v], vs));
        signatures.add(Vectors.name(v) + ": " + Vectors.signature(v) + String.format(Locale.ROOT, ", peak %.0f"
            + " packets/s", vPeakPps[v]));
        for (Attack.Source s : vs) {
          union.merge(s.address(), s, (a, b) -> new Attack.Source(a.address(), a.packets() + b.packets(),
              a.bytes() + b.bytes(), a.country(), a.asn()));
        }
      }
      sources = new ArrayList<>(union.values());
      sources.sort((a, b) -> Long.compare(b.packets(), a.packets()));
      if (sources.size() > topK) {
        sources = new ArrayList<>(sources.subList(0, topK));
      }
      if (!signatures.isEmpty()) {
        what = String.join("; ", signatures);
      }
    }
    double share = located == 0 ? -1 : (double) foreign / located;
    return new Attack(kind, target, group, startMillis, Math.max(startMillis, endMillis), ongoing, peakPps, peakBps,
        peakFps, anySource ? Math.max(1, distinct.estimate()) : 0, sources, share, what, vectors, samplingRate);
  }

  /**
   * The sources of a UDP or ICMP flood whose packets have the flood's size profile: a mean packet size within a
   * factor {@link DetectorConfig#floodProfileFactor} of the vector's. These vectors have no signature as sharp as a
   * SYN without ACK, and a target's own UDP clients (QUIC, DNS) share the protocol; when their packets differ in size
   * from the flood's they are left out rather than named (when they do not, the target's answers to them do, see
   * {@link #answered}).
   */
  private static List<Attack.Source> profiled(List<Attack.Source> sources, long packets, long bytes, double factor) {
    if (packets <= 0 || bytes <= 0) {
      return sources;
    }
    double mean = (double) bytes / packets;
    List<Attack.Source> out = new ArrayList<>(sources.size());
    for (Attack.Source s : sources) {
      double own = s.packets() == 0 ? 0 : (double) s.bytes() / s.packets();
      if (own >= mean / factor && own <= mean * factor) {
        out.add(s);
      }
    }
    return out;
  }

  /** The held sources of {@code t}, largest first; without the target's UDP peers when {@code dropPeers}. */
  private List<Attack.Source> sources(TopSources t, GeoLookup geo, boolean dropPeers) {
    List<Attack.Source> out = new ArrayList<>(t.size());
    for (int i : t.order()) {
      if (dropPeers && isPeer(t.hi(i), t.lo(i))) {
        continue; // the target answered it: a client (QUIC, DNS), not a flood source
      }
      Geo g = Ip.geo(geo, t.hi(i), t.lo(i));
      out.add(new Attack.Source(Ip.format(t.hi(i), t.lo(i)), t.count(i), t.bytes(i), g.country(), g.asn()));
    }
    return out;
  }
}
