package org.accord.sensor.detect;

import java.util.Arrays;

/**
 * An address (two longs, see {@link Ip}) → slot number map for the hot path.
 *
 * <p>Design note. {@code HashMap<Long, ...>} boxes every key and chases a pointer per entry; at millions of flows per
 * second that is most of the cost. This is open addressing with linear probing over parallel primitive arrays, a
 * power-of-two table kept at most half full (short probe runs), and backward-shift deletion (Knuth 6.4, algorithm R)
 * so no tombstones accumulate as destinations come and go. Slot numbers are handed out from a free list, so the
 * caller's per-destination arrays stay dense and a slot keeps its number for its whole life (the table never rehashes
 * slots, only keys). The address {@code (0, 0)} is never a real key here (IPv4 is stored IPv4-mapped), so it marks a
 * free cell. Not thread-safe: one pipeline thread owns it.
 */
final class AddressMap {
  private final int capacity;
  private final int mask;
  private final long[] hi;
  private final long[] lo;
  private final int[] slotOf;
  private final int[] freeSlots;
  private int freeTop;
  private int size;

  /** @param capacity the most keys held at once; the table has twice as many cells, rounded up to a power of two */
  AddressMap(int capacity) {
    this.capacity = capacity;
    int cells = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;
    mask = cells - 1;
    hi = new long[cells];
    lo = new long[cells];
    slotOf = new int[cells];
    freeSlots = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      freeSlots[i] = capacity - 1 - i;
    }
    freeTop = capacity;
  }

  /** The slot of the address, or -1. */
  int get(long h, long l) {
    int i = Ip.hash(h, l) & mask;
    while (true) {
      long kl = lo[i];
      long kh = hi[i];
      if (kl == l && kh == h) {
        return slotOf[i];
      }
      if (kl == 0 && kh == 0) {
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds the address (absent) and returns its new slot; -1 when the map is full. */
  int add(long h, long l) {
    if (freeTop == 0) {
      return -1;
    }
    int i = Ip.hash(h, l) & mask;
    while (lo[i] != 0 || hi[i] != 0) {
      i = (i + 1) & mask;
    }
    int slot = freeSlots[--freeTop];
    hi[i] = h;
    lo[i] = l;
    slotOf[i] = slot;
    size++;
    return slot;
  }

  /** Removes the address; its slot number becomes free for a later {@link #add}. */
  void remove(long h, long l) {
    int i = Ip.hash(h, l) & mask;
    while (lo[i] != l || hi[i] != h) {
      if (lo[i] == 0 && hi[i] == 0) {
        return;
      }
      i = (i + 1) & mask;
    }
    freeSlots[freeTop++] = slotOf[i];
    size--;
    // Backward shift: move later entries of the run into the hole when their home is not between hole and them.
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (lo[j] == 0 && hi[j] == 0) {
        break;
      }
      int home = Ip.hash(hi[j], lo[j]) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        hi[hole] = hi[j];
        lo[hole] = lo[j];
        slotOf[hole] = slotOf[j];
        hole = j;
      }
    }
    hi[hole] = 0;
    lo[hole] = 0;
  }

  int size() {
    return size;
  }

  int capacity() {
    return capacity;
  }

  void clear() {
    Arrays.fill(hi, 0);
    Arrays.fill(lo, 0);
    for (int i = 0; i < capacity; i++) {
      freeSlots[i] = capacity - 1 - i;
    }
    freeTop = capacity;
    size = 0;
  }
}
