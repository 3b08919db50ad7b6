package org.accord.taxii.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.accord.stix.StixObject;
import org.accord.store.ManifestEntry;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoredObject;
import org.accord.store.VersionMatch;

/**
 * Pages of what one principal may see: the store's {@code date_added} order (TAXII 2.1 §3.3) after the {@link
 * OutboundFilter}, with {@code more} and {@code next} (§3.5) computed from the released items, never from the store.
 *
 * <p>Design note. A page used to be one store page with the filter applied afterwards, so {@code more}, {@code next},
 * the page's length and the 404 of a single object all described the store: {@code ?match[id]=W,R&limit=1} answered
 * {@code more: true} with no objects exactly when a withheld W existed, and a limit-1 walk counted withheld
 * versions. Here a page is filled by reading further store pages of bounded size ({@code limit + 1} rows first, then
 * {@code maxPageSize}) until {@code limit} released items are collected; one more released item proves {@code more}.
 * {@code next} names the position of the last item returned, so in the normal case a response is a function of the
 * released sequence alone (the jqwik property {@code PagingLeaksNothingProperties} checks exactly this against a
 * store that never held the withheld objects).
 *
 * <p>What the recipient sees is matched on what it sees: {@code match[id]} and {@code match[type]} on the released
 * object's id and type (a pseudonymised SCO is found by neither its original id nor its pseudonym: see {@link
 * CollectionEndpoints}), and for a peer {@code match[version]=first/last} selects the first or last version it may
 * receive, not the store's (else {@code last} would hide an object whose newest version is withheld while {@code
 * all} shows its older ones: an oracle for a withheld version). That costs one store read of the object's versions
 * per object id and request; a node's own users keep the store's first and last (their fast path: one store query
 * of {@code limit + 1} rows, as before).
 *
 * <p>Bounded work. A request reads at most {@value #SCAN_PAGES} × {@code maxPageSize} store rows (the
 * {@link #budget}); memory holds one store page and the items of the response. When the budget runs out before the
 * page is full and the store has further rows, the page ends there with {@code more: true} and a {@code next} that
 * resumes after the last row read (a withheld row, which is why tokens are encrypted: {@link NextTokens}). What a
 * recipient can infer at the bound, and only there: that the range just read held at least {@code budget - n}
 * store rows matching its query that it may not see (n = items returned), i.e. a lower bound on a count of withheld
 * versions, in steps of the budget; no id, type or content. Deciding the first/last version of one object always
 * completes, so a request always makes progress. Response time grows with the rows read, a timing channel this
 * class does not close.
 */
final class VisiblePages {
  /** Store pages of {@code maxPageSize} rows a request may read: bounds the time spent on withheld rows. */
  static final int SCAN_PAGES = 20;

  private final ObjectStore store;
  private final OutboundFilter outbound;
  private final int maxPageSize;

  VisiblePages(ObjectStore store, OutboundFilter outbound, int maxPageSize) {
    this.store = store;
    this.outbound = outbound;
    this.maxPageSize = maxPageSize;
  }

  /** Store rows one request may read. */
  int budget() {
    return (int) Math.min(Integer.MAX_VALUE, (long) SCAN_PAGES * maxPageSize);
  }

  /**
   * A released version and its manifest entry as released: the released object's id (a transformed SCO's new id)
   * and version, the stored {@code date_added}.
   */
  record Item(StoredObject object, ManifestEntry entry) {}

  /**
   * @param items at most {@code limit} released items, in {@code date_added} order
   * @param more whether a further released item exists (or, at the bound, may exist)
   * @param next where the next page resumes, present when {@code more}
   */
  record Result(List<Item> items, boolean more, Optional<Page.Cursor> next) {}

  /**
   * One page of {@code query} (its {@code limit} and {@code after} position) as {@code principal} may see it.
   *
   * @param objectId the object of a single-object route, or null
   */
  Result page(Principal principal, String collectionId, ObjectQuery query, String objectId) {
    return new Walk(principal, collectionId, query, objectId).run();
  }

  /**
   * Whether {@code principal} may see any version of the object (any spec_version's newest, as the store's default
   * {@code match[spec_version]}), with the same bound: an object whose first visible version lies beyond it counts as
   * absent, so that the 404 of an object never depends on what is withheld.
   */
  boolean anyVersion(Principal principal, String collectionId, String objectId) {
    ObjectQuery any =
        new ObjectQuery(
            Optional.empty(), 1, Optional.empty(), Set.of(objectId), Set.of(), VersionMatch.ALL, Set.of());
    return !page(principal, collectionId, any, objectId).items().isEmpty();
  }

  /** One request's walk over the store. */
  private final class Walk {
    private final Principal principal;
    private final String collectionId;
    private final ObjectQuery query;
    private final Set<String> ids;
    /** For a peer, first/last are chosen among the versions it may see (see the design note). */
    private final boolean visibleFirstLast;
    private final Map<String, Bounds> bounds = new HashMap<>();
    private long read;

