package org.accord.sensor.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.accord.sensor.enrich.Asset;
import org.accord.stix.AccordExtension;

/**
 * Turns indicator matches into STIX 2.1 sightings (§5.7), one per indicator and window: {@code count}, {@code
 * first_seen}, {@code last_seen}, {@code sighting_of_ref}, {@code where_sighted_refs} (this node's identity), a
 * {@code description} of what was matched (how often, when, which registered assets), the sectors of the
 * critical-infrastructure assets involved (Accord's extension's {@code sectors}, {@link AccordExtension}, which the
 * rulebook's sector selections read) and the configured TLP marking.
 *
 * <p>A window closes when event time passes its end ({@link #close}); its sighting's id is name-based on (indicator,
 * window start), so replaying the same telemetry produces the same sightings. Matches are aggregated in memory per
 * open window: bounded by the number of distinct indicators matched per window. Not thread-safe: one per pipeline.
 */
public final class SightingAggregator {
  private final OutputSettings settings;
  private final Map<Key, Window> open = new HashMap<>();

  public SightingAggregator(OutputSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  private record Key(String indicatorId, long windowStart) {}

  private static final class Window {
    long count;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    final TreeSet<String> sectors = new TreeSet<>();
    final Map<String, Asset> assets = new TreeMap<>(); // by id: no allocation per match
  }

  /** One match of {@code indicatorId} at {@code timeMillis}; {@code asset} is the local CI asset involved, or null. */
  public void sighted(String indicatorId, long timeMillis, Asset asset) {
    long start = timeMillis - Math.floorMod(timeMillis, settings.sightingWindowMillis());
    Window w = open.computeIfAbsent(new Key(indicatorId, start), k -> new Window());
    w.count++;
    w.first = Math.min(w.first, timeMillis);
    w.last = Math.max(w.last, timeMillis);
    if (asset != null) {
      w.sectors.add(asset.sector().id());
      w.assets.putIfAbsent(asset.id(), asset);
    }
  }

  /** Sightings of the windows that ended at or before {@code eventMillis}. */
  public List<ObjectNode> close(long eventMillis) {
    List<ObjectNode> out = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Window>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Window> e = it.next();
      if (e.getKey().windowStart() + settings.sightingWindowMillis() <= eventMillis) {
        out.add(sighting(e.getKey(), e.getValue()));
        it.remove();
      }
    }
    return out;
  }

  /** Sightings of every open window (at the end of a replay). */
  public List<ObjectNode> closeAll() {
    return close(Long.MAX_VALUE);
  }

  /** What was matched: the indicator, how often, when, and the registered assets involved. */
  private static String description(Key key, Window w) {
    StringBuilder d = new StringBuilder("Telemetry seen by this node's sensor matched the pattern of ")
        .append(key.indicatorId()).append(' ').append(w.count).append(w.count == 1 ? " time" : " times")
        .append(" between ").append(StixIds.time(w.first)).append(" and ").append(StixIds.time(w.last));
    if (!w.assets.isEmpty()) {
      d.append(", in traffic of the registered asset").append(w.assets.size() > 1 ? "s " : " ")
          .append(String.join(", ", w.assets.values().stream().map(a -> a.name() + " of " + a.operator()).toList()))
          .append(" (sector").append(w.sectors.size() > 1 ? "s " : " ")
          .append(String.join(", ", w.sectors)).append(')');
    }
    return d.append('.').toString();
  }

  private ObjectNode sighting(Key key, Window w) {
    String id = StixIds.id(settings, "sighting", key.indicatorId() + "|" + key.windowStart());
    long end = key.windowStart() + settings.sightingWindowMillis();
    ObjectNode s = StixIds.sdo(settings, "sighting", id, end, end);
    s.put("first_seen", StixIds.time(w.first));
    s.put("last_seen", StixIds.time(w.last));
    s.put("count", Math.min(w.count, 999_999_999L)); // §5.7: count is at most 999,999,999
    s.put("sighting_of_ref", key.indicatorId());
    s.putArray("where_sighted_refs").add(settings.identityId());
    s.put("description", description(key, w));
    if (!w.sectors.isEmpty()) {
      ArrayNode sectors = AccordExtension.properties(s).putArray(AccordExtension.SECTORS);
      w.sectors.forEach(sectors::add);
    }
    return s;
  }
}
