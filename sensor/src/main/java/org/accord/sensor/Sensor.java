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
      };
    }
  }

  /** The attack detectors as the sensor uses them (see {@link Detectors}). */
  public interface Detection {
    void flow(FlowRecord r);

    void event(LogEvent e);

    /** Attacks started, updated or ended since the last tick, at event time {@code nowMillis}. */
    List<Attack> tick(long nowMillis);

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
          List<AttackEvent> events = detectors.tick(nowMillis);
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

  /** One log event: its source is matched against the indicators, and it feeds the brute-force detector. */
  public void event(LogEvent e) {
    events++;
    long v4 = Addresses.parseV4(e.source());
    if (v4 >= 0) {
      int h = matcher.matchIpv4(v4, true);
      if (h >= 0) {
        sighted(h, e.timeMillis(), null);
      }
    }
    detection.event(e);
    advance(e.timeMillis());
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
    for (Attack a : detection.tick(nowMillis)) {
      attackReports++;
      remember(a);
      long v4 = Addresses.parseV4(a.target());
      out.addAll(incidents.build(a, v4 >= 0 ? assets.assetOfV4(v4) : null, nowMillis));
    }
    List<ObjectNode> closed = sightings.close(nowMillis);
    sightingsOut += closed.size();
    out.addAll(closed);
    emit(out);
  }

  /** At the end of the input: the detectors' last word and every open sighting window. */
  public void finish() {
    if (now != Long.MIN_VALUE) {
      tick(now + 3_600_000); // an hour of silence ends whatever is still going on
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
