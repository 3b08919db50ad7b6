package org.accord.ledger;

import java.io.IOException;

/**
 * A ledger that verifies on its own but contradicts the head kept apart from it ({@link HeadAnchor}): it ends before
 * the anchored seq (entries were cut, or the file emptied) or holds another entry there (rewritten). The node refuses
 * to append to it; {@link #contradiction()} says what differs.
 */
public final class LedgerAnchorException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient CheckpointCheck.Contradicted contradiction;

  LedgerAnchorException(String prefix, CheckpointCheck.Contradicted contradiction) {
    super(prefix + contradiction.message());
    this.contradiction = contradiction;
  }

  public CheckpointCheck.Contradicted contradiction() {
    return contradiction;
  }
}
