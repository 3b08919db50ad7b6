package org.accord.sensor.index;

import static org.accord.sensor.index.Indicators.id;
import static org.accord.sensor.index.Indicators.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.accord.sensor.flow.Addresses;
import org.junit.jupiter.api.Test;

class ConcurrentReadersTest {
  private static final int STABLE = 200;

  @Test
  void readersAlwaysSeeStableIndicatorsWhileTheWriterChurns() throws Exception {
    IndicatorIndex index = new IndicatorIndex(Clock.systemUTC());
    for (int i = 0; i < STABLE; i++) { // never removed: every lookup must find them, whatever the writer does
      index.add(indicator(id(i), "[ipv4-addr:value = '10.0." + i + ".1' OR ipv4-addr:value = '172.16." + i
          + ".0/24' OR domain-name:value = 's" + i + ".example']"));
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicLong lookups = new AtomicLong();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread reader = new Thread(() -> {
        try {
          for (int n = 0; !stop.get(); n++) {
            int i = n % STABLE;
            Snapshot s = index.snapshot();
            int a = s.matchIpv4(Addresses.parseV4("10.0." + i + ".1"));
            int b = s.matchIpv4(Addresses.parseV4("172.16." + i + ".77"));
            int c = s.matchDomain("www.s" + i + ".example");
            if (!id(i).equals(s.indicatorId(a)) || !id(i).equals(s.indicatorId(b))
                || !id(i).equals(s.indicatorId(c))) {
              throw new AssertionError("stable indicator " + i + " not matched: " + a + " " + b + " " + c);
            }
            lookups.incrementAndGet();
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      readers.add(reader);
      reader.start();
    }
    // churn: adds, replacements and removals, enough to force merges, table growth and compaction
    for (int round = 0; round < 6_000; round++) {
      int serial = 1_000 + round % 1_500;
      index.add(indicator(id(serial), "[ipv4-addr:value = '10.0." + (round % 250) + ".0/24' OR ipv4-addr:value = '"
          + Addresses.formatV4(0xc0000000L + round) + "' OR domain-name:value = 'c" + round + ".example']",
          java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(round).toString()));
      if (round % 3 == 0) {
        index.remove(id(1_000 + (round * 7) % 1_500));
      }
    }
    stop.set(true);
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(lookups.get()).isPositive();
  }
}
