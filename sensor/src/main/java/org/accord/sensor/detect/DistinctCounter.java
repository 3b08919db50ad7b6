package org.accord.sensor.detect;

/**
 * Distinct sources of an attack in 2 KiB: a HyperLogLog (Flajolet, Fusy, Gandouet, Meunier 2007) with 2^11
 * registers, standard error about 1.04/sqrt(2048) ≈ 2.3 %, and the linear-counting correction for small counts.
 * Input is an already mixed 64-bit hash.
 */
final class DistinctCounter {
  private static final int P = 11;
  private static final int M = 1 << P;
  private final byte[] registers = new byte[M];

  void add(long hash) {
    int idx = (int) (hash >>> (64 - P));
    int rank = Long.numberOfLeadingZeros((hash << P) | (1L << (P - 1))) + 1;
    if (rank > registers[idx]) {
      registers[idx] = (byte) rank;
    }
  }

  long estimate() {
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += 1.0 / (1L << r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha = 0.7213 / (1 + 1.079 / M);
    double e = alpha * M * M / sum;
    if (e <= 2.5 * M && zeros > 0) {
      e = M * Math.log((double) M / zeros);
    }
    return Math.round(e);
  }
}
