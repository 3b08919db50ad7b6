package org.accord.store;

import java.time.Instant;
import java.util.Set;

/**
 * The {@code match[version]} filter (TAXII 2.1 §3.4.1): any combination of the keywords first, last and all, and
 * explicit version timestamps. A version is selected when any part selects it.
 */
public record VersionMatch(boolean first, boolean last, boolean all, Set<Instant> timestamps) {
  public static final VersionMatch LAST = new VersionMatch(false, true, false, Set.of());
  public static final VersionMatch ALL = new VersionMatch(false, false, true, Set.of());

  public VersionMatch {
    timestamps = Set.copyOf(timestamps);
    if (!first && !last && !all && timestamps.isEmpty()) {
      throw new IllegalArgumentException("a version match selects nothing");
    }
  }
}
