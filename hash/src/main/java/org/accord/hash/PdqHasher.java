package org.accord.hash;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PDQ, Meta's perceptual image hash, bit-exact with the reference implementation (ThreatExchange {@code pdq/cpp},
 * {@code hashing/pdqhashing.cpp} and {@code downscaling/downscaling.cpp}) on identical pixels.
 *
 * <p>Design note. The pipeline is the reference's, stage by stage: luminance {@code Y = 0.299 R + 0.587 G + 0.114
 * B} (or the grey value itself for a grey image) into a float plane; two passes of a Jarosz tent filter (a box
 * filter along the rows, then along the columns, twice) whose window is {@code ceil(dim / 128)}; decimation to 64×64
 * at the centres of the cells; the quality metric from the 64×64 gradients; a DCT to the 16×16 lowest non-DC
 * frequencies through the reference's 16×64 matrix; one bit per coefficient, set when it is above the median (Torben's
 * algorithm). The eight dihedral variants are sign flips and transposes of the 16×16 coefficients, as in the
 * reference, not re-hashes of rotated pixels.
 *
 * <p>Why it is bit-exact. Published ports drift 4–12 bits from the reference (ThreatExchange issue 929) because
 * they compute in double, sum in another order, or let a library blur. Every arithmetic step here is the reference's
 * in IEEE single precision (Java's float arithmetic is strict since Java 17, and the reference's x86-64 build uses SSE
 * without fused multiply-add), in the same order: the luminance sum left to right, the running box sums with their
 * add-then-subtract, each division by the current window count, every DCT dot product from k = 0 to 63. Where the
 * reference computes in double (the DCT matrix, the decimation indices) so does this class, rounding to float where
 * it stores. The column passes sweep the rows and keep one running sum per column: the same operations on each
 * column in the same order as the reference's strided walk, but reading memory in order; the last column pass runs
 * only over the 64 columns the decimation reads.
 *
 * <p>Images larger than 512 pixels on a side are first resized to 512×512 by nearest neighbour, as the reference
 * tool does ({@code io/pdqio.cpp}, CImg's default {@code resize}); images under 5 pixels on a side hash to zero with
 * quality 0, as in the reference. A plane of exactly 64×64 (a video frame ffmpeg already downsampled) skips the filter
 * in {@code hash}, as the reference's {@code pdqFloat256FromFloatLuma} does, but not in {@code dihedral}, whose
 * reference entry point has no such shortcut.
 *
 * <p>Not thread-safe: an instance reuses its buffers from one image to the next. Use one per thread.
 */
public final class PdqHasher {
  /** The reference's luminance coefficients (ITU-R BT.601), as float constants. */
  static final float LUMA_R = 0.299f;

  static final float LUMA_G = 0.587f;
  static final float LUMA_B = 0.114f;

  /** Under this many pixels on a side the reference answers the zero hash with quality 0. */
  static final int MIN_HASHABLE_DIM = 5;

  /** The reference tool resizes larger images to this square before hashing ({@code DOWNSAMPLE_DIMS}). */
  public static final int DOWNSAMPLE_DIMS = 512;

  /** Two X-then-Y box passes make the tent filter. */
  private static final int JAROSZ_PASSES = 2;

  /** The 16×64 DCT matrix, row-major: rows are frequencies 1..16, columns the 64 samples. */
  private static final float[] DCT = dctMatrix();

  private float[] buffer1 = new float[0];
  private float[] buffer2 = new float[0];
  private float[] columnSums = new float[0];
  private final float[] buffer64x64 = new float[64 * 64];
  private final float[] buffer16x64 = new float[16 * 64];
  private final float[] buffer16x16 = new float[16 * 16];
  private final float[] buffer16x16Aux = new float[16 * 16];
  private final int[] decimatedColumns = new int[64];
  private final int[] distinctColumns = new int[64];

  /** Reads, decodes and hashes an image file (PNG, JPEG, GIF, BMP, TIFF: what the JDK decodes). */
  public PdqResult hash(Path file) {
    return hash(Images.read(file));
  }

  /** Hashes a decoded image: its pixels are read from the raster in bulk. */
  public PdqResult hash(BufferedImage image) {
    Plane plane = luma(image);
    return hashLuma(plane.rows, plane.cols);
  }

  /** The eight dihedral hashes of an image file. */
  public DihedralHashes dihedral(Path file) {
    return dihedral(Images.read(file));
  }

  /** The eight dihedral hashes of a decoded image. */
  public DihedralHashes dihedral(BufferedImage image) {
    Plane plane = luma(image);
    return dihedralLuma(plane.rows, plane.cols);
  }

  /**
   * Hashes packed 8-bit RGB pixels ({@code rgb24}: R, G, B per pixel, row after row), as {@code ffmpeg -pix_fmt
   * rgb24} writes them.
   */
  public PdqResult hashRgb(byte[] rgb, int width, int height) {
    Plane plane = lumaRgb(rgb, width, height);
    return hashLuma(plane.rows, plane.cols);
  }

  /** The eight dihedral hashes of packed 8-bit RGB pixels ({@code rgb24}). */
  public DihedralHashes dihedralRgb(byte[] rgb, int width, int height) {
    Plane plane = lumaRgb(rgb, width, height);
    return dihedralLuma(plane.rows, plane.cols);
  }

  private Plane lumaRgb(byte[] rgb, int width, int height) {
    if (width <= 0 || height <= 0 || (long) width * height * 3 > rgb.length) {
      throw new IllegalArgumentException(
          "rgb24 of " + width + "x" + height + " needs " + (long) width * height * 3 + " bytes, got " + rgb.length);
    }
    Plane plane = plane(width, height);
    int[] xs = Images.sampleIndices(width, plane.cols);
    int[] ys = Images.sampleIndices(height, plane.rows);
    float[] luma = buffer1;
    int k = 0;
    for (int i = 0; i < plane.rows; i++) {
      int row = ys[i] * width * 3;
      for (int j = 0; j < plane.cols; j++) {
        int p = row + xs[j] * 3;
        luma[k++] = LUMA_R * (rgb[p] & 0xff) + LUMA_G * (rgb[p + 1] & 0xff) + LUMA_B * (rgb[p + 2] & 0xff);
      }
    }
    return plane;
  }

  private record Plane(int rows, int cols) {}

  /** Sizes the buffers for an image, after the reference tool's resize rule. */
  private Plane plane(int width, int height) {
    int rows = height;
    int cols = width;
    if (rows > DOWNSAMPLE_DIMS || cols > DOWNSAMPLE_DIMS) {
      rows = DOWNSAMPLE_DIMS;
      cols = DOWNSAMPLE_DIMS;
    }
    int n = rows * cols;
    if (buffer1.length < n) {
      buffer1 = new float[n];
      buffer2 = new float[n];
    }
    if (columnSums.length < cols) {
      columnSums = new float[cols];
    }
    return new Plane(rows, cols);
  }

  private Plane luma(BufferedImage image) {
    Plane plane = plane(image.getWidth(), image.getHeight());
    Images.fillLuma(image, plane.rows, plane.cols, buffer1);
    return plane;
  }

  /** Hash of the luminance plane in {@code buffer1} ({@code rows × cols}, row-major); the buffers are consumed. */
  private PdqResult hashLuma(int rows, int cols) {
    if (rows < MIN_HASHABLE_DIM || cols < MIN_HASHABLE_DIM) {
      return new PdqResult(PdqHash.ZERO, 0);
    }
    int quality = dctFromLuma(rows, cols, true);
    return new PdqResult(bits(buffer16x16), quality);
  }

  private DihedralHashes dihedralLuma(int rows, int cols) {
    List<PdqHash> hashes = new ArrayList<>(8);
    if (rows < MIN_HASHABLE_DIM || cols < MIN_HASHABLE_DIM) {
      for (int v = 0; v < 8; v++) {
        hashes.add(PdqHash.ZERO);
      }
      return new DihedralHashes(hashes, 0);
    }
    // The reference's dihedral entry point filters even a 64x64 plane (no shortcut there): so does this one.
    int quality = dctFromLuma(rows, cols, false);
    float[] a = buffer16x16;
    float[] b = buffer16x16Aux;
    for (Dihedral variant : Dihedral.values()) {
      if (variant == Dihedral.ORIGINAL) {
        hashes.add(bits(a));
      } else {
        transform(variant, a, b);
        hashes.add(bits(b));
      }
    }
    return new DihedralHashes(hashes, quality);
  }

  /** Blur, decimate, quality, DCT: leaves the 16×16 coefficients in {@code buffer16x16}; answers the quality. */
  private int dctFromLuma(int rows, int cols, boolean shortcut64) {
    if (shortcut64 && rows == 64 && cols == 64) {
      // The reference skips the filter for a frame already downsampled to 64x64 (pdqFloat256FromFloatLuma).
      System.arraycopy(buffer1, 0, buffer64x64, 0, 64 * 64);
    } else {
      int windowAlongRows = jaroszWindow(cols, 64);
      int windowAlongCols = jaroszWindow(rows, 64);
      int distinct = 0;
      for (int j = 0; j < 64; j++) {
        decimatedColumns[j] = decimationIndex(j, cols);
        // An image narrower than 64 repeats columns: each running sum must be updated once per row.
        if (distinct == 0 || distinctColumns[distinct - 1] != decimatedColumns[j]) {
          distinctColumns[distinct++] = decimatedColumns[j];
        }
      }
      int[] lastPassColumns = java.util.Arrays.copyOf(distinctColumns, distinct);
      for (int pass = 0; pass < JAROSZ_PASSES; pass++) {
        boolean last = pass == JAROSZ_PASSES - 1;
        for (int i = 0; i < rows; i++) {
          box1D(buffer1, buffer2, i * cols, cols, windowAlongRows);
        }
        boxAlongColumns(buffer2, buffer1, rows, cols, windowAlongCols, last ? lastPassColumns : null);
      }
      for (int i = 0; i < 64; i++) {
        int row = decimationIndex(i, rows) * cols;
        for (int j = 0; j < 64; j++) {
          buffer64x64[i * 64 + j] = buffer1[row + decimatedColumns[j]];
        }
      }
    }
    int quality = quality(buffer64x64);
    dct64To16(buffer64x64, buffer16x64, buffer16x16);
    return quality;
  }

  /** {@code computeJaroszFilterWindowSize}: half of old/new, rounded up (two passes make the full window). */
  static int jaroszWindow(int oldDimension, int newDimension) {
    return (oldDimension + 2 * newDimension - 1) / (2 * newDimension);
  }

  /** {@code decimateFloat}: the input index under the centre of output cell {@code out}, computed in double. */
  private static int decimationIndex(int out, int inDimension) {
    return (int) (((out + 0.5) * inDimension) / 64);
  }

  /**
   * One box pass along a row ({@code box1DFloat}): the running sum grows over the first half window, slides, then
   * shrinks; each output is the sum divided by the number of samples in it.
   */
  private static void box1D(float[] in, float[] out, int offset, int length, int window) {
    int half = (window + 2) / 2;
    int phase1 = half - 1;
    int phase2 = window - half + 1;
    int phase3 = length - window;
    int phase4 = half - 1;
    int li = offset;
    int ri = offset;
    int oi = offset;
    float sum = 0.0f;
    int count = 0;
    for (int i = 0; i < phase1; i++) {
      sum += in[ri++];
      count++;
    }
    for (int i = 0; i < phase2; i++) {
      sum += in[ri++];
      count++;
      out[oi++] = sum / count;
    }
    for (int i = 0; i < phase3; i++) {
      sum += in[ri++];
      sum -= in[li++];
      out[oi++] = sum / count;
    }
    for (int i = 0; i < phase4; i++) {
      sum -= in[li++];
      count--;
      out[oi++] = sum / count;
    }
  }

  /**
   * The box pass along every column ({@code boxAlongColsFloat}), sweeping rows: column {@code j}'s running sum sees
   * exactly the reference's operations in the reference's order. With {@code only} set, just those columns.
   */
  private void boxAlongColumns(float[] in, float[] out, int rows, int cols, int window, int[] only) {
    int half = (window + 2) / 2;
    int phase1 = half - 1;
    int phase2 = window - half + 1;
    int phase3 = rows - window;
    int phase4 = half - 1;
    float[] sums = columnSums;
    java.util.Arrays.fill(sums, 0, cols, 0.0f);
    int ri = 0;
    int li = 0;
    int oi = 0;
    int count = 0;
    for (int i = 0; i < phase1; i++, ri += cols) {
      count++;
      if (only == null) {
        for (int j = 0; j < cols; j++) {
          sums[j] += in[ri + j];
        }
      } else {
        for (int j : only) {
          sums[j] += in[ri + j];
        }
      }
    }
    for (int i = 0; i < phase2; i++, ri += cols, oi += cols) {
      count++;
      if (only == null) {
        for (int j = 0; j < cols; j++) {
          float s = sums[j] + in[ri + j];
          sums[j] = s;
          out[oi + j] = s / count;
        }
      } else {
        for (int j : only) {
          float s = sums[j] + in[ri + j];
          sums[j] = s;
          out[oi + j] = s / count;
        }
      }
    }
    for (int i = 0; i < phase3; i++, ri += cols, li += cols, oi += cols) {
      if (only == null) {
        for (int j = 0; j < cols; j++) {
          float s = sums[j] + in[ri + j];
          s -= in[li + j];
          sums[j] = s;
          out[oi + j] = s / count;
        }
      } else {
        for (int j : only) {
          float s = sums[j] + in[ri + j];
          s -= in[li + j];
          sums[j] = s;
          out[oi + j] = s / count;
        }
      }
    }
    for (int i = 0; i < phase4; i++, li += cols, oi += cols) {
      count--;
      if (only == null) {
        for (int j = 0; j < cols; j++) {
          float s = sums[j] - in[li + j];
          sums[j] = s;
          out[oi + j] = s / count;
        }
      } else {
        for (int j : only) {
          float s = sums[j] - in[li + j];
          sums[j] = s;
          out[oi + j] = s / count;
        }
      }
    }
  }

  /**
   * {@code pdqImageDomainQualityMetric}: the sum of the quantised vertical and horizontal gradients of the 64×64
   * downsample, over 90, capped at 100. Each step is the reference's float expression truncated to int.
   */
  static int quality(float[] a) {
    int gradientSum = 0;
    for (int i = 0; i < 63; i++) {
      for (int j = 0; j < 64; j++) {
        float u = a[i * 64 + j];
        float v = a[(i + 1) * 64 + j];
        int d = (int) (((u - v) * 100) / 255);
        gradientSum += Math.abs(d);
      }
    }
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 63; j++) {
        float u = a[i * 64 + j];
        float v = a[i * 64 + j + 1];
        int d = (int) (((u - v) * 100) / 255);
        gradientSum += Math.abs(d);
      }
    }
    return Math.min(gradientSum / 90, 100);
  }

  /**
   * The reference's DCT matrix: {@code sqrt(2/64)} rounded to float, times the cosine in double, rounded to float.
   * Row i is frequency i + 1 (the DC term is not used).
   */
  private static float[] dctMatrix() {
    float scale = (float) Math.sqrt(2.0 / 64.0);
    float[] d = new float[16 * 64];
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 64; j++) {
        d[i * 64 + j] = (float) (scale * StrictMath.cos((Math.PI / 2.0 / 64.0) * (i + 1) * (2 * j + 1)));
      }
    }
    return d;
  }

  /**
   * {@code dct64To16}: B = D A Dᵀ through T = D A. Each T[i][j] is summed in float from k = 0 to 63 as in the
   * reference; the loops run k outside j, so that the JIT can vectorise across j without changing any element's
   * order of additions.
   */
  private static void dct64To16(float[] a, float[] t, float[] b) {
    float[] d = DCT;
    java.util.Arrays.fill(t, 0.0f);
    for (int i = 0; i < 16; i++) {
      int row = i * 64;
      for (int k = 0; k < 64; k++) {
        float dik = d[row + k];
        int ak = k * 64;
        for (int j = 0; j < 64; j++) {
          t[row + j] += dik * a[ak + j];
        }
      }
    }
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        float sum = 0.0f;
        int ti = i * 64;
        int dj = j * 64;
        for (int k = 0; k < 64; k++) {
          sum += t[ti + k] * d[dj + k];
        }
        b[i * 16 + j] = sum;
      }
    }
  }

  /** {@code pdqBuffer16x16ToBits}: bit i*16+j is set when coefficient (i, j) is above the median. */
  private static PdqHash bits(float[] coefficients) {
    float median = torben(coefficients);
    long[] w = new long[4];
    for (int k = 0; k < 256; k++) {
      if (coefficients[k] > median) {
        w[3 - (k >>> 6)] |= 1L << (k & 63);
      }
    }
    return new PdqHash(w[0], w[1], w[2], w[3]);
  }

  /**
   * The median by Torben Mogensen's method (no copy, no sort), as the reference computes it: bisect between min and
   * max on the counts below and above a guess. With 256 values this answers the lower of the two middle values when
   * they differ, exactly as the reference does.
   */
  static float torben(float[] m) {
    int n = m.length;
    float min = m[0];
    float max = m[0];
    for (int i = 1; i < n; i++) {
      if (m[i] < min) {
        min = m[i];
      }
      if (m[i] > max) {
        max = m[i];
      }
    }
    int half = (n + 1) / 2;
    int less;
    int greater;
    int equal;
    float guess;
    float maxBelow;
    float minAbove;
    while (true) {
      guess = (min + max) / 2;
      less = 0;
      greater = 0;
      equal = 0;
      maxBelow = min;
      minAbove = max;
      for (int i = 0; i < n; i++) {
        float x = m[i];
        if (x < guess) {
          less++;
          if (x > maxBelow) {
            maxBelow = x;
          }
        } else if (x > guess) {
          greater++;
          if (x < minAbove) {
            minAbove = x;
          }
        } else {
          equal++;
        }
      }
      if (less <= half && greater <= half) {
        break;
      } else if (less > greater) {
        max = maxBelow;
      } else {
        min = minAbove;
      }
    }
    if (less >= half) {
      return maxBelow;
    } else if (less + equal >= half) {
      return guess;
    }
    return minAbove;
  }

  /**
   * The dihedral variant of 16×16 DCT coefficients ({@code dct16OriginalTo*}): a mirror negates the odd frequencies
   * along its axis, a quarter turn transposes as well.
   */
  private static void transform(Dihedral variant, float[] a, float[] b) {
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        float x = a[i * 16 + j];
        switch (variant) {
          case ROTATE_90 -> b[j * 16 + i] = (j & 1) != 0 ? x : -x;
          case ROTATE_180 -> b[i * 16 + j] = ((i + j) & 1) != 0 ? -x : x;
          case ROTATE_270 -> b[j * 16 + i] = (i & 1) != 0 ? x : -x;
          case FLIP_X -> b[i * 16 + j] = (i & 1) != 0 ? x : -x;
          case FLIP_Y -> b[i * 16 + j] = (j & 1) != 0 ? x : -x;
          case FLIP_PLUS_1 -> b[j * 16 + i] = x;
          case FLIP_MINUS_1 -> b[j * 16 + i] = ((i + j) & 1) != 0 ? -x : x;
          case ORIGINAL -> b[i * 16 + j] = x;
        }
      }
    }
  }
}
