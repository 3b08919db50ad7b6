package org.accord.sensor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.accord.sensor.decode.LogEvent;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.detect.AttackEvent;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetLookup;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;
import org.accord.sensor.index.AddressRole;
import org.accord.sensor.index.ComplexIndicators;
import org.accord.sensor.index.IndicatorIndex;
import org.accord.sensor.output.IncidentBuilder;
import org.accord.sensor.output.OutputSettings;
import org.accord.sensor.output.SightingAggregator;
import org.accord.stix.AccordExtension;

/**
 * The sensor pipeline: every decoded flow and log event is enriched, matched against every indicator the node holds
 * and fed to the attack detectors; matches become sightings and attacks become incidents, handed to an {@link Output}
 * (the node stores them, and its rulebook decides who receives them). The first objects handed over come with
 * Accord's extension definition and its creator's identity ({@link AccordExtension}, STIX 2.1 §7.3), which the
 * sensor's objects use for their attack figures, evidence and sectors.
 *
 * <p>Design note. {@link #flow} is the hot path (millions of calls a second): two index lookups (source and
 * destination), the detectors' primitive-keyed counters, and nothing else; an asset lookup and an allocation happen
 * only on a match. Time is event time, the flows' end times, so a replay of a day of telemetry behaves as the live
 * collector did; the detectors are ticked once per second of event time. Not thread-safe: one sensor per input
 * thread (a collector feeds it from one thread).
 */
public final class Sensor implements FlowSink {
  /** The indicator index as the sensor uses it (see {@link IndicatorIndex}). */
  public interface Matcher {
    Matcher NONE =
        new Matcher() {
          @Override
          public int matchIpv4(long v4, boolean source) {
            return -1;
          }

          @Override
          public int matchIpv6(long hi, long lo, boolean source) {
            return -1;
          }

          @Override
          public String indicatorId(int handle) {
            throw new IllegalArgumentException("no indicators");
          }
        };

    /**
     * A handle of the indicator matching the unsigned 32-bit IPv4 address (longest prefix) seen as a flow's source
     * ({@code source}) or destination, or -1 (an indicator on {@code network-traffic:src_ref} matches sources only).
     */
    int matchIpv4(long v4, boolean source);

    int matchIpv6(long hi, long lo, boolean source);

    String indicatorId(int handle);

    /**
     * A handle of the indicator on exactly this URL ({@code url:value}; scheme and host case-insensitive), or -1; none
     * by default.
     */
    default int matchUrl(CharSequence url) {
      return -1;
    }

    /** The indicator index, asked with the address's role (a source, or a destination). */
    static Matcher of(IndicatorIndex index) {
      return new Matcher() {
        @Override
        public int matchIpv4(long v4, boolean source) {
          return index.matchIpv4(v4, source ? AddressRole.SOURCE : AddressRole.DESTINATION);
        }

        @Override
        public int matchIpv6(long hi, long lo, boolean source) {
          return index.matchIpv6(hi, lo, source ? AddressRole.SOURCE : AddressRole.DESTINATION);
        }

        @Override
        public String indicatorId(int handle) {
          return index.indicatorId(handle);
        }

        @Override
        public int matchUrl(CharSequence url) {
          return index.matchUrl(url);
        }
      };
    }
  }

  /** The attack detectors as the sensor uses them (see {@link Detectors}). */
  public interface Detection {
    void flow(FlowRecord r);

    void event(LogEvent e);

    /** Attacks started, updated or ended since the last tick, at event time {@code nowMillis}. */
    List<Attack> tick(long nowMillis);

    /**
     * The end of the input at event time {@code nowMillis}: the last reports, every attack still open among them as
     * ended. By default an hour of silence, which ends what a detector ends by silence.
     */
    default List<Attack> finish(long nowMillis) {
      return tick(nowMillis + 3_600_000);
    }

    /** The detectors: each report (started, updated, ended) becomes one version of the attack's incident. */
    static Detection of(Detectors detectors) {
      return new Detection() {
        @Override
        public void flow(FlowRecord r) {
          detectors.flow(r);
        }

        @Override
        public void event(LogEvent e) {
          detectors.event(e);
        }

        @Override
        public List<Attack> tick(long nowMillis) {
          return attacks(detectors.tick(nowMillis));
        }

        @Override
        public List<Attack> finish(long nowMillis) {
          return attacks(detectors.finish());
        }

        private List<Attack> attacks(List<AttackEvent> events) {
          List<Attack> attacks = new ArrayList<>(events.size());
          events.forEach(e -> attacks.add(e.attack()));
          return attacks;
        }
      };
    }
  }

  /** Where the sensor's STIX objects go (the node's store). */
  @FunctionalInterface
  public interface Output {
    void objects(List<ObjectNode> objects);
  }

