package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.accord.hash.DihedralHashes;
import org.accord.hash.PdqHash;
import org.accord.hash.PdqHasher;
import org.junit.jupiter.api.Test;

/** The truth behind step 6 of the demo, on every frame of the clip, not only the one the demo uploads. */
class DemoHashesTest {
  private final PdqHasher hasher = new PdqHasher();

  private int nearest(DihedralHashes query, PdqHash banked) {
    return query.hashes().stream().mapToInt(h -> h.distance(banked)).min().orElseThrow();
  }

  @Test
  void everyAlteredFrameIsWithinTheDefaultDistanceAndNoFrameOfAnUnrelatedClipIs() throws Exception {
    for (int t = 0; t < DemoHashes.FRAMES; t++) {
      PdqHash banked = hasher.hash(DemoHashes.frame(t, 1)).hash();
      DihedralHashes altered =
          hasher.dihedral(ImageIO.read(new ByteArrayInputStream(DemoHashes.altered(DemoHashes.frame(t, 1)))));
      assertThat(nearest(altered, banked)).as("frame %d", t).isLessThanOrEqualTo(31);
      assertThat(altered.quality()).isGreaterThanOrEqualTo(50);
      for (int seed = 2; seed < 12; seed++) {
        assertThat(nearest(hasher.dihedral(DemoHashes.frame(t, seed)), banked)).as("clip %d frame %d", seed, t)
            .isGreaterThan(31);
      }
    }
  }
}
