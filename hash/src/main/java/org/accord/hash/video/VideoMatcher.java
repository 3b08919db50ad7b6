package org.accord.hash.video;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accord.hash.PdqHash;

/**
 * Video-to-video matching as vPDQ does it: the share of the query's frames that match some frame of the indexed
 * video, and the share of the indexed video's frames that match some frame of the query.
 *
 * <p>Both shares are needed: a short clip cut from a known video matches most of its own frames (query share high)
 * but few of the known video's (indexed share low); a long upload that contains the known clip is the reverse. Each
 * video's frames are first reduced to distinct hashes of at least {@code minQuality} (flat frames, black or white,
 * would match everything), as vPDQ does; two frames match within {@code distance}, trying every dihedral variant
 * the query's frames carry ({@link VideoSettings#dihedral()}), so a mirrored copy matches too. A pair of videos
 * matches when both shares reach their thresholds; the thresholds come from the caller (the rulebook's, once wired).
 * Brute force over frame pairs: a video has hundreds of distinct frames, not millions (those go to the index).
 */
public final class VideoMatcher {
  private VideoMatcher() {}

  /**
   * @param distance the largest Hamming distance at which two frames match (PDQ's usual 31)
   * @param minQuality frames under this PDQ quality are left out of both sides (vPDQ: 50)
   * @param queryShare the least share (0..1) of the query's frames that must match
   * @param indexedShare the least share (0..1) of the indexed video's frames that must match
   */
  public record Thresholds(int distance, int minQuality, double queryShare, double indexedShare) {
    public static final Thresholds DEFAULTS = new Thresholds(31, 50, 0.8, 0.8);

    public Thresholds {
      if (distance < 0 || distance > 256 || minQuality < 0 || minQuality > 100) {
        throw new IllegalArgumentException("distance 0..256 and quality 0..100, got " + distance + ", " + minQuality);
      }
      if (!(queryShare >= 0 && queryShare <= 1 && indexedShare >= 0 && indexedShare <= 1)) {
        throw new IllegalArgumentException("shares are 0..1, got " + queryShare + ", " + indexedShare);
      }
    }
  }

  /**
   * The outcome: the two shares (0 when a side has no frame of enough quality), the frames counted on each side,
   * and whether both thresholds were reached.
   */
  public record Match(double queryShare, double indexedShare, int queryFrames, int indexedFrames, boolean matches) {}

  public static Match match(VideoHash query, VideoHash indexed, Thresholds t) {
    List<FrameHash> q = distinct(query, t.minQuality());
    List<FrameHash> x = distinct(indexed, t.minQuality());
    // matched[i][j]: query frame i (any of its dihedral variants, when it has them) is within distance of indexed
    // frame j's original hash: the relation a Hamming index answers for a query over all 8 variants.
    boolean[] queryMatched = new boolean[q.size()];
    boolean[] indexedMatched = new boolean[x.size()];
    for (int i = 0; i < q.size(); i++) {
      for (int j = 0; j < x.size(); j++) {
        if ((!queryMatched[i] || !indexedMatched[j]) && near(q.get(i), x.get(j).hash(), t.distance())) {
          queryMatched[i] = true;
          indexedMatched[j] = true;
        }
      }
    }
    double queryShare = share(queryMatched);
    double indexedShare = share(indexedMatched);
    boolean matches = !q.isEmpty() && !x.isEmpty() && queryShare >= t.queryShare() && indexedShare >= t.indexedShare();
    return new Match(queryShare, indexedShare, q.size(), x.size(), matches);
  }

  private static boolean near(FrameHash query, PdqHash indexed, int distance) {
    if (query.hash().distance(indexed) <= distance) {
      return true;
    }
    for (PdqHash v : query.variants()) {
      if (v.distance(indexed) <= distance) {
        return true;
      }
    }
    return false;
  }

  /** Frames of at least {@code minQuality}, one per distinct hash (vPDQ's de-duplication before matching). */
  private static List<FrameHash> distinct(VideoHash video, int minQuality) {
    Map<PdqHash, FrameHash> byHash = new LinkedHashMap<>();
    for (FrameHash f : video.frames()) {
      if (f.quality() >= minQuality) {
        byHash.putIfAbsent(f.hash(), f);
      }
    }
    return List.copyOf(byHash.values());
  }

  private static double share(boolean[] matched) {
    if (matched.length == 0) {
      return 0;
    }
    int n = 0;
    for (boolean m : matched) {
      if (m) {
        n++;
      }
    }
    return (double) n / matched.length;
  }
}
