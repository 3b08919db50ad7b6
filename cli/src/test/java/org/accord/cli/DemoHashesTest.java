package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.accord.hash.DihedralHashes;
import org.accord.hash.PdqHash;
import org.accord.hash.PdqHasher;
import org.accord.hash.video.VideoHash;
import org.accord.hash.video.VideoMatcher;
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

  @Test
  void theAlteredCopyOfTheWholeClipMatchesItAsAVideoAndNoUnrelatedClipDoes() throws Exception {
    VideoHash banked = DemoHashes.banked(1);
    assertThat(banked.frames()).hasSize(DemoHashes.FRAMES);
    // The demo's rulebook sets no hashes: section, so the defaults decide (frame distance 31, quality 50, 80 %).
    VideoMatcher.Thresholds t = VideoMatcher.Thresholds.DEFAULTS;
    VideoMatcher.Match m = VideoMatcher.match(DemoHashes.uploaded(1), banked, t);
    assertThat(m.matches()).isTrue();
    assertThat(m.queryShare()).isEqualTo(1.0);
    assertThat(m.indexedShare()).isEqualTo(1.0);
    assertThat(m.indexedFrames()).isEqualTo(DemoHashes.FRAMES); // every frame distinct: the clip moves
    for (int seed = 2; seed < 12; seed++) {
      VideoMatcher.Match other = VideoMatcher.match(DemoHashes.uploaded(seed), banked, t);
      assertThat(other.queryShare()).as("clip %d", seed).isZero();
      assertThat(other.indexedShare()).as("clip %d", seed).isZero();
    }
  }
}
