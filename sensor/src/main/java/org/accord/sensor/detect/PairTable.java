package org.accord.sensor.detect;

/**
 * Bounded per-key counters for one scan window: key = (source, target address, port), value = flows, first and last
 * time, and a 256-bit linear-counting bitmap of distinct values (destinations or ports).
 *
 * <p>Design note. A scan is one key with a large distinct count among millions of keys with a count of one or two, so
 * the table need not hold every key, only the heavy ones. It is set-associative: a key hashes to a bucket of {@code
 * ways} entries; a new key takes a free entry or evicts the entry with the smallest flow count in its bucket, so
 * memory is fixed (buckets × ways × ~130 bytes) and a heavy key survives any number of light ones. Entries are
 * stamped with an epoch, so starting the next window costs nothing. Linear counting (Whang, Vander-Zanden, Taylor,
 * 1990) over 256 bits estimates up to a few hundred distinct values within a few percent, enough to compare with
 * thresholds of about a hundred. Primitive arrays, no allocation after construction.
 */
final class PairTable {
  private static final int BITS_WORDS = 4;
  private static final int BITS = 64 * BITS_WORDS;

  private final int ways;
  private final int bucketMask;
  private final long[] aHi;
  private final long[] aLo;
  private final long[] bHi;
  private final long[] bLo;
  private final int[] port;
  private final int[] epochOf;
  private final long[] flows;
  private final long[] first;
  private final long[] last;
  private final long[] bits;
  private int epoch = 1;

  PairTable(int buckets, int ways) {
    this.ways = ways;
    this.bucketMask = buckets - 1;
    int n = buckets * ways;
    aHi = new long[n];
    aLo = new long[n];
    bHi = new long[n];
    bLo = new long[n];
    port = new int[n];
    epochOf = new int[n];
    flows = new long[n];
    first = new long[n];
    last = new long[n];
    bits = new long[n * BITS_WORDS];
  }

  /** The entry of the key in this epoch, created (possibly evicting a lighter key) if absent; counts one flow. */
  int touch(long ah, long al, long bh, long bl, int p, long timeMillis) {
    long h = Ip.hash64(ah * 31 + bh, al ^ Long.rotateLeft(bl, 17) ^ ((long) p << 40));
    int base = ((int) h & bucketMask) * ways;
    int victim = -1;
    long victimFlows = Long.MAX_VALUE;
    for (int i = base; i < base + ways; i++) {
      if (epochOf[i] != epoch) {
        if (victimFlows != -1) {
          victim = i;
          victimFlows = -1; // a free entry beats any eviction
        }
        continue;
      }
      if (aLo[i] == al && bLo[i] == bl && port[i] == p && aHi[i] == ah && bHi[i] == bh) {
        flows[i]++;
        first[i] = Math.min(first[i], timeMillis);
        last[i] = Math.max(last[i], timeMillis);
        return i;
      }
      if (victimFlows != -1 && flows[i] < victimFlows) {
        victim = i;
        victimFlows = flows[i];
      }
    }
    int i = victim;
    aHi[i] = ah;
    aLo[i] = al;
    bHi[i] = bh;
    bLo[i] = bl;
    port[i] = p;
    epochOf[i] = epoch;
    flows[i] = 1;
    first[i] = timeMillis;
    last[i] = timeMillis;
    int w = i * BITS_WORDS;
    for (int k = 0; k < BITS_WORDS; k++) {
      bits[w + k] = 0;
    }
    return i;
  }

  /** Records one value (a mixed hash) in the entry's distinct-value bitmap. */
  void mark(int i, long valueHash) {
    int bit = (int) (valueHash >>> 56); // 0..255
    bits[i * BITS_WORDS + (bit >>> 6)] |= 1L << bit;
  }

  /** Linear-counting estimate of the distinct values marked: m ln(m / zeros); saturates near m ln m. */
  int distinct(int i) {
    int set = 0;
    for (int k = 0; k < BITS_WORDS; k++) {
      set += Long.bitCount(bits[i * BITS_WORDS + k]);
    }
    int zeros = BITS - set;
    if (zeros == 0) {
      zeros = 1;
    }
    return (int) Math.round(BITS * Math.log((double) BITS / zeros));
  }

  /** Starts the next window: every entry becomes free. */
  void nextEpoch() {
    epoch++;
  }

  int entries() {
    return epochOf.length;
  }

  boolean live(int i) {
    return epochOf[i] == epoch;
  }

  long aHi(int i) { return aHi[i]; }
  long aLo(int i) { return aLo[i]; }
  long bHi(int i) { return bHi[i]; }
  long bLo(int i) { return bLo[i]; }
  int port(int i) { return port[i]; }
  long flows(int i) { return flows[i]; }
  long first(int i) { return first[i]; }
  long last(int i) { return last[i]; }
}
