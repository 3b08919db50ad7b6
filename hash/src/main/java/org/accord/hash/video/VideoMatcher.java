package org.accord.hash.video;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.accord.hash.PdqHash;

/**
 * Video-to-video matching as vPDQ does it: the share of the query's frames that match some frame of the indexed
 * video, and the share of the indexed video's frames that match some frame of the query.
 *
 * <p>Both shares are needed: a short clip cut from a known video matches most of its own frames (query share high)
 * but few of the known video's (indexed share low); a long upload that contains the known clip is the reverse. Each
 * video's frames are first reduced to distinct hashes of at least {@code minQuality} (flat frames, black or white,
 * would match everything), as vPDQ does; two frames match within {@code distance}. A pair of videos matches when
 * both shares reach their thresholds; the thresholds come from the caller (the rulebook's, once wired).
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
    List<PdqHash> q = distinct(query, t.minQuality());
    List<PdqHash> x = distinct(indexed, t.minQuality());
    double queryShare = share(q, x, t.distance());
    double indexedShare = share(x, q, t.distance());
    boolean matches = !q.isEmpty() && !x.isEmpty() && queryShare >= t.queryShare() && indexedShare >= t.indexedShare();
    return new Match(queryShare, indexedShare, q.size(), x.size(), matches);
  }

  private static List<PdqHash> distinct(VideoHash video, int minQuality) {
    Set<PdqHash> set = new LinkedHashSet<>();
    for (FrameHash f : video.frames()) {
      if (f.quality() >= minQuality) {
        set.add(f.hash());
      }
    }
    return List.copyOf(set);
  }

  /** The share of {@code from} within {@code distance} of some hash of {@code to} (brute force: videos are short). */
  private static double share(List<PdqHash> from, List<PdqHash> to, int distance) {
    if (from.isEmpty()) {
      return 0;
    }
    int matched = 0;
    for (PdqHash a : from) {
      for (PdqHash b : to) {
        if (a.distance(b) <= distance) {
          matched++;
          break;
        }
      }
    }
    return (double) matched / from.size();
  }
}
