package org.accord.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of PDQ over random sizes and pixels, against the plainly written {@link StraightPdq}. */
class PdqProperties {
  /**
   * The reordered loops (row-sweeping column passes, the last one over the decimated columns only, the vectorisable
   * DCT) give exactly the bits of the reference's loop order, on every size: narrow images that repeat columns, odd
   * windows, the 64×64 shortcut, sizes under 5.
   */
  @Property(tries = 150)
  void sameBitsAsTheReferenceLoopOrder(
      @ForAll @IntRange(min = 1, max = 300) int width,
      @ForAll @IntRange(min = 1, max = 300) int height,
      @ForAll long seed) {
    byte[] rgb = picture(width, height, seed);
    assertThat(new PdqHasher().hashRgb(rgb, width, height)).isEqualTo(StraightPdq.hashRgb(rgb, width, height));
  }

  @Property(tries = 20)
  void sameBitsOnTheSquareSizesOfVideoFrames(@ForAll("squares") int size, @ForAll long seed) {
    byte[] rgb = picture(size, size, seed);
    assertThat(new PdqHasher().hashRgb(rgb, size, size)).isEqualTo(StraightPdq.hashRgb(rgb, size, size));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Integer> squares() {
    return net.jqwik.api.Arbitraries.of(64, 128, 256, 512, 63, 65, 127, 129);
  }

  @Property(tries = 200, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
  void hexRoundTripsAndDistanceIsAMetric(@ForAll long a0, @ForAll long a1, @ForAll long a2, @ForAll long a3,
      @ForAll long b0, @ForAll long b1, @ForAll long b2, @ForAll long b3) {
    PdqHash a = new PdqHash(a0, a1, a2, a3);
    PdqHash b = new PdqHash(b0, b1, b2, b3);
    assertThat(PdqHash.fromHex(a.toHex())).isEqualTo(a);
    assertThat(a.distance(b)).isEqualTo(b.distance(a)).isBetween(0, 256);
    assertThat(a.distance(a)).isZero();
    int bits = 0;
    for (int k = 0; k < 256; k++) {
      bits += a.bit(k) != b.bit(k) ? 1 : 0;
    }
    assertThat(a.distance(b)).isEqualTo(bits);
  }

  /** Smooth shapes plus noise, so the hash has structure (a flat picture would only test the tie-breaks). */
  static byte[] picture(int w, int h, long seed) {
    Random r = new Random(seed);
    byte[] rgb = new byte[w * h * 3];
    double fx = 1 + r.nextInt(5);
    double fy = 1 + r.nextInt(5);
    int noise = 1 + r.nextInt(60);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = 127 + 100 * Math.sin(fx * x / w * Math.PI) * Math.cos(fy * y / h * Math.PI);
        int p = (y * w + x) * 3;
        rgb[p] = (byte) Math.max(0, Math.min(255, (int) v + r.nextInt(noise)));
        rgb[p + 1] = (byte) r.nextInt(256);
        rgb[p + 2] = (byte) ((x * 7 + y * 3) & 0xff);
      }
    }
    return rgb;
  }
}
