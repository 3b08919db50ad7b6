package org.accord.bench;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.File;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.accord.hash.DihedralHashes;
import org.accord.hash.PdqHasher;
import org.accord.hash.PdqResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PDQ from decoded pixels of a 512×512 image, on one thread: what the reference C++ tool's {@code
 * benchmark-photo-hasher} reports as "photos hashed per second" (its clock starts after decoding and covers the
 * luminance, the filter, the DCT and the bits), measured in the same run on the same image (BENCHMARKS.md).
 *
 * <p>Workload: {@code image} names a PNG/JPEG to decode once in setup (BENCHMARKS.md uses ThreatExchange's
 * {@code bridge-mods/square-512x512} from the test vectors); empty means a synthetic 512×512 picture. {@code
 * pdqFromImage} hashes the decoded {@link BufferedImage} (pixels read from its raster in bulk); {@code pdqFromRgb24}
 * hashes packed RGB bytes, the video path; {@code dihedralFromImage} adds the other seven variants; the baseline
 * {@code baselineGetRgbLumaOnly} only reads the pixels by per-pixel {@code getRGB} into a luminance plane, the
 * access pattern this module avoids, to show what it would cost on its own.
 *
 * <pre>java -jar bench/target/benchmarks.jar PdqBenchmark -p image=PATH</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PdqBenchmark {
  @Param({""})
  public String image;

  private BufferedImage decoded;
  private byte[] rgb24;
  private float[] luma;
  private final PdqHasher hasher = new PdqHasher();

  @Setup
  public void setup() throws IOException {
    decoded = image.isEmpty() ? synthetic() : ImageIO.read(new File(image));
    if (decoded.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      BufferedImage copy = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
      copy.getGraphics().drawImage(decoded, 0, 0, null);
      decoded = copy;
    }
    int w = decoded.getWidth();
    int h = decoded.getHeight();
    byte[] bgr = ((DataBufferByte) decoded.getRaster().getDataBuffer()).getData();
    rgb24 = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      rgb24[3 * i] = bgr[3 * i + 2];
      rgb24[3 * i + 1] = bgr[3 * i + 1];
      rgb24[3 * i + 2] = bgr[3 * i];
    }
    luma = new float[w * h];
  }

  private static BufferedImage synthetic() {
    BufferedImage img = new BufferedImage(512, 512, BufferedImage.TYPE_3BYTE_BGR);
    Random r = new Random(42);
    for (int y = 0; y < 512; y++) {
      for (int x = 0; x < 512; x++) {
        int v = (x ^ y) + r.nextInt(16);
        img.setRGB(x, y, (v & 0xff) << 16 | ((x + y) & 0xff) << 8 | (y & 0xff));
      }
    }
    return img;
  }

  @Benchmark
  public PdqResult pdqFromImage() {
    return hasher.hash(decoded);
  }

  @Benchmark
  public PdqResult pdqFromRgb24() {
    return hasher.hashRgb(rgb24, decoded.getWidth(), decoded.getHeight());
  }

  @Benchmark
  public DihedralHashes dihedralFromImage() {
    return hasher.dihedral(decoded);
  }

  @Benchmark
  public float[] baselineGetRgbLumaOnly() {
    int w = decoded.getWidth();
    int h = decoded.getHeight();
    for (int y = 0, k = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = decoded.getRGB(x, y);
        luma[k++] = 0.299f * (p >> 16 & 0xff) + 0.587f * (p >> 8 & 0xff) + 0.114f * (p & 0xff);
      }
    }
    return luma;
  }
}
