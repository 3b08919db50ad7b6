package org.accord.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a query's results.
 *
 * @param items the entries, in {@code date_added} order
 * @param more whether further entries match beyond this page
 * @param next where the next page starts: pass it as {@link ObjectQuery#after()} (empty when {@code more} is false);
 *     the TAXII layer turns it into an encrypted {@code next} token
 */
public record Page<T>(List<T> items, boolean more, Optional<Cursor> next) {
  public Page {
    items = List.copyOf(items);
  }

  /** A position in a collection's {@code date_added} order: the last entry already returned. */
  public record Cursor(long dateAddedMicros) {
    /** The position of the entry added at {@code dateAdded} (a {@link ManifestEntry#dateAdded()}). */
    public static Cursor at(java.time.Instant dateAdded) {
      return new Cursor(Micros.of(dateAdded));
    }
  }
}