  /** What the sensor has done so far. */
  /**
   * @param flows flows seen
   * @param noAddress flows among them with neither a source nor a destination address (L2, MPLS, SRv6 and wireless
   *     records): kept out of matching and of the address-keyed detectors, where they would make 0.0.0.0 a target
   */
  public record Stats(
      long flows, long events, long matches, long sightings, long attackReports, long objects, long noAddress) {
    /** Without the no-address count (before issue 9). */
    public Stats(long flows, long events, long matches, long sightings, long attackReports, long objects) {
      this(flows, events, matches, sightings, attackReports, objects, 0);
    }
  }

  private static final long TICK_MILLIS = 1000;

  private final Matcher matcher;
  private final AssetLookup assets;
  private final Detection detection;
  private final Output output;
  private boolean definitionPublished;
  private final ComplexIndicators complex;
  private final SightingAggregator sightings;
  private final IncidentBuilder incidents;
  private final List<Attack> attacks = new ArrayList<>();
  private long now = Long.MIN_VALUE;
  private long noAddress;
  private long nextTick = Long.MIN_VALUE;
  private long flows;
  private long events;
  private long matches;
  private long sightingsOut;
  private long attackReports;
  private long objectsOut;

  public Sensor(
      Matcher matcher, AssetLookup assets, Detection detection, OutputSettings settings, Output output) {
    this(matcher, null, assets, detection, settings, output);
  }

  /**
   * @param complex indicators whose patterns the index cannot take, evaluated on the flows they could concern; null
   *     when there are none
   */
  public Sensor(
      Matcher matcher,
      ComplexIndicators complex,
      AssetLookup assets,
      Detection detection,
      OutputSettings settings,
      Output output) {
    this.matcher = Objects.requireNonNull(matcher, "matcher");
    this.complex = complex == null || complex.isEmpty() ? null : complex;
    this.assets = Objects.requireNonNull(assets, "assets");
    this.detection = Objects.requireNonNull(detection, "detection");
    this.output = Objects.requireNonNull(output, "output");
    this.sightings = new SightingAggregator(settings);
    this.incidents = new IncidentBuilder(settings);
  }

  @Override
  public void flow(FlowRecord r) {
    flows++;
    if (r.ipv6 ? (r.srcHi | r.srcLo | r.dstHi | r.dstLo) == 0 : (r.srcLo | r.dstLo) == 0) {
      // No address at either end (issue 9, finding 2): nothing to match, and the detectors key on addresses; such a
      // record with real byte counts would otherwise make 0.0.0.0 a volumetric target. Counted, and time moves on.
      noAddress++;
      advance(r.endMillis);
      return;
    }
    int src = r.ipv6 ? matcher.matchIpv6(r.srcHi, r.srcLo, true) : matcher.matchIpv4(r.srcLo, true);
    if (src >= 0) {
      sighted(src, r.endMillis, r.ipv6 ? assets.assetOfV6(r.dstHi, r.dstLo) : assets.assetOfV4(r.dstLo));
    }
    int dst = r.ipv6 ? matcher.matchIpv6(r.dstHi, r.dstLo, false) : matcher.matchIpv4(r.dstLo, false);
    if (dst >= 0) {
      sighted(dst, r.endMillis, r.ipv6 ? assets.assetOfV6(r.srcHi, r.srcLo) : assets.assetOfV4(r.srcLo));
    }
    if (complex != null) {
      complex.flow(r);
    }
    if (r.ipv6 ? (r.srcHi | r.srcLo) == 0 || (r.dstHi | r.dstLo) == 0 : r.srcLo == 0 || r.dstLo == 0) {
      // One end unknown (a wireless controller's record names only its station): matched above, but the detectors
      // key on both ends, and an unknown one would be 0.0.0.0 as a target or a source.
      advance(r.endMillis);
      return;
    }
    detection.flow(r);
    advance(r.endMillis);
  }

  /**
   * One log event: its source, and for an HTTP request its URL (see {@link #matchRequest}), are matched against the
   * indicators, and it feeds the log detectors (brute force, web).
   */
  public void event(LogEvent e) {
    events++;
    long v4 = Addresses.parseV4(e.source());
    if (v4 >= 0) {
      int h = matcher.matchIpv4(v4, true);
      if (h >= 0) {
        sighted(h, e.timeMillis(), null);
      }
    }
    if (e.kind() == LogEvent.Kind.HTTP_REQUEST) {
      int h = matchRequest(e);
      if (h >= 0) {
        sighted(h, e.timeMillis(), null);
      }
    }
    advance(e.timeMillis()); // first: the windows that ended before this line close without it
    detection.event(e);
  }

