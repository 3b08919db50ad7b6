package org.accord.taxii.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a failed request is retried: exponential backoff with jitter and a cap.
 *
 * <p>The delay before retry {@code n} (1-based) is {@code min(maxDelay, initialDelay × multiplier^(n-1))}, of which
 * a random share up to {@code jitter} is taken off ("equal jitter" for {@code jitter = 0.5}), so that peers that
 * lost the same server do not all come back at the same instant. A server's {@code Retry-After} replaces the
 * computed delay, still capped by {@code maxDelay}.
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 * @param initialDelay delay before the first retry
 * @param maxDelay cap of any one delay
 * @param multiplier growth factor per retry (at least 1)
 * @param jitter share of a delay that is randomised, from 0 (none) to 1 (anything from 0 to the delay)
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {
  /** Five attempts over roughly 0.5 + 1 + 2 + 4 seconds: rides out a peer's restart, gives up on an outage. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.5);

  /** One attempt only. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("want 0 <= initialDelay <= maxDelay");
    }
    if (!(multiplier >= 1.0) || !(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("want multiplier >= 1 and 0 <= jitter <= 1");
    }
  }

  /**
   * The delay before retry {@code retry} (1 for the first retry).
   *
   * @param random a uniform random number in [0, 1) that chooses the jitter
   */
  public Duration delay(int retry, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1, was " + retry);
    }
    double base = initialDelay.toNanos() * Math.pow(multiplier, retry - 1);
    double capped = Math.min(base, maxDelay.toNanos());
    double jittered = capped * (1.0 - jitter * random);
    return Duration.ofNanos((long) jittered);
  }

  /** The server's Retry-After, capped like any other delay. */
  Duration delay(Duration retryAfter) {
    return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
  }
}
