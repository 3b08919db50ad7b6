package org.accord.sensor.detect;

import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.enrich.Geo;
import org.accord.sensor.enrich.GeoLookup;

/**
 * The mutable state of one ongoing attack: its peaks, heavy hitters, distinct sources and foreign share. Allocated when
 * an attack starts (rare), updated per flow to the target without allocation.
 */
final class ActiveAttack {
  final Attack.Kind kind;
  final String target;
  final String group;
  final long startMillis;
  String detail;
  long endMillis;
  int quiet;
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
  private long foreign;
  private long located;
  private int sampleCountdown;

  ActiveAttack(Attack.Kind kind, String target, String group, long startMillis, int topK) {
    this.kind = kind;
    this.target = target;
    this.group = group;
    this.startMillis = startMillis;
    this.endMillis = startMillis;
    this.top = new TopSources(topK);
  }

  /**
   * Counts traffic from one source. Every {@code sampleEvery}-th call also locates the source, for the foreign share
   * (a geo lookup per flow would cost more than the rest of the detector).
   */
  void source(long hi, long lo, long weight, GeoLookup geo, String home, int sampleEvery) {
    top.add(hi, lo, weight);
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
    List<Attack.Source> sources = new ArrayList<>(top.size());
    for (int i : top.order()) {
      Geo g = Ip.geo(geo, top.hi(i), top.lo(i));
      sources.add(new Attack.Source(Ip.format(top.hi(i), top.lo(i)), top.count(i), g.country(), g.asn()));
    }
    double share = located == 0 ? -1 : (double) foreign / located;
    return new Attack(kind, target, group, startMillis, Math.max(startMillis, endMillis), ongoing, peakPps, peakBps,
        peakFps, top.size() == 0 ? 0 : Math.max(1, distinct.estimate()), sources, share, detail);
  }
}
