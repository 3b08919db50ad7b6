package org.accord.taxii.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written timestamp formatting against java.time's formatter, over random instants of years 1..9999. */
class TimestampsTest {
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter NANOS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final long MIN = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  @Test
  void dateAddedMatchesTheMicrosecondFormatterForAnyInstant() {
    SplittableRandom random = new SplittableRandom(20261129);
    for (int i = 0; i < 100_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(MIN, MAX + 1), random.nextInt(1_000_000_000));
      assertThat(Timestamps.formatDateAdded(t)).isEqualTo(MICROS.format(t));
    }
  }

  @Test
  void versionKeepsTheDigitsTheInstantCarries() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long second = random.nextLong(MIN, MAX + 1);
      int nanos = random.nextInt(1_000_000_000);
      int precision = random.nextInt(3); // milli, micro, nano
      int unit = precision == 0 ? 1_000_000 : precision == 1 ? 1_000 : 1;
      Instant t = Instant.ofEpochSecond(second, nanos / unit * unit);
      String full = NANOS.format(t); // ...ss.nnnnnnnnnZ
      String expected = full.substring(0, 20) + trimmed(full.substring(20, 29)) + "Z";
      assertThat(Timestamps.format(t)).isEqualTo(expected);
    }
  }

  @Test
  void yearsBeyondFourDigitsStillFormat() {
    Instant t = Instant.parse("+10000-01-01T00:00:00.5Z");
    assertThat(Timestamps.formatDateAdded(t)).endsWith("-01-01T00:00:00.500000Z").contains("10000");
  }

  /** Nine fraction digits cut to 3, 6 or 9: the fewest groups of three that lose nothing. */
  private static String trimmed(String nine) {
    if (nine.endsWith("000000")) {
      return nine.substring(0, 3);
    }
    return nine.endsWith("000") ? nine.substring(0, 6) : nine;
  }
}
