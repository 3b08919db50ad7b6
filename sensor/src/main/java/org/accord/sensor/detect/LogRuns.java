package org.accord.sensor.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.accord.sensor.enrich.GeoLookup;

/**
 * Attacks made of log events, one kind per instance: the pieces of evidence (a failed login, a request, a request
 * answered 404) are counted in runs, and a run over its threshold joins the attack of its key. Shared by the
 * brute-force detector (SSH logs) and the web detectors (access logs).
 *
 * <p>Design note. A <b>run</b> is the evidence of one key of one family (one source against a target and service;
 * one client, or one path, of a web host) whose pieces are less than a window apart. It is over its family's
 * threshold when the evidence within the window ending at its last piece reaches it (counted in {@value #BUCKETS}
 * buckets of a twelfth of the window, so a burst that straddles two tumbling windows is not missed and the count is
 * exact to one bucket), or, for a family that counts distinct values (a web scan's paths), when as many distinct
 * values were seen within that window. One attack per attack key (a target and service, a web host): a run over its
 * threshold joins it with all of its evidence so far, and a joined run keeps the attack going with any further piece
 * (so an attack whose rate dips is not cut in two). Time is the evidence's own: the attack <b>starts at the first
 * piece of the first run that joined it</b> (for a run that does not name its sources, see below, the first piece
 * within the window that crossed) <b>and ends at the last piece of any joined run</b>, never at a tick or a window
 * boundary (issue 9, finding 7: a ten-minute brute force was reported as one minute). It is reported ENDED when a
 * whole window passed after its end without evidence of a joined run, or at the end of the input ({@link #endAll}).
 * Runs that never reach their threshold are forgotten a window after their last piece, which bounds memory by the
 * keys active within one window.
 *
 * <p>A family either names its sources (each run is one client: its address is an attack source) or does not (a
 * run keyed by a path gathers every client of that path, attackers and ordinary users alike; its clients are counted
 * toward the attack's distinct sources but never named, so they never become indicators — the clients that are
 * named are those over a naming family's threshold).
 */
final class LogRuns {
  /** Buckets of the sliding window. */
  static final int BUCKETS = 12;
  /** Distinct clients a run that does not name its sources remembers before it joins an attack. */
  static final int MAX_CLIENTS = 8_192;

  /**
   * One way evidence is counted.
   *
   * @param phrase what one run counts, for people ("failed logins from one source")
   * @param threshold evidence (or distinct values) within the window that make a run join the attack
   * @param distinct whether the run counts distinct values rather than pieces
   * @param namesSources whether a run is one client whose address is an attack source
   */
  record Family(String phrase, int threshold, boolean distinct, boolean namesSources) {
    Family {
      Objects.requireNonNull(phrase, "phrase");
    }
  }

  private final Attack.Kind kind;
  private final long window;
  private final long bucketMillis;
  private final List<Family> families;
  private final int topK;
  private final DetectorConfig cfg;
  private final double peakGrowth;
  private final GeoLookup geo;
  private final String home;
  private final Map<String, Key> keys = new HashMap<>();
  /** Reports made while counting (see {@link #add}), handed out by the next {@link #close}. */
  private final List<AttackEvent> pending = new ArrayList<>();

  LogRuns(Attack.Kind kind, long windowMillis, List<Family> families, DetectorConfig cfg, GeoLookup geo, String home) {
    this.kind = kind;
    this.window = windowMillis;
    this.bucketMillis = Math.max(1, windowMillis / BUCKETS);
    this.families = List.copyOf(families);
    this.topK = cfg.topSources();
    this.cfg = cfg;
    this.peakGrowth = cfg.peakGrowth();
    this.geo = geo;
    this.home = home;
  }

  /** The runs and the attack of one attack key. */
  private static final class Key {
    final String target;
    final String label;
    final Map<String, Run> runs = new LinkedHashMap<>();
    ActiveAttack attack;
    boolean joinedSinceReport;
    long evidence;

    Key(String target, String label) {
      this.target = target;
      this.label = label;
    }
  }

  private static final class Run {
    final int family;
    final String name;
    long first;
    long last;
    long pieces;
    long peak;
    final long[] bucketId = new long[BUCKETS];
    final long[] bucketCount = new long[BUCKETS];
    final long[] bucketFirst = new long[BUCKETS];
    /** Distinct families: value → the last time it was seen. */
    Map<String, Long> values;
    /** Naming families, before the run joins: its evidence per source. */
    TopSources top;
    /** Other families, before the run joins: its distinct clients (hashes, at most {@value #MAX_CLIENTS}). */
    java.util.Set<Long> clients;
    boolean joined;

