package org.accord.sensor.detect;

import java.util.Arrays;

/**
 * Bounded per-key counters for one scan window: key = (source, target address, port), value = flows, first and last
 * time, and a 256-bit linear-counting bitmap of distinct values (destinations or ports).
 *
 * <p>Design note. A scan is one key with a large distinct count among millions of keys with a count of one or two, so
 * the table need not hold every key, only the heavy ones. It is set-associative: a key hashes to a bucket of {@code
 * ways} entries; a new key takes a free entry or evicts the entry with the fewest flows in its bucket, so memory is
 * fixed (buckets × ways × 104 bytes) and a heavy key survives any number of light ones. Most flows that reach the
 * table are new light keys, so the bucket scan must be cheap: each way has one {@code long} of metadata (a 32-bit
 * fingerprint of the key, a 16-bit epoch, a 16-bit saturating flow count), a bucket of 8 ways is one cache line, and
 * the full entry (key, exact counts, bitmap: 12 longs side by side) is read only on a fingerprint match or written on
 * insertion. Entries are stamped with the epoch, so starting the next window costs nothing (the metadata is cleared
 * when the 16-bit epoch wraps, every 65,536 windows). Linear counting (Whang, Vander-Zanden, Taylor, 1990) over 256
 * bits estimates up to a few hundred distinct values within a few percent, enough to compare with thresholds of about
 * a hundred. No allocation after construction.
 */
final class PairTable {
  private static final int STRIDE = 12; // aHi, aLo, bHi, bLo, port, flows, first, last, 4 words of bitmap
  private static final int BITS_AT = 8;
  private static final int BITS = 256;

  private final int ways;
  private final int bucketMask;
  private final long[] meta;
  private final long[] data;
  private int epoch = 1;

  PairTable(int buckets, int ways) {
    this.ways = ways;
    this.bucketMask = buckets - 1;
    meta = new long[buckets * ways];
    data = new long[buckets * ways * STRIDE];
  }

  private static long metaOf(int fingerprint, int epoch, long flows) {
    return ((long) fingerprint << 32) | ((long) epoch << 16) | Math.min(flows, 0xFFFF);
  }

  /** The entry of the key in this epoch, created (possibly evicting a lighter key) if absent; counts one flow. */
  int touch(long ah, long al, long bh, long bl, int p, long timeMillis) {
    long h = Ip.hash64(ah * 31 + bh, al ^ Long.rotateLeft(bl, 17) ^ ((long) p << 40));
    int fingerprint = (int) (h >>> 32);
    int base = ((int) h & bucketMask) * ways;
    int victim = -1;
    long victimFlows = Long.MAX_VALUE;
    for (int i = base; i < base + ways; i++) {
      long m = meta[i];
      if ((int) ((m >>> 16) & 0xFFFF) != epoch) {
        if (victimFlows != -1) {
          victim = i;
          victimFlows = -1; // a free entry beats any eviction
        }
        continue;
      }
      if ((int) (m >>> 32) == fingerprint) {
        int d = i * STRIDE;
        if (data[d + 1] == al && data[d + 3] == bl && data[d + 4] == p && data[d] == ah && data[d + 2] == bh) {
          long flows = ++data[d + 5];
          data[d + 6] = Math.min(data[d + 6], timeMillis);
          data[d + 7] = Math.max(data[d + 7], timeMillis);
          meta[i] = metaOf(fingerprint, epoch, flows);
          return i;
        }
      }
      if (victimFlows != -1 && (m & 0xFFFF) < victimFlows) {
        victim = i;
        victimFlows = m & 0xFFFF;
      }
    }
    int d = victim * STRIDE;
    data[d] = ah;
    data[d + 1] = al;
    data[d + 2] = bh;
    data[d + 3] = bl;
    data[d + 4] = p;
    data[d + 5] = 1;
    data[d + 6] = timeMillis;
    data[d + 7] = timeMillis;
    data[d + BITS_AT] = data[d + BITS_AT + 1] = data[d + BITS_AT + 2] = data[d + BITS_AT + 3] = 0;
    meta[victim] = metaOf(fingerprint, epoch, 1);
    return victim;
  }

  /** Records one value (a mixed hash) in the entry's distinct-value bitmap. */
  void mark(int i, long valueHash) {
    int bit = (int) (valueHash >>> 56); // 0..255
    data[i * STRIDE + BITS_AT + (bit >>> 6)] |= 1L << bit;
  }

  /** Linear-counting estimate of the distinct values marked: m ln(m / zeros); saturates near m ln m. */
  int distinct(int i) {
    int set = 0;
    for (int k = 0; k < 4; k++) {
      set += Long.bitCount(data[i * STRIDE + BITS_AT + k]);
    }
    int zeros = Math.max(1, BITS - set);
    return (int) Math.round(BITS * Math.log((double) BITS / zeros));
  }

  /** Starts the next window: every entry becomes free. */
  void nextEpoch() {
    epoch = (epoch + 1) & 0xFFFF;
    if (epoch == 0) { // wrapped: entries 65,536 windows old must not look live
      Arrays.fill(meta, 0);
      epoch = 1;
    }
  }

  int entries() {
    return meta.length;
  }

  boolean live(int i) {
    return (int) ((meta[i] >>> 16) & 0xFFFF) == epoch;
  }

  long aHi(int i) { return data[i * STRIDE]; }
  long aLo(int i) { return data[i * STRIDE + 1]; }
  long bHi(int i) { return data[i * STRIDE + 2]; }
  long bLo(int i) { return data[i * STRIDE + 3]; }
  int port(int i) { return (int) data[i * STRIDE + 4]; }
  long flows(int i) { return data[i * STRIDE + 5]; }
  long first(int i) { return data[i * STRIDE + 6]; }
  long last(int i) { return data[i * STRIDE + 7]; }
}
