package org.accord.sensor.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link RangeTable} against a {@link TreeMap} floor lookup, small (plain search) and large (bucket index). */
class RangeTableTest {

  @Property(tries = 30)
  void ipv4LookupsAgreeWithATreeMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20_000) int count) {
    SplittableRandom rnd = new SplittableRandom(seed);
    RangeTable.Builder<Integer> builder = RangeTable.builder(false);
    TreeMap<Long, long[]> reference = new TreeMap<>(); // start -> {end, value}
    // Ranges of random size with random gaps, packed into a random part of the space so that /16 buckets hold
    // several ranges, span several buckets, or none.
    long cursor = rnd.nextLong(1L << 31);
    long maxStep = Math.max(2, ((1L << 32) - cursor) / count);
    for (int i = 0; i < count && cursor <= 0xffff_ffffL; i++) {
      long end = Math.min(0xffff_ffffL, cursor + rnd.nextLong(maxStep));
      builder.add(0, cursor, 0, end, i); // distinct values: nothing merges
      reference.put(cursor, new long[] {end, i});
      cursor = end + 1 + (rnd.nextBoolean() ? 0 : rnd.nextLong(maxStep));
    }
    RangeTable<Integer> table = builder.build();
    for (Map.Entry<Long, long[]> e : reference.entrySet()) {
      for (long probe : new long[] {e.getKey() - 1, e.getKey(), e.getValue()[0], e.getValue()[0] + 1}) {
        check(table, reference, probe);
      }
    }
    for (int i = 0; i < 2000; i++) {
      check(table, reference, rnd.nextLong(1L << 32));
    }
  }

  private static void check(RangeTable<Integer> table, TreeMap<Long, long[]> reference, long probe) {
    if (probe < 0 || probe > 0xffff_ffffL) {
      return;
    }
    Map.Entry<Long, long[]> floor = reference.floorEntry(probe);
    Integer expected = floor != null && probe <= floor.getValue()[0] ? (int) floor.getValue()[1] : null;
    assertThat(table.find(0, probe)).as("%x", probe).isEqualTo(expected);
  }

  @Test
  void ipv6BoundsCompareAsUnsigned() {
    RangeTable<String> table =
        RangeTable.<String>builder(true)
            .add(0x7fff_ffff_ffff_ffffL, -1L, 0x8000_0000_0000_0000L, 0, "middle")
            .add(-1L, -2L, -1L, -1L, "top")
            .build();
    assertThat(table.find(0x7fff_ffff_ffff_ffffL, -1L)).isEqualTo("middle");
    assertThat(table.find(0x8000_0000_0000_0000L, 0)).isEqualTo("middle");
    assertThat(table.find(0x8000_0000_0000_0000L, 1)).isNull();
    assertThat(table.find(-1L, -1L)).isEqualTo("top");
    assertThat(table.find(0, 5)).isNull();
  }

  @Test
  void neighboursWithEqualValuesMerge() {
    RangeTable<String> table =
        RangeTable.<String>builder(false).add(0, 0, 0, 9, "a").add(0, 10, 0, 19, "a").add(0, 21, 0, 30, "a").build();
    assertThat(table.size()).isEqualTo(2); // 20 is a gap: the third range stays apart
    assertThat(table.find(0, 15)).isEqualTo("a");
    assertThat(table.find(0, 20)).isNull();
  }

  @Test
  void overlapsAreRefusedNamingBothRanges() {
    assertThatThrownBy(() -> RangeTable.<String>builder(false).add(0, 0, 0, 10, "a").add(0, 10, 0, 12, "b").build())
        .hasMessageContaining("overlapping")
        .hasMessageContaining("0.0.0.0 to 0.0.0.10")
        .hasMessageContaining("0.0.0.10 to 0.0.0.12");
  }
}