    Run(int family, String name, long first) {
      this.family = family;
      this.name = name;
      this.first = first;
      this.last = first;
    }
  }

  /**
   * Counts one piece of evidence at {@code t}.
   *
   * @param attackKey the attack it is evidence of (a target and service)
   * @param target the attacked host, as reported
   * @param label what the attack is, for people ("authentication failures on service port 22")
   * @param family the index of its family
   * @param runKey the run's key within the family (a client, a path)
   * @param source the client's address as logged
   * @param value the value a distinct family counts (a path), else null
   */
  void add(String attackKey, String target, String label, int family, String runKey, String source, long t,
      String value) {
    Key k = keys.computeIfAbsent(attackKey, x -> new Key(target, label));
    String rk = family + "|" + runKey;
    Run r = k.runs.get(rk);
    Family f = families.get(family);
    // A piece a window or more after the last one of a run, or of the attack, while no window closed in between (a
    // log whose clock leaps, or whose lines come in a burst after a silence): settle what is over before counting
    // it, so an ended attack does not take the piece as its new end. Reported with the next close.
    if (r != null && !r.joined && t - r.last >= window && measure(r, f) >= f.threshold()) {
      join(k, r, f);
    }
    if (k.attack != null && t - k.attack.endMillis >= window) {
      report(k, pending);
      end(k, pending);
    }
    r = k.runs.get(rk);
    if (r != null && !r.joined && t - r.last >= window) {
      r = null;
    }
    if (r == null) {
      r = new Run(family, runKey, t);
      k.runs.put(rk, r);
    }
    r.first = Math.min(r.first, t); // lines slightly out of order (a log written by several workers)
    r.last = Math.max(r.last, t);
    r.pieces++;
    long b = Math.floorDiv(t, bucketMillis);
    int i = (int) Math.floorMod(b, (long) BUCKETS);
    if (r.bucketId[i] != b) {
      r.bucketId[i] = b;
      r.bucketCount[i] = 0;
      r.bucketFirst[i] = t;
    }
    r.bucketCount[i]++;
    r.bucketFirst[i] = Math.min(r.bucketFirst[i], t);
    if (value != null) {
      if (r.values == null) {
        r.values = new HashMap<>();
      }
      if (r.values.size() < 4 * f.threshold() || r.values.containsKey(value)) { // bounded: a run over it has joined
        r.values.put(value, t);
      }
    }
    long[] ip = Ip.parse(source);
    if (r.joined) {
      ActiveAttack a = k.attack;
      a.endMillis = Math.max(a.endMillis, t);
      k.evidence++;
      if (f.namesSources()) {
        a.source(ip[0], ip[1], 1, geo, home, 1);
      } else {
        a.seen(ip[0], ip[1]);
      }
    } else if (f.namesSources()) {
      if (r.top == null) {
        r.top = new TopSources(topK);
      }
      r.top.add(ip[0], ip[1], 1);
    } else {
      if (r.clients == null) {
        r.clients = new java.util.HashSet<>();
      }
      if (r.clients.size() < MAX_CLIENTS) {
        r.clients.add(Ip.hash64(ip[0], ip[1]));
      }
    }
  }

