package org.accord.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  @ParameterizedTest
  @ValueSource(strings = {"2016-01-01T00:00:00Z", "2016-01-01T00:00:00.1Z", "2016-01-01T00:00:00.000Z",
      "2014-10-31T15:52:13.127931Z", "2016-01-01T00:00:00.123456789Z"})
  void formattingKeepsTheInputsPrecision(String text) {
    assertThat(Timestamps.parse(text).toString()).isEqualTo(text);
  }

  @Test
  void sameInstantWithDifferentPrecisionComparesEqual() {
    StixTimestamp a = Timestamps.parse("2016-01-01T00:00:00Z");
    StixTimestamp b = Timestamps.parse("2016-01-01T00:00:00.000Z");
    assertThat(a.compareTo(b)).isZero();
    assertThat(a).isNotEqualTo(b);
    assertThat(a.instant()).isEqualTo(b.instant());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2016-01-01T00:00:00", "2016-01-01t00:00:00Z", "2016-01-01T00:00:00z",
      "2016-01-01T00:00:00+01:00", "2016-02-30T00:00:00Z", "2016-01-01T24:00:00Z", "2016-01-01T00:00:60Z",
      "2016-01-01T00:00:00.Z", "2016-01-01T00:00:00.0000000001Z", "16-01-01T00:00:00Z", ""})
  void rejectsWhatStixForbids(String text) {
    assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    assertThat(Timestamps.isValid(text)).isFalse();
  }

  @Test
  void nowIsMillisecondsFromTheInjectedClock() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-29T04:23:08.123456Z"), ZoneOffset.UTC);
    assertThat(Timestamps.now(clock)).isEqualTo("2026-11-29T04:23:08.123Z");
  }

  @Property
  void formatThenParseRoundTrips(
      @ForAll @LongRange(min = 0, max = 253402300799L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 9) int digits) {
    Instant instant = Instant.ofEpochSecond(seconds, nanos);
    String text = Timestamps.format(instant, digits);
    StixTimestamp parsed = Timestamps.parse(text);
    assertThat(parsed.fractionDigits()).isEqualTo(digits);
    assertThat(parsed.toString()).isEqualTo(text);
    assertThat(parsed.instant()).isBeforeOrEqualTo(instant);
    assertThat(parsed.instant().until(instant, java.time.temporal.ChronoUnit.NANOS))
        .isLessThan((long) Math.pow(10, 9 - digits));
  }
}
