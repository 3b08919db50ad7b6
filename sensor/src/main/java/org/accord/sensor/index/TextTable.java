package org.accord.sensor.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * An open-addressing hash table of normalised text keys (domains, URLs, e-mail addresses, file hashes) to indicator
 * handles, for one writer and lock-free readers.
 *
 * <p>Design note. Keys live back to back in one {@code byte[]} pool (Latin-1: callers escape anything above U+00FF,
 * see {@link Text}); an entry is its pool offset (the next entry's offset ends it) and its handle; a slot holds the
 * entry number + 1 and a 32-bit fingerprint of the key's hash, under linear probing at a load of at most 1/2. No
 * object per key: about 60 bytes per domain plus its characters at the worst point of growth. Equal keys of
 * different indicators are separate entries on the same probe run; a lookup walks the run to the first empty slot
 * and returns the first live handle.
 *
 * <p>The hash runs over the key <i>backwards</i> (FNV-1a, last character first). One backward pass over a domain
 * therefore yields, at each dot, the hash of that parent domain, so a lookup of {@code a.b.example} probes {@code
 * example}, {@code b.example} and {@code a.b.example} without allocating. Characters before {@code foldEnd} are
 * folded to ASCII lower case while hashing and comparing (hosts are case-insensitive, RFC 4343); stored keys are
 * already folded. The seed is random per table, so crafted keys cannot be chosen to collide (hash flooding).
 *
 * <p>Concurrency: the writer fills an entry, then publishes its slot with a release store; readers load slots with
 * acquire, so a visible slot always shows a complete entry. A full table is never grown in place: the writer builds
 * a bigger one and publishes it in a new snapshot. Removal is a dead flag on the handle (in {@link Snapshot}).
 */
final class TextTable {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
  private static final long PRIME = 0x100000001b3L;

  private final long seed;
  // A slot holds 32 bits of the key's hash (a fingerprint) above entry + 1, so a probe that meets another key
  // usually rejects it without touching the entry: a miss costs about one cache line per parent domain.
  private final long[] slots;
  private final int mask;
  // Entry e is entries[2e] (its pool offset) and entries[2e + 1] (its handle), side by side so that a hit reads one
  // cache line for both; entries[2e + 2], the next entry's offset, ends its key.
  private final int[] entries;
  private final int capacity;
  private final byte[] pool;
  private int count; // writer only
  // Fewest and most dots in any key: a domain lookup probes only parents with a dot count in between (most keys
  // have one or two, so "a.b.evil.example" needs one or two probes, not four). Written before the slot's release.
  private int minDots = Integer.MAX_VALUE;
  private int maxDots = -1;

  TextTable(int entryCapacity, int poolCapacity, long seed) {
    int slotCount = Integer.highestOneBit(Math.max(8, entryCapacity * 2 - 1)) << 1;
    this.seed = seed;
    this.slots = new long[slotCount];
    this.mask = slotCount - 1;
    this.entries = new int[2 * entryCapacity + 2];
    this.capacity = entryCapacity;
    this.pool = new byte[poolCapacity];
  }

  int count() {
    return count;
  }

  /** Adds {@code key} (normalised, Latin-1) for {@code handle}; false when the table is full. Writer only. */
  boolean insert(String key, int handle) {
    int from = entries[2 * count];
    if (count == capacity || from + key.length() > pool.length) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      pool[from + i] = (byte) key.charAt(i);
    }
    long h = hash(key, 0, key.length(), 0);
    int dots = 0;
    for (int i = 0; i < key.length(); i++) {
      dots += key.charAt(i) == '.' ? 1 : 0;
    }
    minDots = Math.min(minDots, dots);
    maxDots = Math.max(maxDots, dots);
    int e = count;
    entries[2 * e + 1] = handle;
    entries[2 * e + 2] = from + key.length();
    long m = mix(h);
    int s = (int) m & mask;
    while (slots[s] != 0) {
      s = (s + 1) & mask;
    }
    SLOT.setRelease(slots, s, (m & 0xffffffff00000000L) | (e + 1));
    count++;
    return true;
  }

  /** The key of entry {@code e}, for rebuilding. */
  String key(int e) {
    return new String(pool, entries[2 * e], entries[2 * e + 2] - entries[2 * e], StandardCharsets.ISO_8859_1);
  }

  int handle(int e) {
    return entries[2 * e + 1];
  }

  /** FNV-1a of {@code s[from, to)} read backwards, folding ASCII case below {@code foldEnd}. */
  long hash(CharSequence s, int from, int to, int foldEnd) {
    long h = seed;
    for (int i = to - 1; i >= from; i--) {
      h = step(h, s.charAt(i), i < foldEnd);
    }
    return h;
  }

  /** One backward hashing step, for callers that hash suffixes incrementally. */
  static long step(long h, char c, boolean fold) {
    if (fold && c >= 'A' && c <= 'Z') {
      c += 'a' - 'A';
    }
    return (h ^ c) * PRIME;
  }

  int minDots() {
    return minDots;
  }

  int maxDots() {
    return maxDots;
  }

  long seed() {
    return seed;
  }

  /**
   * The first live handle below {@code handleLimit} whose key equals {@code s[from, to)} (hash {@code h}); -1 if
   * none.
   */
  int find(CharSequence s, int from, int to, int foldEnd, long h, byte[] dead, int handleLimit) {
    long m = mix(h);
    long fingerprint = m & 0xffffffff00000000L;
    int slot = (int) m & mask;
    for (long v; (v = (long) SLOT.getAcquire(slots, slot)) != 0; slot = (slot + 1) & mask) {
      int e = (int) v - 1;
      if ((v & 0xffffffff00000000L) == fingerprint && equal(e, s, from, to, foldEnd)) {
        int handle = entries[2 * e + 1];
        if (handle < handleLimit && dead[handle] == 0) {
          return handle;
        }
      }
    }
    return -1;
  }

  /** Every live handle below {@code handleLimit} for the key, into {@code out}; returns how many were found. */
  int findAll(CharSequence s, int from, int to, int foldEnd, long h, byte[] dead, int handleLimit, int[] out,
      int n) {
    long m = mix(h);
    long fingerprint = m & 0xffffffff00000000L;
    int slot = (int) m & mask;
    for (long v; (v = (long) SLOT.getAcquire(slots, slot)) != 0; slot = (slot + 1) & mask) {
      int e = (int) v - 1;
      if ((v & 0xffffffff00000000L) == fingerprint && equal(e, s, from, to, foldEnd)) {
        int handle = entries[2 * e + 1];
        if (handle < handleLimit && dead[handle] == 0 && n < out.length) {
          out[n++] = handle;
        }
      }
    }
    return n;
  }

  private boolean equal(int e, CharSequence s, int from, int to, int foldEnd) {
    int at = entries[2 * e];
    if (entries[2 * e + 2] - at != to - from) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (i < foldEnd && c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if ((pool[at++] & 0xff) != c) {
        return false;
      }
    }
    return true;
  }

  /** The finaliser of MurmurHash3: spreads FNV's weak low bits over the slot index. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb53fe6bdbe53L;
    return h ^ (h >>> 33);
  }

  long footprintBytes() {
    return 8L * slots.length + 4L * entries.length + pool.length;
  }
}
