package org.accord.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final RetryPolicy POLICY =
      new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.5);

  @Test
  void delayDoublesFromTheInitialDelayWithoutJitter() {
    assertThat(POLICY.delay(1, 0.0)).isEqualTo(Duration.ofMillis(100));
    assertThat(POLICY.delay(2, 0.0)).isEqualTo(Duration.ofMillis(200));
    assertThat(POLICY.delay(3, 0.0)).isEqualTo(Duration.ofMillis(400));
    assertThat(POLICY.delay(5, 0.0)).isEqualTo(Duration.ofMillis(1600));
  }

  @Test
  void delayIsCappedAtMaxDelay() {
    assertThat(POLICY.delay(6, 0.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(POLICY.delay(60, 0.0)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void jitterTakesOffUpToItsShare() {
    assertThat(POLICY.delay(2, 0.999999)).isBetween(Duration.ofMillis(100), Duration.ofMillis(101));
    assertThat(POLICY.delay(2, 0.5)).isEqualTo(Duration.ofMillis(150));
  }

  @Property
  void everyDelayLiesBetweenItsJitteredFloorAndTheCap(
      @ForAll @IntRange(min = 1, max = 100) int retry, @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false)
          double random) {
    Duration d = POLICY.delay(retry, random);
    Duration full = POLICY.delay(retry, 0.0);
    assertThat(d).isLessThanOrEqualTo(full).isLessThanOrEqualTo(POLICY.maxDelay());
    assertThat(d.toNanos()).isGreaterThanOrEqualTo((long) (full.toNanos() * (1 - POLICY.jitter())) - 1);
  }

  @Test
  void retryAfterIsCappedToo() {
    assertThat(POLICY.delay(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(POLICY.delay(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 0.5, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 2, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
