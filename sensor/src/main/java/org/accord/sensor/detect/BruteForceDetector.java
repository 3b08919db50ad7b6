package org.accord.sensor.detect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accord.sensor.decode.LogEvent;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.flow.Addresses;

/**
 * Brute force against authentication services, from log events: failures (AUTH_FAILURE, AUTH_INVALID_USER) per
 * source per target and service within a brute-force window.
 *
 * <p>Design note. Log events are rare next to flows (thousands per second at most) and carry text addresses, so plain
 * hash maps keyed by text are right here. One attack per target and service; each source whose failures in a window
 * reach the threshold joins it (so a distributed brute force of several sources, each over the threshold, is one
 * attack). Counts start afresh each (tumbling) window, but a source that joined an ongoing attack keeps it going with
 * any failure, so an attack is not cut in two at a window boundary. It ends when a whole window passes without a
 * failure from its sources or a new source over the threshold, at its last counted failure.
 */
final class BruteForceDetector {
  private final DetectorConfig cfg;
  private final GeoLookup geo;
  private final String home;
  /** target|service → source → {failures, first, last, already counted into the attack}. */
  private final Map<String, Map<String, long[]>> counts = new HashMap<>();
  private final Map<String, ActiveAttack> active = new HashMap<>();
  /** target|service → the sources that joined its ongoing attack. */
  private final Map<String, Set<String>> members = new HashMap<>();
  private long epoch;

  BruteForceDetector(DetectorConfig cfg, GeoLookup geo, String home) {
    this.cfg = cfg;
    this.geo = geo;
    this.home = home;
  }

  void event(LogEvent e) {
    if (e.kind() != LogEvent.Kind.AUTH_FAILURE && e.kind() != LogEvent.Kind.AUTH_INVALID_USER) {
      return;
    }
    String key = (e.target().isEmpty() ? "unknown" : e.target()) + "|" + e.service();
    long[] c = counts.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(e.source(),
        k -> new long[] {0, e.timeMillis(), e.timeMillis(), 0});
    c[0]++;
    c[1] = Math.min(c[1], e.timeMillis());
    c[2] = Math.max(c[2], e.timeMillis());
  }

  /** Checks the counts after a base window; at the end of a brute-force window also ends quiet attacks. */
  void close(boolean bruteWindowEnds, List<AttackEvent> out) {
    for (Map.Entry<String, Map<String, long[]>> target : counts.entrySet()) {
      for (Map.Entry<String, long[]> src : target.getValue().entrySet()) {
        long[] c = src.getValue();
        Set<String> joined = members.get(target.getKey());
        if (c[0] >= cfg.bruteForceThreshold() || (joined != null && joined.contains(src.getKey()))) {
          report(target.getKey(), src.getKey(), c, out);
        }
      }
    }
    if (bruteWindowEnds) {
      for (Iterator<ActiveAttack> it = active.values().iterator(); it.hasNext(); ) {
        ActiveAttack a = it.next();
        if (a.seenEpoch != epoch) {
          out.add(new AttackEvent(AttackEvent.Type.ENDED, a.snapshot(false, geo)));
          it.remove();
        }
      }
      members.keySet().retainAll(active.keySet());
      counts.clear();
      epoch++;
    }
  }

  private void report(String key, String source, long[] c, List<AttackEvent> out) {
    ActiveAttack a = active.get(key);
    boolean started = a == null;
    int bar = key.lastIndexOf('|');
    if (started) {
      a = new ActiveAttack(Attack.Kind.BRUTE_FORCE, key.substring(0, bar), DetectorConfig.DEFAULT_GROUP, c[1],
          cfg.topSources());
      active.put(key, a);
    }
    a.seenEpoch = epoch;
    a.endMillis = Math.max(a.endMillis, c[2]);
    members.computeIfAbsent(key, k -> new HashSet<>()).add(source);
    long delta = c[0] - c[3];
    c[3] = c[0];
    if (delta > 0) {
      long[] ip = parse(source);
      a.source(ip[0], ip[1], delta, geo, home, 1);
    }
    a.detail = "authentication failures on service port " + key.substring(bar + 1) + ": up to " + c[0] + " from one"
        + " source within " + cfg.bruteForceWindowMillis() / 1000 + " s";
    boolean grew = a.peak(0, 0, c[0] * 1000.0 / cfg.bruteForceWindowMillis(), cfg.peakGrowth());
    if (started || (grew && delta > 0)) {
      out.add(new AttackEvent(started ? AttackEvent.Type.STARTED : AttackEvent.Type.UPDATED, a.snapshot(true, geo)));
    }
  }

  /** The {@link Ip} form of a literal address from a log; (0, 0) when it is not one (never a DNS lookup). */
  private static long[] parse(String text) {
    long v4 = Addresses.parseV4(text);
    if (v4 >= 0) {
      return new long[] {0, Ip.loOf(false, v4)};
    }
    if (text.indexOf(':') >= 0 && text.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == ':' || ch == '.')) {
      try {
        byte[] b = InetAddress.getByName(text).getAddress();
        if (b.length == 16) {
          long hi = 0;
          long lo = 0;
          for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (b[i] & 0xff);
            lo = lo << 8 | (b[8 + i] & 0xff);
          }
          return new long[] {hi, lo};
        }
        if (b.length == 4) {
          return new long[] {0, Ip.loOf(false, ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8)
              | (b[3] & 0xffL))};
        }
      } catch (UnknownHostException e) {
        // not a literal address; fall through
      }
    }
    return new long[] {0, 0};
  }
}