  /**
   * The indicator on the URL an access-log request asked for, or -1. The URL is rebuilt from the request line and the
   * log's host (the event's target; none without one, unless the request line holds an absolute URL, as requests to
   * a proxy do): {@code GET /wp-login.php} on host {@code example.org} is {@code http://example.org/wp-login.php}.
   * Normalisations, since a log does not say how the client wrote the URL: both schemes are tried (https first on
   * port 443), the port is written only when it is not 0, 80 or 443 (a TLS-terminating proxy logs 80 for https),
   * scheme and host compare case-insensitively (the index's rule, RFC 3986 §6.2.2.1), and the URL is tried with its
   * query and, failing that, without it (an indicator on a path matches every query). The path is compared exactly
   * as logged (percent-encoding as the client sent it).
   */
  private int matchRequest(LogEvent e) {
    String line = e.request();
    int a = line.indexOf(' ');
    if (a < 0) {
      return -1;
    }
    int b = line.indexOf(' ', a + 1);
    String target = b < 0 ? line.substring(a + 1) : line.substring(a + 1, b);
    int q = target.indexOf('?');
    String bare = q >= 0 ? target.substring(0, q) : null;
    if (!target.startsWith("/")) { // absolute form (RFC 9112 §3.2.2), or not a request at all
      int h = target.contains("://") ? matcher.matchUrl(target) : -1;
      return h >= 0 || bare == null ? h : matcher.matchUrl(bare);
    }
    String host = e.target();
    if (host.isEmpty() || host.indexOf('/') >= 0) {
      return -1;
    }
    String authority = e.service() == 0 || e.service() == 80 || e.service() == 443 ? host : host + ":" + e.service();
    String[] schemes = e.service() == 443 ? new String[] {"https://", "http://"} : new String[] {"http://", "https://"};
    for (String scheme : schemes) {
      int h = matcher.matchUrl(scheme + authority + target);
      if (h < 0 && bare != null) {
        h = matcher.matchUrl(scheme + authority + bare);
      }
      if (h >= 0) {
        return h;
      }
    }
    return -1;
  }

  private void sighted(int handle, long time, Asset asset) {
    matches++;
    sightings.sighted(matcher.indicatorId(handle), time, asset);
  }

  private void advance(long eventMillis) {
    if (eventMillis > now) {
      now = eventMillis;
    }
    if (now >= nextTick) {
      tick(now);
      nextTick = now - Math.floorMod(now, TICK_MILLIS) + TICK_MILLIS;
    }
  }

  /** Runs the detectors and closes finished sighting windows at event time {@code nowMillis}. */
  public void tick(long nowMillis) {
    if (complex != null) {
      complex.tick((id, time) -> {
        matches++;
        sightings.sighted(id, time, null);
      });
    }
    List<ObjectNode> out = new ArrayList<>();
    incidents(detection.tick(nowMillis), nowMillis, out);
    List<ObjectNode> closed = sightings.close(nowMillis);
    sightingsOut += closed.size();
    out.addAll(closed);
    emit(out);
  }

  private void incidents(List<Attack> reports, long nowMillis, List<ObjectNode> out) {
    for (Attack a : reports) {
      attackReports++;
      remember(a);
      long v4 = Addresses.parseV4(a.target());
      out.addAll(incidents.build(a, v4 >= 0 ? assets.assetOfV4(v4) : null, nowMillis));
    }
  }

  /**
   * At the end of the input (a replayed file, {@code sense logs}, a stopped listener): the detectors' last word, in
   * which every attack still open ends at its last evidence and its final version is emitted (issue 9, finding 7: an
   * attack no longer stays "ongoing" because the input ended), and every open sighting window.
   */
  public void finish() {
    if (now != Long.MIN_VALUE) {
      tick(now);
      List<ObjectNode> out = new ArrayList<>();
      incidents(detection.finish(now), now, out);
      emit(out);
    }
    List<ObjectNode> rest = sightings.closeAll();
    sightingsOut += rest.size();
    emit(rest);
  }

  private void emit(List<ObjectNode> objects) {
    if (!objects.isEmpty()) {
      if (!definitionPublished) {
        // Accord's extension definition (§7.3) and its creator go out with the first objects that may use it; they
        // have fixed content, so every sensor run repeats one version (a duplicate for the store).
        objects.add(0, AccordExtension.identity());
        objects.add(1, AccordExtension.definition());
        definitionPublished = true;
      }
      objectsOut += objects.size();
      output.objects(objects);
    }
  }

  /** The latest report of each attack (by kind, target and start). */
  private void remember(Attack a) {
    for (int i = 0; i < attacks.size(); i++) {
      Attack known = attacks.get(i);
      if (known.kind() == a.kind() && known.target().equals(a.target()) && known.startMillis() == a.startMillis()) {
        attacks.set(i, a);
        return;
      }
    }
    attacks.add(a);
  }

  /** Every attack reported so far, in its latest state. */
  public List<Attack> attacks() {
    return List.copyOf(attacks);
  }

  public Stats stats() {
    return new Stats(flows, events, matches, sightingsOut, attackReports, objectsOut, noAddress);
  }
}
