package org.accord.sensor.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Single IPv4 addresses (/32 blocks) to indicator handles: open addressing over one {@code long[]}, for one writer
 * and lock-free readers.
 *
 * <p>Design note. Most address indicators are single hosts, and a host is the longest possible prefix, so a hit here
 * ends the lookup before the range tables are consulted. A slot packs the address (high 32 bits) with the role (2
 * bits) and handle + 1 (30 bits), so a probe is one 8-byte load and an empty slot is 0; at a load of at most 1/2 that
 * is 8 to 16 bytes per address and usually one cache miss per lookup. The writer publishes a slot with a release
 * store, readers load with acquire (a plain load on x86), so no lock and no torn slot. Equal addresses of different
 * indicators sit on the same probe run. Removal is the handle's dead flag; dead slots are dropped when the table is
 * rebuilt bigger. The slot index comes from a multiplicative hash with a random odd factor per table.
 */
final class Ipv4Exact {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
  static final int MAX_HANDLE = (1 << 30) - 2;

  private final long[] slots;
  private final int mask;
  private final int shift;
  private final long factor;
  private int count; // writer only

  Ipv4Exact(int capacity, long seed) {
    int n = Integer.highestOneBit(Math.max(16, capacity * 2 - 1)) << 1;
    slots = new long[n];
    mask = n - 1;
    shift = 64 - Integer.numberOfTrailingZeros(n);
    factor = seed | 1;
  }

  int count() {
    return count;
  }

  int capacity() {
    return slots.length / 2;
  }

  /** Adds {@code addr} for {@code handle} with {@code role}; false when the table is at its load limit. */
  boolean insert(int addr, int handle, int role) {
    if (count >= slots.length / 2) {
      return false;
    }
    long v = ((long) addr << 32) | ((long) role << 30) | (handle + 1);
    int s = index(addr);
    while (slots[s] != 0) {
      s = (s + 1) & mask;
    }
    SLOT.setRelease(slots, s, v);
    count++;
    return true;
  }

  private int index(int addr) {
    return (int) (((addr & 0xffffffffL) * factor) >>> shift);
  }

  /** The first live handle below {@code limit} for {@code addr} with a role in {@code want}; -1 if none. */
  int find(int addr, int want, byte[] dead, int limit) {
    for (int s = index(addr); ; s = (s + 1) & mask) {
      long v = (long) SLOT.getAcquire(slots, s);
      if (v == 0) {
        return -1;
      }
      if ((int) (v >>> 32) == addr) {
        int low = (int) v;
        int h = (low & 0x3fffffff) - 1;
        if ((low >>> 30 & want) != 0 && h < limit && dead[h] == 0) {
          return h;
        }
      }
    }
  }

  /** Appends every live handle for {@code addr} to {@code out} from {@code n}; returns the new count. */
  int findAll(int addr, int want, byte[] dead, int limit, int[] out, int n) {
    for (int s = index(addr); ; s = (s + 1) & mask) {
      long v = (long) SLOT.getAcquire(slots, s);
      if (v == 0) {
        return n;
      }
      if ((int) (v >>> 32) == addr) {
        int low = (int) v;
        int h = (low & 0x3fffffff) - 1;
        if ((low >>> 30 & want) != 0 && h < limit && dead[h] == 0 && n < out.length && !contains(out, n, h)) {
          out[n++] = h;
        }
      }
    }
  }

  static boolean contains(int[] out, int n, int h) {
    for (int i = 0; i < n; i++) {
      if (out[i] == h) {
        return true;
      }
    }
    return false;
  }

  /** Visits every occupied slot: {@code (addr, handle, role)}. Writer only (rebuilds). */
  void forEach(Visitor v) {
    for (long slot : slots) {
      if (slot != 0) {
        int low = (int) slot;
        v.visit((int) (slot >>> 32), (low & 0x3fffffff) - 1, low >>> 30);
      }
    }
  }

  interface Visitor {
    void visit(int addr, int handle, int role);
  }

  long footprintBytes() {
    return 8L * slots.length;
  }
}
