package org.accord.hash;

/**
 * PDQ written the plain way, loop for loop as ThreatExchange's {@code pdq/cpp} walks its buffers (strided column
 * passes over the whole image, all columns filtered, the DCT summed with k innermost): the yardstick for {@link
 * PdqHasher}'s reordered loops, which must give the same bits on every size.
 */
final class StraightPdq {
  private StraightPdq() {}

  static PdqResult hashRgb(byte[] rgb, int w, int h) {
    if (w > 512 || h > 512) {
      throw new IllegalArgumentException("the yardstick hashes images up to 512 px");
    }
    if (w < 5 || h < 5) {
      return new PdqResult(PdqHash.ZERO, 0);
    }
    float[] b1 = new float[w * h];
    float[] b2 = new float[w * h];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        int p = (i * w + j) * 3;
        b1[i * w + j] = 0.299f * (rgb[p] & 0xff) + 0.587f * (rgb[p + 1] & 0xff) + 0.114f * (rgb[p + 2] & 0xff);
      }
    }
    float[] a = new float[64 * 64];
    if (w == 64 && h == 64) {
      System.arraycopy(b1, 0, a, 0, 4096);
    } else {
      int wr = (w + 127) / 128;
      int wc = (h + 127) / 128;
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < h; i++) {
          box(b1, b2, i * w, w, 1, wr);
        }
        for (int j = 0; j < w; j++) {
          box(b2, b1, j, h, w, wc);
        }
      }
      for (int i = 0; i < 64; i++) {
        int ini = (int) (((i + 0.5) * h) / 64);
        for (int j = 0; j < 64; j++) {
          int inj = (int) (((j + 0.5) * w) / 64);
          a[i * 64 + j] = b1[ini * w + inj];
        }
      }
    }
    int quality = PdqHasher.quality(a);
    float[] d = new float[16 * 64];
    float scale = (float) Math.sqrt(2.0 / 64.0);
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 64; j++) {
        d[i * 64 + j] = (float) (scale * Math.cos((Math.PI / 2.0 / 64.0) * (i + 1) * (2 * j + 1)));
      }
    }
    float[] t = new float[16 * 64];
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 64; j++) {
        float s = 0.0f;
        for (int k = 0; k < 64; k++) {
          s += d[i * 64 + k] * a[k * 64 + j];
        }
        t[i * 64 + j] = s;
      }
    }
    float[] b = new float[256];
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        float s = 0.0f;
        for (int k = 0; k < 64; k++) {
          s += t[i * 64 + k] * d[j * 64 + k];
        }
        b[i * 16 + j] = s;
      }
    }
    float median = PdqHasher.torben(b);
    long[] words = new long[4];
    for (int k = 0; k < 256; k++) {
      if (b[k] > median) {
        words[3 - k / 64] |= 1L << (k % 64);
      }
    }
    return new PdqResult(new PdqHash(words[0], words[1], words[2], words[3]), quality);
  }

  /** {@code box1DFloat} with its stride. */
  private static void box(float[] in, float[] out, int start, int n, int stride, int window) {
    int half = (window + 2) / 2;
    int li = start;
    int ri = start;
    int oi = start;
    float sum = 0.0f;
    int count = 0;
    for (int i = 0; i < half - 1; i++, ri += stride) {
      sum += in[ri];
      count++;
    }
    for (int i = 0; i < window - half + 1; i++, ri += stride, oi += stride) {
      sum += in[ri];
      count++;
      out[oi] = sum / count;
    }
    for (int i = 0; i < n - window; i++, ri += stride, li += stride, oi += stride) {
      sum += in[ri];
      sum -= in[li];
      out[oi] = sum / count;
    }
    for (int i = 0; i < half - 1; i++, li += stride, oi += stride) {
      sum -= in[li];
      count--;
      out[oi] = sum / count;
    }
  }
}
