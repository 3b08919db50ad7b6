package org.accord.cases;

import java.util.Arrays;
import java.util.Optional;

/** The clocks of a request. A missed acknowledgement or answer is a breach; the end of a preservation is not. */
public enum DeadlineKind {
  /** Acknowledge receipt ({@code acknowledge_within}); met by an acknowledgement, an answer or a decline. */
  ACKNOWLEDGE("acknowledge", true),
  /** Answer or decline ({@code answer_within} for the request's urgency, moved by a granted extension). */
  ANSWER("answer", true),
  /**
   * The end of the duty to keep preserved data ({@code preserve_for} from the preservation, moved by a granted
   * extension): it lapses, and both parties are told, so that the requester can follow with a production request.
   */
  PRESERVATION("preservation", false);

  private final String wire;
  private final boolean breachable;

  DeadlineKind(String wire, boolean breachable) {
    this.wire = wire;
    this.breachable = breachable;
  }

  public String wire() {
    return wire;
  }

  /** Whether passing it is a breach of the obligation (escalated) rather than the end of a period. */
  public boolean breachable() {
    return breachable;
  }

  public static Optional<DeadlineKind> fromWire(String name) {
    return Arrays.stream(values()).filter(k -> k.wire.equals(name)).findFirst();
  }
}
