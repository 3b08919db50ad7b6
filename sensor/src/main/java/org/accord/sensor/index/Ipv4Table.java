package org.accord.sensor.index;

import java.util.Arrays;

/**
 * An immutable longest-prefix-match table over IPv4 blocks.
 *
 * <p>Design note. CIDR blocks are either disjoint or nested, never partially overlapping, so one sweep over the blocks
 * sorted by (start, length) cuts the address space into non-overlapping <i>intervals</i>, each labelled with the
 * innermost block that covers it (or none). A lookup is then "the last interval starting at or before x": a binary
 * search in a sorted {@code int[]}. To keep that search inside a cache line or two, a 65,537-entry bucket table
 * indexed by the top 16 bits of the address (the "24" of DIR-24-8, cut to 16 so it costs 256 KiB, not 64 MiB)
 * narrows it to the intervals of one /16 before the search begins; small tables skip it. Each block (an
 * <i>entry</i>) keeps a parent link to the next enclosing block, so when the innermost block's indicator is dead
 * (removed, waiting for the next rebuild) or has the wrong role, the lookup walks outwards without another search,
 * and the walk also yields every match for nested ranges. Starts are stored with the sign bit flipped so that plain
 * signed {@code int} comparison orders unsigned addresses.
 *
 * <p>Cost: at most 2n + 1 intervals of 8 bytes and n entries of 14 bytes (start, length, role, handle, parent).
 */
final class Ipv4Table {
  static final Ipv4Table EMPTY = build(new int[0], new byte[0], new byte[0], new int[0], 0);
  /** Below this many intervals the bucket table would cost more than it saves. */
  private static final int BUCKET_THRESHOLD = 4096;

  // entries, sorted by (unsigned start, length)
  final int[] start;
  final byte[] len;
  final byte[] role;
  final int[] handle;
  final int[] parent;
  final int size;
  // intervals
  private final int[] intervalStart; // sign-flipped
  private final int[] intervalEntry;
  private final int[] bucket; // bucket[b] = first interval starting at or after b << 16; null for small tables

  private Ipv4Table(int[] start, byte[] len, byte[] role, int[] handle, int[] parent, int[] iStart, int[] iEntry) {
    this.start = start;
    this.len = len;
    this.role = role;
    this.handle = handle;
    this.parent = parent;
    this.size = start.length;
    this.intervalStart = iStart;
    this.intervalEntry = iEntry;
    this.bucket = iStart.length >= BUCKET_THRESHOLD ? buckets(iStart) : null;
  }

  /** Builds from {@code n} unsorted blocks (host bits already cleared). The arrays are not kept. */
  static Ipv4Table build(int[] start, byte[] len, byte[] role, int[] handle, int n) {
    if (n >= 1 << 26) {
      throw new IllegalArgumentException("too many IPv4 blocks: " + n);
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) { // (unsigned start, length, index) packed so that a primitive sort orders them
      keys[i] = (((start[i] & 0xffffffffL) << 32) | ((long) len[i] << 26) | i) ^ Long.MIN_VALUE;
    }
    Arrays.sort(keys);
    int[] s = new int[n];
    byte[] l = new byte[n];
    byte[] r = new byte[n];
    int[] h = new int[n];
    for (int k = 0; k < n; k++) {
      int i = (int) (keys[k] & ((1 << 26) - 1));
      s[k] = start[i];
      l[k] = len[i];
      r[k] = role[i];
      h[k] = handle[i];
    }
    return sweep(s, l, r, h);
  }

  private static Ipv4Table sweep(int[] s, byte[] l, byte[] r, int[] h) {
    int n = s.length;
    int[] parent = new int[n];
    int[] stack = new int[n + 1];
    int sp = 0;
    Intervals out = new Intervals(2 * n + 1);
    out.emit(0, -1);
    for (int k = 0; k < n; k++) {
      long begin = s[k] & 0xffffffffL;
      while (sp > 0 && end(s, l, stack[sp - 1]) < begin) {
        long after = end(s, l, stack[--sp]) + 1;
        out.emit(after, sp > 0 ? stack[sp - 1] : -1);
      }
      parent[k] = sp > 0 ? stack[sp - 1] : -1;
      stack[sp++] = k;
      out.emit(begin, k);
    }
    while (sp > 0) {
      long after = end(s, l, stack[--sp]) + 1;
      if (after <= 0xffffffffL) {
        out.emit(after, sp > 0 ? stack[sp - 1] : -1);
      }
    }
    return new Ipv4Table(s, l, r, h, parent, out.starts(), out.entries());
  }

  private static long end(int[] s, byte[] l, int k) {
    return (s[k] & 0xffffffffL) | (0xffffffffL >>> l[k]);
  }

  private static int[] buckets(int[] iStart) {
    int[] b = new int[65537];
    int i = 0;
    for (int top = 0; top <= 65536; top++) {
      long from = (long) top << 16;
      while (i < iStart.length && ((iStart[i] ^ Integer.MIN_VALUE) & 0xffffffffL) < from) {
        i++;
      }
      b[top] = i;
    }
    return b;
  }

  /** The innermost entry covering {@code v4} whose role meets {@code want} and whose handle is alive; -1 if none. */
  int find(long v4, int want, byte[] dead) {
    int e = intervalEntry[interval((int) v4)];
    while (e >= 0 && ((role[e] & want) == 0 || dead[handle[e]] != 0)) {
      e = parent[e];
    }
    return e;
  }

  /** The innermost covering entry, alive or not; walk {@link #parent} for the enclosing ones. */
  int innermost(long v4) {
    return intervalEntry[interval((int) v4)];
  }

  private int interval(int x) {
    int xs = x ^ Integer.MIN_VALUE;
    int lo;
    int hi;
    if (bucket != null) {
      int b = x >>> 16;
      lo = Math.max(bucket[b] - 1, 0);
      hi = bucket[b + 1] - 1;
    } else {
      lo = 0;
      hi = intervalStart.length - 1;
    }
    while (lo < hi) { // last interval with start <= x; intervalStart[lo] <= x holds throughout
      int mid = (lo + hi + 1) >>> 1;
      if (intervalStart[mid] <= xs) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  int intervals() {
    return intervalStart.length;
  }

  long footprintBytes() {
    long bytes = 8L * intervalStart.length + 14L * size;
    return bytes + (bucket == null ? 0 : 4L * bucket.length);
  }

  /** The growing interval list of a sweep: a start equal to the last one replaces its label. */
  private static final class Intervals {
    private int[] starts;
    private int[] entries;
    private int count;

    Intervals(int capacity) {
      starts = new int[capacity];
      entries = new int[capacity];
    }

    void emit(long at, int entry) {
      int flipped = (int) at ^ Integer.MIN_VALUE;
      if (count > 0 && starts[count - 1] == flipped) {
        entries[count - 1] = entry;
      } else if (count == 0 || entries[count - 1] != entry) {
        starts[count] = flipped;
        entries[count++] = entry;
      }
    }

    int[] starts() {
      return Arrays.copyOf(starts, count);
    }

    int[] entries() {
      return Arrays.copyOf(entries, count);
    }
  }
}
