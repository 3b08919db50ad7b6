package org.accord.stix;

import java.time.Instant;
import java.util.Objects;

/**
 * A STIX timestamp (STIX 2.1 §3.2, "timestamp" type): an instant in UTC plus the number of fraction-of-second digits
 * it was written with, so that {@link #toString()} gives back exactly the text it was parsed from. Ordering and
 * equality of instants must use {@link #instant()}: {@code 2016-01-01T00:00:00Z} and {@code
 * 2016-01-01T00:00:00.000Z} are the same moment written with different precision.
 *
 * @param instant the moment
 * @param fractionDigits digits after the decimal point, 0..9 (0 means no fraction part at all)
 */
public record StixTimestamp(Instant instant, int fractionDigits) implements Comparable<StixTimestamp> {
  public StixTimestamp {
    Objects.requireNonNull(instant, "instant");
    if (fractionDigits < 0 || fractionDigits > 9) {
      throw new IllegalArgumentException("fractionDigits must be 0..9, was " + fractionDigits);
    }
  }

  /** Parses a STIX timestamp; see {@link Timestamps#parse(String)}. */
  public static StixTimestamp parse(String text) {
    return Timestamps.parse(text);
  }

  @Override
  public int compareTo(StixTimestamp other) {
    return instant.compareTo(other.instant);
  }

  /** The RFC 3339 text with uppercase {@code T} and {@code Z} and exactly {@link #fractionDigits()} digits. */
  @Override
  public String toString() {
    return Timestamps.format(instant, fractionDigits);
  }
}
