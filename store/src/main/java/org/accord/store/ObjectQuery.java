package org.accord.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Filters and paging of an object, manifest or versions query (TAXII 2.1 §3.4 and §3.5). Empty sets mean "no
 * filter".
 *
 * @param addedAfter only versions added strictly after this instant
 * @param limit at most this many entries (at least 1)
 * @param after resume after this position (from a previous {@link Page#next()})
 * @param ids {@code match[id]}
 * @param types {@code match[type]}
 * @param versions {@code match[version]}; defaults to the last version
 * @param specVersions {@code match[spec_version]}; when empty, only the newest spec_version of each object
 */
public record ObjectQuery(
    Optional<Instant> addedAfter,
    int limit,
    Optional<Page.Cursor> after,
    Set<String> ids,
    Set<String> types,
    VersionMatch versions,
    Set<String> specVersions) {

  public ObjectQuery {
    Objects.requireNonNull(addedAfter, "addedAfter");
    Objects.requireNonNull(after, "after");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    ids = Set.copyOf(ids);
    types = Set.copyOf(types);
    Objects.requireNonNull(versions, "versions");
    specVersions = Set.copyOf(specVersions);
  }

  /** Everything's last version, {@code limit} at a time. */
  public static ObjectQuery all(int limit) {
    return new ObjectQuery(
        Optional.empty(), limit, Optional.empty(), Set.of(), Set.of(), VersionMatch.LAST, Set.of());
  }

  public ObjectQuery withAfter(Page.Cursor cursor) {
    return new ObjectQuery(addedAfter, limit, Optional.of(cursor), ids, types, versions, specVersions);
  }
}
