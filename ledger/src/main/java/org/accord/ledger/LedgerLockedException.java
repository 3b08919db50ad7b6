package org.accord.ledger;

import java.io.IOException;

/** The ledger file is held by another writer (another process, or another {@link Ledger} in this one). */
public final class LedgerLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  LedgerLockedException(String message) {
    super(message);
  }
}
