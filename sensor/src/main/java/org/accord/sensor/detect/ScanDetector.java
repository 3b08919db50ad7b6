package org.accord.sensor.detect;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetLookup;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.flow.FlowRecord;

/**
 * Horizontal scans (one source, one port, many destinations), vertical scans (one source, one destination, many
 * ports) and brute force seen in flows (one source, many short flows to an authentication port of one destination),
 * each counted per scan window in a bounded {@link PairTable}.
 *
 * <p>Design note. Only probe-like flows (at most {@code probeMaxPackets} packets; for TCP without ACK, or with
 * RST) enter the scan tables, and only
 * short flows to an authentication port enter the brute-force table, so bulk traffic costs one comparison. The tables
 * are checked at every base window, so a scan is reported as soon as its count crosses the threshold, not at the end
 * of its scan window; the attack starts at the key's first flow in the window. An attack ends when a whole scan window
 * passes without its key over threshold; it ends at the key's last flow. Attacks are keyed by (kind, source, target)
 * in a map: allocation happens only when an attack is found.
 */
final class ScanDetector {
  private static final int RST = 0x04;
  private final DetectorConfig cfg;
  private final AssetLookup assets;
  private final GeoLookup geo;
  private final String home;
  private final PairTable horizontal;
  private final PairTable vertical;
  private final PairTable auth;
  private final boolean[] authPort = new boolean[65536];
  private final Map<String, ActiveAttack> active = new HashMap<>();
  private long epoch;

  ScanDetector(DetectorConfig cfg, AssetLookup assets, GeoLookup geo, String home) {
    this.cfg = cfg;
    this.assets = assets;
    this.geo = geo;
    this.home = home;
    horizontal = new PairTable(cfg.tableBuckets(), cfg.tableWays());
    vertical = new PairTable(cfg.tableBuckets(), cfg.tableWays());
    auth = new PairTable(cfg.tableBuckets(), cfg.tableWays());
    for (int p : cfg.authPorts()) {
      authPort[p] = true;
    }
  }

  void flow(FlowRecord r, long dh, long dl, long sh, long sl) {
    long t = r.endMillis;
    int port = r.dstPort & 0xFFFF;
    // The shape of a flow is what the exporter saw: a probe sampled 1 in 1000 is still one packet, not a thousand.
    long observed = r.observedPackets();
    if (observed <= cfg.probeMaxPackets()
        && (r.protocol != FlowRecord.TCP || (r.tcpFlags & (FlowRecord.ACK | RST)) != FlowRecord.ACK)) {
      int h = horizontal.touch(sh, sl, 0, 0, port, t);
      horizontal.mark(h, Ip.hash64(dh, dl));
      int v = vertical.touch(sh, sl, dh, dl, 0, t);
      vertical.mark(v, Ip.hash64(port, 0x5bd1e995L));
    }
    if (authPort[port] && observed <= cfg.authFlowMaxPackets()) {
      auth.touch(sh, sl, dh, dl, port, t);
    }
  }

  /** Checks the tables after a base window; at the end of a scan window also ends quiet attacks and starts afresh. */
  void close(boolean scanWindowEnds, List<AttackEvent> out) {
    check(horizontal, Attack.Kind.HORIZONTAL_SCAN, cfg.horizontalScanDistinct(), scanWindowEnds, out);
    check(vertical, Attack.Kind.VERTICAL_SCAN, cfg.verticalScanDistinct(), scanWindowEnds, out);
    check(auth, Attack.Kind.BRUTE_FORCE, cfg.authFlowThreshold(), scanWindowEnds, out);
    if (scanWindowEnds) {
      for (Iterator<ActiveAttack> it = active.values().iterator(); it.hasNext(); ) {
        ActiveAttack a = it.next();
        if (a.seenEpoch != epoch) {
          out.add(new AttackEvent(AttackEvent.Type.ENDED, a.snapshot(false, geo)));
          it.remove();
        }
        a.countedInEpoch = 0;
      }
      epoch++;
      horizontal.nextEpoch();
      vertical.nextEpoch();
      auth.nextEpoch();
    }
  }

  /** Ends every open attack (the end of the input), each at its key's last flow. */
  void endAll(List<AttackEvent> out) {
    for (ActiveAttack a : active.values()) {
      out.add(new AttackEvent(AttackEvent.Type.ENDED, a.snapshot(false, geo)));
    }
    active.clear();
  }

  private void check(PairTable table, Attack.Kind kind, int threshold, boolean full, List<AttackEvent> out) {
    double scanSeconds = cfg.scanWindowMillis() / 1000.0;
    for (int i = 0; i < table.entries(); i++) {
      if (!table.live(i) || table.flows(i) < threshold) {
        continue; // fewer flows than the threshold cannot have as many distinct values
      }
      int count = kind == Attack.Kind.BRUTE_FORCE ? (int) table.flows(i) : table.distinct(i);
      if (count < threshold) {
        continue;
      }
      String source = Ip.format(table.aHi(i), table.aLo(i));
      String target = kind == Attack.Kind.HORIZONTAL_SCAN
          ? "*:" + table.port(i)
          : Ip.format(table.bHi(i), table.bLo(i));
      String key = kind + "|" + source + "|" + target + "|" + table.port(i);
      ActiveAttack a = active.get(key);
      boolean started = a == null;
      if (started) {
        String group = kind == Attack.Kind.HORIZONTAL_SCAN
            ? DetectorConfig.DEFAULT_GROUP
            : groupOf(table.bHi(i), table.bLo(i));
        a = new ActiveAttack(kind, target, group, table.first(i), cfg);
        active.put(key, a);
      }
      a.seenEpoch = epoch;
      a.endMillis = Math.max(a.endMillis, table.last(i));
      a.detail = detail(kind, count, table.port(i));
      long delta = table.flows(i) - a.countedInEpoch;
      a.countedInEpoch = table.flows(i);
      if (delta > 0) {
        a.source(table.aHi(i), table.aLo(i), delta, geo, home, 1);
      }
      // The peak is the flow rate over a whole scan window, so it is final only when the window is (at the start, the
      // rate so far); this also limits UPDATED reports to one per scan window.
      boolean grew = (started || full) && a.peak(0, 0, table.flows(i) / scanSeconds, cfg.peakGrowth());
      if (started || grew) {
        out.add(new AttackEvent(started ? AttackEvent.Type.STARTED : AttackEvent.Type.UPDATED,
            a.snapshot(true, geo)));
      }
    }
  }

  /** The threshold group of a target address (looked up when an attack starts, not per flow). */
  private String groupOf(long hi, long lo) {
    Asset asset = Ip.isV4(hi, lo) ? assets.assetOfV4(lo & 0xFFFF_FFFFL) : assets.assetOfV6(hi, lo);
    return asset == null ? DetectorConfig.DEFAULT_GROUP : asset.group();
  }

  private String detail(Attack.Kind kind, int count, int port) {
    long s = cfg.scanWindowMillis() / 1000;
    switch (kind) {
      case HORIZONTAL_SCAN:
        return "about " + count + " distinct destinations on port " + port + " within " + s + " s";
      case VERTICAL_SCAN:
        return "about " + count + " distinct ports within " + s + " s";
      default:
        return count + " short flows to authentication port " + port + " within " + s + " s";
    }
  }
}
