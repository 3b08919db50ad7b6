package org.accord.ledger;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Shared test material: two parties' keys, a clock that ticks, drafts of transfers. */
final class Fixtures {
  static final String ALPHA = "alpha-cert.example";
  static final String BRAVO = "bravo-csirt.example";
  static final KeyPair ALPHA_KEY = Ed25519.generate();
  static final KeyPair BRAVO_KEY = Ed25519.generate();

  private Fixtures() {}

  /** Starts at 2026-11-29T05:00:00Z plus 456 ns and moves 1.5 ms per reading (sub-millisecond parts on purpose). */
  static final class TickingClock extends Clock {
    private final AtomicLong micros = new AtomicLong(1_795_928_400_000_000L);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      long m = micros.getAndAdd(1500);
      return Instant.ofEpochSecond(m / 1_000_000, (m % 1_000_000) * 1000 + 456);
    }
  }

  static ObjectRef indicator(int n) {
    return new ObjectRef(
        String.format("indicator--%08d-0000-4000-8000-000000000000", n), "2026-11-28T10:00:00.000Z");
  }

  static String payload(String text) {
    return Entry.Draft.payloadHash(text.getBytes(StandardCharsets.UTF_8));
  }

  static Entry.Draft sent(String to, int n) {
    return Entry.Draft.sent(to, List.of(indicator(n)), "clause-share-indicators", payload("bundle " + n));
  }

  static Entry.Draft received(String from, int n) {
    return Entry.Draft.received(from, List.of(indicator(n)), null, payload("bundle " + n));
  }
}
