package org.accord.taxii.server;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.accord.stix.StixObject;
import org.accord.store.AddResult;
import org.accord.store.CollectionInfo;
import org.accord.store.ManifestEntry;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoreException;
import org.accord.store.StoredObject;

/**
 * A small, synchronized, in-memory {@link ObjectStore} for the TAXII server's own tests, written from the contract's
 * Javadoc, so this module's tests do not depend on the SQL store. The node's tests run against the real store.
 */
final class InMemoryObjectStore implements ObjectStore {
  private final Clock clock;
  private final Map<String, CollectionInfo> collections = new LinkedHashMap<>();
  private final Map<String, List<StoredObject>> contents = new HashMap<>();
  private final Map<String, String> statuses = new ConcurrentHashMap<>();
  private long lastMicros;

  InMemoryObjectStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized CollectionInfo createCollection(CollectionInfo c) {
    if (collections.containsKey(c.id())) {
      throw new StoreException("collection exists: " + c.id());
    }
    collections.put(c.id(), c);
    contents.put(c.id(), new ArrayList<>());
    return c;
  }

  @Override
  public synchronized CollectionInfo ensureCollection(CollectionInfo c) {
    return collections.containsKey(c.id()) ? collections.get(c.id()) : createCollection(c);
  }

  @Override
  public synchronized List<CollectionInfo> collections() {
    return List.copyOf(collections.values());
  }

  @Override
  public synchronized Optional<CollectionInfo> collection(String idOrAlias) {
    return collections.values().stream()
        .filter(c -> c.id().equals(idOrAlias) || idOrAlias.equals(c.alias()))
        .findFirst();
  }

  @Override
  public synchronized AddResult add(String collectionId, List<StixObject> batch) {
    List<StoredObject> list = list(collectionId);
    List<AddResult.Outcome> outcomes = new ArrayList<>();
    for (StixObject o : batch) {
      Optional<Instant> version = o.version();
      Optional<StoredObject> existing =
          list.stream()
              .filter(s -> s.object().id().equals(o.id()))
              .filter(s -> version.isEmpty() || s.entry().version().equals(version.get()))
              .findFirst();
      if (existing.isPresent()) {
        ManifestEntry e = existing.get().entry();
        outcomes.add(new AddResult.Outcome(o.id(), e.version(), AddResult.Status.DUPLICATE, e.dateAdded()));
        continue;
      }
      Instant dateAdded = nextDateAdded();
      ManifestEntry entry =
          new ManifestEntry(o.id(), dateAdded, version.orElse(dateAdded), CollectionInfo.STIX_21, o.specVersion());
      list.add(new StoredObject(o, entry));
      outcomes.add(new AddResult.Outcome(o.id(), entry.version(), AddResult.Status.ADDED, dateAdded));
    }
    return new AddResult(outcomes);
  }

  private Instant nextDateAdded() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    long micros = Math.max(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000, lastMicros + 1);
    lastMicros = micros;
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  @Override
  public synchronized Page<StoredObject> objects(String collectionId, ObjectQuery q) {
    List<StoredObject> matching = select(list(collectionId), q);
    long after = q.after().map(Page.Cursor::dateAddedMicros).orElse(Long.MIN_VALUE);
    List<StoredObject> rest = matching.stream().filter(s -> micros(s.entry().dateAdded()) > after).toList();
    List<StoredObject> items = rest.subList(0, Math.min(q.limit(), rest.size()));
    boolean more = rest.size() > items.size();
    Optional<Page.Cursor> next =
        more ? Optional.of(new Page.Cursor(micros(items.get(items.size() - 1).entry().dateAdded()))) : Optional.empty();
    return new Page<>(items, more, next);
  }

  @Override
  public synchronized Page<ManifestEntry> manifest(String collectionId, ObjectQuery q) {
    Page<StoredObject> p = objects(collectionId, q);
    return new Page<>(p.items().stream().map(StoredObject::entry).toList(), p.more(), p.next());
  }

  @Override
  public synchronized Page<ManifestEntry> versions(String collectionId, String objectId, ObjectQuery q) {
    ObjectQuery all =
        new ObjectQuery(q.addedAfter(), q.limit(), q.after(), java.util.Set.of(objectId), java.util.Set.of(),
            org.accord.store.VersionMatch.ALL, q.specVersions());
    return manifest(collectionId, all);
  }

  @Override
  public synchronized int delete(String collectionId, String objectId, ObjectQuery q) {
    List<StoredObject> list = list(collectionId);
    ObjectQuery one =
        new ObjectQuery(Optional.empty(), Integer.MAX_VALUE, Optional.empty(), java.util.Set.of(objectId),
            java.util.Set.of(), q.versions(), q.specVersions());
    List<StoredObject> doomed = select(list, one);
    list.removeAll(doomed);
    return doomed.size();
  }

  /** All filters but paging, in date_added order. */
  private static List<StoredObject> select(List<StoredObject> list, ObjectQuery q) {
    Predicate<StoredObject> basic =
        s -> (q.ids().isEmpty() || q.ids().contains(s.object().id()))
            && (q.types().isEmpty() || q.types().contains(s.object().type()));
    Map<String, List<StoredObject>> byId =
        list.stream().filter(basic).collect(Collectors.groupingBy(s -> s.object().id(), LinkedHashMap::new, Collectors.toList()));
    List<StoredObject> out = new ArrayList<>();
    for (List<StoredObject> versions : byId.values()) {
      List<StoredObject> specOk;
      if (q.specVersions().isEmpty()) {
        String newest = versions.stream().map(s -> s.entry().specVersion()).max(Comparator.naturalOrder()).orElseThrow();
        specOk = versions.stream().filter(s -> s.entry().specVersion().equals(newest)).toList();
      } else {
        specOk = versions.stream().filter(s -> q.specVersions().contains(s.entry().specVersion())).toList();
      }
      if (specOk.isEmpty()) {
        continue;
      }
      Instant first = specOk.stream().map(s -> s.entry().version()).min(Comparator.naturalOrder()).orElseThrow();
      Instant last = specOk.stream().map(s -> s.entry().version()).max(Comparator.naturalOrder()).orElseThrow();
      for (StoredObject s : specOk) {
        Instant v = s.entry().version();
        boolean pick =
            q.versions().all()
                || (q.versions().first() && v.equals(first))
                || (q.versions().last() && v.equals(last))
                || q.versions().timestamps().contains(v);
        if (pick && q.addedAfter().map(a -> s.entry().dateAdded().isAfter(a)).orElse(true)) {
          out.add(s);
        }
      }
    }
    out.sort(Comparator.comparing(s -> s.entry().dateAdded()));
    return out;
  }

  private List<StoredObject> list(String collectionId) {
    List<StoredObject> list = contents.get(collectionId);
    if (list == null) {
      throw new StoreException.UnknownCollection(collectionId);
    }
    return list;
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }

  @Override
  public void putStatus(String statusId, String json) {
    statuses.put(statusId, json);
  }

  @Override
  public Optional<String> status(String statusId) {
    return Optional.ofNullable(statuses.get(statusId));
  }

  @Override
  public void close() {}
}
