package org.accord.sensor.detect;

/**
 * The heaviest sources of an attack in bounded space: the space-saving algorithm (Metwally, Agrawal, El Abbadi,
 * "Efficient computation of frequent and top-k elements in data streams", ICDT 2005). With k counters, every source
 * whose true count exceeds total/k is held, and each held count overestimates by at most the count it inherited.
 *
 * <p>Design note: k is small (tens), so a linear scan of primitive arrays beats a hash index plus heap; nothing is
 * allocated per update.
 */
final class TopSources {
  private final long[] hi;
  private final long[] lo;
  private final long[] count;
  private final long[] bytes;
  private int used;

  TopSources(int k) {
    hi = new long[k];
    lo = new long[k];
    count = new long[k];
    bytes = new long[k];
  }

  void add(long h, long l, long weight) {
    add(h, l, weight, 0);
  }

  /** Counts {@code weight} (packets) and {@code b} bytes from (h, l); bytes follow the counter as its count does. */
  void add(long h, long l, long weight, long b) {
    int min = 0;
    for (int i = 0; i < used; i++) {
      if (lo[i] == l && hi[i] == h) {
        count[i] += weight;
        bytes[i] += b;
        return;
      }
      if (count[i] < count[min]) {
        min = i;
      }
    }
    if (used < count.length) {
      hi[used] = h;
      lo[used] = l;
      bytes[used] = b;
      count[used++] = weight;
      return;
    }
    // Replace the smallest: the newcomer inherits its count (the space-saving overestimate).
    hi[min] = h;
    lo[min] = l;
    count[min] += weight;
    bytes[min] += b;
  }

  int size() {
    return used;
  }

  /** Index order of the held sources, largest count first. */
  int[] order() {
    Integer[] idx = new Integer[used];
    for (int i = 0; i < used; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Long.compare(count[b], count[a]));
    int[] out = new int[used];
    for (int i = 0; i < used; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  long hi(int i) {
    return hi[i];
  }

  long lo(int i) {
    return lo[i];
  }

  long count(int i) {
    return count[i];
  }

  long bytes(int i) {
    return bytes[i];
  }
}
