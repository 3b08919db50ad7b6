package org.accord.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
  private final FakeTime time = new FakeTime();
  private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250), 2.0, 0.5);
  private final Retrier retrier = new Retrier(policy, time, () -> 0.0);
  private final AtomicInteger attempts = new AtomicInteger();

  @Test
  void retriableFailuresAreRetriedWithGrowingCappedDelaysUntilSuccess() {
    String result =
        retrier.call(
            "GET x",
            () -> {
              if (attempts.incrementAndGet() < 4) {
                throw new TaxiiClientException.Transport("GET x", new ConnectException("Connection refused"));
              }
              return "ok";
            });

    assertThat(result).isEqualTo("ok");
    assertThat(attempts).hasValue(4);
    assertThat(time.sleeps)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
  }

  @Test
  void retriableFailureIsThrownOnceTheAttemptsRunOut() {
    assertThatThrownBy(
            () ->
                retrier.call(
                    "GET x",
                    () -> {
                      attempts.incrementAndGet();
                      throw new TaxiiClientException.Http("GET x", 503, "Service Unavailable", null);
                    }))
        .isInstanceOf(TaxiiClientException.Http.class);
    assertThat(attempts).hasValue(policy.maxAttempts());
    assertThat(time.sleeps).hasSize(policy.maxAttempts() - 1);
  }

  @Test
  void nonRetriableFailureIsThrownAtOnce() {
    assertThatThrownBy(
            () ->
                retrier.call(
                    "GET x",
                    () -> {
                      attempts.incrementAndGet();
                      throw new TaxiiClientException.Http("GET x", 403, "Forbidden", null);
                    }))
        .isInstanceOf(TaxiiClientException.Http.class)
        .hasMessageContaining("403");
    assertThat(attempts).hasValue(1);
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void serversRetryAfterReplacesTheComputedDelayWithinTheCap() {
    retrier.call(
        "GET x",
        () -> {
          if (attempts.incrementAndGet() == 1) {
            throw new TaxiiClientException.Http("GET x", 429, null, Duration.ofSeconds(120));
          }
          return null;
        });
    assertThat(time.sleeps).containsExactly(policy.maxDelay());
  }

  @Test
  void otherExceptionsAreNotRetried() {
    assertThatThrownBy(
            () ->
                retrier.call(
                    "GET x",
                    () -> {
                      attempts.incrementAndGet();
                      throw new IllegalStateException(new IOException());
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void statusClassificationFollowsTheRetriableSplit() {
    for (int status : new int[] {500, 502, 503, 504, 408, 429}) {
      assertThat(new TaxiiClientException.Http("GET x", status, null, null).retriable()).as("" + status).isTrue();
    }
    for (int status : new int[] {400, 401, 403, 404, 406, 413, 415, 422}) {
      assertThat(new TaxiiClientException.Http("GET x", status, null, null).retriable()).as("" + status).isFalse();
    }
    assertThat(new TaxiiClientException.Protocol("not JSON").retriable()).isFalse();
    assertThat(new TaxiiClientException.Transport("GET x", new java.net.http.HttpTimeoutException("t")).retriable())
        .isTrue();
  }
}
