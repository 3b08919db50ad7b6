package org.accord.cases.evidence;

import java.util.Locale;
import java.util.Optional;

/**
 * What a chain-of-custody entry records. The wire names are stable: a package written today must verify forever.
 */
public enum CustodyAction {
  /** The answering party gathered the files (the first entry of every package); the actor is who collected. */
  COLLECTED(false),
  /** The node took the files into its evidence store. */
  STORED(false),
  /** The package went to the counterparty (the requesting party), over TAXII-authenticated HTTP. */
  TRANSFERRED(true),
  /** The counterparty (or a user of this node, the actor) downloaded a file, or the whole package. */
  DOWNLOADED(false),
  /** Someone exported the package to a directory or zip file. */
  EXPORTED(false),
  /**
   * The requesting party's node took the package in from the answering party's node (the counterparty), after
   * checking its files and its chain; the first entry that party signs.
   */
  RECEIVED(true);

  private final boolean needsCounterparty;

  CustodyAction(boolean needsCounterparty) {
    this.needsCounterparty = needsCounterparty;
  }

  public boolean needsCounterparty() {
    return needsCounterparty;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CustodyAction> fromWire(String wire) {
    for (CustodyAction a : values()) {
      if (a.wire().equals(wire)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
