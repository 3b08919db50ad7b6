package org.accord.sensor.detect;

/**
 * An address (two longs, see {@link Ip}) → slot number map for the hot path.
 *
 * <p>Design note. {@code HashMap<Long, ...>} boxes every key and chases a pointer per entry; at millions of flows per
 * second that is most of the cost, and with 100,000 destinations even a primitive table is bigger than the caches, so
 * the design counts cache misses. The table is open addressing with linear probing over one {@code int[]} of cells,
 * kept at most half full (short probe runs) and small (4 bytes a cell: 2 MiB for 256k destinations). A cell holds the
 * slot number plus 1 (0 = free) in its low 21 bits and an 11-bit tag from the key's hash above them, so a probe that
 * meets another key is nearly always rejected without loading that key. Keys live by slot in one {@code long[]}
 * (high and low half side by side: one cache line). A hit thus costs about two misses: the cell and the key. Slot
 * numbers come from a free list, so the caller's per-destination arrays stay dense and a slot keeps its number for its
 * whole life. Deletion is by backward shift (Knuth 6.4, algorithm R), so no tombstones accumulate as destinations come
 * and go. Not thread-safe: one pipeline thread owns it.
 */
final class AddressMap {
  /** Slots are stored in 21 bits (plus one), so at most 2^21 - 2 keys. */
  static final int MAX_CAPACITY = (1 << 21) - 2;

  private static final int SLOT_BITS = 21;
  private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;

  private final int capacity;
  private final int mask;
  private final int[] cells;
  private final long[] keys;
  private final int[] freeSlots;
  private int freeTop;
  private int size;

  /** @param capacity the most keys held at once; the table has at least twice as many cells, a power of two */
  AddressMap(int capacity) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("capacity must be 1 to " + MAX_CAPACITY + ", was " + capacity);
    }
    this.capacity = capacity;
    int cellCount = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) << 1;
    mask = cellCount - 1;
    cells = new int[cellCount];
    keys = new long[2 * capacity];
    freeSlots = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      freeSlots[i] = capacity - 1 - i;
    }
    freeTop = capacity;
  }

  private static int tagOf(int hash) {
    return (hash >>> SLOT_BITS) << SLOT_BITS;
  }

  /** The slot of the address, or -1. */
  int get(long h, long l) {
    int hash = Ip.hash(h, l);
    int tag = tagOf(hash);
    int i = hash & mask;
    while (true) {
      int c = cells[i];
      if (c == 0) {
        return -1;
      }
      if ((c & ~SLOT_MASK) == tag) {
        int slot = (c & SLOT_MASK) - 1;
        if (keys[2 * slot + 1] == l && keys[2 * slot] == h) {
          return slot;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds the address (absent) and returns its new slot; -1 when the map is full. */
  int add(long h, long l) {
    if (freeTop == 0) {
      return -1;
    }
    int hash = Ip.hash(h, l);
    int i = hash & mask;
    while (cells[i] != 0) {
      i = (i + 1) & mask;
    }
    int slot = freeSlots[--freeTop];
    keys[2 * slot] = h;
    keys[2 * slot + 1] = l;
    cells[i] = tagOf(hash) | (slot + 1);
    size++;
    return slot;
  }

  /** Removes the address; its slot number becomes free for a later {@link #add}. */
  void remove(long h, long l) {
    int slot = get(h, l);
    if (slot < 0) {
      return;
    }
    int i = Ip.hash(h, l) & mask;
    while ((cells[i] & SLOT_MASK) != slot + 1) {
      i = (i + 1) & mask;
    }
    freeSlots[freeTop++] = slot;
    size--;
    // Backward shift: move later cells of the run into the hole when their home is not cyclically in (hole, j].
    int hole = i;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      int c = cells[j];
      if (c == 0) {
        break;
      }
      int s = (c & SLOT_MASK) - 1;
      int home = Ip.hash(keys[2 * s], keys[2 * s + 1]) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        cells[hole] = c;
        hole = j;
      }
    }
    cells[hole] = 0;
  }

  int size() {
    return size;
  }

  /** High half of the key held in {@code slot}. */
  long hi(int slot) {
    return keys[2 * slot];
  }

  /** Low half of the key held in {@code slot}. */
  long lo(int slot) {
    return keys[2 * slot + 1];
  }
}
