package org.accord.taxii.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request under a {@link RetryPolicy}: a retriable {@link TaxiiClientException} is followed by a wait and
 * another attempt, until the attempts run out; a non-retriable one ends it at once. Every TAXII request the client
 * sends may be repeated: GETs are safe, and adding objects is idempotent in an Accord store (and in any TAXII 2.1
 * server that keeps versions by id and modified, STIX 2.1 §3.6).
 */
final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  Retrier(RetryPolicy policy, Sleeper sleeper, DoubleSupplier random) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  <T> T call(String what, Supplier<T> attempt) {
    for (int n = 1; ; n++) {
      try {
        return attempt.get();
      } catch (TaxiiClientException e) {
        if (!e.retriable() || n >= policy.maxAttempts()) {
          throw e;
        }
        int retry = n;
        Duration delay = e.retryAfter().map(policy::delay).orElseGet(() -> policy.delay(retry, random.getAsDouble()));
        // The message names method, URL and status only; never credentials.
        LOG.info("{}: attempt {} of {} failed ({}); retrying in {} ms", what, n, policy.maxAttempts(),
            e.getMessage(), delay.toMillis());
        sleep(delay);
      }
    }
  }

  private void sleep(Duration delay) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }
}
