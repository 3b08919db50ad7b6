package org.accord.sensor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link AddressMap} against the obvious {@code HashMap}, through random adds and removes. */
class AddressMapTest {
  @Property(tries = 200)
  void behavesLikeAHashMapThroughAddsAndRemoves(
      @ForAll @Size(max = 400) List<@IntRange(min = 1, max = 300) Integer> ops, @ForAll boolean v6) {
    AddressMap map = new AddressMap(256);
    Map<Long, Integer> model = new HashMap<>();
    Set<Integer> slots = new HashSet<>();
    for (int op : ops) {
      // Few distinct keys so removes hit; v6 keys share a high half to make runs collide.
      long hi = v6 ? 0x20010db8L << 32 : 0;
      long lo = v6 ? op * 0x1_0000L : Ip.loOf(false, op);
      Integer expected = model.get(lo);
      if (expected != null && op % 3 == 0) {
        map.remove(hi, lo);
        model.remove(lo);
        slots.remove(expected);
      } else if (expected == null && model.size() < 256) {
        int slot = map.add(hi, lo);
        assertThat(slot).isBetween(0, 255);
        assertThat(slots.add(slot)).as("slot %s handed out twice", slot).isTrue();
        model.put(lo, slot);
      }
      for (Map.Entry<Long, Integer> e : model.entrySet()) {
        assertThat(map.get(hi, e.getKey())).isEqualTo(e.getValue());
      }
      assertThat(map.size()).isEqualTo(model.size());
    }
  }

  @Test
  void refusesANewKeyWhenFullAndAcceptsItAfterARemove() {
    AddressMap map = new AddressMap(4);
    for (int i = 1; i <= 4; i++) {
      assertThat(map.add(0, Ip.loOf(false, i))).isNotNegative();
    }
    assertThat(map.add(0, Ip.loOf(false, 5))).isEqualTo(-1);
    map.remove(0, Ip.loOf(false, 2));
    assertThat(map.get(0, Ip.loOf(false, 2))).isEqualTo(-1);
    assertThat(map.add(0, Ip.loOf(false, 5))).isNotNegative();
    assertThat(map.get(0, Ip.loOf(false, 1))).isNotNegative();
  }
}
