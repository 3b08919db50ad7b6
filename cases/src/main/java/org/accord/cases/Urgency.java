package org.accord.cases;

import java.util.Arrays;
import java.util.Optional;

/** How fast a request must be answered: the keys of an obligation's {@code answer_within}. */
public enum Urgency {
  /** A risk to life or safety, or data about to be lost (e-Evidence Regulation art. 10.4: 8 hours). */
  EMERGENCY("emergency"),
  NORMAL("normal");

  private final String wire;

  Urgency(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Urgency> fromWire(String name) {
    return Arrays.stream(values()).filter(u -> u.wire.equals(name)).findFirst();
  }
}