  /** The run's evidence within the window ending at its last piece. */
  private long measure(Run r, Family f) {
    if (f.distinct()) {
      long from = r.last - window;
      r.values.values().removeIf(seen -> seen <= from);
      return r.values.size();
    }
    long newest = Math.floorDiv(r.last, bucketMillis);
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (r.bucketId[i] > newest - BUCKETS) {
        n += r.bucketCount[i];
      }
    }
    return n;
  }

  /** The first piece of the run within the window ending at its last piece (to one bucket). */
  private long windowFirst(Run r) {
    long newest = Math.floorDiv(r.last, bucketMillis);
    long first = r.last;
    for (int i = 0; i < BUCKETS; i++) {
      if (r.bucketId[i] > newest - BUCKETS && r.bucketCount[i] > 0) {
        first = Math.min(first, r.bucketFirst[i]);
      }
    }
    return first;
  }

  /** Joins runs over their thresholds, reports what changed and ends attacks quiet for a window, at {@code now}. */
  void close(long now, List<AttackEvent> out) {
    out.addAll(pending);
    pending.clear();
    for (Iterator<Key> kit = keys.values().iterator(); kit.hasNext(); ) {
      Key k = kit.next();
      for (Iterator<Run> rit = k.runs.values().iterator(); rit.hasNext(); ) {
        Run r = rit.next();
        Family f = families.get(r.family);
        long m = measure(r, f);
        r.peak = Math.max(r.peak, m);
        if (!r.joined && m >= f.threshold()) {
          join(k, r, f);
        } else if (!r.joined && now - r.last >= window) {
          rit.remove();
        }
      }
      ActiveAttack a = k.attack;
      if (a != null) {
        if (now - a.endMillis >= window) {
          end(k, out);
        } else {
          report(k, out);
        }
      }
      if (k.runs.isEmpty() && k.attack == null) {
        kit.remove();
      }
    }
  }

  /** Ends every attack (the end of the input): each gets its final report, with its real end. */
  void endAll(List<AttackEvent> out) {
    out.addAll(pending);
    pending.clear();
    for (Key k : keys.values()) {
      if (k.attack != null) {
        end(k, out);
      }
    }
    keys.clear();
  }

  private void join(Key k, Run r, Family f) {
    if (k.attack == null) {
      // A client's run is all its own evidence, from its first piece; a path's run gathers every client of the path,
      // whose ordinary traffic before the burst is no evidence: it starts with the window that crossed.
      long start = f.namesSources() ? r.first : windowFirst(r);
      k.attack = new ActiveAttack(kind, k.target, DetectorConfig.DEFAULT_GROUP, start, cfg);
      k.evidence = 0;
    }
    ActiveAttack a = k.attack;
    a.endMillis = Math.max(a.endMillis, r.last);
    if (r.top != null) {
      for (int i : r.top.order()) {
        a.source(r.top.hi(i), r.top.lo(i), r.top.count(i), geo, home, 1);
      }
      r.top = null;
    }
    if (r.clients != null) {
      r.clients.forEach(a::seenHash);
      r.clients = null;
    }
    k.evidence += r.pieces;
    r.joined = true;
    k.joinedSinceReport = true;
  }

  private void report(Key k, List<AttackEvent> out) {
    ActiveAttack a = k.attack;
    boolean started = a.detail == null;
    a.detail = detail(k);
    boolean grew = a.peak(0, 0, peakRate(k), peakGrowth);
    if (started || grew || k.joinedSinceReport) {
      out.add(new AttackEvent(started ? AttackEvent.Type.STARTED : AttackEvent.Type.UPDATED, a.snapshot(true, geo)));
    }
    k.joinedSinceReport = false;
  }

  private void end(Key k, List<AttackEvent> out) {
    ActiveAttack a = k.attack;
    a.detail = detail(k);
    a.peak(0, 0, peakRate(k), peakGrowth);
    out.add(new AttackEvent(AttackEvent.Type.ENDED, a.snapshot(false, geo)));
    k.attack = null;
    k.runs.values().removeIf(r -> r.joined);
  }

  /** The largest evidence of one joined run within one window, per second. */
  private double peakRate(Key k) {
    long peak = 0;
    for (Run r : k.runs.values()) {
      if (r.joined) {
        peak = Math.max(peak, r.peak);
      }
    }
    return peak * 1000.0 / window;
  }

  /**
   * "authentication failures on service port 22: at least 20 failed logins from one source within 60 s (2: a, b);
   * 295 in all".
   */
  private String detail(Key k) {
    StringBuilder d = new StringBuilder(k.label).append(':');
    String sep = " ";
    for (int f = 0; f < families.size(); f++) {
      List<String> names = new ArrayList<>();
      for (Run r : k.runs.values()) {
        if (r.joined && r.family == f && !names.contains(r.name)) {
          names.add(r.name);
        }
      }
      if (names.isEmpty()) {
        continue;
      }
      Family fam = families.get(f);
      d.append(sep).append(String.format(Locale.ROOT, "at least %d %s within %d s (%d: %s%s)", fam.threshold(),
          fam.phrase(), window / 1000, names.size(), String.join(", ", names.subList(0, Math.min(5, names.size()))),
          names.size() > 5 ? ", ..." : ""));
      sep = "; ";
    }
    return d.append("; ").append(k.evidence).append(" in all").toString();
  }
}
