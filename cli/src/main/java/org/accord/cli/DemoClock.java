package org.accord.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's clock: the system's UTC clock plus an offset that only moves forward. A demo device, never a node's
 * clock in production: the demo starts both nodes on one such clock, so that it can show a missed deadline (issue 10,
 * step 5) in seconds rather than days. Both nodes move together, so their stores, ledgers and case clocks keep
 * agreeing about order; a clock that went back would be reported by the case clock instead ({@code CaseClock}).
 */
final class DemoClock extends Clock {
  private final Clock base;
  private final AtomicReference<Duration> offset;

  DemoClock(Clock base) {
    this(base, new AtomicReference<>(Duration.ZERO));
  }

  private DemoClock(Clock base, AtomicReference<Duration> offset) {
    this.base = base;
    this.offset = offset;
  }

  /** Moves the clock forward by {@code by} (0 or more). */
  void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the demo clock only moves forward, not by " + by);
    }
    offset.accumulateAndGet(by, Duration::plus);
  }

  Duration offset() {
    return offset.get();
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new DemoClock(base.withZone(zone), offset);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }
}
