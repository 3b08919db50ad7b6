package org.accord.sensor.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.accord.sensor.decode.LogEvent;
import org.accord.sensor.enrich.AssetLookup;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.flow.FlowRecord;

/**
 * The large-scale attack detectors behind one facade: the pipeline feeds every flow to {@link #flow}, every log event
 * to {@link #event}, and calls {@link #tick} about once per second to collect what changed.
 *
 * <p>Design note: time. Detection runs on <b>event time</b>, the flows' end times, never the wall clock, so a replayed
 * file gives the same attacks as live traffic. The detector keeps one open base window {@code [start, start +
 * windowMillis)}. A flow ending at or after the window's end plus {@code latenessMillis} closes it (and any empty
 * windows in between) before it is counted; a late flow (slightly out of order) is counted in the open window, i.e.
 * at most one window late, which the detection tolerance absorbs. Rates are counts divided by the window length, so
 * they do not depend on how often {@link #tick} is called. {@link #tick} closes windows the same way from its {@code
 * nowMillis} (also event time: the pipeline's latest flow end), which matters when traffic stops.
 *
 * <p>Clock jumps. A flow more than {@code maxJumpMillis} ahead of or behind the open window is not trusted on its own
 * (one broken timestamp must not fast-forward the clock by a year); it is counted in the open window, and only when
 * {@code jumpConfirmFlows} such flows arrive within one window does the detector accept the jump: it closes the open
 * window as it is and re-anchors at the new time, without walking through the gap (which would end every attack and
 * decay every baseline for nothing). {@link #tick} with a far time is followed only when no flow arrived since the
 * previous tick (the traffic stopped); otherwise the flows decide. Attacks ongoing across a jump continue; their end
 * is never before their start. Limitation: exporters whose clocks disagree by more than {@code maxJumpMillis} in one
 * stream make the clock flip between them (no false alarm, since each window then holds fewer flows, but detection
 * suffers); per-exporter clock correction belongs to the decoders.
 *
 * <p>Reports. {@link #tick} returns the {@link AttackEvent}s produced since the previous call, in the order they
 * happened: STARTED when an attack is first over threshold, UPDATED when a peak grows by {@code peakGrowth} (or its
 * first sources are known), ENDED after its quiet period. An attack that reached full strength within its first
 * window is reported STARTED without sources (they are tracked from detection on) and UPDATED with them one window
 * later. {@link #finish} ends every attack still open at the end of the input: no attack stays "ongoing" because its
 * input ended, and each attack's start and end are its first and last evidence (a flow's or a log line's time), not
 * a tick's.
 *
 * <p>Not thread-safe: one pipeline thread owns a {@code Detectors}. Memory is fixed at construction (destinations
 * table and scan tables, see {@link DetectorConfig}), plus a little per attack.
 */
public final class Detectors {
  private final DetectorConfig cfg;
  private final VolumeDetector volume;
  private final ScanDetector scans;
  private final BruteForceDetector bruteForce;
  private final WebDetector web;
  private final List<AttackEvent> pending = new ArrayList<>();
  private final long window;
  private boolean started;
  private long windowStart;
  private long windowsClosed;
  private int flowsInWindow;
  private int flowsSinceTick;
  private int jumpVotes;
  private long clockJumps;

  /**
   * @param config the tunables
   * @param assets gives each destination's asset, whose group selects its thresholds
   * @param geo locates sources, for the foreign share and the countries of top sources
   * @param homeCountry the node's ISO 3166-1 alpha-2 country code; sources elsewhere are foreign
   */
  public Detectors(DetectorConfig config, AssetLookup assets, GeoLookup geo, String homeCountry) {
    this.cfg = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(assets, "assets");
    Objects.requireNonNull(geo, "geo");
    Objects.requireNonNull(homeCountry, "homeCountry");
    this.window = config.windowMillis();
    this.volume = new VolumeDetector(config, assets, geo, homeCountry);
    this.scans = new ScanDetector(config, assets, geo, homeCountry);
    this.bruteForce = new BruteForceDetector(config, geo, homeCountry);
    this.web = new WebDetector(config, geo, homeCountry);
  }

