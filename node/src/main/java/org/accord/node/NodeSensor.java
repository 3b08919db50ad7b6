package org.accord.node;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.accord.rules.Party;
import org.accord.sensor.Sensor;
import org.accord.sensor.detect.DetectorConfig;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetRegistry;
import org.accord.sensor.enrich.CsvGeo;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.enrich.MaxMindGeo;
import org.accord.sensor.enrich.Sector;
import org.accord.sensor.index.AddResult;
import org.accord.sensor.index.ComplexIndicators;
import org.accord.sensor.index.IndicatorIndex;
import org.accord.sensor.output.OutputSettings;
import org.accord.stix.Tlp;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoredAsset;
import org.accord.store.StoredObject;
import org.accord.store.Stores;
import org.accord.store.VersionMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensor as a node runs it: every part built from the node's configuration and store.
 *
 * <ul>
 *   <li>indicators: every indicator the store holds, in any collection — the node's own and those partners shared —
 *       in an {@link IndicatorIndex}; those the index cannot take (complex patterns, other pattern languages) are
 *       reported, not ignored;
 *   <li>assets: the critical-infrastructure registry kept in the store ({@code accord sense assets});
 *   <li>geo: MaxMind databases or a CSV of ranges from {@code sensor:} in accord.yaml;
 *   <li>detectors: thresholds per asset group from {@code sensor.thresholds};
 *   <li>output: sightings and incidents into {@code sensor.collection}, as the node's own, produced by its party's
 *       identity in the active rulebook (so the egress gate knows them for the node's).
 * </ul>
 */
public final class NodeSensor {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSensor.class);

  /** What loading the indicators found. */
  public record IndicatorReport(
      int indexed, int complex, int unsupported, List<String> notIndexed, ComplexIndicators evaluated) {}

  private final Sensor sensor;
  private final ObjectStore store;
  private final IndicatorIndex index;
  private final Map<String, java.time.Instant> seen;
  private final IndicatorReport indicators;
  private final SensorOutput output;
  private final AssetRegistry assets;
  private final String collection;

  private NodeSensor(
      Sensor sensor,
      ObjectStore store,
      IndicatorIndex index,
      Map<String, java.time.Instant> seen,
      IndicatorReport indicators,
      SensorOutput output,
      AssetRegistry assets,
      String collection) {
    this.sensor = sensor;
    this.store = store;
    this.index = index;
    this.seen = seen;
    this.indicators = indicators;
    this.output = output;
    this.assets = assets;
    this.collection = collection;
  }

  public static NodeSensor open(NodeConfig config, ObjectStore store, Clock clock) throws IOException {
    NodeConfig.Sensor s = config.sensor();
    String collection = collection(config, store);
    IndicatorIndex index = new IndicatorIndex(clock);
    Map<String, java.time.Instant> seen = new HashMap<>();
    IndicatorReport report = loadIndicators(store, index, seen);
    AssetRegistry assets = AssetRegistry.of(assets(Stores.assets(store).list()));
    GeoLookup geo = geo(s);
    Detectors detectors = new Detectors(detectorConfig(s), assets, geo, s.homeCountry());
    OutputSettings settings =
        new OutputSettings(
            identity(config, clock), Tlp.fromName(s.tlp()).orElseThrow(), s.sightingWindowSeconds() * 1000L,
            s.homeCountry());
    SensorOutput output = new SensorOutput(store, collection);
    Sensor sensor =
        new Sensor(Sensor.Matcher.of(index), report.evaluated(), assets, Sensor.Detection.of(detectors), settings,
            output);
    return new NodeSensor(sensor, store, index, seen, report, output, assets, collection);
  }

  public Sensor sensor() {
    return sensor;
  }

  public IndicatorReport indicators() {
    return indicators;
  }

  public AssetRegistry assets() {
    return assets;
  }

  /** The collection the findings go to. */
  public String collection() {
    return collection;
  }

  /** Objects stored, already held, refused by the validator. */
  public long[] stored() {
    return output.counts();
  }

  /**
   * The id of the sensor's collection: the one {@code sensor.collection} names (id or alias), else the first
   * collection of the first API root. What the sensor writes and what {@code accord export --collection sensor} reads.
   */
  public static String collection(NodeConfig config, ObjectStore store) {
    String wanted = config.sensor().collection();
    if (wanted == null) {
      return config.taxii().apiRoots().get(0).collections().get(0).id();
    }
    return store.collection(wanted).map(CollectionInfo::id)
        .orElseThrow(() -> new IllegalArgumentException("sensor.collection: no collection '" + wanted + "'"));
  }

  /** Accord's UUIDv5 namespace for the identities it derives from a party's name (RFC 9562 §5.5). */
  static final java.util.UUID PARTY_NAMESPACE = java.util.UUID.fromString("6f1c2f0e-5b4d-5a8e-9c3b-7d2e1f0a9b84");

  /**
   * The producer of the sensor's objects: configured ({@code sensor.identity}); else this node's party's identity in
   * the active rulebook; else an identity derived from the party's name ({@link #derivedIdentity}), so that a node
   * with no {@code accord.yaml} and no rulebook can still sense (issue 9, finding 6). The derived one is stable: the
   * same party always produces under the same id, and a replay of the same telemetry stays idempotent.
   */
  static String identity(NodeConfig config, Clock clock) {
    if (config.sensor().identity() != null) {
      return config.sensor().identity();
    }
    return Node.activeRulebook(config, clock)
        .map(r -> r.parties().get(config.party()))
        .map(Party::identity)
        .orElseGet(() -> derivedIdentity(config.party()));
  }

  /** {@code identity--UUIDv5(PARTY_NAMESPACE, "party:" + party)}. */
  public static String derivedIdentity(String party) {
    return "identity--" + org.accord.stix.ScoIds.uuid5(PARTY_NAMESPACE, "party:" + party);
  }

  /**
   * Takes the indicator versions added to the store since the last look (partners' new ones, this node's own) into the
   * index, which replaces, revokes and expires as the versions say; returns how many were indexed. A long-running
   * collector calls it now and then. New complex indicators take effect at the next start (they are logged).
   */
  public int refresh() {
    int[] indexed = {0};
    forEachIndicator(store, seen, VersionMatch.ALL, o -> {
      AddResult r = index.add(o.object());
      if (r instanceof AddResult.Indexed) {
        indexed[0]++;
      } else if (r instanceof AddResult.Complex x) {
        LOG.info("new complex indicator {} is evaluated from the next start of the sensor", x.id());
      }
    });
    index.expire(java.time.Instant.now());
    return indexed[0];
  }

  /**
   * Every indicator version of every collection added after {@code seen}'s mark for that collection (all of them when
   * it has none), page by page; {@code seen} moves to the last one.
   */
  private static void forEachIndicator(
      ObjectStore store, Map<String, java.time.Instant> seen, VersionMatch versions,
      java.util.function.Consumer<StoredObject> action) {
    for (CollectionInfo c : store.collections()) {
      ObjectQuery q =
          new ObjectQuery(Optional.ofNullable(seen.get(c.id())), 1000, Optional.empty(), Set.of(), Set.of("indicator"),
              versions, Set.of());
      while (true) {
        Page<StoredObject> page = store.objects(c.id(), q);
        for (StoredObject o : page.items()) {
          seen.merge(c.id(), o.entry().dateAdded(), (a, b) -> a.isAfter(b) ? a : b);
          action.accept(o);
        }
        if (!page.more() || page.next().isEmpty()) {
          break;
        }
        q = q.withAfter(page.next().get());
      }
    }
  }

  /** Every indicator's last version in every collection; {@code seen} gets each collection's last date_added. */
  static IndicatorReport loadIndicators(ObjectStore store, IndicatorIndex index, Map<String, java.time.Instant> seen) {
    int[] counts = new int[3]; // indexed, complex, unsupported
    List<String> notIndexed = new ArrayList<>();
    List<AddResult.Complex> complexOnes = new ArrayList<>();
    forEachIndicator(store, seen, VersionMatch.LAST, o -> {
      AddResult r = index.add(o.object());
      if (r instanceof AddResult.Indexed) {
        counts[0]++;
      } else if (r instanceof AddResult.Complex x) {
        counts[1]++;
        complexOnes.add(x);
      } else if (r instanceof AddResult.Unsupported u) {
        counts[2]++;
        notIndexed.add(u.id() + ": " + u.reason());
      }
    });
    int indexed = counts[0];
    int complex = counts[1];
    int unsupported = counts[2];
    ComplexIndicators evaluated = new ComplexIndicators(complexOnes);
    for (ComplexIndicators.Report r : evaluated.reports()) {
      if (!r.matchable()) {
        notIndexed.add(r.id() + ": its pattern " + r.reason());
      }
    }
    notIndexed.forEach(n -> LOG.warn("indicator not matched on flows: {}", n));
    return new IndicatorReport(indexed, complex, unsupported, List.copyOf(notIndexed), evaluated);
  }

  public static List<Asset> assets(List<StoredAsset> stored) {
    List<Asset> out = new ArrayList<>(stored.size());
    for (StoredAsset a : stored) {
      Sector sector = Sector.of(a.sector()).orElseThrow(() -> new IllegalArgumentException(
          "asset " + a.id() + ": unknown sector '" + a.sector() + "'"));
      out.add(new Asset(a.id(), a.name(), a.operator(), sector, a.criticality(), a.group(), a.cidrs(), a.domains()));
    }
    return out;
  }

  public static StoredAsset stored(Asset a) {
    return new StoredAsset(a.id(), a.name(), a.operator(), a.sector().id(), a.criticality(), a.group(), a.cidrs(),
        a.domains());
  }

  private static GeoLookup geo(NodeConfig.Sensor s) throws IOException {
    List<java.nio.file.Path> dbs = new ArrayList<>();
    if (s.geoipCountryDb() != null) {
      dbs.add(s.geoipCountryDb());
    }
    if (s.geoipAsnDb() != null) {
      dbs.add(s.geoipAsnDb());
    }
    if (!dbs.isEmpty()) {
      return MaxMindGeo.open(dbs.toArray(java.nio.file.Path[]::new));
    }
    return s.geoCsv() != null ? CsvGeo.read(s.geoCsv()) : GeoLookup.NONE;
  }

  static DetectorConfig detectorConfig(NodeConfig.Sensor s) {
    DetectorConfig.Builder b = DetectorConfig.builder();
    Map<String, NodeConfig.Thresholds> groups = new HashMap<>(s.thresholds());
    DetectorConfig.Thresholds d = DetectorConfig.Thresholds.DEFAULT;
    groups.forEach(
        (group, t) ->
            b.group(group, new DetectorConfig.Thresholds(
                t.pps() != null ? t.pps() : d.minPps(),
                t.bps() != null ? t.bps() : d.minBps(),
                t.fps() != null ? t.fps() : d.minFps(),
                t.synPps() != null ? t.synPps() : d.synPps(),
                t.reflectionPps() != null ? t.reflectionPps() : d.reflectionPps())));
    return s.detection().applyTo(b).build();
  }
}
