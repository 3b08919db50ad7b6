package org.accord.cases;

import java.util.Arrays;
import java.util.Optional;

/** Where a request stands in its lifecycle (see {@link Lifecycle} for the transitions between them). */
public enum State {
  DRAFT("draft"),
  SENT("sent"),
  RECEIVED("received"),
  ACKNOWLEDGED("acknowledged"),
  IN_PROGRESS("in-progress"),
  PRESERVED("preserved"),
  ANSWERED_PARTIAL("answered-partial"),
  ANSWERED_FULL("answered-full"),
  DECLINED("declined"),
  CLOSED("closed");

  private final String wire;

  State(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<State> fromWire(String name) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(name)).findFirst();
  }
}
