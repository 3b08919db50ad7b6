package org.accord.store;

import static org.accord.store.StixFixtures.T0;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.accord.stix.StixObject;

/**
 * A reference model of one collection's versions, filled through a real store, that answers queries the way the
 * store documents its reading of TAXII 2.1 §3.4: match[spec_version] (by default each object's newest spec_version)
 * chooses the candidate versions, match[version] picks among them (first/last by version timestamp), and match[id],
 * match[type] and added_after filter the result. Tests compare the store's pages with it.
 */
public final class History {
  /** One version as the store reported it when adding. */
  public record Version(String id, String type, String specVersion, Instant version, Instant dateAdded) {}

  private final List<Version> versions = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();

  /**
   * Adds a shuffled mix to {@code collection}: 240 indicators with 4 versions each (created in no particular version
   * order), 100 malware objects whose 2 versions are STIX 2.0 then 2.1, 40 tools whose 2.1 version is older than
   * their two 2.0 versions, and 60 SCOs: 1,340 versions in batches of 100.
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
    for (int i = 0; i < 40; i++) {
      String id = StixFixtures.newId("tool");
      all.add(StixFixtures.indicator(id, T0.plusSeconds(1), "2.1"));
      all.add(StixFixtures.indicator(id, T0.plusSeconds(2), "2.0"));
      all.add(StixFixtures.indicator(id, T0.plusSeconds(3), "2.0"));
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
    Set<Version> selected = new HashSet<>();
    byId.forEach((id, vs) -> selected.addAll(select(vs, q)));
    return versions.stream()
        .filter(selected::contains)
        .filter(v -> q.addedAfter().map(a -> v.dateAdded().isAfter(a)).orElse(true))
        .filter(v -> q.ids().isEmpty() || q.ids().contains(v.id()))
        .filter(v -> q.types().isEmpty() || q.types().contains(v.type()))
        .sorted(Comparator.comparing(Version::dateAdded))
        .map(
            v ->
                new ManifestEntry(
                    v.id(), v.dateAdded(), v.version(), BatchWriter.mediaType(v.specVersion()), v.specVersion()))
        .toList();
  }

  /** The versions of one object that match[spec_version] and then match[version] select. */
  private static List<Version> select(List<Version> versions, ObjectQuery q) {
    String newestSpec = versions.stream().map(Version::specVersion).max(VersionRow.SPEC_ORDER).orElseThrow();
    List<Version> candidates =
        versions.stream()
            .filter(
                v ->
                    q.specVersions().isEmpty()
                        ? v.specVersion().equals(newestSpec)
                        : q.specVersions().contains(v.specVersion()))
            .toList();
    Instant first = candidates.stream().map(Version::version).min(Comparator.naturalOrder()).orElse(null);
    Instant last = candidates.stream().map(Version::version).max(Comparator.naturalOrder()).orElse(null);
    VersionMatch m = q.versions();
    return candidates.stream()
        .filter(
            v ->
                m.all()
                    || (m.first() && v.version().equals(first))
                    || (m.last() && v.version().equals(last))
                    || m.timestamps().contains(v.version()))
        .toList();
  }
}
