package org.accord.sensor.decode;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a line decoder: lines seen, events produced, lines ignored (well-formed but not of interest, e.g. an
 * sshd line about a closed connection), lines malformed (invalid UTF-8, truncated, garbage) and flows clamped. Safe
 * to read from any thread.
 */
public final class LineStats {
  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong clamped = new AtomicLong();

  /**
   * The counters at one moment.
   *
   * @param lines lines seen
   * @param events events (or flows) produced
   * @param ignored well-formed lines of no interest
   * @param malformed lines skipped as broken
   * @param clamped flows whose end lay before their start, set to the start
   */
  public record Counts(long lines, long events, long ignored, long malformed, long clamped) {}

  public Counts snapshot() {
    return new Counts(lines.get(), events.get(), ignored.get(), malformed.get(), clamped.get());
  }

  void clamped() {
    clamped.incrementAndGet();
  }

  void line() {
    lines.incrementAndGet();
  }

  void event() {
    events.incrementAndGet();
  }

  void ignored() {
    ignored.incrementAndGet();
  }

  void malformed() {
    malformed.incrementAndGet();
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
