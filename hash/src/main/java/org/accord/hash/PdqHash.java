package org.accord.hash;

import java.util.Arrays;

/**
 * A 256-bit PDQ hash: four 64-bit words, word 0 the first 16 hex digits of the reference tool's output (ThreatExchange
 * {@code pdq/README.md}: 64 hex digits, most significant first). Immutable.
 *
 * <p>A minimal stand-in for the search index (issue 11, part 4), written to the API agreed with the PDQ hasher's
 * class of the same name ({@code fromHex}, {@code toHex}, {@code distance}, {@code word}); that one replaces it.
 */
public final class PdqHash {
  private final long[] words;

  private PdqHash(long[] words) {
    this.words = words;
  }

  /** Parses 64 hex digits (either case). */
  public static PdqHash fromHex(String hex) {
    if (hex == null || hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("a PDQ hash is 64 hex digits");
    }
    long[] w = new long[4];
    for (int i = 0; i < 4; i++) {
      try {
        w[i] = Long.parseUnsignedLong(hex.substring(16 * i, 16 * i + 16), 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("a PDQ hash is 64 hex digits", e);
      }
    }
    return new PdqHash(w);
  }

  /** 64 lower-case hex digits. */
  public String toHex() {
    StringBuilder sb = new StringBuilder(64);
    for (long w : words) {
      String s = Long.toHexString(w);
      sb.append("0".repeat(16 - s.length())).append(s);
    }
    return sb.toString();
  }

  /** Word {@code i} (0..3), word 0 the most significant. */
  public long word(int i) {
    return words[i];
  }

  /** The Hamming distance to {@code other}, 0..256. */
  public int distance(PdqHash other) {
    return Long.bitCount(words[0] ^ other.words[0]) + Long.bitCount(words[1] ^ other.words[1])
        + Long.bitCount(words[2] ^ other.words[2]) + Long.bitCount(words[3] ^ other.words[3]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PdqHash h && Arrays.equals(words, h.words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
