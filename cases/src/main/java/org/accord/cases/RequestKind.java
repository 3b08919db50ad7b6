package org.accord.cases;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a mutual-assistance request asks for. The wire names are those of the rulebook's {@code when.kind_in} ({@code
 * Clause.Obligation.REQUEST_KINDS}).
 */
public enum RequestKind {
  /** Subscriber or registration information (Budapest Convention art. 18.1.b; Second Protocol art. 7). */
  SUBSCRIBER_INFO("subscriber-info"),
  /** Expedited preservation of stored data (Budapest Convention art. 29; e-Evidence Regulation art. 6). */
  PRESERVATION("preservation"),
  /** Production of stored data (Budapest Convention art. 31; e-Evidence Regulation art. 5). */
  PRODUCTION("production"),
  /** Takedown or mitigation of malicious infrastructure (command servers, phishing sites). */
  TAKEDOWN("takedown"),
  /** Investigative assistance: analysis, interviews of operators, joint work. */
  INVESTIGATIVE_ASSISTANCE("investigative-assistance"),
  /** Emergency disclosure of data (Second Protocol art. 9–10: a risk to life or safety). */
  EMERGENCY_DISCLOSURE("emergency-disclosure");

  private final String wire;

  RequestKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<RequestKind> fromWire(String name) {
    return Arrays.stream(values()).filter(k -> k.wire.equals(name)).findFirst();
  }
}
