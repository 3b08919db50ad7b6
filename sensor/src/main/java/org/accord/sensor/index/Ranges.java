package org.accord.sensor.index;

import java.util.Arrays;

/**
 * The writer's side of the range tables: for each family a large immutable base and a small delta rebuilt from the
 * pending blocks on each change, merged into a new base when the delta passes about twice the square root of the
 * base's size (a merge costs O(base), a delta rebuild O(delta log delta); this balances their amortised costs).
 */
final class Ranges {
  Ipv4Table v4Base = Ipv4Table.EMPTY;
  Ipv4Table v4Delta = Ipv4Table.EMPTY;
  Ipv6Table v6Base = Ipv6Table.EMPTY;
  Ipv6Table v6Delta = Ipv6Table.EMPTY;

  private int[] p4Start = new int[16];
  private byte[] p4Len = new byte[16];
  private byte[] p4Role = new byte[16];
  private int[] p4Handle = new int[16];
  private int p4Count;
  private boolean v4Dirty;

  private long[] p6Hi = new long[16];
  private long[] p6Lo = new long[16];
  private byte[] p6Len = new byte[16];
  private byte[] p6Role = new byte[16];
  private int[] p6Handle = new int[16];
  private int p6Count;
  private boolean v6Dirty;

  void addV4(int addr, int len, byte role, int handle) {
    if (p4Count == p4Start.length) {
      int c = p4Count * 2;
      p4Start = Arrays.copyOf(p4Start, c);
      p4Len = Arrays.copyOf(p4Len, c);
      p4Role = Arrays.copyOf(p4Role, c);
      p4Handle = Arrays.copyOf(p4Handle, c);
    }
    p4Start[p4Count] = addr;
    p4Len[p4Count] = (byte) len;
    p4Role[p4Count] = role;
    p4Handle[p4Count++] = handle;
    v4Dirty = true;
  }

  void addV6(long hi, long lo, int len, byte role, int handle) {
    if (p6Count == p6Hi.length) {
      int c = p6Count * 2;
      p6Hi = Arrays.copyOf(p6Hi, c);
      p6Lo = Arrays.copyOf(p6Lo, c);
      p6Len = Arrays.copyOf(p6Len, c);
      p6Role = Arrays.copyOf(p6Role, c);
      p6Handle = Arrays.copyOf(p6Handle, c);
    }
    p6Hi[p6Count] = hi;
    p6Lo[p6Count] = lo;
    p6Len[p6Count] = (byte) len;
    p6Role[p6Count] = role;
    p6Handle[p6Count++] = handle;
    v6Dirty = true;
  }

  /** Rebuilds what changed since the last publication: the delta, or a new base when the delta is too big. */
  void refresh(byte[] dead, int mergeMin) {
    if (v4Dirty) {
      if (p4Count > limit(v4Base.size, mergeMin)) {
        mergeV4(dead, null);
      } else {
        v4Delta = Ipv4Table.build(p4Start, p4Len, p4Role, p4Handle, p4Count);
      }
      v4Dirty = false;
    }
    if (v6Dirty) {
      if (p6Count > limit(v6Base.size, mergeMin)) {
        mergeV6(dead, null);
      } else {
        v6Delta = Ipv6Table.build(p6Hi, p6Lo, p6Len, p6Role, p6Handle, p6Count);
      }
      v6Dirty = false;
    }
  }

  private static int limit(int base, int mergeMin) {
    return Math.max(mergeMin, 2 * (int) Math.sqrt(base));
  }

  /** Rebuilds both bases with live blocks only, handles mapped old → new ({@code map[h] < 0}: dead). */
  void renumber(int[] map) {
    mergeV4(null, map);
    mergeV6(null, map);
  }

  private static int live(int h, byte[] dead, int[] map) {
    return map == null ? (dead[h] == 0 ? h : -1) : map[h];
  }

  private void mergeV4(byte[] dead, int[] map) {
    Ipv4Table b = v4Base;
    int n = b.size + p4Count;
    int[] s = new int[n];
    byte[] l = new byte[n];
    byte[] r = new byte[n];
    int[] h = new int[n];
    int k = 0;
    for (int e = 0; e < b.size; e++) {
      int handle = live(b.handle[e], dead, map);
      if (handle >= 0) {
        s[k] = b.start[e];
        l[k] = b.len[e];
        r[k] = b.role[e];
        h[k++] = handle;
      }
    }
    for (int e = 0; e < p4Count; e++) {
      int handle = live(p4Handle[e], dead, map);
      if (handle >= 0) {
        s[k] = p4Start[e];
        l[k] = p4Len[e];
        r[k] = p4Role[e];
        h[k++] = handle;
      }
    }
    v4Base = Ipv4Table.build(s, l, r, h, k);
    v4Delta = Ipv4Table.EMPTY;
    p4Count = 0;
    v4Dirty = false;
  }

  private void mergeV6(byte[] dead, int[] map) {
    Ipv6Table b = v6Base;
    int n = b.size + p6Count;
    long[] hi = new long[n];
    long[] lo = new long[n];
    byte[] l = new byte[n];
    byte[] r = new byte[n];
    int[] h = new int[n];
    int k = 0;
    for (int e = 0; e < b.size; e++) {
      int handle = live(b.handle[e], dead, map);
      if (handle >= 0) {
        hi[k] = b.hi[e];
        lo[k] = b.lo[e];
        l[k] = b.len[e];
        r[k] = b.role[e];
        h[k++] = handle;
      }
    }
    for (int e = 0; e < p6Count; e++) {
      int handle = live(p6Handle[e], dead, map);
      if (handle >= 0) {
        hi[k] = p6Hi[e];
        lo[k] = p6Lo[e];
        l[k] = p6Len[e];
        r[k] = p6Role[e];
        h[k++] = handle;
      }
    }
    v6Base = Ipv6Table.build(hi, lo, l, r, h, k);
    v6Delta = Ipv6Table.EMPTY;
    p6Count = 0;
    v6Dirty = false;
  }

  long footprintBytes() {
    return v4Base.footprintBytes() + v4Delta.footprintBytes() + v6Base.footprintBytes() + v6Delta.footprintBytes()
        + 10L * p4Start.length + 22L * p6Hi.length;
  }
}
