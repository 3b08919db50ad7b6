package org.accord.sensor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.decode.LogEvent;
import org.accord.sensor.enrich.AssetLookup;
import org.junit.jupiter.api.Test;

/** Brute force from authentication log events. */
class BruteForceTest {
  static final long T0 = DetectorsTest.T0;

  static LogEvent fail(long t, String source, LogEvent.Kind kind) {
    return new LogEvent(t, kind, source, "bastion-1", 22, "root", "", 0, 0);
  }

  /** Feeds events sorted by time, ticking every second of event time; returns every report. */
  static List<AttackEvent> replay(Detectors det, List<LogEvent> events, long untilMillis) {
    List<AttackEvent> out = new ArrayList<>();
    int next = 0;
    for (long t = T0; t <= untilMillis; t += 1000) {
      while (next < events.size() && events.get(next).timeMillis() < t) {
        det.event(events.get(next++));
      }
      out.addAll(det.tick(t));
    }
    return out;
  }

  static Detectors detectors() {
    return new Detectors(DetectorConfig.defaults(), AssetLookup.NONE, DetectorsTest.GEO, "CN");
  }

  @Test
  void manyFailuresFromOneSourceAreABruteForceWithItsStartEndAndSource() {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // 40 failures, one every 2 s, from 61.1.2.3 (foreign), invalid users half the time
      events.add(fail(T0 + 5_000 + 2_000L * i, "61.1.2.3", i % 2 == 0 ? LogEvent.Kind.AUTH_FAILURE
          : LogEvent.Kind.AUTH_INVALID_USER));
    }
    for (int i = 0; i < 5; i++) { // a user who mistyped a few times
      events.add(fail(T0 + 7_000 + 1_000L * i, "100.64.9.9", LogEvent.Kind.AUTH_FAILURE));
    }
    events.sort((a, b) -> Long.compare(a.timeMillis(), b.timeMillis()));
    List<AttackEvent> out = replay(detectors(), events, T0 + 300_000);
    assertThat(out).extracting(AttackEvent::type).startsWith(AttackEvent.Type.STARTED)
        .endsWith(AttackEvent.Type.ENDED);
    Attack a = out.get(out.size() - 1).attack();
    assertThat(a.kind()).isEqualTo(Attack.Kind.BRUTE_FORCE);
    assertThat(a.target()).isEqualTo("bastion-1");
    assertThat(a.startMillis()).isEqualTo(T0 + 5_000);
    assertThat(a.endMillis()).isEqualTo(T0 + 5_000 + 2_000L * 39);
    assertThat(a.topSources()).extracting(Attack.Source::address).containsExactly("61.1.2.3");
    assertThat(a.topSources().get(0).packets()).isEqualTo(40);
    assertThat(a.foreignShare()).isEqualTo(1.0);
  }

  @Test
  void fewFailuresAndSuccessesAreNoBruteForce() {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(new LogEvent(T0 + 1_000L * i, LogEvent.Kind.AUTH_SUCCESS, "100.64.9.9", "bastion-1", 22, "ops", "",
          0, 0));
      if (i % 20 == 0) {
        events.add(fail(T0 + 1_000L * i + 1, "100.64.9." + (i / 20), LogEvent.Kind.AUTH_FAILURE));
      }
    }
    assertThat(replay(detectors(), events, T0 + 300_000)).isEmpty();
  }
}
