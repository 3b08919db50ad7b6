package org.accord.sensor.decode;

import java.util.concurrent.atomic.AtomicLongArray;
import org.accord.sensor.flow.FlowRecord;

/**
 * Converts an exporter's uptime-relative timestamps to epoch milliseconds and repairs inconsistent ones.
 *
 * <p>NetFlow v5/v9 give flow start/end as {@code SysUptime} values (ms since the exporter booted, unsigned 32 bits,
 * wrapping after ~49.7 days) next to the header's wall-clock export time. The age of a timestamp is {@code sysUptime -
 * t} in 32-bit arithmetic, which stays right across a wrap. An age that is negative as a signed int means a timestamp
 * after the export (a clock jump or a reboot between flow and export): it is clamped to the export time and counted.
 * So is, by the same arithmetic, a timestamp more than 2^31 ms (24.8 days) old, which no live exporter sends.
 */
final class ExporterClock {
  private ExporterClock() {}

  /** Epoch ms of uptime value {@code t}, or {@code Long.MIN_VALUE} when it lies after {@code sysUptime}. */
  static long toEpoch(long exportMillis, long sysUptime, long t) {
    int age = (int) (sysUptime - t);
    return age < 0 ? Long.MIN_VALUE : exportMillis - age;
  }

  /**
   * Makes the record's times consistent: a time after the export becomes the export time; an end before the start
   * becomes the start. Counts the record as clamped once when anything had to change.
   */
  static void repair(FlowRecord r, long exportMillis, AtomicLongArray counters) {
    boolean clamped = false;
    if (r.startMillis == Long.MIN_VALUE || r.startMillis > exportMillis) {
      r.startMillis = exportMillis;
      clamped = true;
    }
    if (r.endMillis == Long.MIN_VALUE || r.endMillis > exportMillis) {
      r.endMillis = exportMillis;
      clamped = true;
    }
    if (r.endMillis < r.startMillis) {
      r.endMillis = r.startMillis;
      clamped = true;
    }
    if (clamped) {
      counters.incrementAndGet(DecoderStats.CLAMPED);
    }
  }
}
