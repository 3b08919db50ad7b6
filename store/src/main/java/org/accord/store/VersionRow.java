package org.accord.store;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.accord.stix.StixObject;

/**
 * One version of one object as the write path sees it: its key, its flags as stored, and the flags it should have.
 * Rows of the current batch carry their object and have no stored flags yet.
 */
final class VersionRow {
  /** spec_version order: numeric by dotted component ("2.10" after "2.9"), then as text. */
  static final Comparator<String> SPEC_ORDER = VersionRow::compareSpec;

  final long version;
  final String specVersion;
  final long dateAdded;
  /**
   * Stored JSON of a row of the collection being written, read when needed: an unversioned row (to recognise a
   * duplicate copy) or a row whose version the batch brings again (to tell a duplicate from a conflict); else null.
   */
  String storedJson;
  /** The object of a row added by the current batch, else null. */
  final StixObject added;
  /** Where the row added by the current batch comes from (null for stored rows: not needed on the write path). */
  Origin origin;

  boolean storedFirst;
  boolean storedLast;
  boolean storedLatestSpec;
  boolean first;
  boolean last;
  boolean latestSpec;

  VersionRow(long version, String specVersion, long dateAdded, String storedJson, StixObject added) {
    this.version = version;
    this.specVersion = specVersion;
    this.dateAdded = dateAdded;
    this.storedJson = storedJson;
    this.added = added;
  }

  boolean flagsChanged() {
    return first != storedFirst || last != storedLast || latestSpec != storedLatestSpec;
  }

  /**
   * Sets the flags on every version of one object: latestSpec for the versions with the object's newest
   * spec_version (the match[spec_version] default, TAXII 2.1 §3.4), first and last by version timestamp among the
   * versions with the same spec_version (match[version], §3.4), so that "last" under the default spec_version is
   * the newest version in the newest spec_version.
   */
  static void computeFlags(List<VersionRow> versions) {
    Map<String, long[]> range = new HashMap<>(); // spec_version -> {min, max} version
    String newestSpec = null;
    for (VersionRow r : versions) {
      long[] mm = range.computeIfAbsent(r.specVersion, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
      mm[0] = Math.min(mm[0], r.version);
      mm[1] = Math.max(mm[1], r.version);
      if (newestSpec == null || SPEC_ORDER.compare(r.specVersion, newestSpec) > 0) {
        newestSpec = r.specVersion;
      }
    }
    for (VersionRow r : versions) {
      long[] mm = range.get(r.specVersion);
      r.first = r.version == mm[0];
      r.last = r.version == mm[1];
      r.latestSpec = r.specVersion.equals(newestSpec);
    }
  }

  /**
   * The versions of one object that Delete An Object removes (TAXII 2.1 §5.7). The candidates are the versions with
   * a listed spec_version or, unlike a read, every version when none is listed: the caller asked to delete the
   * object, and keeping its older spec_versions would make them visible again as the newest. match[version] then
   * picks among the candidates, first and last by version timestamp.
   */
  static List<VersionRow> selectForDelete(List<VersionRow> versions, VersionMatch match, Set<String> specs) {
    List<VersionRow> candidates =
        versions.stream().filter(r -> specs.isEmpty() || specs.contains(r.specVersion)).toList();
    long min = candidates.stream().mapToLong(r -> r.version).min().orElse(Long.MIN_VALUE);
    long max = candidates.stream().mapToLong(r -> r.version).max().orElse(Long.MAX_VALUE);
    Set<Long> stamps = match.timestamps().stream().map(Micros::of).collect(Collectors.toSet());
    return candidates.stream()
        .filter(
            r ->
                match.all()
                    || (match.first() && r.version == min)
                    || (match.last() && r.version == max)
                    || stamps.contains(r.version))
        .toList();
  }

  private static int compareSpec(String a, String b) {
    String[] pa = a.split("\\.");
    String[] pb = b.split("\\.");
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      int c = compareComponent(pa[i], pb[i]);
      if (c != 0) {
        return c;
      }
    }
    return pa.length != pb.length ? Integer.compare(pa.length, pb.length) : a.compareTo(b);
  }

  private static int compareComponent(String a, String b) {
    try {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }
}
