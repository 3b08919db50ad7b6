package org.accord.store;

import java.util.Comparator;
import java.util.List;
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
  /** Stored JSON of an unversioned row (to recognise a duplicate copy), else null. */
  final String unversionedJson;
  /** The object of a row added by the current batch, else null. */
  final StixObject added;

  boolean storedFirst;
  boolean storedLast;
  boolean storedLatestSpec;
  boolean first;
  boolean last;
  boolean latestSpec;

  VersionRow(long version, String specVersion, long dateAdded, String unversionedJson, StixObject added) {
    this.version = version;
    this.specVersion = specVersion;
    this.dateAdded = dateAdded;
    this.unversionedJson = unversionedJson;
    this.added = added;
  }

  boolean flagsChanged() {
    return first != storedFirst || last != storedLast || latestSpec != storedLatestSpec;
  }

  /**
   * Sets first/last/latestSpec on every version of one object: first and last by version timestamp (TAXII 2.1
   * §3.4, match[version]), latestSpec for the versions with the object's newest spec_version (§3.4, the
   * match[spec_version] default).
   */
  static void computeFlags(List<VersionRow> versions) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    String newestSpec = null;
    for (VersionRow r : versions) {
      min = Math.min(min, r.version);
      max = Math.max(max, r.version);
      if (newestSpec == null || SPEC_ORDER.compare(r.specVersion, newestSpec) > 0) {
        newestSpec = r.specVersion;
      }
    }
    for (VersionRow r : versions) {
      r.first = r.version == min;
      r.last = r.version == max;
      r.latestSpec = r.specVersion.equals(newestSpec);
    }
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