  /** Counts one flow. Hot path: no allocation in steady state. The record is not kept. */
  public void flow(FlowRecord r) {
    long t = r.endMillis;
    if (!started) {
      start(t);
    }
    long end = windowStart + window;
    if (t >= end + cfg.latenessMillis()) {
      if (t - end < cfg.maxJumpMillis()) {
        advance(t - cfg.latenessMillis());
      } else {
        voteJump(t);
      }
    } else if (t < windowStart - cfg.maxJumpMillis()) {
      voteJump(t);
    }
    flowsInWindow++;
    flowsSinceTick++;
    long dh = Ip.hiOf(r.ipv6, r.dstHi);
    long dl = Ip.loOf(r.ipv6, r.dstLo);
    long sh = Ip.hiOf(r.ipv6, r.srcHi);
    long sl = Ip.loOf(r.ipv6, r.srcLo);
    volume.flow(r, dh, dl, sh, sl, windowStart);
    scans.flow(r, dh, dl, sh, sl);
  }

  /**
   * Counts one log event: authentication failures feed brute-force detection, HTTP requests the web detectors (see
   * {@link WebDetector}); other kinds are ignored. Log events do not move the detector's clock; {@link #tick} does.
   */
  public void event(LogEvent e) {
    Objects.requireNonNull(e, "e");
    if (e.kind() == LogEvent.Kind.HTTP_REQUEST) {
      web.event(e);
    } else {
      bruteForce.event(e);
    }
  }

  /**
   * Closes the windows that ended by {@code nowMillis} (event time) and returns the attack events produced since the
   * previous call, oldest first; an empty list when nothing changed.
   */
  public List<AttackEvent> tick(long nowMillis) {
    if (!started) {
      start(nowMillis);
    }
    long end = windowStart + window;
    boolean farAhead = nowMillis - end >= cfg.maxJumpMillis();
    boolean farBehind = nowMillis < windowStart - cfg.maxJumpMillis();
    if (farAhead || farBehind) {
      if (flowsSinceTick == 0) {
        jump(nowMillis); // no flow since the last tick: the traffic stopped, follow the pipeline's clock
      } // else flows are still arriving: they, not this tick, say what time it is
    } else if (!farAhead && nowMillis >= end + cfg.latenessMillis()) {
      advance(nowMillis - cfg.latenessMillis());
    }
    flowsSinceTick = 0;
    if (pending.isEmpty()) {
      return List.of();
    }
    List<AttackEvent> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /**
   * The end of the input (a replayed file's end, {@code sense logs}, a stopped listener): counts the open window, then
   * ends every open attack of every detector and returns the reports since the last tick, each attack's last one an
   * ENDED report with its real end (its last evidence), so the stored version of every incident says it is over. The
   * detectors are not used after this.
   */
  public List<AttackEvent> finish() {
    if (started) {
      closeWindow(true);
      volume.endAll(pending);
      scans.endAll(pending);
      bruteForce.endAll(pending);
      web.endAll(pending);
    }
    List<AttackEvent> out = List.copyOf(pending);
    pending.clear();
    return out;
  }

  /** Clock jumps accepted so far (see the design note). */
  public long clockJumps() {
    return clockJumps;
  }

  /** Flows not counted because {@code maxDestinations} destinations were already tracked. */
  public long droppedFlows() {
    return volume.dropped();
  }

  /** Destinations tracked now. */
  public int destinations() {
    return volume.destinations();
  }

  private void start(long t) {
    started = true;
    windowStart = Math.floorDiv(t, window) * window;
  }

  private void advance(long watermark) {
    int emptyRun = 0;
    while (windowStart + window <= watermark) {
      emptyRun = flowsInWindow == 0 ? emptyRun + 1 : 0;
      closeWindow(false);
      if (emptyRun > cfg.quietWindows() + 1 && windowStart + window <= watermark) {
        // A long silence: every attack has ended by now; skip the rest instead of closing empty windows one by one.
        windowStart = Math.floorDiv(watermark, window) * window;
        break;
      }
    }
  }

  private void voteJump(long t) {
    if (++jumpVotes >= cfg.jumpConfirmFlows()) {
      jump(t);
    }
  }

  private void jump(long t) {
    closeWindow(true);
    windowStart = Math.floorDiv(t, window) * window;
    clockJumps++;
  }

  private void closeWindow(boolean rollAll) {
    boolean learning = windowsClosed < cfg.warmupWindows();
    volume.close(windowStart, learning, pending);
    windowStart += window;
    windowsClosed++;
    scans.close(rollAll || Math.floorMod(windowStart, cfg.scanWindowMillis()) == 0, pending);
    bruteForce.close(windowStart, pending);
    web.close(windowStart, pending);
    flowsInWindow = 0;
    jumpVotes = 0;
  }
}
