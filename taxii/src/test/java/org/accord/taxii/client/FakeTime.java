package org.accord.taxii.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock and a sleeper in one: sleeping records the duration and moves the clock, at once. */
final class FakeTime extends Clock implements Sleeper {
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private volatile Instant now = Instant.parse("2026-03-01T12:00:00Z");

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
