package org.accord.sensor.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The range tables on their own, large enough that the /16 bucket table is in use, against a scan of all blocks for
 * the longest one covering the probe (alive, with the wanted role).
 */
class RangeTableProperties {

  @Property(tries = 8)
  void bucketedIpv4TableFindsTheLongestLiveBlock(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 5_000 + r.nextInt(5_000);
    int[] start = new int[n];
    byte[] len = new byte[n];
    byte[] role = new byte[n];
    int[] handle = new int[n];
    byte[] dead = new byte[n];
    for (int i = 0; i < n; i++) {
      int l = r.nextInt(5) == 0 ? r.nextInt(33) : 8 + r.nextInt(25);
      long a = r.nextInt(3) == 0 ? 0x0a000000L + r.nextInt(1 << 20) : r.nextLong(1L << 32);
      start[i] = (int) (a & (l == 0 ? 0 : (0xffffffffL << (32 - l))));
      len[i] = (byte) l;
      role[i] = (byte) (1 + r.nextInt(3));
      handle[i] = i;
      dead[i] = (byte) (r.nextInt(10) == 0 ? 1 : 0);
    }
    Ipv4Table table = Ipv4Table.build(start, len, role, handle, n);
    assertThat(table.intervals()).isGreaterThan(4096);
    for (int q = 0; q < 3_000; q++) {
      int k = r.nextInt(n);
      long blockEnd = (start[k] & 0xffffffffL) | (0xffffffffL >>> len[k]);
      long[] candidates = {start[k] & 0xffffffffL, blockEnd, (blockEnd + 1) & 0xffffffffL,
          ((start[k] & 0xffffffffL) - 1) & 0xffffffffL, r.nextLong(1L << 32)};
      for (long a : candidates) {
        int want = 1 + r.nextInt(3);
        int best = -1;
        for (int i = 0; i < n; i++) {
          long s = start[i] & 0xffffffffL;
          long e = s | (0xffffffffL >>> len[i]);
          if (s <= a && a <= e && (role[i] & want) != 0 && dead[i] == 0 && len[i] > best) {
            best = len[i];
          }
        }
        int found = table.find(a, want, dead);
        assertThat(found < 0 ? -1 : (int) table.len[found]).as("%08x want %d", a, want).isEqualTo(best);
        if (found >= 0) {
          long s = table.start[found] & 0xffffffffL;
          assertThat(a).isBetween(s, s | (0xffffffffL >>> table.len[found]));
        }
      }
    }
  }

  @Property(tries = 8)
  void bucketedIpv6TableFindsTheLongestLiveBlock(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 5_000 + r.nextInt(3_000);
    long[] hi = new long[n];
    long[] lo = new long[n];
    byte[] len = new byte[n];
    byte[] role = new byte[n];
    int[] handle = new int[n];
    byte[] dead = new byte[n];
    for (int i = 0; i < n; i++) {
      int l = r.nextInt(129);
      long h = r.nextInt(2) == 0 ? 0x2001_0db8_0000_0000L | r.nextInt(64) : r.nextLong();
      long w = r.nextInt(2) == 0 ? r.nextInt(64) : r.nextLong();
      hi[i] = l >= 64 ? h : (l == 0 ? 0 : h & (-1L << (64 - l)));
      lo[i] = l <= 64 ? 0 : (l == 128 ? w : w & (-1L << (128 - l)));
      len[i] = (byte) l;
      role[i] = (byte) (1 + r.nextInt(3));
      handle[i] = i;
      dead[i] = (byte) (r.nextInt(10) == 0 ? 1 : 0);
    }
    Ipv6Table table = Ipv6Table.build(hi, lo, len, role, handle, n);
    for (int q = 0; q < 2_000; q++) {
      int k = r.nextInt(n);
      long ah = hi[k];
      long al = r.nextBoolean() ? lo[k] : lo[k] + r.nextInt(3) - 1;
      if (r.nextInt(4) == 0) {
        ah = r.nextLong();
        al = r.nextLong();
      }
      int want = 1 + r.nextInt(3);
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (covers(hi[i], lo[i], len[i] & 0xff, ah, al) && (role[i] & want) != 0 && dead[i] == 0
            && (len[i] & 0xff) > best) {
          best = len[i] & 0xff;
        }
      }
      int found = table.find(ah, al, want, dead);
      assertThat(found < 0 ? -1 : table.length(found)).as("%016x%016x", ah, al).isEqualTo(best);
    }
  }

  private static boolean covers(long h, long l, int len, long ah, long al) {
    long mh = len >= 64 ? -1L : (len == 0 ? 0 : -1L << (64 - len));
    long ml = len <= 64 ? 0 : (len == 128 ? -1L : -1L << (128 - len));
    return (ah & mh) == h && (al & ml) == l;
  }
}
