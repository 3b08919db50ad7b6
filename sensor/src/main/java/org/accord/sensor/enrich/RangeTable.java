package org.accord.sensor.enrich;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.accord.sensor.flow.Addresses;

/**
 * Disjoint address ranges, each with a value: the lookup structure behind {@link AssetRegistry}, {@link MaxMindGeo}
 * and {@link CsvGeo}.
 *
 * <p>Design note. Lookups run on the hot path (per flow), so a table is sorted primitive arrays of range starts and
 * ends plus a parallel array of values, searched by binary search: no allocation, no boxing, no pointer chasing but
 * the final value. An IPv4 table ("narrow") keeps only the low words, as plain non-negative {@code long}s; an IPv6
 * table compares (high, low) pairs as unsigned 128-bit numbers. Sizes: a registry holds thousands of ranges, a full
 * GeoLite2 Country plus ASN merge a few hundred thousand per family: 32 bytes per IPv6 range, 16 per IPv4 range,
 * plus a reference. A large IPv4 table adds a /16 bucket index (65,537 ints) so that a lookup searches only the
 * few ranges of its /16: with 600,000 random ranges that made uniformly random lookups several times faster
 * ({@code GeoLookupBenchmark} in module bench, BENCHMARKS.md). A trie would be faster still on a cold cache but
 * larger and more code; measure before changing.
 *
 * <p>Ranges must not overlap (the builder refuses overlaps, naming them); neighbours with the same value are merged
 * so that the arrays stay short. Immutable and thread-safe once built.
 */
final class RangeTable<T> {
  private final boolean narrow;
  private final long[] startHi;
  private final long[] startLo;
  private final long[] endHi;
  private final long[] endLo;
  private final Object[] values;
  /**
   * For a large IPv4 table, {@code buckets[b]} is the floor index of address {@code b << 16} (-1 when none) and
   * {@code buckets[65536]} the last index: a lookup in /16 {@code b} searches only between {@code buckets[b]} and
   * {@code buckets[b + 1]}, a few neighbouring entries instead of 20 steps across the whole table. Null when small.
   */
  private final int[] buckets;

  /** Below this many ranges a plain binary search stays in cache and the 256 KiB bucket index is not worth it. */
  private static final int BUCKETS_FROM = 4096;

  private RangeTable(boolean narrow, List<Range> ranges) {
    this.narrow = narrow;
    int n = ranges.size();
    startHi = narrow ? null : new long[n];
    endHi = narrow ? null : new long[n];
    startLo = new long[n];
    endLo = new long[n];
    values = new Object[n];
    for (int i = 0; i < n; i++) {
      Range r = ranges.get(i);
      if (!narrow) {
        startHi[i] = r.startHi;
        endHi[i] = r.endHi;
      }
      startLo[i] = r.startLo;
      endLo[i] = r.endLo;
      values[i] = r.value;
    }
    buckets = narrow && n >= BUCKETS_FROM ? buckets() : null;
  }

  private int[] buckets() {
    int[] b = new int[(1 << 16) + 1];
    for (int i = 0; i < 1 << 16; i++) {
      b[i] = floorNarrow(((long) i) << 16, -1, startLo.length - 1);
    }
    b[1 << 16] = startLo.length - 1;
    return b;
  }

  /** The value of the range holding {@code (hi, lo)}, or null. For a narrow (IPv4) table {@code hi} is ignored. */
  @SuppressWarnings("unchecked")
  T find(long hi, long lo) {
    int i;
    if (!narrow) {
      i = floorWide(hi, lo);
    } else if (buckets != null) {
      int b = (int) (lo >>> 16);
      i = floorNarrow(lo, buckets[b], buckets[b + 1]);
    } else {
      i = floorNarrow(lo, -1, startLo.length - 1);
    }
    if (i < 0) {
      return null;
    }
    boolean inside = narrow ? lo <= endLo[i] : compare(hi, lo, endHi[i], endLo[i]) <= 0;
    return inside ? (T) values[i] : null;
  }

