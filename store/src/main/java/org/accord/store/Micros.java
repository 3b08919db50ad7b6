package org.accord.store;

import java.time.Instant;

/** Instants as microseconds since the epoch: the store's precision for date_added and version timestamps. */
final class Micros {
  private static final long PER_SECOND = 1_000_000L;

  private Micros() {}

  /** Truncates to the microsecond (towards the past). */
  static long of(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1000);
  }

  static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1000L);
  }
}
