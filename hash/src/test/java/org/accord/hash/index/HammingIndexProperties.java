package org.accord.hash.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.accord.hash.PdqHash;
import org.accord.hash.index.TestHashes.Entry;

/**
 * Random sequences of adds, bulk adds, removes, disables and enables, against a model (a map of the enabled
 * entries) searched by brute force after every step. Hashes cluster around a few centres, so removes and disables
 * hit entries that queries find.
 */
class HammingIndexProperties {

  @Property(tries = 200)
  void anyUpdateSequenceAnswersAsBruteForceOverTheEntriesLeft(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 99) Integer> steps, @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<PdqHash> centres = List.of(TestHashes.random(rnd), TestHashes.random(rnd), TestHashes.random(rnd));
    HammingIndex index = new HammingIndex();
    Map<Entry, Boolean> model = new LinkedHashMap<>(); // entry → enabled
    long nextId = 0;
    for (int step : steps) {
      List<Entry> present = new ArrayList<>(model.keySet());
      if (step < 40) {
        Entry e = new Entry(nextId++, near(centres, rnd));
        assertThat(index.add(e.id(), e.hash())).isTrue();
        model.put(e, true);
      } else if (step < 50) {
        int n = 1 + rnd.nextInt(20);
        long[] ids = new long[n];
        long[] words = new long[4 * n];
        for (int i = 0; i < n; i++) {
          Entry e = new Entry(nextId++, near(centres, rnd));
          ids[i] = e.id();
          for (int k = 0; k < 4; k++) {
            words[4 * i + k] = e.hash().word(k);
          }
          model.put(e, true);
        }
        index.addAll(ids, words, n);
      } else if (step < 70 && !present.isEmpty()) {
        Entry e = present.get(rnd.nextInt(present.size()));
        assertThat(index.remove(e.id(), e.hash())).isTrue();
        model.remove(e);
      } else if (step < 85 && !present.isEmpty()) {
        Entry e = present.get(rnd.nextInt(present.size()));
        assertThat(index.disable(e.id(), e.hash())).isTrue();
        model.put(e, false);
      } else if (!present.isEmpty()) {
        Entry e = present.get(rnd.nextInt(present.size()));
        assertThat(index.enable(e.id(), e.hash())).isTrue();
        model.put(e, true);
      }
      List<Entry> enabled = model.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
      List<PdqHash> variants = List.of(near(centres, rnd), near(centres, rnd), TestHashes.random(rnd));
      int d = rnd.nextInt(64);
      assertThat(index.search(variants, d)).isEqualTo(TestHashes.bruteForce(enabled, variants, d));
      assertThat(index.size()).isEqualTo(model.size());
    }
  }

  @Property(tries = 300)
  void anEntryWithinTheDistanceIsFoundWhicheverBitsDiffer(
      @ForAll @IntRange(min = 0, max = 63) int flipped, @ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    PdqHash stored = TestHashes.random(rnd);
    HammingIndex index = new HammingIndex();
    index.add(7, stored);
    PdqHash query = TestHashes.flip(stored, flipped, rnd);
    assertThat(index.search(query, flipped)).hasSize(1);
    if (flipped > 0) {
      assertThat(index.search(query, flipped - 1)).isEmpty();
    }
  }

  private static PdqHash near(List<PdqHash> centres, SplittableRandom rnd) {
    return TestHashes.flip(centres.get(rnd.nextInt(centres.size())), rnd.nextInt(45), rnd);
  }
}