  /** How many ranges the table holds (after merging neighbours). */
  int size() {
    return values.length;
  }

  /**
   * Index of the last range starting at or before {@code lo}, given that it lies in {@code [known, high]} and that
   * range {@code known} starts at or before it ({@code known == -1}: none known). IPv4 values are non-negative.
   */
  private int floorNarrow(long lo, int known, int high) {
    int low = known + 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (startLo[mid] <= lo) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return high;
  }

  private int floorWide(long hi, long lo) {
    int low = 0;
    int high = startLo.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return high;
  }

  /** Compares two addresses as unsigned 128-bit numbers. */
  static int compare(long aHi, long aLo, long bHi, long bLo) {
    int c = Long.compareUnsigned(aHi, bHi);
    return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
  }

  /** A range under construction; inclusive bounds. */
  record Range(long startHi, long startLo, long endHi, long endLo, Object value) {}

  static <T> Builder<T> builder(boolean ipv6) {
    return new Builder<>(ipv6);
  }

  /** Collects ranges, then sorts, checks and merges them. Not thread-safe. */
  static final class Builder<T> {
    private final boolean ipv6;
    private final List<Range> ranges = new ArrayList<>();

    private Builder(boolean ipv6) {
      this.ipv6 = ipv6;
    }

    Builder<T> add(long startHi, long startLo, long endHi, long endLo, T value) {
      Objects.requireNonNull(value, "value");
      if (!ipv6 && (startHi != 0 || endHi != 0 || startLo < 0 || endLo > 0xffff_ffffL)) {
        throw new IllegalArgumentException("not an IPv4 range");
      }
      if (compare(startHi, startLo, endHi, endLo) > 0) {
        throw new IllegalArgumentException(
            "range ends before it starts: " + format(startHi, startLo) + " to " + format(endHi, endLo));
      }
      ranges.add(new Range(startHi, startLo, endHi, endLo, value));
      return this;
    }

    Builder<T> add(Cidr cidr, T value) {
      return add(cidr.firstHi(), cidr.firstLo(), cidr.lastHi(), cidr.lastLo(), value);
    }

    /** The sorted ranges added so far, checked for overlaps, neighbours with equal values merged. */
    List<Range> sorted() {
      List<Range> sorted = new ArrayList<>(ranges);
      sorted.sort(Comparator.comparing((Range r) -> r, (a, b) -> compare(a.startHi, a.startLo, b.startHi, b.startLo)));
      List<Range> merged = new ArrayList<>(sorted.size());
      for (Range r : sorted) {
        Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
        if (last != null && compare(r.startHi, r.startLo, last.endHi, last.endLo) <= 0) {
          throw new IllegalArgumentException(
              "overlapping ranges: " + describe(last) + " (" + last.value + ") and " + describe(r) + " (" + r.value
                  + ")");
        }
        if (last != null && last.value.equals(r.value) && adjacent(last, r)) {
          merged.set(merged.size() - 1, new Range(last.startHi, last.startLo, r.endHi, r.endLo, last.value));
        } else {
          merged.add(r);
        }
      }
      return merged;
    }

    RangeTable<T> build() {
      return new RangeTable<>(!ipv6, sorted());
    }

    private static boolean adjacent(Range a, Range b) {
      long nextLo = a.endLo + 1;
      long nextHi = nextLo == 0 ? a.endHi + 1 : a.endHi;
      return nextHi == b.startHi && nextLo == b.startLo;
    }

    private String describe(Range r) {
      return format(r.startHi, r.startLo) + " to " + format(r.endHi, r.endLo);
    }

    private String format(long hi, long lo) {
      return Addresses.format(ipv6, hi, lo);
    }
  }

  @Override
  public String toString() {
    return "RangeTable[" + (narrow ? "IPv4" : "IPv6") + ", " + values.length + " ranges]";
  }
}
