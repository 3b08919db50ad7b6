package org.accord.cases;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a requested party declines: the structured grounds of a refusal, so that both parties (and the responsiveness
 * statistics) can tell a refusal on the merits from one for want of information. Modelled on the grounds for refusal
 * of the Budapest Convention (art. 27.4, 29.5) and the e-Evidence Regulation (art. 12, 16).
 */
public enum DeclineGround {
  /** The request falls outside the agreement (its kind, sector or parties). */
  OUTSIDE_AGREEMENT("outside-agreement"),
  /** The request does not say enough to act on (facts, data sought, custodian). */
  INSUFFICIENT_INFORMATION("insufficient-information"),
  /** The requested party's law forbids it (immunity, privilege, double criminality, data protection). */
  LEGAL_IMPEDIMENT("legal-impediment"),
  /** Political offence, sovereignty, security or public order (Budapest Convention art. 27.4). */
  SOVEREIGNTY_OR_SECURITY("sovereignty-or-security"),
  /** The data does not exist or is no longer held by the custodian. */
  DATA_NOT_AVAILABLE("data-not-available"),
  /** The custodian named is not in the requested party's jurisdiction. */
  NOT_IN_JURISDICTION("not-in-jurisdiction"),
  /** Another ground, which the note explains. */
  OTHER("other");

  private final String wire;

  DeclineGround(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<DeclineGround> fromWire(String name) {
    return Arrays.stream(values()).filter(g -> g.wire.equals(name)).findFirst();
  }
}
