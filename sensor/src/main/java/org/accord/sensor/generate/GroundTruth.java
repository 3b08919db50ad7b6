package org.accord.sensor.generate;

import java.util.Objects;
import org.accord.sensor.detect.Attack;

/**
 * An attack the generator injected: what a detector should find.
 *
 * @param kind the kind, as a detector names it
 * @param target the attacked address, or {@code "*:PORT"} for a horizontal scan (as in {@link Attack#target()})
 * @param startMillis the first attack flow's end time (epoch ms)
 * @param endMillis the last attack flow's end time
 * @param sources distinct attacking sources
 * @param detail what makes it this kind (e.g. "UDP from source port 123 (NTP)")
 */
public record GroundTruth(Attack.Kind kind, String target, long startMillis, long endMillis, long sources,
    String detail) {
  public GroundTruth {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    detail = detail == null ? "" : detail;
  }
}
