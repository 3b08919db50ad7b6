package org.accord.hash;

import java.util.Objects;

/**
 * A PDQ hash and its quality (0..100): the share of significant gradients in the 64×64 downsample. ThreatExchange
 * discards hashes of quality under 50 for matching, and applies its "within distance 10 of the C++ hash" rule to
 * quality 80 and above.
 */
public record PdqResult(PdqHash hash, int quality) {
  public PdqResult {
    Objects.requireNonNull(hash, "hash");
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("PDQ quality is 0..100, got " + quality);
    }
  }
}
