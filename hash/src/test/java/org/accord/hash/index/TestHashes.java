package org.accord.hash.index;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.accord.hash.PdqHash;

/** Random hashes, near copies, and the reference answer: a scan written apart from the index's own. */
final class TestHashes {
  private TestHashes() {}

  /** One indexed entry of a test. */
  record Entry(long id, PdqHash hash) {}

  static PdqHash random(SplittableRandom rnd) {
    return PdqHash.ofWords(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
  }

  /** {@code hash} with {@code k} distinct random bits flipped: at distance exactly k. */
  static PdqHash flip(PdqHash hash, int k, SplittableRandom rnd) {
    long[] w = {hash.word(0), hash.word(1), hash.word(2), hash.word(3)};
    int[] bits = new int[PdqHash.BITS];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = i;
    }
    for (int i = 0; i < k; i++) { // a partial Fisher-Yates shuffle: k distinct bits
      int j = i + rnd.nextInt(bits.length - i);
      int bit = bits[j];
      bits[j] = bits[i];
      bits[i] = bit;
      w[bit >>> 6] ^= 1L << (bit & 63);
    }
    return PdqHash.ofWords(w[0], w[1], w[2], w[3]);
  }

  /**
   * The answer by definition: each entry's smallest distance to any variant, the first variant at it, kept if within
   * {@code d}; in the index's order.
   */
  static List<HammingIndex.Match> bruteForce(List<Entry> entries, List<PdqHash> variants, int d) {
    List<HammingIndex.Match> out = new ArrayList<>();
    for (Entry e : entries) {
      int best = Integer.MAX_VALUE;
      int which = -1;
      for (int v = 0; v < variants.size(); v++) {
        int dist = e.hash().distance(variants.get(v));
        if (dist < best) {
          best = dist;
          which = v;
        }
      }
      if (best <= d) {
        out.add(new HammingIndex.Match(e.id(), e.hash(), best, which));
      }
    }
    out.sort(HammingIndex.ORDER);
    return out;
  }
}
