package org.accord.store;

import static org.accord.store.StixFixtures.T0;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.accord.stix.StixObject;

/**
 * A reference model of one collection's versions, filled through a real store, that answers queries the way TAXII
 * 2.1 §3.4 says they must be answered: every filter a predicate on the version, first/last by version timestamp,
 * and by default only each object's newest spec_version. Tests compare the store's pages with it.
 */
public final class History {
  /** One version as the store reported it when adding. */
  public record Version(String id, String type, String specVersion, Instant version, Instant dateAdded) {}

  private final List<Version> versions = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();

  /**
   * Adds a shuffled mix to {@code collection}: 240 indicators with 4 versions each (created in no particular version
   * order), 100 malware objects whose 2 versions are STIX 2.0 then 2.1, and 60 SCOs: 1,220 versions in batches of
   * 100.
   */
  public static History fill(ObjectStore store, String collection, long seed) {
    Random random = new Random(seed);
    List<StixObject> all = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      String id = StixFixtures.newId("indicator");
      for (int v = 0; v < 4; v++) {
        all.add(StixFixtures.indicator(id, T0.plusSeconds(v)));
      }
    }
    for (int i = 0; i < 100; i++) {
      String id = StixFixtures.newId("malware");
      all.add(StixFixtures.indicator(id, T0.plusSeconds(1), "2.0"));
      all.add(StixFixtures.indicator(id, T0.plusSeconds(2), "2.1"));
    }
    for (int i = 0; i < 60; i++) {
      all.add(StixFixtures.ipv4(StixFixtures.newId("ipv4-addr"), "203.0.113." + i));
    }
    Collections.shuffle(all, random);
    History h = new History();
    for (int from = 0; from < all.size(); from += 100) {
      List<StixObject> batch = all.subList(from, Math.min(all.size(), from + 100));
      List<AddResult.Outcome> outcomes = store.add(collection, batch).outcomes();
      for (int i = 0; i < batch.size(); i++) {
        StixObject o = batch.get(i);
        AddResult.Outcome r = outcomes.get(i);
        h.versions.add(new Version(o.id(), o.type(), o.specVersion(), r.version(), r.dateAdded()));
      }
    }
    h.ids.addAll(h.versions.stream().map(Version::id).distinct().toList());
    return h;
  }

  public List<Version> versions() {
    return List.copyOf(versions);
  }

  /** Distinct object ids, in the order first added. */
  public List<String> ids() {
    return List.copyOf(ids);
  }

  /** What a manifest query must return, all pages together, in date_added order. */
  public List<ManifestEntry> expected(ObjectQuery q) {
    Map<String, List<Version>> byId = versions.stream().collect(Collectors.groupingBy(Version::id));
    Map<String, Instant> first = new HashMap<>();
    Map<String, Instant> last = new HashMap<>();
    Map<String, String> newestSpec = new HashMap<>();
    byId.forEach(
        (id, vs) -> {
          first.put(id, vs.stream().map(Version::version).min(Comparator.naturalOrder()).orElseThrow());
          last.put(id, vs.stream().map(Version::version).max(Comparator.naturalOrder()).orElseThrow());
          newestSpec.put(id, vs.stream().map(Version::specVersion).max(VersionRow.SPEC_ORDER).orElseThrow());
        });
    VersionMatch m = q.versions();
    return versions.stream()
        .filter(v -> q.addedAfter().map(a -> v.dateAdded().isAfter(a)).orElse(true))
        .filter(v -> q.ids().isEmpty() || q.ids().contains(v.id()))
        .filter(v -> q.types().isEmpty() || q.types().contains(v.type()))
        .filter(
            v ->
                q.specVersions().isEmpty()
                    ? v.specVersion().equals(newestSpec.get(v.id()))
                    : q.specVersions().contains(v.specVersion()))
        .filter(
            v ->
                m.all()
                    || (m.first() && v.version().equals(first.get(v.id())))
                    || (m.last() && v.version().equals(last.get(v.id())))
                    || m.timestamps().contains(v.version()))
        .sorted(Comparator.comparing(Version::dateAdded))
        .map(
            v ->
                new ManifestEntry(
                    v.id(), v.dateAdded(), v.version(), BatchWriter.mediaType(v.specVersion()), v.specVersion()))
        .toList();
  }
}
