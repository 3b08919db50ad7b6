package org.accord.sensor.detect;

import java.util.List;
import org.accord.sensor.decode.LogEvent;
import org.accord.sensor.enrich.GeoLookup;

/**
 * Brute force against authentication services, from log events: failures (AUTH_FAILURE, AUTH_INVALID_USER) per
 * source against one target and service.
 *
 * <p>Design note. Log events are rare next to flows (thousands per second at most) and carry text addresses, so the
 * counting is {@link LogRuns}' plain hash maps keyed by text. One attack per target and service; each source whose
 * failures within a sliding brute-force window reach the threshold joins it with all its failures (so a distributed
 * brute force of several sources, each over the threshold, is one attack), and a source that joined keeps the attack
 * going with any failure. The attack starts at the first failure of the first source that joined, ends at the last
 * failure of any source that joined, and is reported ENDED a whole window after that, or at the end of the input.
 */
final class BruteForceDetector {
  private final LogRuns runs;

  BruteForceDetector(DetectorConfig cfg, GeoLookup geo, String home) {
    runs = new LogRuns(Attack.Kind.BRUTE_FORCE, cfg.bruteForceWindowMillis(),
        List.of(new LogRuns.Family("failed logins from one source", cfg.bruteForceThreshold(), false, true)), cfg,
        geo, home);
  }

  void event(LogEvent e) {
    if (e.kind() != LogEvent.Kind.AUTH_FAILURE && e.kind() != LogEvent.Kind.AUTH_INVALID_USER) {
      return;
    }
    String target = e.target().isEmpty() ? "unknown" : e.target();
    runs.add(target + "|" + e.service(), target, "authentication failures on service port " + e.service(), 0,
        e.source(), e.source(), e.timeMillis(), null);
  }

  /** Joins sources over the threshold, reports, and ends attacks quiet for a window, at event time {@code now}. */
  void close(long now, List<AttackEvent> out) {
    runs.close(now, out);
  }

  /** Ends every open attack (the end of the input). */
  void endAll(List<AttackEvent> out) {
    runs.endAll(out);
  }
}
