package org.accord.bench;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.accord.hash.PdqHasher;
import org.accord.hash.PdqResult;

/**
 * PDQ hashes per CPU-second of this thread, from decoded pixels: the measure that a loaded, shared machine distorts
 * least (wall-clock rates there depend on who else runs). Its C++ counterpart, built from the reference's own
 * functions, is in BENCHMARKS.md.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.accord.bench.PdqCpuTime IMAGE [N]</pre>
 */
public final class PdqCpuTime {
  private PdqCpuTime() {}

  public static void main(String[] args) throws IOException {
    BufferedImage image = ImageIO.read(new File(args[0]));
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    PdqHasher hasher = new PdqHasher();
    PdqResult last = null;
    for (int pass = 0; pass < 3; pass++) {
      // Pass 0 warms the JIT up; passes 1 and 2 are the figures.
      long c0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        last = hasher.hash(image);
      }
      double s = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf(Locale.ROOT, "pass %d: %d hashes, %.3f s CPU, %.1f hashes per CPU-second, %s %d%n",
          pass, n, s, n / s, last.hash().toHex(), last.quality());
    }
  }
}
