package org.accord.hash;

import java.util.Locale;

/**
 * A 256-bit PDQ hash, held as four 64-bit words so that a Hamming distance is four XORs and four {@link
 * Long#bitCount} calls (one POPCNT each on x86-64).
 *
 * <p>Bit layout. The reference (ThreatExchange {@code pdq/cpp/common/pdqhashtypes.cpp}) keeps sixteen 16-bit words
 * and prints them most significant first, so its 64-hex-digit text is the hash read as one big-endian 256-bit
 * number whose bit {@code k} is the reference's {@code setBit(k)}. Here {@code w0} holds the first 16 hex digits
 * (bits 255..192) and {@code w3} the last 16 (bits 63..0): {@link #toHex} and {@link #fromHex} are the reference's
 * text form, lower-case, byte for byte.
 *
 * @param w0 bits 255..192 (hex digits 0..15)
 * @param w1 bits 191..128 (hex digits 16..31)
 * @param w2 bits 127..64 (hex digits 32..47)
 * @param w3 bits 63..0 (hex digits 48..63)
 */
public record PdqHash(long w0, long w1, long w2, long w3) {
  /** Bits in a PDQ hash. */
  public static final int BITS = 256;

  /** Characters in the hex form. */
  public static final int HEX_LENGTH = 64;

  /** The all-zero hash: what the reference answers, with quality 0, for an image under 5 pixels on a side. */
  public static final PdqHash ZERO = new PdqHash(0, 0, 0, 0);

  /** The hash of four words, {@code w0} first (the same as the canonical constructor; the index's bulk form). */
  public static PdqHash ofWords(long w0, long w1, long w2, long w3) {
    return new PdqHash(w0, w1, w2, w3);
  }

  /**
   * Parses the reference's text form: exactly 64 hex digits, either case, nothing else.
   *
   * @throws IllegalArgumentException with the reason, for any other text
   */
  public static PdqHash fromHex(String hex) {
    if (hex == null || hex.length() != HEX_LENGTH) {
      throw new IllegalArgumentException(
          "a PDQ hash is 64 hex digits, got " + (hex == null ? "nothing" : hex.length() + " characters"));
    }
    return new PdqHash(word(hex, 0), word(hex, 16), word(hex, 32), word(hex, 48));
  }

  private static long word(String hex, int from) {
    long w = 0;
    for (int i = from; i < from + 16; i++) {
      int d = Character.digit(hex.charAt(i), 16);
      if (d < 0) {
        throw new IllegalArgumentException("a PDQ hash is 64 hex digits, got '" + hex.charAt(i) + "' at " + i);
      }
      w = (w << 4) | d;
    }
    return w;
  }

  /** The 64 lower-case hex digits, as the reference prints them. */
  public String toHex() {
    return String.format(Locale.ROOT, "%016x%016x%016x%016x", w0, w1, w2, w3);
  }

  /** Word {@code i} (0..3), {@code w0} first: the layout of {@link PdqHash}'s Javadoc. */
  public long word(int i) {
    switch (i) {
      case 0:
        return w0;
      case 1:
        return w1;
      case 2:
        return w2;
      case 3:
        return w3;
      default:
        throw new IndexOutOfBoundsException("word " + i + " of a 256-bit hash (0..3)");
    }
  }

  /** Bit {@code k} (0..255) in the reference's numbering ({@code Hash256::getBit}). */
  public boolean bit(int k) {
    if (k < 0 || k >= BITS) {
      throw new IndexOutOfBoundsException("bit " + k + " of a 256-bit hash (0..255)");
    }
    return (word(3 - (k >>> 6)) >>> (k & 63) & 1L) != 0;
  }

  /** The Hamming distance: the number of bits in which the two hashes differ (0..256). */
  public int distance(PdqHash other) {
    return Long.bitCount(w0 ^ other.w0)
        + Long.bitCount(w1 ^ other.w1)
        + Long.bitCount(w2 ^ other.w2)
        + Long.bitCount(w3 ^ other.w3);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
