package org.accord.sensor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The bounded counting structures: heavy hitters, distinct counts, the scan table's eviction. */
class SketchesTest {
  @Test
  void topSourcesHoldsEveryHeavyHitterAmongManyLightSources() {
    TopSources top = new TopSources(16);
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      if (rnd.nextInt(4) == 0) {
        top.add(0, 1000 + rnd.nextInt(5), 10); // five heavy sources: 25 % of flows, 10 packets each
      } else {
        top.add(0, 1_000_000 + rnd.nextInt(100_000), 1);
      }
    }
    int[] order = top.order();
    for (int k = 0; k < 5; k++) {
      assertThat(top.lo(order[k])).isBetween(1000L, 1004L);
      assertThat(top.count(order[k])).isBetween(90_000L, 110_000L + 200_000L / 16);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10, 100, 1_000, 10_000, 100_000})
  void distinctCounterIsWithinAFewPercent(int n) {
    DistinctCounter c = new DistinctCounter();
    for (int round = 0; round < 3; round++) { // repeats do not count
      for (int i = 0; i < n; i++) {
        c.add(Ip.hash64(0, Ip.loOf(false, i)));
      }
    }
    assertThat((double) c.estimate()).isCloseTo(n, org.assertj.core.data.Offset.offset(Math.max(1, n * 0.07)));
  }

  @Test
  void pairTableKeepsAHeavyKeyThroughAFloodOfLightOnes() {
    PairTable t = new PairTable(64, 4); // 256 entries
    SplittableRandom rnd = new SplittableRandom(2);
    int scanner = -1;
    for (int i = 0; i < 100_000; i++) {
      if (i % 200 == 0) {
        scanner = t.touch(0, 7, 0, 0, 22, i);
        t.mark(scanner, Ip.hash64(0, i)); // one new destination per probe
      } else {
        int e = t.touch(0, 1_000 + rnd.nextInt(1 << 20), 0, 0, 443, i);
        t.mark(e, Ip.hash64(1, i));
      }
    }
    assertThat(t.aLo(scanner)).isEqualTo(7);
    assertThat(t.flows(scanner)).isEqualTo(500);
    assertThat(t.first(scanner)).isZero();
    assertThat(t.last(scanner)).isEqualTo(99_800);
    // 500 distinct values saturate a 256-bit linear counter: the estimate is at least the thresholds we use.
    assertThat(t.distinct(scanner)).isGreaterThan(300);
    t.nextEpoch();
    assertThat(t.live(scanner)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 50, 100, 150})
  void pairTableDistinctCountIsCloseBelowSaturation(int n) {
    PairTable t = new PairTable(1, 1);
    int e = -1;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < n; i++) {
        e = t.touch(0, 7, 0, 0, 0, i);
        t.mark(e, Ip.hash64(i, 0x5bd1e995L));
      }
    }
    assertThat((double) t.distinct(e)).isCloseTo(n, org.assertj.core.data.Offset.offset(n * 0.15 + 2));
  }
}
