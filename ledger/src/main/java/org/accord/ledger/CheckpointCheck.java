package org.accord.ledger;

/**
 * Whether a ledger holds the prefix a checkpoint commits to: {@link Consistent}, or {@link Contradicted} with the
 * reason. A contradicted checkpoint that verifies is proof, signed by the ledger's owner, that the ledger changed
 * after the checkpoint was handed out.
 */
public sealed interface CheckpointCheck {
  Checkpoint checkpoint();

  boolean consistent();

  /** The entry at the checkpoint's seq exists and has the checkpoint's head hash. */
  record Consistent(Checkpoint checkpoint) implements CheckpointCheck {
    @Override
    public boolean consistent() {
      return true;
    }
  }

  record Contradicted(Checkpoint checkpoint, Reason reason, String message) implements CheckpointCheck {
    @Override
    public boolean consistent() {
      return false;
    }
  }

  enum Reason {
    /** The checkpoint is about another party's ledger. */
    OTHER_PARTY,
    /** The checkpoint's signature is not the ledger owner's: it proves nothing. */
    BAD_SIGNATURE,
    /** The ledger itself does not verify before the checkpoint's seq. */
    LEDGER_BROKEN,
    /** The ledger ends before the checkpoint's seq: entries were cut from its tail. */
    TRUNCATED,
    /** The entry at the checkpoint's seq has another hash: the ledger was rewritten at or before that seq. */
    HASH_DIFFERS
  }
}
