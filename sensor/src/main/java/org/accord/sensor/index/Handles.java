package org.accord.sensor.index;

import java.util.Arrays;

/**
 * The writer's table of indicator versions, one per handle: the id's UUID as two longs, the version ({@code
 * modified}, epoch microseconds), {@code valid_until} (epoch seconds, unsigned, rounded up; all ones for none) and
 * a dead flag, in parallel primitive arrays that published snapshots share; plus an open-addressing map from UUID to
 * live handle. Arrays only grow by copying, so a snapshot's arrays never lose what it saw.
 */
final class Handles {
  static final int NEVER = -1; // unsigned all ones
  private static final int TOMBSTONE = -1;

  long[] uuidHi = new long[16];
  long[] uuidLo = new long[16];
  long[] version = new long[16];
  int[] validUntil = new int[16];
  byte[] dead = new byte[16];
  int count;
  int live;
  int deadCount;
  private int[] slots = new int[32]; // handle + 1; 0 empty; TOMBSTONE removed
  private int used;

  /** The live handle of this UUID, or -1. */
  int find(long hi, long lo) {
    int mask = slots.length - 1;
    for (int s = index(hi, lo, mask); slots[s] != 0; s = (s + 1) & mask) {
      int v = slots[s];
      if (v > 0 && uuidHi[v - 1] == hi && uuidLo[v - 1] == lo) {
        return v - 1;
      }
    }
    return -1;
  }

  int add(long hi, long lo, long versionMicros, long validUntilMillis) {
    if (count >= Ipv4Exact.MAX_HANDLE) {
      throw new IllegalStateException("indicator index full: " + count + " handles");
    }
    if (count == uuidHi.length) {
      resize(count * 2);
    }
    int h = count++;
    uuidHi[h] = hi;
    uuidLo[h] = lo;
    version[h] = versionMicros;
    validUntil[h] = seconds(validUntilMillis);
    live++;
    if ((used + 1) * 2 > slots.length) {
      rehash(); // puts every live handle, h included
    } else {
      put(h);
    }
    return h;
  }

  /** valid_until in epoch milliseconds. */
  long validUntilMillis(int h) {
    return validUntil[h] == NEVER ? Long.MAX_VALUE : Integer.toUnsignedLong(validUntil[h]) * 1000;
  }

  private static int seconds(long millis) {
    if (millis == Long.MAX_VALUE) {
      return NEVER;
    }
    long s = Math.floorDiv(millis, 1000) + (Math.floorMod(millis, 1000) == 0 ? 0 : 1);
    return (int) Math.max(0, Math.min(s, 0xfffffffeL));
  }

  void kill(int h) {
    dead[h] = 1;
    live--;
    deadCount++;
    int mask = slots.length - 1;
    for (int s = index(uuidHi[h], uuidLo[h], mask); slots[s] != 0; s = (s + 1) & mask) {
      if (slots[s] == h + 1) {
        slots[s] = TOMBSTONE;
        return;
      }
    }
  }

  /** Renumbers the live handles 0.. in order; returns old → new (-1 for dead). */
  int[] compact() {
    int[] map = new int[count];
    int n = 0;
    for (int h = 0; h < count; h++) {
      map[h] = dead[h] == 0 ? n++ : -1;
    }
    long[] hi = uuidHi;
    long[] lo = uuidLo;
    long[] ver = version;
    int[] until = validUntil;
    int capacity = Math.max(16, n + n / 2);
    uuidHi = new long[capacity];
    uuidLo = new long[capacity];
    version = new long[capacity];
    validUntil = new int[capacity];
    dead = new byte[capacity];
    for (int h = 0; h < count; h++) {
      if (map[h] >= 0) {
        uuidHi[map[h]] = hi[h];
        uuidLo[map[h]] = lo[h];
        version[map[h]] = ver[h];
        validUntil[map[h]] = until[h];
      }
    }
    count = n;
    live = n;
    deadCount = 0;
    rehash();
    return map;
  }

  private void resize(int capacity) {
    uuidHi = Arrays.copyOf(uuidHi, capacity);
    uuidLo = Arrays.copyOf(uuidLo, capacity);
    version = Arrays.copyOf(version, capacity);
    validUntil = Arrays.copyOf(validUntil, capacity);
    dead = Arrays.copyOf(dead, capacity);
  }

  private void rehash() {
    slots = new int[Integer.highestOneBit(Math.max(16, live * 2 + 1)) << 1]; // load at most 1/2
    used = 0;
    for (int h = 0; h < count; h++) {
      if (dead[h] == 0) {
        put(h);
      }
    }
  }

  private void put(int h) {
    int mask = slots.length - 1;
    int s = index(uuidHi[h], uuidLo[h], mask);
    while (slots[s] > 0) {
      s = (s + 1) & mask;
    }
    if (slots[s] == 0) {
      used++;
    }
    slots[s] = h + 1;
  }

  private static int index(long hi, long lo, int mask) {
    long x = (hi ^ Long.rotateLeft(lo, 32)) * 0x9e3779b97f4a7c15L; // UUIDs are random already: Fibonacci spread
    return (int) (x >>> 32) & mask;
  }

  long footprintBytes() {
    return 29L * uuidHi.length + 4L * slots.length;
  }
}