    Walk(Principal principal, String collectionId, ObjectQuery query, String objectId) {
      this.principal = principal;
      this.collectionId = collectionId;
      this.query = query;
      this.ids = objectId != null ? Set.of(objectId) : query.ids();
      VersionMatch v = query.versions();
      this.visibleFirstLast = principal.isPeer() && !v.all() && (v.first() || v.last());
    }

    Result run() {
      int limit = query.limit();
      List<Item> items = new ArrayList<>(Math.min(limit, 1024));
      Optional<Page.Cursor> position = query.after();
      Optional<Page.Cursor> lastItem = Optional.empty();
      int chunk = Math.min(limit + 1, maxPageSize); // limit + 1 released items fill the page and prove "more"
      while (true) {
        Page<StoredObject> page = store.objects(collectionId, storeQuery(chunk, position));
        List<StoredObject> rows = page.items();
        for (int i = 0; i < rows.size(); i++) {
          StoredObject row = rows.get(i);
          Optional<Item> item = decide(row);
          read++;
          position = Optional.of(cursor(row));
          if (item.isPresent()) {
            if (items.size() == limit) {
              return new Result(items, true, lastItem); // one more released item: "more" is proven
            }
            items.add(item.get());
            lastItem = position;
          }
          boolean rowsLeft = i + 1 < rows.size() || page.more();
          if (read >= budget() && rowsLeft) {
            return new Result(items, true, position); // the bound: resume after the last row read
          }
        }
        if (!page.more()) {
          return new Result(items, false, Optional.empty());
        }
        chunk = maxPageSize;
      }
    }

    /** The store rows that may yield a visible item: the store's version choice only where it is the recipient's. */
    private ObjectQuery storeQuery(int chunk, Optional<Page.Cursor> position) {
      VersionMatch versions = visibleFirstLast ? VersionMatch.ALL : query.versions();
      return new ObjectQuery(
          query.addedAfter(), chunk, position, ids, query.types(), versions, query.specVersions());
    }

    /** The row as released and matched on what is released, or empty. */
    private Optional<Item> decide(StoredObject row) {
      Optional<Item> item = release(row);
      if (item.isEmpty()) {
        return item;
      }
      ManifestEntry e = item.get().entry();
      if (!ids.isEmpty() && !ids.contains(e.id())) {
        return Optional.empty(); // e.g. the original id of a pseudonymised SCO: answered as if it did not exist
      }
      if (!query.types().isEmpty() && !query.types().contains(typeOf(e.id()))) {
        return Optional.empty();
      }
      if (visibleFirstLast && !selected(row)) {
        return Optional.empty();
      }
      return item;
    }

    private Optional<Item> release(StoredObject row) {
      return outbound.release(principal, collectionId, row).map(r -> new Item(r, releasedEntry(row, r)));
    }

    /** §3.4.1 match[version] among the versions of the row's object that this peer may see. */
    private boolean selected(StoredObject row) {
      VersionMatch v = query.versions();
      Instant version = row.entry().version();
      if (v.timestamps().contains(version)) {
        return true;
      }
      Bounds b = bounds.computeIfAbsent(row.entry().id(), this::bounds);
      return (v.first() && version.equals(b.first())) || (v.last() && version.equals(b.last()));
    }

    /** The first and last version of a stored object that this peer may see, among the spec_version candidates. */
    private Bounds bounds(String storedId) {
      Instant first = null;
      Instant last = null;
      Optional<Page.Cursor> position = Optional.empty();
      while (true) {
        ObjectQuery all =
            new ObjectQuery(
                Optional.empty(), maxPageSize, position, Set.of(storedId), Set.of(), VersionMatch.ALL,
                query.specVersions());
        Page<StoredObject> page = store.objects(collectionId, all);
        for (StoredObject version : page.items()) {
          read++;
          if (outbound.release(principal, collectionId, version).isPresent()) {
            Instant t = version.entry().version();
            first = first == null || t.isBefore(first) ? t : first;
            last = last == null || t.isAfter(last) ? t : last;
          }
        }
        if (!page.more()) {
          return new Bounds(first, last);
        }
        position = page.next();
      }
    }
  }

  private record Bounds(Instant first, Instant last) {}

  /**
   * The manifest entry of what leaves: the stored entry when the filter released the row untouched (the own users'
   * fast path: nothing is parsed), else the released object's id and version with the stored {@code date_added}.
   */
  static ManifestEntry releasedEntry(StoredObject stored, StoredObject released) {
    ManifestEntry e = stored.entry();
    if (released == stored) {
      return e;
    }
    StixObject o = released.object();
    Instant version = o.version().orElse(e.version());
    if (o.id().equals(e.id()) && version.equals(e.version())) {
      return e;
    }
    return new ManifestEntry(o.id(), e.dateAdded(), version, e.mediaType(), e.specVersion());
  }

  private static Page.Cursor cursor(StoredObject row) {
    return Page.Cursor.at(row.entry().dateAdded());
  }

  private static String typeOf(String id) {
    int sep = id.indexOf("--");
    return sep < 0 ? id : id.substring(0, sep);
  }
}
