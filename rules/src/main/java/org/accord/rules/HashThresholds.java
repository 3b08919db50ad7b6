package org.accord.rules;

/**
 * How close a perceptual hash must be to a bank's to count as a match (issue 11): the rulebook's optional {@code
 * hashes:} section, the same for every party (it is signed with the rest), so a match one party reports is a match
 * the other recognises.
 *
 * <pre>
 * hashes:
 *   pdq_distance: 31          # image matches within this Hamming distance (of 256 bits)
 *   pdq_min_quality: 50       # query images (and video frames) under this PDQ quality are not matched
 *   video: { frame_distance: 31, query_share: 0.8, indexed_share: 0.8 }
 * </pre>
 *
 * The defaults are ThreatExchange's: distance 31 (PDQ's published operating point, a false-positive rate around
 * 10⁻⁶ per pair), quality 50 (its "discard below" rule), and vPDQ's 80 % shares both ways. Distances are capped at
 * {@value #MAX_DISTANCE}: random 256-bit hashes lie about 128 apart, and beyond 63 the Hamming index can only scan.
 * Shares are in (0, 1] with at most two decimals, so that the canonical form (a JSON number) is exact.
 *
 * @param pdqDistance 0..{@value #MAX_DISTANCE}
 * @param pdqMinQuality 0..100
 * @param frameDistance 0..{@value #MAX_DISTANCE}: two video frames match within it
 * @param queryShare the least share of the query video's frames that must match
 * @param indexedShare the least share of the banked video's frames that must match
 */
public record HashThresholds(
    int pdqDistance, int pdqMinQuality, int frameDistance, double queryShare, double indexedShare) {
  public static final int MAX_DISTANCE = 63;
  public static final HashThresholds DEFAULTS = new HashThresholds(31, 50, 31, 0.8, 0.8);

  public HashThresholds {
    distance("pdq_distance", pdqDistance);
    distance("video.frame_distance", frameDistance);
    if (pdqMinQuality < 0 || pdqMinQuality > 100) {
      throw new IllegalArgumentException("hashes.pdq_min_quality: 0..100, got " + pdqMinQuality);
    }
    share("video.query_share", queryShare);
    share("video.indexed_share", indexedShare);
  }

  private static void distance(String key, int d) {
    if (d < 0 || d > MAX_DISTANCE) {
      throw new IllegalArgumentException("hashes." + key + ": 0.." + MAX_DISTANCE + " bits, got " + d);
    }
  }

  private static void share(String key, double s) {
    if (!(s > 0 && s <= 1) || Math.abs(s * 100 - Math.rint(s * 100)) > 1e-9) {
      throw new IllegalArgumentException("hashes." + key + ": a share in (0, 1] with at most two decimals, got " + s);
    }
  }

  /** One line for people: {@code accord rules show}, logs. */
  public String describe() {
    return "pdq_distance " + pdqDistance + ", pdq_min_quality " + pdqMinQuality + ", video frame_distance "
        + frameDistance + ", query_share " + queryShare + ", indexed_share " + indexedShare;
  }
}
