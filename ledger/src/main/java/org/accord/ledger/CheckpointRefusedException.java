package org.accord.ledger;

/**
 * A peer's checkpoint the ledger will not record ({@link Ledger#recordCheckpoint}), and why. It is an {@link
 * IllegalArgumentException}: the checkpoint is bad input, nothing was appended.
 */
public final class CheckpointRefusedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final Reason reason;

  CheckpointRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public enum Reason {
    /** Not signed by the peer's key: it proves nothing. */
    BAD_SIGNATURE,
    /** Older (a lower seq) than the last checkpoint recorded from the same peer: stale, or replayed. */
    STALE,
    /** The very checkpoint, or another of the same seq and hash, is already recorded: a replay. */
    REPLAYED,
    /** The same seq as the last one recorded from the peer with another head hash: two different ledgers. */
    FORKED
  }
}
