package org.accord.sensor.index;

import java.util.Arrays;
import java.util.Comparator;

/**
 * An immutable longest-prefix-match table over IPv6 blocks: the same flattened-interval design as {@link Ipv4Table}
 * (read its note) on 128-bit addresses held as two sign-flipped {@code long}s, with the bucket table on the top 16
 * bits of the high word. IPv6 indicators are far fewer than IPv4 ones in practice, so the build sorts boxed indexes.
 */
final class Ipv6Table {
  static final Ipv6Table EMPTY = build(new long[0], new long[0], new byte[0], new byte[0], new int[0], 0);
  private static final int BUCKET_THRESHOLD = 4096;

  final long[] hi;
  final long[] lo;
  final byte[] len;
  final byte[] role;
  final int[] handle;
  final int[] parent;
  final int size;
  private final long[] intervalHi; // sign-flipped
  private final long[] intervalLo; // sign-flipped
  private final int[] intervalEntry;
  private final int[] bucket;

  private Ipv6Table(long[] hi, long[] lo, byte[] len, byte[] role, int[] handle, int[] parent, Intervals iv) {
    this.hi = hi;
    this.lo = lo;
    this.len = len;
    this.role = role;
    this.handle = handle;
    this.parent = parent;
    this.size = hi.length;
    this.intervalHi = Arrays.copyOf(iv.hi, iv.count);
    this.intervalLo = Arrays.copyOf(iv.lo, iv.count);
    this.intervalEntry = Arrays.copyOf(iv.entry, iv.count);
    this.bucket = iv.count >= BUCKET_THRESHOLD ? buckets(intervalHi) : null;
  }

  /** Builds from {@code n} unsorted blocks (host bits already cleared). The arrays are not kept. */
  static Ipv6Table build(long[] hi, long[] lo, byte[] len, byte[] role, int[] handle, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        Comparator.<Integer>comparingLong(i -> hi[i] ^ Long.MIN_VALUE)
            .thenComparingLong(i -> lo[i] ^ Long.MIN_VALUE)
            .thenComparingInt(i -> len[i] & 0xff));
    long[] h = new long[n];
    long[] l = new long[n];
    byte[] ln = new byte[n];
    byte[] r = new byte[n];
    int[] hd = new int[n];
    for (int k = 0; k < n; k++) {
      int i = order[k];
      h[k] = hi[i];
      l[k] = lo[i];
      ln[k] = len[i];
      r[k] = role[i];
      hd[k] = handle[i];
    }
    return sweep(h, l, ln, r, hd);
  }

  private static Ipv6Table sweep(long[] h, long[] l, byte[] ln, byte[] r, int[] hd) {
    int n = h.length;
    int[] parent = new int[n];
    int[] stack = new int[n + 1];
    int sp = 0;
    Intervals out = new Intervals(2 * n + 1);
    out.emit(0, 0, -1);
    for (int k = 0; k < n; k++) {
      while (sp > 0 && endsBefore(h, l, ln, stack[sp - 1], h[k], l[k])) {
        closeTop(h, l, ln, stack[--sp], sp > 0 ? stack[sp - 1] : -1, out);
      }
      parent[k] = sp > 0 ? stack[sp - 1] : -1;
      stack[sp++] = k;
      out.emit(h[k], l[k], k);
    }
    while (sp > 0) {
      closeTop(h, l, ln, stack[--sp], sp > 0 ? stack[sp - 1] : -1, out);
    }
    return new Ipv6Table(h, l, ln, r, hd, parent, out);
  }

  private static long endHi(long[] h, byte[] ln, int k) {
    int n = ln[k] & 0xff;
    return n >= 64 ? h[k] : h[k] | (-1L >>> n);
  }

  private static long endLo(long[] l, byte[] ln, int k) {
    int n = ln[k] & 0xff;
    if (n <= 64) {
      return -1L;
    }
    return n == 128 ? l[k] : l[k] | (-1L >>> (n - 64));
  }

  /** The prefix length of entry {@code e} (stored as an unsigned byte: 128 does not fit a signed one). */
  int length(int e) {
    return len[e] & 0xff;
  }

  private static boolean endsBefore(long[] h, long[] l, byte[] ln, int k, long hi, long lo) {
    long eh = endHi(h, ln, k);
    long el = endLo(l, ln, k);
    int c = Long.compareUnsigned(eh, hi);
    return c < 0 || (c == 0 && Long.compareUnsigned(el, lo) < 0);
  }

  /** Emits the interval that starts right after block {@code k} ends, labelled with its enclosing block. */
  private static void closeTop(long[] h, long[] l, byte[] ln, int k, int enclosing, Intervals out) {
    long eh = endHi(h, ln, k);
    long el = endLo(l, ln, k);
    if (eh == -1L && el == -1L) {
      return; // ends at the top of the address space
    }
    long nl = el + 1;
    long nh = nl == 0 ? eh + 1 : eh;
    out.emit(nh, nl, enclosing);
  }

  private static int[] buckets(long[] intervalHi) {
    int[] b = new int[65537];
    int i = 0;
    for (int top = 0; top <= 65536; top++) {
      while (i < intervalHi.length && ((intervalHi[i] ^ Long.MIN_VALUE) >>> 48) < top) {
        i++;
      }
      b[top] = i;
    }
    return b;
  }

  /** The innermost entry covering the address whose role meets {@code want} and whose handle is alive; -1 if none. */
  int find(long hiWord, long loWord, int want, byte[] dead) {
    int e = innermost(hiWord, loWord);
    while (e >= 0 && ((role[e] & want) == 0 || dead[handle[e]] != 0)) {
      e = parent[e];
    }
    return e;
  }

  int innermost(long hiWord, long loWord) {
    long xh = hiWord ^ Long.MIN_VALUE;
    long xl = loWord ^ Long.MIN_VALUE;
    int a;
    int b;
    if (bucket != null) {
      int top = (int) (hiWord >>> 48);
      a = Math.max(bucket[top] - 1, 0);
      b = bucket[top + 1] - 1;
    } else {
      a = 0;
      b = intervalHi.length - 1;
    }
    while (a < b) {
      int mid = (a + b + 1) >>> 1;
      long mh = intervalHi[mid];
      if (mh < xh || (mh == xh && intervalLo[mid] <= xl)) {
        a = mid;
      } else {
        b = mid - 1;
      }
    }
    return intervalEntry[a];
  }

  long footprintBytes() {
    return 20L * intervalHi.length + 22L * size + (bucket == null ? 0 : 4L * bucket.length);
  }

  private static final class Intervals {
    final long[] hi;
    final long[] lo;
    final int[] entry;
    int count;

    Intervals(int capacity) {
      hi = new long[capacity];
      lo = new long[capacity];
      entry = new int[capacity];
    }

    void emit(long h, long l, int e) {
      long fh = h ^ Long.MIN_VALUE;
      long fl = l ^ Long.MIN_VALUE;
      if (count > 0 && hi[count - 1] == fh && lo[count - 1] == fl) {
        entry[count - 1] = e;
      } else if (count == 0 || entry[count - 1] != e) {
        hi[count] = fh;
        lo[count] = fl;
        entry[count++] = e;
      }
    }
  }
}
