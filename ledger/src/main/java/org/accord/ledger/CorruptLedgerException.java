package org.accord.ledger;

import java.io.IOException;

/** A ledger file that does not verify; {@link #verification()} names the first bad entry and why. */
public final class CorruptLedgerException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Verification.Broken verification;

  CorruptLedgerException(String prefix, Verification.Broken verification) {
    super(prefix + verification.message());
    this.verification = verification;
  }

  public Verification.Broken verification() {
    return verification;
  }
}
